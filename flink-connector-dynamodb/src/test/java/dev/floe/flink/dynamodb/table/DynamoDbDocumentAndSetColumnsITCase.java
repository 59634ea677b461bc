package dev.floe.flink.dynamodb.table;

import static dev.floe.flink.dynamodb.table.DynamoDbSqlSourceITCase.collect;
import static dev.floe.flink.dynamodb.table.DynamoDbSqlSourceITCase.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.LocalAwsClients;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code 'document-columns'} and {@code 'set-columns'} declared in DDL: scans, lookups and the sink
 * read and write those columns as DynamoDB documents and sets, on DynamoDB Local.
 */
class DynamoDbDocumentAndSetColumnsITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final String COLUMNS =
      "(id STRING, doc STRING, tags ARRAY<STRING>, nums MULTISET<INT>, bins ARRAY<BYTES>,"
          + " PRIMARY KEY (id) NOT ENFORCED)";

  private static final String DOCUMENT_AND_SETS =
      "'document-columns' = 'doc', 'set-columns' = 'tags;nums;bins'";

  private TableEnvironment sql;
  private String table;

  @BeforeEach
  void createTable() {
    sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    table = DYNAMODB.uniqueTableName("documents");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  private Map<String, AttributeValue> item(String id) {
    return DYNAMODB
        .client()
        .getItem(request -> request.tableName(table).key(Map.of("id", s(id))))
        .item();
  }

  /** One item per DynamoDB type in {@code doc}; one-element sets, whose order is fixed. */
  private void putItemsOfEveryType() {
    DYNAMODB.putItems(
        table,
        List.of(
            Map.of(
                "id", s("a"),
                "doc", s("text"),
                "tags", AttributeValue.fromSs(List.of("x")),
                "nums", AttributeValue.fromNs(List.of("7")),
                "bins", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1, 2})))),
            Map.of("id", s("b"), "doc", n("-1.5")),
            Map.of("id", s("c"), "doc", AttributeValue.fromM(Map.of("k", s("v")))),
            Map.of("id", s("d"), "doc", AttributeValue.fromL(List.of(n("1"), s("x")))),
            Map.of("id", s("e"), "doc", AttributeValue.fromBool(true)),
            Map.of("id", s("f"), "doc", AttributeValue.fromSs(List.of("s"))),
            Map.of("id", s("g"), "doc", AttributeValue.fromB(SdkBytes.fromUtf8String("hi"))),
            Map.of("id", s("h"), "doc", AttributeValue.fromNul(true)),
            Map.of("id", s("i"))));
  }

  @Test
  void ddlColumnsReadEveryAttributeAsDynamoDbJsonAndSetsAsArrays() throws Exception {
    putItemsOfEveryType();
    sql.executeSql(
        "CREATE TABLE docs "
            + COLUMNS
            + " WITH ("
            + options(table, DYNAMODB.endpoint(), DOCUMENT_AND_SETS)
            + ")");

    assertThat(collect(sql, "SELECT id, doc, tags, nums FROM docs ORDER BY id").toString())
        .isEqualTo(
            "[+I[a, {\"S\":\"text\"}, [x], {7=1}],"
                + " +I[b, {\"N\":\"-1.5\"}, null, null],"
                + " +I[c, {\"M\":{\"k\":{\"S\":\"v\"}}}, null, null],"
                + " +I[d, {\"L\":[{\"N\":\"1\"},{\"S\":\"x\"}]}, null, null],"
                + " +I[e, {\"BOOL\":true}, null, null],"
                + " +I[f, {\"SS\":[\"s\"]}, null, null],"
                + " +I[g, {\"B\":\"aGk=\"}, null, null],"
                + " +I[h, null, null, null],"
                + " +I[i, null, null, null]]");
    // A projection of the set column alone reads it from the set.
    List<Row> bins = collect(sql, "SELECT bins FROM docs WHERE id = 'a'");
    assertThat((byte[][]) bins.get(0).getField(0)).isDeepEqualTo(new byte[][] {{1, 2}});
    // The document column compares in Flink, as the text it shows: DynamoDB holds a number there.
    assertThat(collect(sql, "SELECT id FROM docs WHERE doc = '{\"N\":\"-1.5\"}'").toString())
        .isEqualTo("[+I[b]]");
    assertThat(collect(sql, "SELECT id FROM docs WHERE doc LIKE '{\"S\"%'").toString())
        .isEqualTo("[+I[a]]");
    assertThat(collect(sql, "SELECT COUNT(*) FROM docs WHERE doc IS NULL").toString())
        .isEqualTo("[+I[2]]");
  }

  @Test
  void ddlColumnsWriteDocumentsAsTheirAttributeAndArraysAsSets() throws Exception {
    sql.executeSql(
        "CREATE TABLE docs "
            + COLUMNS
            + " WITH ("
            + options(table, DYNAMODB.endpoint(), DOCUMENT_AND_SETS)
            + ")");

    sql.executeSql(
            "INSERT INTO docs SELECT 'a', '{\"M\":{\"n\":{\"N\":\"1.5\"},\"l\":{\"L\":[{\"NULL\":true}]}}}',"
                + " ARRAY['p', 'q'], COLLECT(x), ARRAY[CAST(X'0102' AS BYTES), CAST(X'03' AS BYTES)]"
                + " FROM (VALUES (4), (2)) AS t(x)")
        .await();
    sql.executeSql("INSERT INTO docs (id, doc, tags) VALUES ('b', '{\"N\":\"7\"}', ARRAY['r'])")
        .await();

    Map<String, AttributeValue> a = item("a");
    assertThat(a.get("doc"))
        .isEqualTo(
            AttributeValue.fromM(
                Map.of(
                    "n", n("1.5"),
                    "l", AttributeValue.fromL(List.of(AttributeValue.fromNul(true))))));
    assertThat(a.get("tags").ss()).containsExactlyInAnyOrder("p", "q");
    assertThat(a.get("nums").ns()).containsExactlyInAnyOrder("4", "2");
    assertThat(a.get("bins").bs())
        .containsExactlyInAnyOrder(
            SdkBytes.fromByteArray(new byte[] {1, 2}), SdkBytes.fromByteArray(new byte[] {3}));
    Map<String, AttributeValue> b = item("b");
    assertThat(b.get("doc")).isEqualTo(n("7"));
    assertThat(b.get("tags").ss()).containsExactly("r");

    // Without the options the same columns are a string and lists, as before.
    sql.executeSql(
        "CREATE TABLE plain (id STRING, doc STRING, tags ARRAY<STRING>) WITH ("
            + options(table, DYNAMODB.endpoint(), "")
            + ")");
    sql.executeSql("INSERT INTO plain VALUES ('c', '{\"N\":\"7\"}', ARRAY['r'])").await();
    Map<String, AttributeValue> c = item("c");
    assertThat(c.get("doc")).isEqualTo(s("{\"N\":\"7\"}"));
    assertThat(c.get("tags")).isEqualTo(AttributeValue.fromL(List.of(s("r"))));
  }

  @Test
  void textThatIsNotDynamoDbJsonFailsTheWriteNamingTheColumn() {
    sql.executeSql(
        "CREATE TABLE docs "
            + COLUMNS
            + " WITH ("
            + options(table, DYNAMODB.endpoint(), DOCUMENT_AND_SETS)
            + ")");

    assertThatThrownBy(
            () -> sql.executeSql("INSERT INTO docs (id, doc) VALUES ('a', 'plain text')").await())
        .hasStackTraceContaining("doc")
        .hasStackTraceContaining("'plain text' is not DynamoDB JSON");
    assertThat(DYNAMODB.count(table)).isZero();
  }

  @Test
  void lookupJoinsReadDocumentAndSetColumns() throws Exception {
    putItemsOfEveryType();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    StreamTableEnvironment stream = StreamTableEnvironment.create(env);
    stream.createTemporaryView(
        "orders",
        stream.fromDataStream(
            env.fromData(Row.of(1, "a"), Row.of(2, "c"), Row.of(3, "zz")),
            Schema.newBuilder()
                .column("f0", "INT")
                .column("f1", "STRING")
                .columnByExpression("proc_time", "PROCTIME()")
                .build()));
    for (String async : List.of("false", "true")) {
      stream.executeSql("DROP TEMPORARY TABLE IF EXISTS dim");
      stream.executeSql(
          "CREATE TEMPORARY TABLE dim "
              + COLUMNS
              + " WITH ("
              + options(
                  table,
                  DYNAMODB.endpoint(),
                  DOCUMENT_AND_SETS + ", 'lookup.async' = '" + async + "'")
              + ")");

      assertThat(
              collect(
                  stream,
                  "SELECT o.f0, d.doc, d.tags FROM orders AS o LEFT JOIN dim FOR SYSTEM_TIME AS"
                      + " OF o.proc_time AS d ON o.f1 = d.id"))
          .as("lookup.async = %s", async)
          .containsExactlyInAnyOrder(
              Row.of(1, "{\"S\":\"text\"}", new String[] {"x"}),
              Row.of(2, "{\"M\":{\"k\":{\"S\":\"v\"}}}", null),
              Row.of(3, null, null));
    }
  }

  @Test
  void badColumnOptionsFailAtPlanningNamingTheOptionAndTheColumn() {
    String[][] cases = {
      {
        "'document-columns' = 'nope'",
        "Option 'document-columns' names column 'nope', which the table does not have; its"
            + " columns are [id, doc, tags, nums, bins, n, shout]."
      },
      {
        "'set-columns' = 'tags;nope'",
        "Option 'set-columns' names column 'nope', which the table does not have; its columns"
            + " are [id, doc, tags, nums, bins, n, shout]."
      },
      {
        "'document-columns' = 'n'",
        "Option 'document-columns' names column 'n' of type INT, but a document column must be"
            + " STRING (or VARCHAR, CHAR): it holds the attribute as DynamoDB JSON text such as"
            + " {\"N\":\"7\"}."
      },
      {
        "'set-columns' = 'doc'",
        "Option 'set-columns' names column 'doc' of type STRING, but a set column must be an ARRAY"
            + " or MULTISET of a string, numeric or binary type (stored as a DynamoDB SS, NS or BS),"
            + " e.g. ARRAY<STRING>."
      },
      {
        "'set-columns' = 'n'",
        "Option 'set-columns' names column 'n' of type INT, but a set column must be an ARRAY or"
            + " MULTISET of a string, numeric or binary type (stored as a DynamoDB SS, NS or BS),"
            + " e.g. ARRAY<STRING>."
      },
      {
        "'document-columns' = 'id'",
        "Option 'document-columns' names column 'id', which is in the declared PRIMARY KEY or"
            + " PARTITIONED BY; DynamoDB key attributes are strings, numbers or binary, so name"
            + " only non-key columns."
      },
      {
        "'document-columns' = 'doc', 'set-columns' = 'doc'",
        "Column 'doc' is named by both 'document-columns' and 'set-columns'; a column holds"
            + " either a DynamoDB document or a set."
      },
      {
        "'document-columns' = 'shout'",
        "Option 'document-columns' names column 'shout', which is a computed column; only"
            + " physical columns are stored in DynamoDB."
      },
    };
    for (String[] c : cases) {
      sql.executeSql("DROP TEMPORARY TABLE IF EXISTS bad");
      sql.executeSql(
          "CREATE TEMPORARY TABLE bad (id STRING, doc STRING, tags ARRAY<STRING>,"
              + " nums MULTISET<INT>, bins ARRAY<BYTES>, n INT, shout AS UPPER(doc),"
              + " PRIMARY KEY (id) NOT ENFORCED) WITH ("
              + options(table, DYNAMODB.endpoint(), c[0])
              + ")");
      for (String statement :
          List.of("SELECT * FROM bad", "INSERT INTO bad (id, n) VALUES ('a', 1)")) {
        assertThatThrownBy(() -> sql.executeSql(statement), c[0] + " / " + statement)
            .satisfies(
                e ->
                    assertThat(ExceptionUtils.stringifyException(e))
                        .doesNotContain(LocalAwsClients.SECRET_ACCESS_KEY))
            .rootCause()
            .hasMessage(c[1]);
      }
    }
  }

  @Test
  void aKeyAttributeOfTheTableCannotBeADocumentOrSetColumn() {
    // No PRIMARY KEY declared: the key is known from DescribeTable only.
    sql.executeSql(
        "CREATE TABLE keyless (id STRING, doc STRING) WITH ("
            + options(table, DYNAMODB.endpoint(), "'document-columns' = 'id'")
            + ")");

    for (String statement :
        List.of("SELECT * FROM keyless", "INSERT INTO keyless VALUES ('a', 'b')")) {
      assertThatThrownBy(() -> sql.executeSql(statement), statement)
          .rootCause()
          .hasMessage(
              "Option 'document-columns' names column 'id', which is a key attribute of DynamoDB"
                  + " table '"
                  + table
                  + "'; DynamoDB key attributes are strings, numbers or binary, so name only"
                  + " non-key columns.");
    }
  }
}
