package dev.floe.spark.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What a read sends to DynamoDB, seen through a recording {@link DynamoDbFaultProxy}: a Query with
 * a KeyConditionExpression when the WHERE clause binds the partition key, a Scan with a
 * FilterExpression otherwise, attribute names always as {@code #} placeholders (the table has
 * attributes named with DynamoDB reserved words, {@code name} and {@code status}), ConsistentRead,
 * the parallel scan's segments, and a secondary index. Every read returns the same rows as the same
 * read with {@code filter_pushdown=false}.
 */
class DynamoDbPushdownRequestITCase {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB =
      DynamoDbLocalExtension.forEndpoint(IsolatedDynamoDbLocal.endpoint());

  /** The items' attributes; {@code amount} is missing from every fourth item. */
  private static final StructType ORDERS =
      new StructType()
          .add("customer", DataTypes.StringType)
          .add("order_id", DataTypes.LongType)
          .add("status", DataTypes.StringType)
          .add("name", DataTypes.StringType)
          .add("amount", DataTypes.LongType);

  private static SparkSession spark;
  private static DynamoDbFaultProxy proxy;
  private static String table;

  @BeforeAll
  static void startSparkAndLoadOrders() {
    spark = LocalSpark.start("floe-spark-pushdown-it", Map.of());
    table = DYNAMODB.uniqueTableName("orders");
    DYNAMODB
        .table(table)
        .hashKey("customer", ScalarAttributeType.S)
        .rangeKey("order_id", ScalarAttributeType.N)
        .globalSecondaryIndex(
            "by_status", "status", ScalarAttributeType.S, "order_id", ScalarAttributeType.N)
        .create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("customer", AttributeValue.fromS("c" + (i % 5)));
      item.put("order_id", AttributeValue.fromN(Integer.toString(i)));
      // Every seventh order has no status, so it is not in index by_status.
      if (i % 7 != 0) {
        item.put("status", AttributeValue.fromS(i % 3 == 0 ? "open" : "closed"));
      }
      item.put("name", AttributeValue.fromS("order " + i));
      if (i % 4 != 0) {
        item.put("amount", AttributeValue.fromN(Integer.toString(i * 10)));
      }
      items.add(item);
    }
    DYNAMODB.putItems(table, items);
    proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .recordRequests("Scan", "Query", "DescribeTable")
            .start();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (spark != null) {
      spark.stop();
    }
  }

  private static DataFrameReader orders() {
    return spark
        .read()
        .format("dynamodb")
        .options(LocalSpark.options(table, proxy.endpoint()))
        .schema(ORDERS);
  }

  /**
   * Runs {@code query} on the orders with and without pushdown: checks both return the same rows
   * (and some), and returns the requests the pushed-down read sent.
   */
  private static List<RecordedRequest> requestsOf(
      Function<Dataset<Row>, Dataset<Row>> query, Map<String, String> options) {
    List<Row> plain =
        query
            .apply(orders().options(options).option("filter_pushdown", "false").load())
            .collectAsList();
    proxy.clearRecordedRequests();
    List<Row> pushed = query.apply(orders().options(options).load()).collectAsList();
    List<RecordedRequest> requests = readRequests();
    assertThat(pushed).isNotEmpty().containsExactlyInAnyOrderElementsOf(plain);
    return requests;
  }

  /** {@code tableName} loaded through the proxy without a schema: the schema is inferred. */
  private static Dataset<Row> inferred(String tableName, Map<String, String> options) {
    return spark
        .read()
        .format("dynamodb")
        .options(LocalSpark.options(tableName, proxy.endpoint()))
        .options(options)
        .load();
  }

  /** The Scans and Queries recorded, without the DescribeTable of planning a read. */
  private static List<RecordedRequest> readRequests() {
    return proxy.requests().stream()
        .filter(request -> !request.operation().equals("DescribeTable"))
        .toList();
  }

  private static List<RecordedRequest> requestsOf(String where) {
    return requestsOf(df -> df.where(where), Map.of());
  }

  private static List<String> operations(List<RecordedRequest> requests) {
    return requests.stream().map(RecordedRequest::operation).distinct().toList();
  }

  @Test
  void anEqualityOnThePartitionKeyIsAQueryOfThatKeyOnly() {
    List<RecordedRequest> requests = requestsOf("customer = 'c1'");

    assertThat(operations(requests)).containsExactly("Query");
    RecordedRequest query = requests.get(0);
    assertThat(query.resolved("KeyConditionExpression")).hasValue("`customer` = 'c1'");
    // The key equality is in the key condition, not repeated as a filter.
    assertThat(query.text("FilterExpression")).isEmpty();
    assertThat(query.text("IndexName")).isEmpty();
  }

  @Test
  void sortKeyRangesJoinTheKeyConditionAndOtherFiltersStayFilters() {
    RecordedRequest between =
        requestsOf("customer = 'c2' AND order_id >= 10 AND order_id <= 100").get(0);
    assertThat(between.operation()).isEqualTo("Query");
    assertThat(between.resolved("KeyConditionExpression"))
        .hasValue("`customer` = 'c2' AND `order_id` BETWEEN 10 AND 100");

    RecordedRequest withFilter =
        requestsOf("customer = 'c3' AND order_id > 150 AND status = 'open'").get(0);
    assertThat(withFilter.operation()).isEqualTo("Query");
    assertThat(withFilter.resolved("KeyConditionExpression"))
        .hasValue("`customer` = 'c3' AND `order_id` > 150");
    assertThat(withFilter.resolved("FilterExpression"))
        .hasValue(
            "(attribute_exists(`status`) AND NOT attribute_type(`status`, 'NULL')) AND `status` ="
                + " 'open'");
  }

  @Test
  void otherPredicatesAreAScanWithTheirFilterExpression() {
    List<RecordedRequest> requests = requestsOf("status = 'open' AND amount > 500");

    assertThat(operations(requests)).containsExactly("Scan");
    assertThat(requests)
        .allSatisfy(
            scan ->
                assertThat(scan.resolved("FilterExpression"))
                    .hasValue(
                        "(attribute_exists(`status`) AND NOT attribute_type(`status`, 'NULL'))"
                            + " AND (attribute_exists(`amount`) AND NOT attribute_type(`amount`,"
                            + " 'NULL')) AND `status` = 'open' AND `amount` > 500"));

    // A sort key alone binds no partition: a Scan, filtered.
    List<RecordedRequest> sortKeyOnly = requestsOf("order_id = 7");
    assertThat(operations(sortKeyOnly)).containsExactly("Scan");
    assertThat(sortKeyOnly.get(0).resolved("FilterExpression"))
        .hasValue(
            "(attribute_exists(`order_id`) AND NOT attribute_type(`order_id`, 'NULL')) AND"
                + " `order_id` = 7");
  }

  @Test
  void withoutPushdownTheScanCarriesNoFilter() {
    proxy.clearRecordedRequests();
    orders().option("filter_pushdown", "false").load().where("customer = 'c1'").count();

    assertThat(operations(readRequests())).containsExactly("Scan");
    assertThat(readRequests()).allSatisfy(s -> assertThat(s.text("FilterExpression")).isEmpty());
  }

  @Test
  void reservedWordsAreProjectedThroughPlaceholders() {
    List<RecordedRequest> requests =
        requestsOf(df -> df.where("customer = 'c4'").select("name", "status"), Map.of());

    RecordedRequest query = requests.get(0);
    String projection = query.text("ProjectionExpression").orElseThrow();
    assertThat(projection).matches("#n\\d+(, #n\\d+)*");
    assertThat(query.resolved("ProjectionExpression"))
        .hasValueSatisfying(
            p ->
                assertThat(p.split(", "))
                    .containsExactlyInAnyOrder("`customer`", "`order_id`", "`name`", "`status`"));
  }

  @Test
  void everyColumnOfAnInferredSchemaIsAScanOfWholeItemsWithoutASecondDescribe() {
    Dataset<Row> inferred = inferred(table, Map.of());
    proxy.clearRecordedRequests();

    List<Row> rows = inferred.collectAsList();

    assertThat(rows).hasSize(200);
    // The load described the table; the read plans with that description.
    assertThat(operations(proxy.requests())).containsExactly("Scan");
    assertThat(proxy.requests())
        .allSatisfy(scan -> assertThat(scan.text("ProjectionExpression")).isEmpty());
    // So does the next action on the same DataFrame.
    proxy.clearRecordedRequests();
    assertThat(inferred.collectAsList()).hasSize(200);
    assertThat(operations(proxy.requests())).containsExactly("Scan");
  }

  @Test
  void everyColumnOfAnInferredSchemaReadFromAnIndexIsProjected() {
    Dataset<Row> inferred = inferred(table, Map.of("index_name", "by_status"));
    proxy.clearRecordedRequests();

    // Orders without a status are not in the index.
    assertThat(inferred.collectAsList()).hasSize(200 - 29);

    // A local index returns only what it holds unless the projection names the rest.
    assertProjection(
        proxy.requests(), "`customer`", "`order_id`", "`status`", "`name`", "`amount`");
  }

  @Test
  void aReadLimitInPercentTakesTheCapacityProvisionedWhenTheReadRuns() {
    String provisioned = DYNAMODB.uniqueTableName("provisioned");
    DYNAMODB.table(provisioned).hashKey("id", ScalarAttributeType.N).provisioned(400, 5).create();
    DYNAMODB.putItems(provisioned, List.of(Map.of("id", AttributeValue.fromN("1"))));
    Dataset<Row> percent = inferred(provisioned, Map.of("read_throughput", "50%"));
    Dataset<Row> units = inferred(provisioned, Map.of("read_throughput", "100"));

    proxy.clearRecordedRequests();
    assertThat(percent.collectAsList()).hasSize(1);
    assertThat(operations(proxy.requests())).containsExactly("DescribeTable", "Scan");

    proxy.clearRecordedRequests();
    assertThat(units.collectAsList()).hasSize(1);
    assertThat(operations(proxy.requests())).containsExactly("Scan");
  }

  @Test
  void someColumnsOfAnInferredSchemaAreProjectedWithTheTableKey() {
    Dataset<Row> inferred = inferred(table, Map.of());
    proxy.clearRecordedRequests();

    assertThat(inferred.select("name").collectAsList()).hasSize(200);

    assertThat(operations(proxy.requests())).containsExactly("Scan");
    assertProjection(proxy.requests(), "`name`", "`customer`", "`order_id`");
  }

  @Test
  void aGivenSchemaIsProjectedEvenWhenEveryColumnIsRead() {
    proxy.clearRecordedRequests();

    assertThat(orders().load().collectAsList()).hasSize(200);

    List<RecordedRequest> requests = proxy.requests();
    // Without an inferred schema the read describes the table when it is planned.
    assertThat(operations(requests)).containsExactly("DescribeTable", "Scan");
    assertProjection(readRequests(), "`customer`", "`order_id`", "`status`", "`name`", "`amount`");
  }

  /** Every one of {@code reads} projects exactly {@code names} (placeholders resolved). */
  private static void assertProjection(List<RecordedRequest> reads, String... names) {
    assertThat(reads)
        .isNotEmpty()
        .allSatisfy(
            read ->
                assertThat(read.resolved("ProjectionExpression"))
                    .hasValueSatisfying(
                        p -> assertThat(p.split(", ")).containsExactlyInAnyOrder(names)));
  }

  @Test
  void consistentReadAndSegmentsReachEveryScanRequest() {
    List<RecordedRequest> scans =
        requestsOf(
            df -> df.where(new Column("amount").gt(100)),
            Map.of("consistent_read", "true", "total_segments", "4"));

    assertThat(operations(scans)).containsExactly("Scan");
    assertThat(scans)
        .allSatisfy(s -> assertThat(s.json().path("ConsistentRead").asBoolean()).isTrue());
    assertThat(scans).allSatisfy(s -> assertThat(s.number("TotalSegments")).hasValue(4));
    assertThat(scans.stream().map(s -> s.number("Segment").getAsLong()).distinct())
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L);

    List<RecordedRequest> eventual = requestsOf("amount > 100");
    assertThat(eventual).allSatisfy(s -> assertThat(s.json().has("ConsistentRead")).isFalse());
  }

  @Test
  void anIndexIsReadWithItsOwnItemsAndQueriedByItsOwnKey() {
    Map<String, String> index = Map.of("index_name", "by_status");

    // The index holds the orders that have a status: 200 minus every seventh.
    proxy.clearRecordedRequests();
    long indexed = orders().options(index).load().count();
    assertThat(indexed).isEqualTo(200 - 29);
    assertThat(proxy.requests("Scan"))
        .allSatisfy(s -> assertThat(s.text("IndexName")).hasValue("by_status"));

    List<RecordedRequest> requests = requestsOf(df -> df.where("status = 'open'"), index);
    assertThat(operations(requests)).containsExactly("Query");
    assertThat(requests.get(0).text("IndexName")).hasValue("by_status");
    assertThat(requests.get(0).resolved("KeyConditionExpression")).hasValue("`status` = 'open'");
  }

  @Test
  void aGlobalIndexCannotBeReadConsistentlyAndAnUnknownIndexIsNamed() {
    assertThatThrownBy(
            () ->
                orders()
                    .option("index_name", "by_status")
                    .option("consistent_read", "true")
                    .load()
                    .count())
        .hasMessageContaining(
            "Cannot read global secondary index 'by_status' of DynamoDB table '"
                + table
                + "' with option consistent_read=true: DynamoDB reads global secondary indexes only"
                + " eventually consistently; remove the option, or read the table or a local"
                + " secondary index");
    assertThatThrownBy(() -> orders().option("index_name", "by_nothing").load().count())
        .hasMessageContaining(
            "DynamoDB table '"
                + table
                + "' has no index 'by_nothing' (option index_name); its indexes are by_status");
  }
}
