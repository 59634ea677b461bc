package dev.floe.flink.dynamodb.table;

import static dev.floe.flink.dynamodb.table.DynamoDbSqlSourceITCase.collect;
import static dev.floe.flink.dynamodb.table.DynamoDbSqlSourceITCase.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code SELECT address.city} reads only that field: Flink pushes the fields of ROW columns into
 * the source one by one, and the source asks DynamoDB for their paths ({@code #n0.#n1}) instead of
 * the whole map, in scans and in lookups. What each query sent is read from the requests a
 * recording {@link DynamoDbFaultProxy} received.
 */
class DynamoDbNestedProjectionITCase {

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  /**
   * {@code status} is a reserved word and {@code a.b} a map key holding a dot; {@code address_city}
   * is a top-level document column whose name is the one Flink gives the projected {@code
   * address.city}.
   */
  private static final String COLUMNS =
      "(id STRING, `name` STRING,"
          + " address ROW<city STRING, `status` STRING, `a.b` STRING,"
          + " geo ROW<lat DOUBLE, lon DOUBLE>>,"
          + " address_city STRING, PRIMARY KEY (id) NOT ENFORCED)";

  private static final String DOCUMENT_COLUMN = "'document-columns' = 'address_city'";

  private static final AttributeValue NULL = AttributeValue.fromNul(true);

  private static DynamoDbFaultProxy proxy;
  private static String table;
  private TableEnvironment sql;

  @BeforeAll
  static void createTableAndProxy() {
    table = DYNAMODB.uniqueTableName("nested");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
    DYNAMODB.putItems(
        table,
        List.of(
            Map.of(
                "id", s("1"),
                "name", s("ada"),
                "address",
                    map(
                        "city", s("Oslo"),
                        "status", s("open"),
                        "a.b", s("dotted"),
                        "geo", map("lat", n("59.9"), "lon", n("10.7"))),
                "address_city", n("7")),
            // No status, no a.b, no lon.
            Map.of(
                "id", s("2"),
                "name", s("bob"),
                "address", map("city", s("Bergen"), "geo", map("lat", n("60.4")))),
            // No address at all.
            Map.of("id", s("3"), "name", s("cy")),
            // No geo.
            Map.of("id", s("4"), "address", map("city", s("Oslo"), "status", s("closed"))),
            // A NULL address and a NULL geo.
            Map.of("id", s("5"), "address", NULL),
            Map.of("id", s("6"), "address", map("city", NULL, "geo", NULL))));
    proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .recordRequests("Scan", "Query", "BatchGetItem")
            .start();
  }

  @AfterAll
  static void closeProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @BeforeEach
  void createFlinkTables() {
    sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    sql.executeSql(
        "CREATE TABLE pushed "
            + COLUMNS
            + " WITH ("
            + options(table, proxy.endpoint(), "'scan.segments' = '1', " + DOCUMENT_COLUMN)
            + ")");
    sql.executeSql(
        "CREATE TABLE kept "
            + COLUMNS
            + " WITH ("
            + options(
                table,
                DYNAMODB.endpoint(),
                "'scan.segments' = '1', 'scan.filter-pushdown.enabled' = 'false', "
                    + DOCUMENT_COLUMN)
            + ")");
    proxy.clearRecordedRequests();
  }

  @Test
  void nestedFieldsAreReadFromTheirPathsAndOnlyThosePathsAreRequested() throws Exception {
    List<Row> rows = collect(sql, "SELECT id, address.city, address.geo.lat FROM pushed");

    assertThat(rows)
        .containsExactlyInAnyOrder(
            Row.of("1", "Oslo", 59.9),
            Row.of("2", "Bergen", 60.4),
            Row.of("3", null, null),
            Row.of("4", "Oslo", null),
            Row.of("5", null, null),
            Row.of("6", null, null));
    assertThat(projections("Scan"))
        .containsOnly("`id`, `address`.`city`, `address`.`geo`.`lat`")
        .isNotEmpty();
    // The same values as the whole ROW column holds.
    List<Row> fromWholeColumn = new ArrayList<>();
    for (Row row : collect(sql, "SELECT id, address FROM kept")) {
      Row address = (Row) row.getField(1);
      Row geo = address == null ? null : (Row) address.getField("geo");
      fromWholeColumn.add(
          Row.of(
              row.getField(0),
              address == null ? null : address.getField("city"),
              geo == null ? null : geo.getField("lat")));
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(fromWholeColumn);
  }

  @Test
  void theReaderAddsTheKeyItResumesFromToANestedProjection() throws Exception {
    assertThat(collect(sql, "SELECT address.geo.lon FROM pushed"))
        .containsExactlyInAnyOrder(
            Row.of(10.7),
            Row.of((Object) null),
            Row.of((Object) null),
            Row.of((Object) null),
            Row.of((Object) null),
            Row.of((Object) null));
    assertThat(projections("Scan")).containsOnly("`address`.`geo`.`lon`, `id`").isNotEmpty();
  }

  @Test
  void whereOnANestedFieldIsSentAtItsPath() throws Exception {
    String query = "SELECT id, address.geo.lat FROM %s WHERE address.city = 'Oslo'";
    List<Row> rows = collect(sql, query.formatted("pushed"));

    assertThat(rows).containsExactlyInAnyOrder(Row.of("1", 59.9), Row.of("4", null));
    assertThat(proxy.requests("Scan"))
        .isNotEmpty()
        .allSatisfy(
            scan -> {
              assertThat(scan.resolved("FilterExpression")).hasValue("`address`.`city` = 'Oslo'");
              assertThat(scan.resolved("ProjectionExpression"))
                  .hasValue("`id`, `address`.`geo`.`lat`");
            });
    assertThat(rows).containsExactlyInAnyOrderElementsOf(collect(sql, query.formatted("kept")));
  }

  @Test
  void isNullOnANestedFieldMatchesAMissingOrNullMapOrField() throws Exception {
    String query = "SELECT id FROM %s WHERE address.geo.lat IS NULL";
    List<Row> rows = collect(sql, query.formatted("pushed"));

    assertThat(rows)
        .containsExactlyInAnyOrder(Row.of("3"), Row.of("4"), Row.of("5"), Row.of("6"))
        .containsExactlyInAnyOrderElementsOf(collect(sql, query.formatted("kept")));
    assertThat(proxy.requests("Scan"))
        .isNotEmpty()
        .allSatisfy(
            scan ->
                assertThat(scan.resolved("FilterExpression"))
                    .hasValue(
                        "(attribute_not_exists(`address`.`geo`.`lat`)"
                            + " OR attribute_type(`address`.`geo`.`lat`, 'NULL'))"));
  }

  @Test
  void reservedWordsAndDottedMapKeysTravelAsPlaceholders() throws Exception {
    String query =
        "SELECT id, address.`status`, address.`a.b` FROM %s WHERE address.`status` > 'a'";
    List<Row> rows = collect(sql, query.formatted("pushed"));

    assertThat(rows)
        .containsExactlyInAnyOrder(Row.of("1", "open", "dotted"), Row.of("4", "closed", null))
        .containsExactlyInAnyOrderElementsOf(collect(sql, query.formatted("kept")));
    List<RecordedRequest> scans = proxy.requests("Scan");
    assertThat(scans)
        .isNotEmpty()
        .allSatisfy(
            scan -> {
              // One placeholder per name: `a.b` is one map key, not the path a -> b.
              assertThat(scan.text("ProjectionExpression")).hasValue("#n2, #n0.#n1, #n0.#n3");
              assertThat(scan.resolved("ProjectionExpression"))
                  .hasValue("`id`, `address`.`status`, `address`.`a.b`");
              assertThat(scan.resolved("FilterExpression")).hasValue("`address`.`status` > 'a'");
            });
  }

  @Test
  void aNestedFieldNamedLikeADocumentColumnIsNotADocument() throws Exception {
    // Flink names the projected address.city "address_city" and the column "address_city_$0".
    assertThat(collect(sql, "SELECT address.city, address_city FROM pushed WHERE id = '1'"))
        .containsExactly(Row.of("Oslo", "{\"N\":\"7\"}"));
    assertThat(projections("Query")).containsOnly("`address`.`city`, `address_city`, `id`");
  }

  /**
   * A lookup reads the dimension's nested fields as the scan does. Flink pushes them into a lookup
   * source only when a view over the dimension selects them (in a join on the table itself it asks
   * for the whole {@code address}); the view puts the key last, where the lookup still finds it.
   */
  @ParameterizedTest(name = "lookup.async = {0}")
  @ValueSource(booleans = {false, true})
  void lookupJoinReadsNestedFieldsOfTheDimension(boolean async) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    StreamTableEnvironment stream = StreamTableEnvironment.create(env);
    stream.createTemporaryView(
        "orders",
        stream.fromDataStream(
            env.fromData(Row.of(100, "1"), Row.of(101, "3"), Row.of(102, "9"), Row.of(103, "2")),
            Schema.newBuilder()
                .column("f0", "INT")
                .column("f1", "STRING")
                .columnByExpression("proc_time", "PROCTIME()")
                .build()));
    stream.executeSql(
        "CREATE TABLE dim "
            + COLUMNS
            + " WITH ("
            + options(
                table, proxy.endpoint(), "'lookup.async' = '" + async + "', " + DOCUMENT_COLUMN)
            + ")");
    stream.executeSql(
        "CREATE VIEW dim_view AS SELECT address.city AS city, address.geo.lat AS lat, id FROM dim");
    List<Row> expected =
        List.of(
            Row.of(100, "Oslo", 59.9),
            Row.of(101, null, null),
            Row.of(102, null, null),
            Row.of(103, "Bergen", 60.4));

    assertThat(
            collect(
                stream,
                "SELECT o.f0, d.address.city, d.address.geo.lat FROM orders AS o LEFT JOIN dim"
                    + " FOR SYSTEM_TIME AS OF o.proc_time AS d ON o.f1 = d.id"))
        .containsExactlyInAnyOrderElementsOf(expected);

    proxy.clearRecordedRequests();
    assertThat(
            collect(
                stream,
                "SELECT o.f0, d.city, d.lat FROM orders AS o LEFT JOIN dim_view FOR SYSTEM_TIME"
                    + " AS OF o.proc_time AS d ON o.f1 = d.id"))
        .containsExactlyInAnyOrderElementsOf(expected);
    List<String> projections = new ArrayList<>();
    for (RecordedRequest batchGet : proxy.requests("BatchGetItem")) {
      projections.add(batchGetProjection(batchGet));
    }
    assertThat(projections)
        .isNotEmpty()
        .containsOnly("`address`.`city`, `address`.`geo`.`lat`, `id`");
  }

  @Test
  void aNestedFieldOfTheWrongTypeFailsNamingItsPath() throws Exception {
    String mismatched = mismatchedTable();
    sql.executeSql(
        "CREATE TABLE failing (id STRING, address ROW<city STRING>) WITH ("
            + options(mismatched, DYNAMODB.endpoint(), "")
            + ")");

    assertThatThrownBy(() -> collect(sql, "SELECT id, address.city FROM failing"))
        .hasStackTraceContaining(
            "Cannot read attribute 'address.city' of item {id=S:2}: expected S for STRING, found"
                + " N:5");
  }

  @Test
  void aNestedFieldOfTheWrongTypeReadsAsNullOrSkipsTheItemWhenAskedTo() throws Exception {
    String mismatched = mismatchedTable();
    for (String mode : List.of("null", "skip")) {
      sql.executeSql(
          "CREATE TABLE "
              + mode
              + "_on_mismatch (id STRING, address ROW<city STRING>) WITH ("
              + options(mismatched, DYNAMODB.endpoint(), "'scan.on-type-mismatch' = '" + mode + "'")
              + ")");
    }

    assertThat(collect(sql, "SELECT id, address.city FROM null_on_mismatch"))
        .containsExactlyInAnyOrder(Row.of("1", "Oslo"), Row.of("2", null), Row.of("3", null));
    assertThat(collect(sql, "SELECT id, address.city FROM skip_on_mismatch"))
        .containsExactlyInAnyOrder(Row.of("1", "Oslo"), Row.of("3", null));
  }

  /**
   * DynamoDB returns nothing for a path that runs through a value which is not a map, as for a
   * missing one, so a nested projection cannot see that {@code address} is a string: its fields
   * read as null. Reading the whole column still fails.
   */
  @Test
  void aMapStoredAsAnotherTypeHasNoNestedFieldsButFailsAsAWholeColumn() throws Exception {
    String mismatched = mismatchedTable();
    sql.executeSql(
        "CREATE TABLE failing (id STRING, address ROW<city STRING>) WITH ("
            + options(mismatched, DYNAMODB.endpoint(), "")
            + ")");

    assertThat(collect(sql, "SELECT id, address.city FROM failing WHERE id > '2'"))
        .containsExactly(Row.of("3", null));
    assertThatThrownBy(() -> collect(sql, "SELECT id, address FROM failing WHERE id > '2'"))
        .hasStackTraceContaining(
            "Cannot read attribute 'address' of item {id=S:3}: expected M for ROW<city STRING>,"
                + " found S:Oslo street");
  }

  /** Item 2's city is a number, item 3's address a string. */
  private static String mismatchedTable() {
    String name = DYNAMODB.uniqueTableName("nested_mismatch");
    DYNAMODB.table(name).hashKey("id", ScalarAttributeType.S).create();
    DYNAMODB.putItems(
        name,
        List.of(
            Map.of("id", s("1"), "address", map("city", s("Oslo"))),
            Map.of("id", s("2"), "address", map("city", n("5"))),
            Map.of("id", s("3"), "address", s("Oslo street"))));
    return name;
  }

  /** The resolved ProjectionExpression of every recorded request of the operation. */
  private static List<String> projections(String operation) {
    List<String> projections = new ArrayList<>();
    for (RecordedRequest request : proxy.requests(operation)) {
      projections.add(request.resolved("ProjectionExpression").orElse("<none>"));
    }
    return projections;
  }

  private static final Pattern NAME_PLACEHOLDER = Pattern.compile("#[A-Za-z0-9_]+");

  /** A BatchGetItem's ProjectionExpression (per table) with its placeholders resolved. */
  private static String batchGetProjection(RecordedRequest batchGet) {
    JsonNode request = batchGet.json().path("RequestItems").path(table);
    JsonNode names = request.path("ExpressionAttributeNames");
    Matcher matcher = NAME_PLACEHOLDER.matcher(request.path("ProjectionExpression").asText());
    StringBuilder text = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          text, Matcher.quoteReplacement("`" + names.path(matcher.group()).asText() + "`"));
    }
    return matcher.appendTail(text).toString();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  private static AttributeValue map(Object... keysAndValues) {
    Map<String, AttributeValue> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (AttributeValue) keysAndValues[i + 1]);
    }
    return AttributeValue.fromM(map);
  }
}
