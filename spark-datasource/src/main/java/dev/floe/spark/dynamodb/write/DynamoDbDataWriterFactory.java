package dev.floe.spark.dynamodb.write;

import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.WriteRateLimit;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;

/**
 * Shipped to the executors; creates one {@link DynamoDbDataWriter} per task (per partition and
 * epoch, when streaming). A write rate limit applies to the whole write, so each of the write's
 * partitions gets its share.
 */
final class DynamoDbDataWriterFactory implements DataWriterFactory, StreamingDataWriterFactory {
  private static final long serialVersionUID = 1L;

  private final DynamoDbSparkOptions options;
  private final RowWriter rows;
  private final DynamoDbWriterConfig writerConfig;

  /**
   * @param writeLimit the limit of the whole write in units per second (resolved on the driver), or
   *     null for none
   * @param partitions the partitions of the write (of one micro-batch, when streaming)
   */
  DynamoDbDataWriterFactory(
      DynamoDbSparkOptions options, RowWriter rows, WriteRateLimit writeLimit, int partitions) {
    this.options = options;
    this.rows = rows;
    DynamoDbWriterConfig.Builder config = DynamoDbWriterConfig.builder(options.tableName());
    if (writeLimit != null) {
      config.writeRateLimit(writeLimit.sharedAmong(Math.max(1, partitions)));
    }
    this.writerConfig = config.build();
  }

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return new DynamoDbDataWriter(options, rows, writerConfig);
  }

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId, long epochId) {
    return new DynamoDbDataWriter(options, rows, writerConfig);
  }
}
