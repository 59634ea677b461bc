package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbLocalExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class ReadRateLimitITCase {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  @Test
  void aReadRateLimitSlowsAScan() {
    String table = DYNAMODB.uniqueTableName("slow_reads");
    DYNAMODB.table(table).hashKey("pk", ScalarAttributeType.S).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      // About 3.9 KB each: one read unit per item with consistent reads.
      items.add(Map.of("pk", s("k" + i), "body", s("b".repeat(3900)), "i", n(i)));
    }
    DYNAMODB.putItems(table, items);
    try (DynamoDbClient client =
        DynamoDbClientFactory.createSyncWithoutRetries(
            LocalDynamoDb.clientConfig(DYNAMODB.endpoint()))) {
      ReadSpec unlimited = ReadSpec.builder(table).consistentRead(true).pageSize(10).build();
      RecordingReadMetrics free = new RecordingReadMetrics();
      long freeNanos = timeScan(new PageReader(client, unlimited, free));
      assertThat(free.items.get()).isEqualTo(120);
      assertThat(free.capacity.sum()).isZero(); // no limit: no ConsumedCapacity asked for

      double limit = 40;
      RecordingReadMetrics limited = new RecordingReadMetrics();
      ReadSpec spec =
          unlimited.toBuilder().readRateLimit(ReadRateLimit.unitsPerSecond(limit)).build();
      long limitedNanos = timeScan(new PageReader(client, spec, limited));
      double consumed = limited.capacity.sum();
      assertThat(limited.items.get()).isEqualTo(120);
      assertThat(consumed).as("units DynamoDB Local reported").isGreaterThan(100);
      // One second of burst, then at most the limit: (consumed - burst) / limit seconds at least.
      double minSeconds = (consumed - limit - 10) / limit;
      assertThat(limitedNanos / 1e9)
          .as(
              "limited scan of %s units at %s units/s (unlimited: %s ms)",
              consumed, limit, freeNanos / 1_000_000)
          .isGreaterThan(minSeconds * 0.9)
          .isGreaterThan(freeNanos / 1e9);
    }
  }

  @Test
  void percentOfProvisionedReadCapacity() {
    String provisioned = DYNAMODB.uniqueTableName("prov");
    TableDescription description =
        DYNAMODB
            .table(provisioned)
            .hashKey("pk", ScalarAttributeType.S)
            .provisioned(40, 5)
            .create();
    assertThat(ReadRateLimit.percentOfProvisioned(50).resolve(description)).isEqualTo(20);
    assertThat(WriteRateLimit.percentOfProvisioned(50).resolve(description)).isEqualTo(2.5);
    assertThat(ReadRateLimit.unitsPerSecond(8).sharedAmong(4))
        .isEqualTo(ReadRateLimit.unitsPerSecond(2))
        .hasToString("2.0 read capacity units/s");
    String onDemand = DYNAMODB.uniqueTableName("ondemand");
    DYNAMODB.table(onDemand).hashKey("pk", ScalarAttributeType.S).payPerRequest().create();
    ReadSpec spec =
        ReadSpec.builder(onDemand).readRateLimit(ReadRateLimit.percentOfProvisioned(50)).build();
    assertThatThrownBy(() -> new PageReader(DYNAMODB.client(), spec))
        .isInstanceOf(DynamoDbTableException.class)
        .hasMessage(
            "Cannot limit reads to 50.0% of the provisioned read capacity of DynamoDB table '"
                + onDemand
                + "': it is an on-demand table, which has none; give the limit in absolute units"
                + " per second instead (ReadRateLimit.unitsPerSecond)");
  }

  private static long timeScan(PageReader reader) {
    long start = System.nanoTime();
    ScanSegment position = ScanSegment.start(0, 1);
    while (!position.isFinished()) {
      position = position.after(reader.read(position));
    }
    return System.nanoTime() - start;
  }
}
