package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.PageReader;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.ScanPlanner;
import dev.floe.core.dynamodb.TableKeySchema;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.InstantiationUtil;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A bounded source that reads a DynamoDB table or index with a parallel Scan (one split per
 * segment), or with one Query when the {@link ReadSpec} has a key condition.
 *
 * <p>Readers ask for one split at a time and read it page by page; a checkpoint holds each
 * unfinished split's position (the start of the page being emitted and how many of its items went
 * out), so a checkpointed job emits every item exactly once across failovers. The spec's {@code
 * itemLimit} applies to each segment, as in core's {@link PageReader}: a Scan in {@code n} segments
 * emits at most {@code n * itemLimit} items (use {@code totalSegments(1)} for an exact overall
 * limit).
 *
 * <pre>{@code
 * DynamoDbSource<RowData> source = DynamoDbSource.<RowData>builder()
 *     .clientConfig(aws)
 *     .readSpec(ReadSpec.builder("orders").build())
 *     .deserializer(RowDataItemDeserializer.create(rowType, typeInfo, options, OnTypeMismatch.FAIL))
 *     .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders");
 * }</pre>
 *
 * @param <T> the records produced
 */
public final class DynamoDbSource<T>
    implements Source<T, DynamoDbSourceSplit, DynamoDbEnumeratorState>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  private final AwsClientConfig clientConfig;
  private final ReadSpec readSpec;
  private final Integer totalSegments;
  private final DynamoDbItemDeserializer<T> deserializer;

  private DynamoDbSource(Builder<T> builder) {
    this.clientConfig = builder.clientConfig;
    this.readSpec = builder.readSpec;
    this.totalSegments = builder.totalSegments;
    this.deserializer = builder.deserializer;
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  public ReadSpec readSpec() {
    return readSpec;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return deserializer.getProducedType();
  }

  @Override
  public SourceReader<T, DynamoDbSourceSplit> createReader(SourceReaderContext context)
      throws Exception {
    // Each reader works on a copy of its own: deserializers keep counters and converters.
    DynamoDbItemDeserializer<T> readerDeserializer =
        InstantiationUtil.clone(deserializer, context.getUserCodeClassLoader().asClassLoader());
    DynamoDbClient client = DynamoDbClientFactory.createSyncWithoutRetries(clientConfig);
    try {
      readerDeserializer.open(
          context.metricGroup(), TableKeySchema.describe(client, readSpec.tableName()));
      // The configured read rate limit is the whole source's: each reader takes its share.
      int readers = context.currentParallelism();
      ReadSpec readerSpec =
          readSpec
              .readRateLimit()
              .map(limit -> readSpec.toBuilder().readRateLimit(limit.sharedAmong(readers)).build())
              .orElse(readSpec);
      PageReader pageReader =
          PageReader.trackingItemPositions(
              client, readerSpec, new FlinkReadMetrics(context.metricGroup()));
      return new DynamoDbSourceReader<>(
          client, pageReader, new DynamoDbRecordEmitter<>(readerDeserializer), context);
    } catch (Exception | Error e) {
      client.close();
      throw e;
    }
  }

  @Override
  public SplitEnumerator<DynamoDbSourceSplit, DynamoDbEnumeratorState> createEnumerator(
      SplitEnumeratorContext<DynamoDbSourceSplit> context) {
    return restoreEnumerator(context, DynamoDbEnumeratorState.initial());
  }

  @Override
  public SplitEnumerator<DynamoDbSourceSplit, DynamoDbEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<DynamoDbSourceSplit> context, DynamoDbEnumeratorState state) {
    return new DynamoDbSplitEnumerator(context, clientConfig, readSpec, totalSegments, state);
  }

  @Override
  public SimpleVersionedSerializer<DynamoDbSourceSplit> getSplitSerializer() {
    return DynamoDbSourceSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<DynamoDbEnumeratorState> getEnumeratorCheckpointSerializer() {
    return DynamoDbEnumeratorStateSerializer.INSTANCE;
  }

  /** Builds a {@link DynamoDbSource}; client config, read spec and deserializer are required. */
  public static final class Builder<T> {
    private AwsClientConfig clientConfig;
    private ReadSpec readSpec;
    private Integer totalSegments;
    private DynamoDbItemDeserializer<T> deserializer;

    private Builder() {}

    public Builder<T> clientConfig(AwsClientConfig clientConfig) {
      this.clientConfig = clientConfig;
      return this;
    }

    /** What to read: table or index, projection, filter, key condition (a Query), limits. */
    public Builder<T> readSpec(ReadSpec readSpec) {
      this.readSpec = readSpec;
      return this;
    }

    /**
     * Scan segments (= splits); by default {@link ScanPlanner#segmentsFor} the table's size and the
     * source's parallelism, from a DescribeTable when the job starts. Ignored for a Query.
     */
    public Builder<T> totalSegments(int totalSegments) {
      this.totalSegments = totalSegments;
      return this;
    }

    public Builder<T> deserializer(DynamoDbItemDeserializer<T> deserializer) {
      this.deserializer = deserializer;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the missing or invalid setting
     */
    public DynamoDbSource<T> build() {
      require(clientConfig, "clientConfig");
      require(readSpec, "readSpec");
      require(deserializer, "deserializer");
      if (totalSegments != null
          && (totalSegments < 1 || totalSegments > ScanPlanner.MAX_SEGMENTS)) {
        throw new IllegalArgumentException(
            "Invalid totalSegments for the DynamoDB source of table "
                + readSpec.tableName()
                + ": "
                + totalSegments
                + "; expected 1.."
                + ScanPlanner.MAX_SEGMENTS);
      }
      return new DynamoDbSource<>(this);
    }

    private static void require(Object value, String setting) {
      if (Objects.isNull(value)) {
        throw new IllegalArgumentException(
            "Cannot build a DynamoDB source: " + setting + " is not set");
      }
    }
  }
}
