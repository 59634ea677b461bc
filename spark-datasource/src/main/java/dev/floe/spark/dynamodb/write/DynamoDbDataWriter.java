package dev.floe.spark.dynamodb.write;

import dev.floe.core.dynamodb.DynamoDbBatchWriter;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.WriteMetrics;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Writes one task's rows through core's {@link DynamoDbBatchWriter} (batches of at most 25 items
 * and 16 MB, unprocessed items and throttling retried with backoff, optional rate limit). {@link
 * #commit()} returns only once every row is in DynamoDB.
 */
final class DynamoDbDataWriter implements DataWriter<InternalRow> {
  private final RowWriter rows;
  private final DynamoDbAsyncClient client;
  private final DynamoDbBatchWriter writer;
  private long puts;
  private long deletes;

  DynamoDbDataWriter(DynamoDbSparkOptions options, RowWriter rows, DynamoDbWriterConfig config) {
    this.rows = rows;
    this.client = DynamoDbClientFactory.createAsync(options.clientConfig());
    DynamoDbBatchWriter created;
    try {
      created = new DynamoDbBatchWriter(client, config, rows.keySchema(), WriteMetrics.NONE);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    this.writer = created;
  }

  @Override
  public void write(InternalRow row) throws IOException {
    RowWriter.Operation operation = rows.operation(row);
    try {
      writer.write(operation.write());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while writing to DynamoDB");
    }
    if (operation.isDelete()) {
      deletes++;
    } else {
      puts++;
    }
  }

  @Override
  public WriterCommitMessage commit() throws IOException {
    try {
      writer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while flushing writes to DynamoDB");
    }
    return new Written(puts, deletes);
  }

  @Override
  public void abort() {}

  @Override
  public void close() {
    try {
      writer.close();
    } finally {
      client.close();
    }
  }

  /** What one task wrote. */
  record Written(long puts, long deletes) implements WriterCommitMessage {}
}
