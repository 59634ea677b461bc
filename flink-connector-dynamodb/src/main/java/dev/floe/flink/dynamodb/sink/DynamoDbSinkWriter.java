package dev.floe.flink.dynamodb.sink;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbBatchWriter;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.core.dynamodb.WriteOperation;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One sink subtask: converts elements and hands them to core's {@link DynamoDbBatchWriter}, which
 * batches, deduplicates, orders per key, retries and applies backpressure. {@link #flush} runs
 * before every checkpoint barrier and waits until every buffered write is acknowledged, which is
 * what makes the sink at-least-once.
 */
final class DynamoDbSinkWriter<T> implements SinkWriter<T> {
  private final DynamoDbElementConverter<T> converter;
  private final DynamoDbAsyncClient client;
  private final DynamoDbBatchWriter writer;

  DynamoDbSinkWriter(
      AwsClientConfig clientConfig,
      DynamoDbWriterConfig writerConfig,
      TableKeySchema keySchema,
      DynamoDbElementConverter<T> converter,
      FlinkWriteMetrics metrics) {
    this.converter = converter;
    TableKeySchema keys =
        keySchema != null ? keySchema : describeKeys(clientConfig, writerConfig.tableName());
    this.client = DynamoDbClientFactory.createAsync(clientConfig);
    try {
      this.writer = new DynamoDbBatchWriter(client, writerConfig, keys, metrics);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static TableKeySchema describeKeys(AwsClientConfig clientConfig, String tableName) {
    try (DynamoDbClient sync = DynamoDbClientFactory.createSync(clientConfig)) {
      return TableKeySchema.describe(sync, tableName);
    }
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    WriteOperation operation = converter.convert(element);
    if (operation != null) {
      writer.write(operation);
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    writer.flush();
  }

  @Override
  public void close() {
    try {
      writer.close();
    } finally {
      client.close();
    }
  }
}
