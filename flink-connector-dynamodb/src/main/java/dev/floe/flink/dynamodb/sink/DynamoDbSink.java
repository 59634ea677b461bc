package dev.floe.flink.dynamodb.sink;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.TableKeySchema;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a stream to a DynamoDB table (Flink Sink V2).
 *
 * <pre>{@code
 * DynamoDbSink<Order> sink =
 *     DynamoDbSink.<Order>builder()
 *         .clientConfig(AwsClientConfig.builder().region("eu-central-1").build())
 *         .writerConfig(DynamoDbWriterConfig.builder("orders").build())
 *         .elementConverter(JavaModelElementConverter.of(Order.class))
 *         .build();
 * orders.sinkTo(sink);
 * }</pre>
 *
 * <p>Guarantee: at-least-once. Every checkpoint waits until every write buffered before its barrier
 * is acknowledged by DynamoDB, and failures fail the job (so it restarts from the last checkpoint).
 * Puts and deletes are idempotent and writes to one key are never reordered, so after a replay the
 * table holds the same final items as a run without failure. See docs/flink-sink.md.
 */
public final class DynamoDbSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final AwsClientConfig clientConfig;
  private final DynamoDbWriterConfig writerConfig;
  private final TableKeySchema keySchema;
  private final DynamoDbElementConverter<T> elementConverter;

  private DynamoDbSink(Builder<T> builder) {
    this.clientConfig = Objects.requireNonNull(builder.clientConfig, "clientConfig is required");
    this.writerConfig = Objects.requireNonNull(builder.writerConfig, "writerConfig is required");
    this.elementConverter =
        Objects.requireNonNull(builder.elementConverter, "elementConverter is required");
    this.keySchema = builder.keySchema;
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    // The configured rate limit is the whole sink's: each subtask takes its share.
    int subtasks = context.getTaskInfo().getNumberOfParallelSubtasks();
    DynamoDbWriterConfig subtaskConfig =
        writerConfig
            .writeRateLimit()
            .map(
                limit ->
                    writerConfig.toBuilder().writeRateLimit(limit.sharedAmong(subtasks)).build())
            .orElse(writerConfig);
    return new DynamoDbSinkWriter<>(
        clientConfig,
        subtaskConfig,
        keySchema,
        elementConverter,
        new FlinkWriteMetrics(context.metricGroup()));
  }

  /** Builds a {@link DynamoDbSink}. */
  public static final class Builder<T> {
    private AwsClientConfig clientConfig;
    private DynamoDbWriterConfig writerConfig;
    private TableKeySchema keySchema;
    private DynamoDbElementConverter<T> elementConverter;

    private Builder() {}

    /** Region, endpoint, credentials and HTTP settings of the subtasks' clients. */
    public Builder<T> clientConfig(AwsClientConfig clientConfig) {
      this.clientConfig = clientConfig;
      return this;
    }

    /** Table name, batching, buffering, retries, conditional writes and rate limit. */
    public Builder<T> writerConfig(DynamoDbWriterConfig writerConfig) {
      this.writerConfig = writerConfig;
      return this;
    }

    /**
     * The table's key attributes. Optional: when not given, each subtask reads them with
     * DescribeTable when it starts.
     */
    public Builder<T> keySchema(TableKeySchema keySchema) {
      this.keySchema = keySchema;
      return this;
    }

    public Builder<T> elementConverter(DynamoDbElementConverter<T> elementConverter) {
      this.elementConverter = elementConverter;
      return this;
    }

    public DynamoDbSink<T> build() {
      return new DynamoDbSink<>(this);
    }
  }
}
