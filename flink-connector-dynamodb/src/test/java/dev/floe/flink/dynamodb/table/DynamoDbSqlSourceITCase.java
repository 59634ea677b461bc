package dev.floe.flink.dynamodb.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.LocalAwsClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Flink SQL {@code SELECT} from a {@code 'connector' = 'dynamodb'} table, on DynamoDB Local. */
class DynamoDbSqlSourceITCase {
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
  void createEnvironment() {
    sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
  }

  static String options(String table, URI endpoint, String extra) {
    return "'connector' = 'dynamodb', 'table-name' = '"
        + table
        + "', 'aws.region' = 'us-east-1', 'aws.endpoint' = '"
        + endpoint
        + "', 'aws.credentials.provider' = 'BASIC', 'aws.credentials.basic.accesskeyid' = '"
        + LocalAwsClients.ACCESS_KEY_ID
        + "', 'aws.credentials.basic.secretkey' = '"
        + LocalAwsClients.SECRET_ACCESS_KEY
        + "'"
        + (extra.isEmpty() ? "" : ", " + extra);
  }

  static List<Row> collect(TableEnvironment env, String query) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = env.executeSql(query).collect()) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void everyTypeReadsBackAsTheSqlSinkWroteIt() throws Exception {
    String table = DYNAMODB.uniqueTableName("all_types");
    DYNAMODB.table(table).hashKey("user_id", ScalarAttributeType.N).create();
    sql.executeSql(
        "CREATE TABLE all_types (user_id BIGINT, b BOOLEAN, ti TINYINT, si SMALLINT, i INT,"
            + " f FLOAT, d DOUBLE, amount DECIMAL(38, 10), s STRING, bin BYTES, dt DATE, tm TIME(3),"
            + " ts TIMESTAMP(6), ltz TIMESTAMP_LTZ(3), arr ARRAY<INT>, ms MULTISET<STRING>,"
            + " m MAP<STRING, DOUBLE>, r ROW<city STRING, zip INT>, n STRING,"
            + " PRIMARY KEY (user_id) NOT ENFORCED) WITH ("
            + options(table, DYNAMODB.endpoint(), "")
            + ")");
    String values =
        "SELECT CAST(7 AS BIGINT), TRUE, CAST(-8 AS TINYINT),"
            + " CAST(300 AS SMALLINT), 70000, CAST(0.5 AS FLOAT), 0.1,"
            + " CAST('1234567890123456789012345678.0123456789' AS DECIMAL(38, 10)), 'héllo',"
            + " X'010203', DATE '2024-05-01', TIME '10:15:30',"
            + " TIMESTAMP '2024-05-01 10:15:30.123456',"
            + " TO_TIMESTAMP_LTZ(1714551330123, 3), ARRAY[1, 2, 3],"
            + " COLLECT(x), MAP['eur', 1.5], ROW('Berlin', 10115), CAST(NULL AS STRING)"
            + " FROM (VALUES ('a'), ('b')) AS t(x)";
    sql.executeSql("INSERT INTO all_types " + values).await();

    List<Row> read = collect(sql, "SELECT * FROM all_types");
    List<Row> expected = collect(sql, values);

    assertThat(read).hasSize(1);
    // Row.equals compares the MULTISET's and BYTES' Java objects by identity; the text is exact.
    assertThat(read.get(0).toString()).isEqualTo(expected.get(0).toString());
  }

  @Test
  void pushedFiltersReturnWhatFlinkReturnsAndQueryTheBoundPartitionKey() throws Exception {
    String table = DYNAMODB.uniqueTableName("people");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start()) {
      String columns =
          "(id BIGINT, `name` STRING, `status` STRING, `date` DATE, `size` INT, `year` INT,"
              + " `my-attr` STRING, price DOUBLE, amount DECIMAL(10, 2), flag BOOLEAN,"
              + " PRIMARY KEY (id) NOT ENFORCED)";
      sql.executeSql(
          "CREATE TABLE pushed "
              + columns
              + " WITH ("
              + options(table, proxy.endpoint(), "'scan.segments' = '2'")
              + ")");
      sql.executeSql(
          "CREATE TABLE kept "
              + columns
              + " WITH ("
              + options(
                  table,
                  DYNAMODB.endpoint(),
                  "'scan.filter-pushdown.enabled' = 'false', 'scan.segments' = '2'")
              + ")");
      sql.executeSql(
              "INSERT INTO kept VALUES"
                  + " (1, 'ada', 'open', DATE '2024-01-05', 1, 2020, 'x-1', 0.1, 1.50, TRUE),"
                  + " (2, 'bob', 'closed', DATE '2023-12-31', 3, 2021, 'x-2', 2.5, 10.00, FALSE),"
                  + " (3, 'alice', CAST(NULL AS STRING), DATE '2024-03-01', 5, 2022, 'y', -1.0,"
                  + " CAST(NULL AS DECIMAL(10, 2)), CAST(NULL AS BOOLEAN)),"
                  + " (4, 'cy', 'open', CAST(NULL AS DATE), CAST(NULL AS INT), 2020, CAST(NULL AS"
                  + " STRING), 0.1, 0.05, TRUE),"
                  + " (5, 'Ada', 'pending', DATE '2025-06-30', 4, CAST(NULL AS INT), 'x-1', 1e10,"
                  + " 99999999.99, FALSE),"
                  + " (6, 'al_x', 'closed', DATE '2024-01-01', 2, 2021, 'z', 3.0, 2.00, TRUE)")
          .await();

      String[] conditions = {
        "`name` = 'ada'",
        "'ada' = `name`",
        "`status` <> 'open'",
        "`size` > 3",
        "`size` BETWEEN 2 AND 4",
        "`year` IN (2020, 2022)",
        "`year` NOT IN (2020, 2022)",
        "NOT (`size` < 3)",
        "NOT (`status` = 'open' OR `size` > 4)",
        "NOT (`status` = 'open' AND `size` > 4)",
        "`date` >= DATE '2024-01-01'",
        "`date` < DATE '2024-01-02' OR `year` = 2022",
        "`name` LIKE 'a%'",
        "`name` LIKE 'al\\_%'",
        "`name` NOT LIKE 'a%'",
        "`status` IS NULL",
        "`status` IS NOT NULL",
        "NOT (`status` IS NULL)",
        "flag",
        "NOT flag",
        "flag <> TRUE",
        "price = CAST(0.1 AS DOUBLE)",
        "price > CAST(1 AS DOUBLE)",
        "amount >= 1.5",
        "amount = 1.5",
        "`my-attr` = 'x-1'",
        "`my-attr` <> 'x-1' AND `size` >= 1",
        "`status` NOT IN ('open', 'closed')",
        "UPPER(`name`) = 'ADA'",
        // Larger than a DynamoDB expression may be: Flink keeps it, the result is the same.
        "`size` IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 272, 273, 274, 275, 276, 277, 278, 279, 280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291, 292, 293, 294, 295, 296, 297, 298, 299, 300)",
        "id = 3",
        "id = 3 AND `size` > 1",
        "id IN (1, 2)",
        "id > 2 AND `status` = 'open'"
      };
      for (String condition : conditions) {
        String select = "SELECT * FROM %s WHERE " + condition;
        List<Row> pushed = collect(sql, select.replace("%s", "pushed"));
        List<Row> kept = collect(sql, select.replace("%s", "kept"));
        assertThat(pushed).as(condition).containsExactlyInAnyOrderElementsOf(kept);
      }

      // The pushed table's plan carries the filter; the other one filters in Flink only.
      assertThat(sql.explainSql("SELECT id FROM pushed WHERE `status` = 'open' AND `size` > 0"))
          .containsPattern("filter=\\[.*status.*open");
      assertThat(sql.explainSql("SELECT id FROM kept WHERE `status` = 'open'"))
          .contains("filter=[]");

      // id = 3 is a Query, not a Scan.
      long scans = proxy.requestCount("Scan");
      long queries = proxy.requestCount("Query");
      assertThat(collect(sql, "SELECT `name`, `size` FROM pushed WHERE id = 3 AND `size` > 1"))
          .containsExactly(Row.of("alice", 5));
      assertThat(proxy.requestCount("Query")).isEqualTo(queries + 1);
      assertThat(proxy.requestCount("Scan")).isEqualTo(scans);
      assertThat(queries).isGreaterThan(0);
    }
  }

  @Test
  void sortKeyConditionsBecomeAQuery() throws Exception {
    String table = DYNAMODB.uniqueTableName("events");
    DYNAMODB
        .table(table)
        .hashKey("pk", ScalarAttributeType.S)
        .rangeKey("sk", ScalarAttributeType.N)
        .create();
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start()) {
      String columns = "(pk STRING, sk INT, v STRING)";
      sql.executeSql(
          "CREATE TABLE pushed "
              + columns
              + " WITH ("
              + options(table, proxy.endpoint(), "")
              + ")");
      sql.executeSql(
          "CREATE TABLE kept "
              + columns
              + " WITH ("
              + options(table, DYNAMODB.endpoint(), "'scan.filter-pushdown.enabled' = 'false'")
              + ")");
      StringBuilder values = new StringBuilder();
      for (String pk : List.of("a", "b")) {
        for (int sk = 1; sk <= 6; sk++) {
          values.append(values.length() == 0 ? "" : ", ");
          values.append("('").append(pk).append("', ").append(sk).append(", 'v").append(sk);
          values.append("')");
        }
      }
      sql.executeSql("INSERT INTO kept VALUES " + values).await();

      String[] conditions = {
        "pk = 'a'",
        "pk = 'a' AND sk = 3",
        "pk = 'a' AND sk BETWEEN 2 AND 4",
        "pk = 'a' AND sk > 4",
        "pk = 'a' AND sk <= 2 AND v <> 'v1'",
        "pk = 'a' AND sk > 1 AND sk < 5",
        "pk = 'b' AND v LIKE 'v%' AND sk <> 3"
      };
      for (String condition : conditions) {
        long scans = proxy.requestCount("Scan");
        String select = "SELECT * FROM %s WHERE " + condition;
        List<Row> pushed = collect(sql, select.replace("%s", "pushed"));
        List<Row> kept = collect(sql, select.replace("%s", "kept"));
        assertThat(pushed).as(condition).containsExactlyInAnyOrderElementsOf(kept).isNotEmpty();
        assertThat(proxy.requestCount("Scan")).as(condition).isEqualTo(scans);
      }
      assertThat(proxy.requestCount("Query")).isGreaterThanOrEqualTo(conditions.length);
    }
  }

  @Test
  void projectionAndLimitAreSentToDynamoDb() throws Exception {
    String table = DYNAMODB.uniqueTableName("limited");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start()) {
      sql.executeSql(
          "CREATE TABLE t (id INT, `name` STRING, `year` INT) WITH ("
              + options(table, proxy.endpoint(), "'scan.segments' = '1', 'scan.page-size' = '1'")
              + ")");
      StringBuilder values = new StringBuilder();
      for (int i = 1; i <= 20; i++) {
        values.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'n").append(i);
        values.append("', ").append(2000 + i).append(")");
      }
      sql.executeSql("INSERT INTO t VALUES " + values).await();

      long scans = proxy.requestCount("Scan");
      List<Row> rows = collect(sql, "SELECT `year`, `name` FROM t LIMIT 3");
      assertThat(rows).hasSize(3);
      // One item per page: a pushed limit stops after 3 pages instead of 21.
      assertThat(proxy.requestCount("Scan") - scans).isLessThanOrEqualTo(4);
      for (Row row : rows) {
        assertThat(row.getArity()).isEqualTo(2);
        assertThat(row.getField(1).toString()).isEqualTo("n" + ((Integer) row.getField(0) - 2000));
      }
      assertThat(collect(sql, "SELECT COUNT(*) FROM t")).containsExactly(Row.of(20L));
      assertThat(sql.explainSql("SELECT `year` FROM t")).doesNotContain("floeLocalSecret");
    }
  }
}
