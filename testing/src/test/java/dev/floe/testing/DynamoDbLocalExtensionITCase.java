package dev.floe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class DynamoDbLocalExtensionITCase {

  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  @Test
  void createsTableWithKeysIndexesAndStream() {
    String name = DYNAMO.uniqueTableName("orders");

    TableDescription table = ordersTable(name);

    assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(table.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyType())
        .containsExactly("customer:" + KeyType.HASH, "orderNo:" + KeyType.RANGE);
    assertThat(table.globalSecondaryIndexes())
        .singleElement()
        .satisfies(
            gsi -> {
              assertThat(gsi.indexName()).isEqualTo("by_status");
              assertThat(gsi.keySchema())
                  .extracting(k -> k.attributeName())
                  .containsExactly("status", "total");
            });
    assertThat(table.localSecondaryIndexes())
        .singleElement()
        .satisfies(lsi -> assertThat(lsi.indexName()).isEqualTo("by_day"));
    assertThat(table.streamSpecification().streamViewType())
        .isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(table.latestStreamArn()).isNotBlank();
  }

  @Test
  void putsGetsQueriesAndScansItems() {
    String name = DYNAMO.uniqueTableName("orders");
    ordersTable(name);
    DynamoDbClient client = DYNAMO.client();
    List<Map<String, AttributeValue>> items =
        List.of(
            order("alice", 1, "OPEN", 10, "2026-01-01"),
            order("alice", 2, "SHIPPED", 25, "2026-01-02"),
            order("bob", 1, "OPEN", 7, "2026-01-03"));
    items.forEach(item -> client.putItem(r -> r.tableName(name).item(item)));

    Map<String, AttributeValue> got =
        client
            .getItem(
                r ->
                    r.tableName(name)
                        .key(Map.of("customer", s("alice"), "orderNo", n(2)))
                        .consistentRead(true))
            .item();
    QueryResponse alicesLaterOrders =
        client.query(
            r ->
                r.tableName(name)
                    .keyConditionExpression("customer = :c AND orderNo >= :n")
                    .expressionAttributeValues(Map.of(":c", s("alice"), ":n", n(2))));
    QueryResponse openOrders =
        client.query(
            r ->
                r.tableName(name)
                    .indexName("by_status")
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", s("OPEN"))));

    assertThat(got).isEqualTo(items.get(1));
    assertThat(alicesLaterOrders.items()).containsExactly(items.get(1));
    assertThat(openOrders.items()).containsExactlyInAnyOrder(items.get(0), items.get(2));
    assertThat(DYNAMO.scanAll(name)).containsExactlyInAnyOrderElementsOf(items);
  }

  @Test
  void batchLoadsThousandItemsExactly() {
    String name = DYNAMO.uniqueTableName("bulk");
    DYNAMO.table(name).hashKey("id", ScalarAttributeType.N).create();
    List<Map<String, AttributeValue>> items =
        IntStream.range(0, 1_000)
            .mapToObj(i -> Map.of("id", n(i), "payload", s("item-" + i)))
            .toList();

    DYNAMO.putItems(name, items);

    assertThat(DYNAMO.count(name)).isEqualTo(1_000);
    assertThat(DYNAMO.scanAll(name)).containsExactlyInAnyOrderElementsOf(items);
  }

  @Test
  void streamsClientReadsInsertRecords() {
    String name = DYNAMO.uniqueTableName("cdc");
    TableDescription table = ordersTable(name);
    List<Map<String, AttributeValue>> items =
        IntStream.range(0, 5)
            .mapToObj(i -> order("carol", i, "OPEN", i * 10, "2026-02-0" + (i + 1)))
            .toList();
    DYNAMO.putItems(name, items);
    DynamoDbStreamsClient streams = DYNAMO.streamsClient();

    List<software.amazon.awssdk.services.dynamodb.model.Record> records = new ArrayList<>();
    List<Shard> shards =
        streams
            .describeStream(r -> r.streamArn(table.latestStreamArn()))
            .streamDescription()
            .shards();
    for (Shard shard : shards) {
      String iterator =
          streams
              .getShardIterator(
                  r ->
                      r.streamArn(table.latestStreamArn())
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      // An open shard always returns a next iterator; an empty page means we are caught up.
      while (iterator != null) {
        String current = iterator;
        GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(current));
        if (page.records().isEmpty()) {
          break;
        }
        records.addAll(page.records());
        iterator = page.nextShardIterator();
      }
    }

    assertThat(records).hasSize(5);
    assertThat(records).extracting(r -> r.eventName()).containsOnly(OperationType.INSERT);
    assertThat(records)
        .extracting(r -> r.dynamodb().newImage())
        .containsExactlyInAnyOrderElementsOf(items);
  }

  @Test
  void resolvesClientParameters(
      DynamoDbClient client, DynamoDbStreamsClient streams, DynamoDbLocalExtension extension) {
    assertThat(client).isSameAs(DYNAMO.client());
    assertThat(streams).isSameAs(DYNAMO.streamsClient());
    assertThat(extension).isSameAs(DYNAMO);
    assertThat(DYNAMO.endpoint().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void uniqueTableNamesDifferAndDeleteTableRemovesTheTable() {
    String first = DYNAMO.uniqueTableName("t");
    String second = DYNAMO.uniqueTableName("t");
    DYNAMO.table(first).hashKey("id", ScalarAttributeType.S).create();

    DYNAMO.deleteTable(first);
    DYNAMO.deleteTable(second); // absent: no error

    assertThat(first).isNotEqualTo(second);
    assertThat(DYNAMO.client().listTables().tableNames()).doesNotContain(first, second);
  }

  private static TableDescription ordersTable(String name) {
    return DYNAMO
        .table(name)
        .hashKey("customer", ScalarAttributeType.S)
        .rangeKey("orderNo", ScalarAttributeType.N)
        .globalSecondaryIndex(
            "by_status", "status", ScalarAttributeType.S, "total", ScalarAttributeType.N)
        .localSecondaryIndex("by_day", "day", ScalarAttributeType.S)
        .stream(StreamViewType.NEW_AND_OLD_IMAGES)
        .create();
  }

  private static Map<String, AttributeValue> order(
      String customer, int orderNo, String status, int total, String day) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("customer", s(customer));
    item.put("orderNo", n(orderNo));
    item.put("status", s(status));
    item.put("total", n(total));
    item.put("day", s(day));
    return Map.copyOf(item);
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
