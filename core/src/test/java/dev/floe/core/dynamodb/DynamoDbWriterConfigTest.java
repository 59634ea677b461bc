package dev.floe.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DynamoDbWriterConfigTest {

  @Test
  void defaultsFollowTheFlinkConnector() {
    DynamoDbWriterConfig config = DynamoDbWriterConfig.builder("orders").build();
    assertThat(config.maxBatchSize()).isEqualTo(25);
    assertThat(config.maxInFlightRequests()).isEqualTo(50);
    assertThat(config.maxBufferedRequests()).isEqualTo(10_000);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxBatchBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(config.maxRetries()).isEqualTo(50);
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.conditionAttribute()).isEmpty();
    assertThat(config.writeRateLimit()).isEmpty();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void rangesAreCheckedWithTheOptionName() {
    assertThatThrownBy(() -> DynamoDbWriterConfig.builder("t").maxBatchSize(26).build())
        .hasMessage(
            "Invalid maxBatchSize (sink.batch.max-size) for DynamoDB table t: 26; expected 1..25,"
                + " DynamoDB's limit per BatchWriteItem");
    assertThatThrownBy(
            () -> DynamoDbWriterConfig.builder("t").maxBatchSize(10).maxBufferedRequests(5).build())
        .hasMessageContaining("sink.requests.max-buffered");
    assertThatThrownBy(() -> DynamoDbWriterConfig.builder("t").flushInterval(Duration.ZERO).build())
        .hasMessageContaining("sink.flush-buffer.timeout");
    assertThatThrownBy(
            () -> DynamoDbWriterConfig.builder("t").maxBatchBytes(17L * 1024 * 1024).build())
        .hasMessageContaining("16 MB");
    assertThatThrownBy(
            () ->
                DynamoDbWriterConfig.builder("t")
                    .initialBackoff(Duration.ofSeconds(2))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> DynamoDbWriterConfig.builder(" ")).hasMessageContaining("table-name");
  }

  @Test
  void rateLimitsAreChecked() {
    assertThat(WriteRateLimit.unitsPerSecond(100)).hasToString("100.0 write capacity units/s");
    assertThat(WriteRateLimit.percentOfProvisioned(50))
        .hasToString("50.0% of provisioned write capacity");
    assertThatThrownBy(() -> WriteRateLimit.unitsPerSecond(0)).hasMessageContaining("> 0");
    assertThatThrownBy(() -> WriteRateLimit.percentOfProvisioned(101))
        .hasMessageContaining("0 < percent <= 100");
  }

  @Test
  void aRateLimitSharedAmongWritersGivesEachAnEqualPart() {
    assertThat(WriteRateLimit.unitsPerSecond(100).sharedAmong(4))
        .isEqualTo(WriteRateLimit.unitsPerSecond(25));
    assertThat(WriteRateLimit.percentOfProvisioned(50).sharedAmong(2))
        .isEqualTo(WriteRateLimit.percentOfProvisioned(25));
    assertThatThrownBy(() -> WriteRateLimit.unitsPerSecond(100).sharedAmong(0))
        .hasMessage("Cannot share a write rate limit among 0 writers: need at least 1");
  }
}
