package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.fastRetries;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The write rate limit, fed by the ConsumedCapacity DynamoDB Local reports. */
class WriteRateLimitITCase {

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final TableKeySchema KEYS = TableKeySchema.of("pk", null);

  private static DynamoDbAsyncClient client;

  @BeforeAll
  static void openClient() {
    client = LocalDynamoDb.asyncClient(DYNAMODB.endpoint());
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  void aSmallLimitSlowsWritingToAboutTheLimit() throws Exception {
    String table = DYNAMODB.uniqueTableName("rate");
    DYNAMODB.table(table).hashKey("pk", ScalarAttributeType.S).create();
    double limit = 100;
    int items = 260;
    RecordingMetrics metrics = new RecordingMetrics();
    long start = System.nanoTime();
    try (DynamoDbBatchWriter writer =
        new DynamoDbBatchWriter(
            client,
            fastRetries(table).writeRateLimit(WriteRateLimit.unitsPerSecond(limit)).build(),
            KEYS,
            metrics)) {
      for (int i = 0; i < items; i++) {
        // Under 1 KB: one write capacity unit each.
        writer.write(WriteOperation.put(item("pk", s("rate-" + i), "v", s("x".repeat(100)))));
      }
      writer.flush();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(DYNAMODB.count(table)).isEqualTo(items);
    // DynamoDB Local reports 1 unit per item under 1 KB, and the writer saw all of them.
    assertThat(metrics.capacity.sum()).isEqualTo(items);
    // One second's worth (100 units) goes at once; the other 160 take about 1.6 s at 100/s.
    double afterBurst = (items - limit) / seconds;
    assertThat(seconds).isGreaterThan(1.3);
    assertThat(afterBurst).isBetween(limit * 0.5, limit * 1.25);
  }

  @Test
  void percentOfProvisionedResolvesWithDescribeTable() {
    String table = DYNAMODB.uniqueTableName("rate_provisioned");
    TableDescription provisioned =
        DYNAMODB.table(table).hashKey("pk", ScalarAttributeType.S).provisioned(10, 40).create();
    assertThat(WriteRateLimit.percentOfProvisioned(50).resolve(provisioned)).isEqualTo(20);
    assertThat(WriteRateLimit.unitsPerSecond(7).resolve(provisioned)).isEqualTo(7);
    // The writer resolves it on construction.
    new DynamoDbBatchWriter(
            client,
            fastRetries(table).writeRateLimit(WriteRateLimit.percentOfProvisioned(50)).build(),
            KEYS,
            WriteMetrics.NONE)
        .close();
  }

  @Test
  void percentOfProvisionedOnAnOnDemandTableSaysToUseUnits() {
    String table = DYNAMODB.uniqueTableName("rate_on_demand");
    DYNAMODB.table(table).hashKey("pk", ScalarAttributeType.S).create();
    assertThatThrownBy(
            () ->
                new DynamoDbBatchWriter(
                    client,
                    fastRetries(table)
                        .writeRateLimit(WriteRateLimit.percentOfProvisioned(50))
                        .build(),
                    KEYS,
                    WriteMetrics.NONE))
        .isInstanceOf(DynamoDbTableException.class)
        .hasMessage(
            "Cannot limit writes to 50.0% of the provisioned write capacity of DynamoDB table '"
                + table
                + "': it is an on-demand table, which has none; give the limit in absolute units"
                + " per second instead (WriteRateLimit.unitsPerSecond)");
  }
}
