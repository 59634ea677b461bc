package dev.floe.spark.dynamodb.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.dynamodb.DynamoDbReadException;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.ScanSegment;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.IsolatedDynamoDbLocal;
import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultRule;
import dev.floe.testing.LocalAwsClients;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One segment read by a Spark partition reader, without a Spark session: a segment of many pages
 * gives each item once, and a page that keeps failing fails the task after the rows before it.
 */
class SegmentReaderITCase {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB =
      DynamoDbLocalExtension.forEndpoint(IsolatedDynamoDbLocal.endpoint());

  /** About 2 KB each: DynamoDB returns at most 1 MB per Scan page, so 1,500 make several pages. */
  private static final int ITEMS = 1_500;

  private static final StructType SCHEMA =
      new StructType().add("id", DataTypes.LongType).add("payload", DataTypes.StringType);

  private static String table;

  @BeforeAll
  static void loadTable() {
    table = DYNAMODB.uniqueTableName("segment");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    String payload = "p".repeat(2_000);
    DYNAMODB.putItems(
        table,
        LongStream.rangeClosed(1, ITEMS)
            .mapToObj(
                id ->
                    Map.of(
                        "id", AttributeValue.fromN(Long.toString(id)),
                        "payload", AttributeValue.fromS(payload)))
            .collect(Collectors.toList()));
  }

  private static SegmentReader reader(URI endpoint, ReadSpec spec) {
    DynamoDbSparkOptions options =
        DynamoDbSparkOptions.parse(
            Map.of(
                "table_name",
                table,
                "aws_region",
                LocalAwsClients.REGION.id(),
                "aws_access_key_id",
                LocalAwsClients.ACCESS_KEY_ID,
                "aws_secret_access_key",
                LocalAwsClients.SECRET_ACCESS_KEY,
                "endpoint_url",
                endpoint.toString()));
    return new SegmentReader(
        options, spec, ScanSegment.start(0, 1), ItemRowConverter.of(SCHEMA, List.of("id")));
  }

  @Test
  void readsEveryItemOfAManyPageSegmentExactlyOnce() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).recordRequests("Scan").start();
        SegmentReader reader = reader(proxy.endpoint(), ReadSpec.builder(table).build())) {
      while (reader.next()) {
        InternalRow row = reader.get();
        assertThat(row.getUTF8String(1).numChars()).isEqualTo(2_000);
        ids.add(row.getLong(0));
      }
      // At least three pages, each requested once, each from where the previous one ended.
      assertThat(proxy.requestCount("Scan")).isGreaterThanOrEqualTo(3);
      assertThat(
              proxy.requests("Scan").stream()
                  .map(request -> request.json().path("ExclusiveStartKey").toString())
                  .distinct()
                  .count())
          .isEqualTo(proxy.requestCount("Scan"));
    }
    assertThat(ids)
        .hasSize(ITEMS)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(1, ITEMS).boxed().collect(Collectors.toList()));
  }

  @Test
  void aPageThatKeepsFailingFailsTheTaskAfterTheRowsBeforeIt() throws IOException {
    // Every second Scan fails and retries are off: the first page arrives, the second fails.
    ReadSpec spec = ReadSpec.builder(table).maxRetries(0).build();
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .rule(
                    FaultRule.inject(Fault.error(DynamoDbError.INTERNAL_SERVER_ERROR))
                        .onOperations("Scan")
                        .onEveryNthCall(2))
                .start();
        SegmentReader reader = reader(proxy.endpoint(), spec)) {
      int[] rows = {0};
      assertThatThrownBy(
              () -> {
                while (reader.next()) {
                  rows[0]++;
                }
              })
          .isInstanceOf(DynamoDbReadException.class)
          .hasMessageStartingWith(
              "Cannot read DynamoDB table '"
                  + table
                  + "': Scan of segment-0-of-1 still failed with ")
          .hasMessageContaining(" after 0 retries; ");
      // Every row of the first page reached the task before the failure did.
      assertThat(rows[0]).isBetween(1, ITEMS - 1);
      assertThat(proxy.requestCount("Scan")).isEqualTo(2);
    }
  }
}
