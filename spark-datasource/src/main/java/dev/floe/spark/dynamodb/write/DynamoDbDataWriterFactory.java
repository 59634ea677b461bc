package dev.floe.spark.dynamodb.write;

import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;

/**
 * Shipped to the executors; creates one {@link DynamoDbDataWriter} per task. A write rate limit
 * applies to the whole write, so each of the write's partitions gets its share.
 */
final class DynamoDbDataWriterFactory implements DataWriterFactory, StreamingDataWriterFactory {
  private static final long serialVersionUID = 1L;

  private final DynamoDbSparkOptions options;
  private final RowWriter rows;
  private final DynamoDbWriterConfig writerConfig;

  DynamoDbDataWriterFactory(DynamoDbSparkOptions options, RowWriter rows, int partitions) {
    this.options = options;
    this.rows = rows;
    DynamoDbWriterConfig.Builder config = DynamoDbWriterConfig.builder(options.tableName());
    options
        .writeThroughput()
        .ifPresent(limit -> config.writeRateLimit(limit.sharedAmong(Math.max(1, partitions))));
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
