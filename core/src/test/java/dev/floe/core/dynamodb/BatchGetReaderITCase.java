package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultKind;
import dev.floe.testing.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class BatchGetReaderITCase {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final TableKeySchema KEYS = TableKeySchema.of("pk", "sk");
  private static String table;
  private static final Map<ItemKey, Map<String, AttributeValue>> STORED = new HashMap<>();

  @BeforeAll
  static void fill() {
    table = DYNAMODB.uniqueTableName("lookup");
    DYNAMODB
        .table(table)
        .hashKey("pk", ScalarAttributeType.S)
        .rangeKey("sk", ScalarAttributeType.N)
        .create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      if (i % 5 == 4) {
        continue; // 50 keys that do not exist
      }
      Map<String, AttributeValue> item =
          Map.of(
              "pk", s("k" + i % 17),
              "sk", n(i),
              "status", s(i % 2 == 0 ? "even" : "odd"),
              "payload", s("x".repeat(100) + i));
      items.add(item);
      STORED.put(KEYS.keyOf(item), item);
    }
    DYNAMODB.putItems(table, items);
  }

  private static List<Map<String, AttributeValue>> keys() {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      keys.add(Map.of("pk", s("k" + i % 17), "sk", n(i)));
    }
    // Duplicates, one written as 10.0: the same key for DynamoDB.
    keys.add(Map.of("pk", s("k10"), "sk", n("10.0")));
    keys.add(Map.of("pk", s("k3"), "sk", n(3)));
    return keys;
  }

  @Test
  void returnsExactlyTheExistingItemsThroughPartialAnswersAndThrottling() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .seed(11)
                .rule(
                    FaultRule.inject(Fault.error(DynamoDbError.THROTTLING))
                        .onOperations("BatchGetItem")
                        .onEveryNthCall(3))
                .rule(
                    FaultRule.inject(Fault.partialBatchKeeping(0.6))
                        .onOperations("BatchGetItem")
                        .onEveryCall())
                .start();
        DynamoDbClient client =
            DynamoDbClientFactory.createSyncWithoutRetries(
                LocalDynamoDb.clientConfig(proxy.endpoint()))) {
      RecordingReadMetrics metrics = new RecordingReadMetrics();
      ReadSpec spec =
          ReadSpec.builder(table)
              .consistentRead(true)
              .initialBackoff(Duration.ofMillis(1))
              .maxBackoff(Duration.ofMillis(10))
              .build();
      Map<ItemKey, Map<String, AttributeValue>> found =
          new BatchGetReader(client, spec, KEYS, metrics).get(keys());

      assertThat(found).hasSize(200).isEqualTo(STORED);
      long throttles = proxy.faultCount(FaultKind.THROTTLING);
      assertThat(throttles).isPositive();
      assertThat(proxy.unprocessedKeyCount()).isPositive();
      assertThat(metrics.throttled.get()).isEqualTo(throttles);
      assertThat(metrics.requestsRetried.get()).isEqualTo(throttles);
      // Every key sent again was either unprocessed or in a throttled request (<= 100 each).
      assertThat(metrics.keysRetried.get())
          .isGreaterThan(proxy.unprocessedKeyCount())
          .isLessThanOrEqualTo(proxy.unprocessedKeyCount() + 100 * throttles);
      assertThat(metrics.items.get()).isEqualTo(200);
      assertThat(metrics.requests.get()).isEqualTo(proxy.requestCount("BatchGetItem"));
    }
  }

  @Test
  void sendsAtMost100KeysPerRequestAndKeepsKeysInAProjection() {
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start();
        DynamoDbClient client =
            DynamoDbClientFactory.createSyncWithoutRetries(
                LocalDynamoDb.clientConfig(proxy.endpoint()))) {
      ReadSpec spec = ReadSpec.builder(table).projection(AttributePath.of("status")).build();
      BatchGetReader reader = new BatchGetReader(client, spec, KEYS, ReadMetrics.NONE);
      assertThat(reader.expressions().projectionExpression()).contains("#n0, #n1, #n2");
      assertThat(reader.expressions().expressionAttributeNames())
          .containsExactly(
              Map.entry("#n0", "status"), Map.entry("#n1", "pk"), Map.entry("#n2", "sk"));
      Map<ItemKey, Map<String, AttributeValue>> found = reader.get(keys());
      // 250 distinct keys: 100 + 100 + 50.
      assertThat(proxy.requestCount("BatchGetItem")).isEqualTo(3);
      assertThat(found).hasSize(200);
      found.forEach(
          (key, item) -> {
            assertThat(item).containsOnlyKeys("pk", "sk", "status");
            assertThat(item.get("status")).isEqualTo(STORED.get(key).get("status"));
          });
      assertThat(reader.get(List.of())).isEmpty();
    }
  }

  @Test
  void refusesInvalidKeysAndSpecs() {
    DynamoDbClient client = DYNAMODB.client();
    BatchGetReader reader =
        new BatchGetReader(client, ReadSpec.builder(table).build(), KEYS, ReadMetrics.NONE);
    assertThatThrownBy(() -> reader.get(List.of(Map.of("pk", s("k1")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot read DynamoDB table '" + table + "' by key")
        .hasMessageContaining("has no sort key attribute 'sk'");
    ReadSpec filtered =
        ReadSpec.builder(table)
            .filter(FilterPredicate.eq(AttributePath.of("status"), s("odd")))
            .build();
    assertThatThrownBy(() -> new BatchGetReader(client, filtered, KEYS, ReadMetrics.NONE))
        .hasMessageContaining("BatchGetItem reads the table's items by primary key only");
  }
}
