package dev.floe.spark.dynamodb.write;

import dev.floe.core.dynamodb.WriteRateLimit;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;

/**
 * A planned write, batch or streaming. Every task writes its rows itself and the job commit has
 * nothing left to do: DynamoDB has no transaction spanning tasks, so a failed job may leave some
 * rows written.
 *
 * <p>Streaming: each micro-batch (epoch) is such a write. Spark records an epoch as committed in
 * the checkpoint only after {@link #commit(long, WriterCommitMessage[])} returned, and after a
 * failure or restart it runs the last uncommitted epoch again with the same input, before any later
 * epoch. Writing an epoch again leaves the table as writing it once did, because every write is
 * idempotent by key: a put sets the item of its key to the row's values whatever the item held
 * before, and a delete (delete flag) leaves no item of its key whether there was one or not. So the
 * epochs before the replayed one are untouched, and the replay repeats exactly the writes of the
 * epoch it replaces. What is not idempotent is not done: no update expressions, counters or
 * conditions on the item's previous state.
 */
final class DynamoDbWrite implements Write, BatchWrite, StreamingWrite {
  private final DynamoDbSparkOptions options;
  private final RowWriter rows;
  private final WriteRateLimit writeLimit;

  /**
   * @param writeLimit the limit of the whole write (every epoch, when streaming) in units per
   *     second, or null for none
   */
  DynamoDbWrite(DynamoDbSparkOptions options, RowWriter rows, WriteRateLimit writeLimit) {
    this.options = options;
    this.rows = rows;
    this.writeLimit = writeLimit;
  }

  @Override
  public String description() {
    return "DynamoDB write to table " + options.tableName();
  }

  @Override
  public BatchWrite toBatch() {
    return this;
  }

  @Override
  public StreamingWrite toStreaming() {
    return this;
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new DynamoDbDataWriterFactory(options, rows, writeLimit, info.numPartitions());
  }

  @Override
  public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
    return new DynamoDbDataWriterFactory(options, rows, writeLimit, info.numPartitions());
  }

  /** Spark's default for both: only one attempt of each task commits. */
  @Override
  public boolean useCommitCoordinator() {
    return true;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {}

  @Override
  public void abort(WriterCommitMessage[] messages) {}

  /** Every task flushed its writes before it committed: the epoch is in DynamoDB already. */
  @Override
  public void commit(long epochId, WriterCommitMessage[] messages) {}

  @Override
  public void abort(long epochId, WriterCommitMessage[] messages) {}
}
