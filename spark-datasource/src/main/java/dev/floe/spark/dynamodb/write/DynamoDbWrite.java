package dev.floe.spark.dynamodb.write;

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
 * rows written. A retried task or a replayed micro-batch puts the same items again, which leaves
 * the same table (puts are idempotent by key).
 */
final class DynamoDbWrite implements Write, BatchWrite, StreamingWrite {
  private final DynamoDbSparkOptions options;
  private final RowWriter rows;

  DynamoDbWrite(DynamoDbSparkOptions options, RowWriter rows) {
    this.options = options;
    this.rows = rows;
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
    return new DynamoDbDataWriterFactory(options, rows, info.numPartitions());
  }

  @Override
  public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
    return new DynamoDbDataWriterFactory(options, rows, info.numPartitions());
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

  @Override
  public void commit(long epochId, WriterCommitMessage[] messages) {}

  @Override
  public void abort(long epochId, WriterCommitMessage[] messages) {}
}
