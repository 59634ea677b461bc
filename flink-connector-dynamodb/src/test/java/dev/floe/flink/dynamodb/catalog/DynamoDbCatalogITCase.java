package dev.floe.flink.dynamodb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.LocalAwsClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code CREATE CATALOG ... WITH ('type' = 'dynamodb')} on DynamoDB Local. */
class DynamoDbCatalogITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private TableEnvironment sql;

  @BeforeEach
  void createCatalog() {
    sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    sql.executeSql(
        "CREATE CATALOG ddb WITH ('type' = 'dynamodb', 'aws.region' = 'us-east-1',"
            + " 'aws.endpoint' = '"
            + DYNAMODB.endpoint()
            + "', 'aws.credentials.provider' = 'BASIC', 'aws.credentials.basic.accesskeyid' = '"
            + LocalAwsClients.ACCESS_KEY_ID
            + "', 'aws.credentials.basic.secretkey' = '"
            + LocalAwsClients.SECRET_ACCESS_KEY
            + "', 'schema.sample-size' = '1000', 'default-database' = 'default')");
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  /**
   * Heterogeneous items: integer and fractional numbers, a map in some items only, a list, a string
   * set, and (with {@code conflicting}) an attribute that is a string here and a number there.
   */
  private static String createPeople(String prefix, boolean conflicting) {
    String table = DYNAMODB.uniqueTableName(prefix);
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> a = new HashMap<>();
    a.put("id", s("a"));
    a.put("age", n("30"));
    a.put("score", n("1.5"));
    a.put("name", s("ada"));
    a.put("address", AttributeValue.fromM(Map.of("city", s("Berlin"), "zip", n("10115"))));
    a.put("tags", AttributeValue.fromSs(List.of("x")));
    a.put("scores", AttributeValue.fromL(List.of(n("1"), n("2"))));
    Map<String, AttributeValue> b = new HashMap<>();
    b.put("id", s("b"));
    b.put("age", n("41"));
    b.put("score", n("2.25"));
    b.put("name", s("bob"));
    b.put("tags", AttributeValue.fromSs(List.of("y")));
    b.put("scores", AttributeValue.fromL(List.of(n("3"))));
    Map<String, AttributeValue> c = new HashMap<>();
    c.put("id", s("c"));
    c.put("age", n("5"));
    c.put("score", n("3"));
    c.put("name", s("cy"));
    c.put("address", AttributeValue.fromM(Map.of("city", s("Paris"))));
    c.put("tags", AttributeValue.fromSs(List.of("z")));
    c.put("scores", AttributeValue.fromL(List.of()));
    if (conflicting) {
      a.put("mixed", s("text"));
      b.put("mixed", n("7"));
      c.put("mixed", AttributeValue.fromM(Map.of("k", s("v"))));
    }
    items.add(a);
    items.add(b);
    items.add(c);
    DYNAMODB.putItems(table, items);
    return table;
  }

  private List<Row> collect(String query) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = sql.executeSql(query).collect()) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  private static final String PEOPLE_SCHEMA =
      "(\n"
          + "  `id` STRING NOT NULL,\n"
          + "  `address` ROW<`city` STRING NOT NULL, `zip` INT>,\n"
          + "  `age` INT,\n"
          + "%s"
          + "  `name` STRING,\n"
          + "  `score` DECIMAL(38, 2),\n"
          + "  `scores` ARRAY<INT>,\n"
          + "  `tags` ARRAY<STRING NOT NULL>,\n"
          + "  CONSTRAINT `PK_id` PRIMARY KEY (`id`) NOT ENFORCED\n"
          + ")";

  @Test
  void listsAndDescribesAHeterogeneousTableExactly() throws Exception {
    String table = createPeople("people", true);

    assertThat(collect("SHOW TABLES FROM ddb.`default`")).contains(Row.of(table));
    ResolvedSchema schema = sql.from("ddb.`default`.`" + table + "`").getResolvedSchema();
    // The conflicting attribute (string, number, map) is a DOCUMENT, shown as STRING.
    assertThat(schema.toString()).isEqualTo(String.format(PEOPLE_SCHEMA, "  `mixed` STRING,\n"));
    assertThat(schema.getPrimaryKey().orElseThrow().getColumns()).containsExactly("id");

    CatalogBaseTable catalogTable = catalog().getTable(new ObjectPath("default", table));
    assertThat(catalogTable.getOptions())
        .containsEntry("connector", "dynamodb")
        .containsEntry("table-name", table)
        .containsEntry("aws.region", "us-east-1")
        .containsEntry("aws.endpoint", DYNAMODB.endpoint().toString())
        .containsEntry("aws.credentials.provider", "BASIC");
    // Flink shows the DOCUMENT as STRING and the string set as ARRAY: the options say what they
    // hold in DynamoDB, so the connector reads and writes them as such.
    Configuration options = Configuration.fromMap(catalogTable.getOptions());
    assertThat(options.get(DynamoDbConnectorOptions.DOCUMENT_COLUMNS)).containsExactly("mixed");
    assertThat(options.get(DynamoDbConnectorOptions.SET_COLUMNS)).containsExactly("tags");
    // Inferred once per catalog instance: the same object comes back.
    assertThat(catalog().getTable(new ObjectPath("default", table))).isSameAs(catalogTable);
  }

  @Test
  void selectStarReturnsTheItems() throws Exception {
    String table = createPeople("people_read", false);

    assertThat(collect("SELECT * FROM ddb.`default`.`" + table + "` ORDER BY id").toString())
        .isEqualTo(
            "[+I[a, +I[Berlin, 10115], 30, ada, 1.50, [1, 2], [x]],"
                + " +I[b, null, 41, bob, 2.25, [3], [y]],"
                + " +I[c, +I[Paris, null], 5, cy, 3.00, [], [z]]]");
  }

  @Test
  void selectStarReadsAConflictingAttributeOfEveryItemAsDynamoDbJson() throws Exception {
    String table = createPeople("people_mixed", true);

    List<Row> rows = collect("SELECT * FROM ddb.`default`.`" + table + "` ORDER BY id");

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).getField("mixed")).isEqualTo("{\"S\":\"text\"}");
    assertThat(rows.get(1).getField("mixed")).isEqualTo("{\"N\":\"7\"}");
    assertThat(rows.get(2).getField("mixed")).isEqualTo("{\"M\":{\"k\":{\"S\":\"v\"}}}");
    assertThat(rows.toString())
        .isEqualTo(
            "[+I[a, +I[Berlin, 10115], 30, {\"S\":\"text\"}, ada, 1.50, [1, 2], [x]],"
                + " +I[b, null, 41, {\"N\":\"7\"}, bob, 2.25, [3], [y]],"
                + " +I[c, +I[Paris, null], 5, {\"M\":{\"k\":{\"S\":\"v\"}}}, cy, 3.00, [],"
                + " [z]]]");
    // Projected alone, and compared in Flink as the text it shows (DynamoDB holds a number there).
    assertThat(
            collect(
                    "SELECT id, mixed FROM ddb.`default`.`"
                        + table
                        + "` WHERE mixed = '{\"N\":\"7\"}'")
                .toString())
        .isEqualTo("[+I[b, {\"N\":\"7\"}]]");
  }

  @Test
  void insertWritesSetsAsSetsAndDocumentsAsTheAttributeTheirJsonDescribes() throws Exception {
    String table = DYNAMODB.uniqueTableName("mixed_write");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
    DYNAMODB.putItems(
        table,
        List.of(
            Map.of(
                "id", s("a"),
                "mixed", s("text"),
                "tags", AttributeValue.fromSs(List.of("x", "y")),
                "lucky", AttributeValue.fromNs(List.of("3", "7"))),
            Map.of(
                "id", s("b"),
                "mixed", n("7"),
                "tags", AttributeValue.fromSs(List.of("z")),
                "lucky", AttributeValue.fromNs(List.of("1")))));
    String path = "ddb.`default`.`" + table + "`";
    assertThat(sql.from(path).getResolvedSchema().toString())
        .isEqualTo(
            "(\n"
                + "  `id` STRING NOT NULL,\n"
                + "  `lucky` ARRAY<INT NOT NULL>,\n"
                + "  `mixed` STRING,\n"
                + "  `tags` ARRAY<STRING NOT NULL>,\n"
                + "  CONSTRAINT `PK_id` PRIMARY KEY (`id`) NOT ENFORCED\n"
                + ")");

    sql.executeSql(
            "INSERT INTO "
                + path
                + " VALUES ('c', ARRAY[4, 2], '{\"M\":{\"k\":{\"L\":[{\"N\":\"1\"},"
                + "{\"BOOL\":true}]}}}', ARRAY['p', 'q']),"
                + " ('d', ARRAY[9], '{\"SS\":[\"s\"]}', ARRAY['r'])")
        .await();

    Map<String, AttributeValue> c = item(table, "c");
    assertThat(c.get("tags").ss()).containsExactlyInAnyOrder("p", "q");
    assertThat(c.get("lucky").ns()).containsExactlyInAnyOrder("4", "2");
    assertThat(c.get("mixed"))
        .isEqualTo(
            AttributeValue.fromM(
                Map.of("k", AttributeValue.fromL(List.of(n("1"), AttributeValue.fromBool(true))))));
    Map<String, AttributeValue> d = item(table, "d");
    assertThat(d.get("tags").ss()).containsExactly("r");
    assertThat(d.get("lucky").ns()).containsExactly("9");
    assertThat(d.get("mixed")).isEqualTo(AttributeValue.fromSs(List.of("s")));

    // A copy through Flink keeps every attribute's DynamoDB type and value.
    sql.executeSql(
            "INSERT INTO "
                + path
                + " SELECT CONCAT(id, '-copy'), lucky, mixed, tags FROM "
                + path
                + " WHERE id IN ('a', 'b', 'c', 'd')")
        .await();
    for (String id : List.of("a", "b", "c", "d")) {
      Map<String, AttributeValue> original = new HashMap<>(item(table, id));
      Map<String, AttributeValue> copy = new HashMap<>(item(table, id + "-copy"));
      original.remove("id");
      copy.remove("id");
      assertThat(copy.keySet()).isEqualTo(original.keySet());
      assertThat(copy.get("mixed")).isEqualTo(original.get("mixed"));
      assertThat(copy.get("tags").ss())
          .containsExactlyInAnyOrderElementsOf(original.get("tags").ss());
      assertThat(copy.get("lucky").ns())
          .containsExactlyInAnyOrderElementsOf(original.get("lucky").ns());
    }
    assertThat(DYNAMODB.count(table)).isEqualTo(8);
  }

  private static Map<String, AttributeValue> item(String table, String id) {
    return DYNAMODB
        .client()
        .getItem(request -> request.tableName(table).key(Map.of("id", s(id))))
        .item();
  }

  @Test
  void insertWritesAnItem() throws Exception {
    String table = createPeople("people_write", false);

    sql.executeSql(
            "INSERT INTO ddb.`default`.`"
                + table
                + "` VALUES ('d', ROW('Rome', 100), 7, 'dee', 0.25, ARRAY[4], ARRAY['q'])")
        .await();

    Map<String, AttributeValue> item =
        DYNAMODB
            .client()
            .getItem(request -> request.tableName(table).key(Map.of("id", s("d"))))
            .item();
    assertThat(item)
        .containsEntry("id", s("d"))
        .containsEntry("name", s("dee"))
        .containsEntry("age", n("7"))
        .containsEntry("score", n("0.25"))
        .containsEntry("scores", AttributeValue.fromL(List.of(n("4"))))
        // The string set is shown as ARRAY, and written back as a string set.
        .containsEntry("tags", AttributeValue.fromSs(List.of("q")))
        .containsEntry("address", AttributeValue.fromM(Map.of("city", s("Rome"), "zip", n("100"))));
    assertThat(DYNAMODB.count(table)).isEqualTo(4);
  }

  @Test
  void hasOneDatabaseAndRefusesChanges() throws Exception {
    String table = createPeople("people_meta", false);
    Catalog catalog = catalog();

    assertThat(catalog.listDatabases()).containsExactly("default");
    assertThat(catalog.databaseExists("default")).isTrue();
    assertThat(catalog.databaseExists("other")).isFalse();
    assertThat(catalog.listTables("default")).contains(table);
    assertThat(catalog.tableExists(new ObjectPath("default", table))).isTrue();
    assertThat(catalog.tableExists(new ObjectPath("default", "no_such_table"))).isFalse();
    assertThat(catalog.tableExists(new ObjectPath("other", table))).isFalse();
    assertThatThrownBy(() -> catalog.getTable(new ObjectPath("default", "no_such_table")))
        .isInstanceOf(TableNotExistException.class)
        .hasMessageContaining("no_such_table");
    assertThatThrownBy(() -> collect("SELECT * FROM ddb.`default`.no_such_table"))
        .hasMessageContaining("no_such_table");
    assertThat(catalog.toString())
        .doesNotContain(LocalAwsClients.SECRET_ACCESS_KEY)
        .doesNotContain(LocalAwsClients.ACCESS_KEY_ID);

    String readOnly = "Catalog 'ddb' is read-only";
    String tools = "Create, change and drop DynamoDB tables with DynamoDB tools";
    for (String statement :
        List.of(
            "CREATE TABLE ddb.`default`.new_table (a INT) WITH ('connector' = 'datagen')",
            "DROP TABLE ddb.`default`.`" + table + "`",
            "ALTER TABLE ddb.`default`.`" + table + "` RENAME TO other_name",
            "ALTER TABLE ddb.`default`.`" + table + "` ADD extra STRING",
            "CREATE DATABASE ddb.other",
            "DROP DATABASE ddb.`default`")) {
      assertThatThrownBy(() -> sql.executeSql(statement), statement)
          .hasStackTraceContaining(readOnly)
          .hasStackTraceContaining(tools);
    }
    assertThat(catalog.listTables("default")).contains(table);
  }

  private Catalog catalog() {
    return sql.getCatalog("ddb").orElseThrow();
  }
}
