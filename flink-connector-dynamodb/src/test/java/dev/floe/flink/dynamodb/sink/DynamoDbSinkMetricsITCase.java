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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The sink's metrics, read from Flink's metric system, match what happened on the wire. */
class DynamoDbSinkMetricsITCase {
  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  @Test
  void countersMatchTheWritesThrottlesAndConditionSkips() throws Exception {
    String table = DYNAMODB.uniqueTableName("metrics");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    DYNAMODB.putItems(
        table, List.of(Map.of("id", AttributeValue.fromN("1"), "v", AttributeValue.fromN("100"))));
    long writes = 300;

    JobID job;
    long throttles;
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .seed(11)
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED))
                    .withProbability(0.15))
            .start()) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      env.setRuntimeMode(RuntimeExecutionMode.BATCH);
      env.fromSequence(1, writes)
          .sinkTo(
              DynamoDbSink.<Long>builder()
                  .clientConfig(
                      AwsClientConfig.builder()
                          .region(LocalAwsClients.REGION.id())
                          .endpoint(proxy.endpoint())
                          .credentials(
                              AwsCredentialsConfig.basic(
                                  LocalAwsClients.ACCESS_KEY_ID,
                                  LocalAwsClients.SECRET_ACCESS_KEY,
                                  null))
                          .build())
                  .writerConfig(
                      DynamoDbWriterConfig.builder(table)
                          .conditionAttribute("v")
                          .initialBackoff(Duration.ofMillis(5))
                          .maxBackoff(Duration.ofMillis(50))
                          .build())
                  // Version 1 for every id: id 1 is stored at version 100, so it is skipped.
                  .elementConverter(
                      id ->
                          WriteOperation.put(
                              Map.of(
                                  "id", AttributeValue.fromN(Long.toString(id)),
                                  "v", AttributeValue.fromN("1"))))
                  .build());
      job = env.execute("metrics").getJobID();
      throttles = proxy.faultCount(FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED);
    }

    assertThat(throttles).isPositive();
    assertThat(counter(job, "dynamodb.itemsWritten")).isEqualTo(writes - 1);
    assertThat(counter(job, "dynamodb.itemsSkippedByCondition")).isEqualTo(1);
    assertThat(counter(job, "dynamodb.requestsThrottled")).isEqualTo(throttles);
    assertThat(counter(job, "dynamodb.itemsRetried")).isEqualTo(throttles);
    assertThat(counter(job, "numRecordsSend")).isEqualTo(writes - 1);
    assertThat(counter(job, "numBytesSend")).isPositive();
    assertThat(((Histogram) metric(job, "dynamodb.requestLatencyMillis")).getCount())
        .isEqualTo(writes + throttles);
  }

  private static long counter(JobID job, String name) {
    return ((Counter) metric(job, name)).getCount();
  }

  private static Metric metric(JobID job, String name) {
    // findMetrics matches by substring: keep the metric whose identifier ends with the name.
    Map<String, Metric> found = new java.util.HashMap<>(REPORTER.findMetrics(job, name));
    found.keySet().removeIf(identifier -> !identifier.endsWith("." + name));
    assertThat(found).as("metric %s: %s", name, found.keySet()).hasSize(1);
    return found.values().iterator().next();
  }
}
