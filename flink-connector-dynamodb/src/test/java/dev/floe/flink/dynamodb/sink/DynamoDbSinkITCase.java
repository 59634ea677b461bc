package dev.floe.flink.dynamodb.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.AwsCredentialsConfig;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.WriteOperation;
import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultKind;
import dev.floe.testing.FaultRule;
import dev.floe.testing.LocalAwsClients;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The DataStream {@link DynamoDbSink} against DynamoDB Local: failover, faults, converters. */
class DynamoDbSinkITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private String table;

  @BeforeEach
  void createTable() {
    table = DYNAMODB.uniqueTableName("events");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
  }

  private static AwsClientConfig clientFor(URI endpoint) {
    return AwsClientConfig.builder()
        .region(LocalAwsClients.REGION.id())
        .endpoint(endpoint)
        .credentials(
            AwsCredentialsConfig.basic(
                LocalAwsClients.ACCESS_KEY_ID, LocalAwsClients.SECRET_ACCESS_KEY, null))
        .build();
  }

  private DynamoDbWriterConfig.Builder writerConfig() {
    return DynamoDbWriterConfig.builder(table)
        .flushInterval(Duration.ofMillis(200))
        .initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(100));
  }

  /** Puts item {@code id} with {@code value = "v-" + id}. */
  static WriteOperation itemFor(long id) {
    return WriteOperation.put(
        Map.of(
            "id",
            AttributeValue.fromN(Long.toString(id)),
            "value",
            AttributeValue.fromS("v-" + id)));
  }

  private void assertTableHoldsExactly(long count) {
    List<Map<String, AttributeValue>> items = DYNAMODB.scanAll(table);
    Map<Long, String> values = new HashMap<>();
    for (Map<String, AttributeValue> item : items) {
      values.put(Long.parseLong(item.get("id").n()), item.get("value").s());
    }
    assertThat(items).hasSize((int) count);
    for (long id = 1; id <= count; id++) {
      assertThat(values).containsEntry(id, "v-" + id);
    }
  }

  /** Fails the job once, after some records and at least one checkpoint. */
  static final class FailOnce implements MapFunction<Long, Long> {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    private final long failAt;

    FailOnce(long failAt) {
      this.failAt = failAt;
    }

    @Override
    public Long map(Long id) throws Exception {
      if (id == failAt && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure at " + id);
      }
      if (id % 500 == 0) {
        Thread.sleep(20); // lets checkpoints complete while the stream runs
      }
      return id;
    }
  }

  @Test
  void checkpointedJobWithFailoverEndsWithExactlyTheExpectedTable() throws Exception {
    long count = 10_000;
    FailOnce.FAILED.set(false);
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.enableCheckpointing(100);

    env.fromSequence(1, count)
        .map(new FailOnce(count / 2))
        .sinkTo(
            DynamoDbSink.<Long>builder()
                .clientConfig(clientFor(DYNAMODB.endpoint()))
                .writerConfig(writerConfig().build())
                .elementConverter(DynamoDbSinkITCase::itemFor)
                .build());
    env.execute("failover");

    assertThat(FailOnce.FAILED).isTrue();
    assertTableHoldsExactly(count);
  }

  @Test
  void throttlingAndPartialBatchesLoseNothing() throws Exception {
    long count = 2_000;
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .seed(7)
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED))
                    .withProbability(0.1))
            .rule(FaultRule.inject(Fault.error(DynamoDbError.THROTTLING)).withProbability(0.05))
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.REQUEST_LIMIT_EXCEEDED))
                    .withProbability(0.05))
            .rule(
                FaultRule.inject(Fault.partialBatchKeeping(0.6))
                    .onOperations("BatchWriteItem")
                    .onEveryCall())
            .start()) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      env.setRuntimeMode(RuntimeExecutionMode.BATCH);
      env.fromSequence(1, count)
          .sinkTo(
              DynamoDbSink.<Long>builder()
                  .clientConfig(clientFor(proxy.endpoint()))
                  .writerConfig(writerConfig().build())
                  .elementConverter(DynamoDbSinkITCase::itemFor)
                  .build());
      env.execute("through faults");

      assertThat(proxy.faultCount(FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED)).isPositive();
      assertThat(proxy.faultCount(FaultKind.THROTTLING)).isPositive();
      assertThat(proxy.unprocessedItemCount()).isPositive();
    }
    assertTableHoldsExactly(count);
  }

  /** A Java record written through {@link JavaModelElementConverter}. */
  public record Order(long id, String customer, BigDecimal total, List<String> tags) {}

  @Test
  void javaRecordsAreWrittenOneAttributePerField() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(
            new Order(1, "ada", new BigDecimal("12.50"), List.of("vip")),
            new Order(2, "bob", new BigDecimal("3"), List.of()))
        .sinkTo(
            DynamoDbSink.<Order>builder()
                .clientConfig(clientFor(DYNAMODB.endpoint()))
                .writerConfig(writerConfig().build())
                .elementConverter(JavaModelElementConverter.of(Order.class))
                .build());
    env.execute("records");

    Map<String, AttributeValue> ada =
        DYNAMODB.scanAll(table).stream()
            .filter(i -> i.get("id").n().equals("1"))
            .findFirst()
            .orElseThrow();
    assertThat(ada)
        .isEqualTo(
            Map.of(
                "id", AttributeValue.fromN("1"),
                "customer", AttributeValue.fromS("ada"),
                "total", AttributeValue.fromN("12.5"),
                "tags", AttributeValue.fromL(List.of(AttributeValue.fromS("vip")))));
  }

  @Test
  void userFunctionCanPutDeleteAndUpdate() throws Exception {
    DYNAMODB.putItems(
        table,
        List.of(
            Map.of("id", AttributeValue.fromN("1"), "n", AttributeValue.fromN("10")),
            Map.of("id", AttributeValue.fromN("2"), "n", AttributeValue.fromN("20"))));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData("put:3", "delete:2", "increment:1")
        .sinkTo(
            DynamoDbSink.<String>builder()
                .clientConfig(clientFor(DYNAMODB.endpoint()))
                .writerConfig(writerConfig().build())
                .elementConverter(DynamoDbSinkITCase::command)
                .build());
    env.execute("commands");

    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    DYNAMODB.scanAll(table).forEach(item -> items.put(item.get("id").n(), item));
    assertThat(items.keySet()).containsExactlyInAnyOrder("1", "3");
    assertThat(items.get("1")).containsEntry("n", AttributeValue.fromN("11"));
  }

  static WriteOperation command(String command) {
    String[] parts = command.split(":");
    Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromN(parts[1]));
    switch (parts[0]) {
      case "put":
        return WriteOperation.put(key);
      case "delete":
        return WriteOperation.delete(key);
      default:
        return WriteOperation.update(
            key,
            "SET #n = #n + :one",
            Map.of("#n", "n"),
            Map.of(":one", AttributeValue.fromN("1")));
    }
  }

  @Test
  void manyWritesToFewKeysEndWithTheLastWriteOfEachKey() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromSequence(1, 5_000)
        .sinkTo(
            DynamoDbSink.<Long>builder()
                .clientConfig(clientFor(DYNAMODB.endpoint()))
                .writerConfig(writerConfig().build())
                // 10 keys, each written 500 times in quick succession; the last write must win.
                .elementConverter(
                    n ->
                        WriteOperation.put(
                            Map.of(
                                "id", AttributeValue.fromN(Long.toString(n % 10)),
                                "value", AttributeValue.fromS("write-" + n))))
                .build());
    env.execute("same keys");

    Map<String, String> values = new HashMap<>();
    DYNAMODB.scanAll(table).forEach(item -> values.put(item.get("id").n(), item.get("value").s()));
    Map<String, String> expected = new HashMap<>();
    for (long n = 4_991; n <= 5_000; n++) {
      expected.put(Long.toString(n % 10), "write-" + n);
    }
    assertThat(values).isEqualTo(expected);
  }

  @Test
  void anItemOverFourHundredKilobytesFailsTheJobWithItsKey() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(1L, 2L, 3L)
        .sinkTo(
            DynamoDbSink.<Long>builder()
                .clientConfig(clientFor(DYNAMODB.endpoint()))
                .writerConfig(writerConfig().build())
                .elementConverter(
                    n ->
                        WriteOperation.put(
                            Map.of(
                                "id", AttributeValue.fromN(Long.toString(n)),
                                "value",
                                    AttributeValue.fromS(n == 2 ? "x".repeat(410_000) : "ok"))))
                .build());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.execute("too big"))
        .hasStackTraceContaining("DynamoDbWriteException")
        .hasStackTraceContaining("{id=N:2}")
        .hasStackTraceContaining("400 KB");
  }
}
