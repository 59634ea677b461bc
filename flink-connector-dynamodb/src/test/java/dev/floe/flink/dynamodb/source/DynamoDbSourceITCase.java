package dev.floe.flink.dynamodb.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.AwsCredentialsConfig;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.core.dynamodb.KeyCondition;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.WriteOperation;
import dev.floe.flink.dynamodb.sink.DynamoDbSink;
import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultKind;
import dev.floe.testing.FaultRule;
import dev.floe.testing.LocalAwsClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The DataStream {@link DynamoDbSource} against DynamoDB Local. */
class DynamoDbSourceITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static AwsClientConfig clientConfig() {
    return AwsClientConfig.builder()
        .region(LocalAwsClients.REGION.id())
        .endpoint(DYNAMODB.endpoint())
        .credentials(
            AwsCredentialsConfig.basic(
                LocalAwsClients.ACCESS_KEY_ID, LocalAwsClients.SECRET_ACCESS_KEY, null))
        .build();
  }

  /** Emits the item's {@code id}. */
  static final class IdDeserializer implements DynamoDbItemDeserializer<Long> {
    @Override
    public void deserialize(Map<String, AttributeValue> item, Collector<Long> out) {
      out.collect(Long.parseLong(item.get("id").n()));
    }

    @Override
    public TypeInformation<Long> getProducedType() {
      return Types.LONG;
    }
  }

  /** Emits the item as sorted {@code name=value} text. */
  static final class TextDeserializer implements DynamoDbItemDeserializer<String> {
    @Override
    public void deserialize(Map<String, AttributeValue> item, Collector<String> out) {
      Map<String, String> sorted = new TreeMap<>();
      item.forEach((k, v) -> sorted.put(k, v.n() != null ? v.n() : v.s()));
      out.collect(sorted.toString());
    }

    @Override
    public TypeInformation<String> getProducedType() {
      return Types.STRING;
    }
  }

  private static String tableOf(long count) {
    String table = DYNAMODB.uniqueTableName("scan");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (long id = 1; id <= count; id++) {
      items.add(
          Map.of(
              "id", AttributeValue.fromN(Long.toString(id)),
              "value", AttributeValue.fromS("v-" + id)));
    }
    DYNAMODB.putItems(table, items);
    return table;
  }

  private static <T> List<T> collect(StreamExecutionEnvironment env, DynamoDbSource<T> source)
      throws Exception {
    List<T> out = new ArrayList<>();
    try (CloseableIterator<T> it =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "dynamodb").executeAndCollect()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void parallelScanReturnsEveryItemOnce() throws Exception {
    String table = tableOf(2_000);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    List<Long> ids =
        collect(
            env,
            DynamoDbSource.<Long>builder()
                .clientConfig(clientConfig())
                .readSpec(ReadSpec.builder(table).pageSize(100).build())
                .totalSegments(4)
                .deserializer(new IdDeserializer())
                .build());

    Set<Long> expected = new HashSet<>();
    for (long id = 1; id <= 2_000; id++) {
      expected.add(id);
    }
    assertThat(ids).hasSize(2_000);
    assertThat(new HashSet<>(ids)).isEqualTo(expected);
  }

  @Test
  void aScanThroughThrottlingServerErrorsAndResetsReturnsEveryItemOnce() throws Exception {
    String table = tableOf(1_500);
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED))
                    .onOperations("Scan")
                    .onEveryNthCall(3))
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.INTERNAL_SERVER_ERROR))
                    .onOperations("Scan")
                    .onEveryNthCall(7))
            .rule(FaultRule.inject(Fault.connectionReset()).onOperations("Scan").onEveryNthCall(11))
            .start()) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      env.setRuntimeMode(RuntimeExecutionMode.BATCH);
      List<Long> ids =
          collect(
              env,
              DynamoDbSource.<Long>builder()
                  .clientConfig(clientConfig().toBuilder().endpoint(proxy.endpoint()).build())
                  .readSpec(
                      ReadSpec.builder(table)
                          .pageSize(50)
                          .initialBackoff(Duration.ofMillis(1))
                          .maxBackoff(Duration.ofMillis(20))
                          .build())
                  .totalSegments(4)
                  .deserializer(new IdDeserializer())
                  .build());

      assertThat(ids).hasSize(1_500).doesNotHaveDuplicates();
      assertThat(ids).allSatisfy(id -> assertThat(id).isBetween(1L, 1_500L));
      assertThat(proxy.faultCount(FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED, "Scan")).isPositive();
      assertThat(proxy.faultCount(FaultKind.INTERNAL_SERVER_ERROR, "Scan")).isPositive();
      assertThat(proxy.faultCount(FaultKind.CONNECTION_RESET, "Scan")).isPositive();
    }
  }

  /**
   * Fails the job once, midway, after a checkpoint that covers at least {@link #COVERED} records
   * completed, so the restore must resume mid-scan (a checkpoint taken before the readers got going
   * would make the job start over, which proves nothing about resuming).
   */
  static final class FailOnce
      extends org.apache.flink.api.common.functions.RichMapFunction<Long, Long>
      implements CheckpointListener,
          org.apache.flink.streaming.api.checkpoint.CheckpointedFunction {
    static final long COVERED = 100;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final java.util.concurrent.ConcurrentHashMap<Long, Long> SEEN_AT_SNAPSHOT =
        new java.util.concurrent.ConcurrentHashMap<>();
    static final AtomicLong SEEN = new AtomicLong();
    static final AtomicLong FAILED_AT = new AtomicLong();

    /** Records seen by restarted attempts only: what the job read again after the restore. */
    static final AtomicLong AFTER_RESTORE = new AtomicLong();

    private final long failAfter;

    FailOnce(long failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public Long map(Long id) throws Exception {
      long seen = SEEN.incrementAndGet();
      if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) {
        AFTER_RESTORE.incrementAndGet();
      }
      if (seen >= failAfter && CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
        FAILED_AT.set(seen);
        throw new IllegalStateException("injected failure after " + seen + " records");
      }
      if (!FAILED.get()) {
        Thread.sleep(1); // lets checkpoints complete while the scan runs
      }
      return id;
    }

    @Override
    public void snapshotState(org.apache.flink.runtime.state.FunctionSnapshotContext context) {
      SEEN_AT_SNAPSHOT.merge(context.getCheckpointId(), SEEN.get(), Math::min);
    }

    @Override
    public void initializeState(org.apache.flink.runtime.state.FunctionInitializationContext c) {}

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      if (SEEN_AT_SNAPSHOT.getOrDefault(checkpointId, 0L) >= COVERED) {
        CHECKPOINTED.set(true);
      }
    }
  }

  /** How often each id came through, in keyed state: rolled back with the source on failover. */
  static final class CountPerId extends RichFlatMapFunction<Long, Tuple2<Long, Integer>> {
    private transient ValueState<Integer> count;

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.INT));
    }

    @Override
    public void flatMap(Long id, Collector<Tuple2<Long, Integer>> out) throws Exception {
      int seen = count.value() == null ? 1 : count.value() + 1;
      count.update(seen);
      out.collect(Tuple2.of(id, seen));
    }
  }

  @Test
  void checkpointedScanEmitsEachItemExactlyOnceAcrossFailover() throws Exception {
    long count = 2_000;
    String table = tableOf(count);
    String target = DYNAMODB.uniqueTableName("counts");
    DYNAMODB.table(target).hashKey("id", ScalarAttributeType.N).create();
    FailOnce.FAILED.set(false);
    FailOnce.SEEN.set(0);
    FailOnce.CHECKPOINTED.set(false);
    FailOnce.SEEN_AT_SNAPSHOT.clear();
    FailOnce.AFTER_RESTORE.set(0);

    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.enableCheckpointing(50);

    env.fromSource(
            DynamoDbSource.<Long>builder()
                .clientConfig(clientConfig())
                // Small pages: checkpoints land in the middle of pages, not only between them.
                .readSpec(ReadSpec.builder(table).pageSize(37).build())
                .totalSegments(4)
                .deserializer(new IdDeserializer())
                .build(),
            WatermarkStrategy.noWatermarks(),
            "dynamodb")
        .map(new FailOnce(count / 4))
        .keyBy(id -> id)
        .flatMap(new CountPerId())
        .returns(Types.TUPLE(Types.LONG, Types.INT))
        .sinkTo(
            DynamoDbSink.<Tuple2<Long, Integer>>builder()
                .clientConfig(clientConfig())
                .writerConfig(
                    DynamoDbWriterConfig.builder(target)
                        .flushInterval(Duration.ofMillis(50))
                        .build())
                .elementConverter(
                    seen ->
                        WriteOperation.put(
                            Map.of(
                                "id", AttributeValue.fromN(Long.toString(seen.f0)),
                                "count", AttributeValue.fromN(Integer.toString(seen.f1)))))
                .build());
    env.execute("exactly-once scan");

    assertThat(FailOnce.FAILED).isTrue();
    // Restored from a checkpoint, not restarted from scratch: fewer than all items read again.
    // (Counted per restarted attempt: the surviving subtask races on until it is cancelled.)
    assertThat(FailOnce.AFTER_RESTORE.get()).isPositive().isLessThan(count);
    Map<Long, Integer> counts = new HashMap<>();
    for (Map<String, AttributeValue> item : DYNAMODB.scanAll(target)) {
      counts.put(Long.parseLong(item.get("id").n()), Integer.parseInt(item.get("count").n()));
    }
    assertThat(counts).hasSize((int) count);
    assertThat(counts.values()).allMatch(c -> c == 1, "every id emitted exactly once");
  }

  @Test
  void projectionFilterAndQueryComeFromTheReadSpec() throws Exception {
    String table = DYNAMODB.uniqueTableName("orders");
    DYNAMODB
        .table(table)
        .hashKey("pk", ScalarAttributeType.S)
        .rangeKey("sk", ScalarAttributeType.N)
        .create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (String pk : List.of("a", "b")) {
      for (int sk = 0; sk < 60; sk++) {
        items.add(
            Map.of(
                "pk", AttributeValue.fromS(pk),
                "sk", AttributeValue.fromN(Integer.toString(sk)),
                "status", AttributeValue.fromS(sk % 3 == 0 ? "open" : "done"),
                "size", AttributeValue.fromN(Integer.toString(sk * 10))));
      }
    }
    DYNAMODB.putItems(table, items);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);

    // Scan: filter on a reserved word, projection without 'size'.
    List<String> scanned =
        collect(
            env,
            DynamoDbSource.<String>builder()
                .clientConfig(clientConfig())
                .readSpec(
                    ReadSpec.builder(table)
                        .projection(
                            AttributePath.of("pk"),
                            AttributePath.of("sk"),
                            AttributePath.of("status"))
                        .filter(
                            FilterPredicate.eq(
                                AttributePath.of("status"), AttributeValue.fromS("open")))
                        .pageSize(7)
                        .build())
                .totalSegments(3)
                .deserializer(new TextDeserializer())
                .build());
    Set<String> expectedScan = new HashSet<>();
    for (String pk : List.of("a", "b")) {
      for (int sk = 0; sk < 60; sk += 3) {
        expectedScan.add("{pk=" + pk + ", sk=" + sk + ", status=open}");
      }
    }
    assertThat(scanned).hasSize(expectedScan.size());
    assertThat(new HashSet<>(scanned)).isEqualTo(expectedScan);

    // Query: one split whatever totalSegments says; key condition, filter and projection.
    List<String> queried =
        collect(
            env,
            DynamoDbSource.<String>builder()
                .clientConfig(clientConfig())
                .readSpec(
                    ReadSpec.builder(table)
                        .keyCondition(
                            KeyCondition.partitionKeyEquals("pk", AttributeValue.fromS("b"))
                                .sortKeyBetween(
                                    "sk", AttributeValue.fromN("10"), AttributeValue.fromN("29")))
                        .filter(
                            FilterPredicate.gt(
                                AttributePath.of("size"), AttributeValue.fromN("150")))
                        .projection(AttributePath.of("sk"), AttributePath.of("size"))
                        .pageSize(4)
                        .build())
                .totalSegments(8)
                .deserializer(new TextDeserializer())
                .build());
    List<String> expectedQuery = new ArrayList<>();
    for (int sk = 16; sk <= 29; sk++) {
      expectedQuery.add("{size=" + sk * 10 + ", sk=" + sk + "}");
    }
    assertThat(queried).containsExactlyElementsOf(expectedQuery);
  }
}
