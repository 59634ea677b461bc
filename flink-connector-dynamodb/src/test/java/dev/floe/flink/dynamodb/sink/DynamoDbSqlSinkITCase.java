package dev.floe.flink.dynamodb.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultRule;
import dev.floe.testing.LocalAwsClients;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Flink SQL {@code INSERT INTO} a {@code 'connector' = 'dynamodb'} table, against DynamoDB Local.
 */
class DynamoDbSqlSinkITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private String table;
  private TableEnvironment sql;

  @BeforeEach
  void createTable() {
    table = DYNAMODB.uniqueTableName("users");
    DYNAMODB.table(table).hashKey("user_id", ScalarAttributeType.N).create();
    sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
  }

  /** The WITH clause of the Apache Flink DynamoDB connector's documentation, plus the endpoint. */
  private String officialOptions() {
    return "'connector' = 'dynamodb',"
        + " 'table-name' = '"
        + table
        + "',"
        + " 'aws.region' = 'us-east-1',"
        + " 'aws.endpoint' = '"
        + DYNAMODB.endpoint()
        + "',"
        + " 'aws.credentials.provider' = 'BASIC',"
        + " 'aws.credentials.basic.accesskeyid' = '"
        + LocalAwsClients.ACCESS_KEY_ID
        + "',"
        + " 'aws.credentials.basic.secretkey' = '"
        + LocalAwsClients.SECRET_ACCESS_KEY
        + "',"
        + " 'sink.batch.max-size' = '25',"
        + " 'sink.requests.max-inflight' = '50',"
        + " 'sink.requests.max-buffered' = '10000',"
        + " 'sink.flush-buffer.timeout' = '5000',"
        + " 'sink.fail-on-error' = 'false',"
        + " 'sink.ignore-nulls' = 'false',"
        + " 'sink.http-client.max-concurrency' = '10000',"
        + " 'sink.http-client.read-timeout' = '360000'";
  }

  private Map<Long, Map<String, AttributeValue>> itemsById() {
    return DYNAMODB.scanAll(table).stream()
        .collect(Collectors.toMap(item -> Long.parseLong(item.get("user_id").n()), item -> item));
  }

  @Test
  void ddlWrittenForTheOfficialConnectorRunsUnchanged() throws Exception {
    sql.executeSql(
        "CREATE TABLE DynamoDbTable (`user_id` BIGINT, `item_id` BIGINT, `category_id` BIGINT,"
            + " `behavior` STRING) PARTITIONED BY (user_id) WITH ("
            + officialOptions()
            + ")");

    sql.executeSql(
            "INSERT INTO DynamoDbTable VALUES (1, 10, 100, 'buy'), (2, 20, 200, 'view'),"
                + " (3, 30, 300, CAST(NULL AS STRING))")
        .await();

    Map<Long, Map<String, AttributeValue>> items = itemsById();
    assertThat(items).hasSize(3);
    assertThat(items.get(1L))
        .isEqualTo(
            Map.of(
                "user_id", AttributeValue.fromN("1"),
                "item_id", AttributeValue.fromN("10"),
                "category_id", AttributeValue.fromN("100"),
                "behavior", AttributeValue.fromS("buy")));
    assertThat(items.get(3L)).containsEntry("behavior", AttributeValue.fromNul(true));
  }

  @Test
  void everyFlinkSqlTypeIsStoredAsTheTypeMappingSays() throws Exception {
    sql.executeSql(
        "CREATE TABLE all_types (user_id BIGINT, b BOOLEAN, ti TINYINT, si SMALLINT, i INT,"
            + " f FLOAT, d DOUBLE, amount DECIMAL(38, 10), s STRING, bin BYTES, dt DATE, tm TIME(3),"
            + " ts TIMESTAMP(6), ltz TIMESTAMP_LTZ(3), arr ARRAY<INT>, ms MULTISET<STRING>,"
            + " m MAP<STRING, DOUBLE>, r ROW<city STRING, zip INT>,"
            + " PRIMARY KEY (user_id) NOT ENFORCED) WITH ("
            + officialOptions()
            + ")");

    sql.executeSql(
            "INSERT INTO all_types SELECT CAST(7 AS BIGINT), TRUE, CAST(-8 AS TINYINT),"
                + " CAST(300 AS SMALLINT), 70000, CAST(0.5 AS FLOAT), 0.1,"
                + " CAST('1234567890123456789012345678.0123456789' AS DECIMAL(38, 10)), 'héllo',"
                + " X'010203', DATE '2024-05-01', TIME '10:15:30',"
                + " TIMESTAMP '2024-05-01 10:15:30.123456',"
                + " TO_TIMESTAMP_LTZ(1714551330123, 3), ARRAY[1, 2, 3],"
                + " COLLECT(x), MAP['eur', 1.5], ROW('Berlin', 10115)"
                + " FROM (VALUES ('a'), ('b')) AS t(x)")
        .await();

    Map<String, AttributeValue> item = itemsById().get(7L);
    assertThat(item)
        .containsEntry("b", AttributeValue.fromBool(true))
        .containsEntry("ti", AttributeValue.fromN("-8"))
        .containsEntry("si", AttributeValue.fromN("300"))
        .containsEntry("i", AttributeValue.fromN("70000"))
        .containsEntry("f", AttributeValue.fromN("0.5"))
        .containsEntry("d", AttributeValue.fromN("0.1"))
        .containsEntry("amount", AttributeValue.fromN("1234567890123456789012345678.0123456789"))
        .containsEntry("s", AttributeValue.fromS("héllo"))
        .containsEntry("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})))
        .containsEntry("dt", AttributeValue.fromS("2024-05-01"))
        .containsEntry("tm", AttributeValue.fromS("10:15:30"))
        .containsEntry("ts", AttributeValue.fromS("2024-05-01T10:15:30.123456"))
        .containsEntry("ltz", AttributeValue.fromS("2024-05-01T08:15:30.123Z"))
        .containsEntry(
            "arr",
            AttributeValue.fromL(
                List.of(
                    AttributeValue.fromN("1"),
                    AttributeValue.fromN("2"),
                    AttributeValue.fromN("3"))))
        .containsEntry("m", AttributeValue.fromM(Map.of("eur", AttributeValue.fromN("1.5"))))
        .containsEntry(
            "r",
            AttributeValue.fromM(
                Map.of(
                    "city", AttributeValue.fromS("Berlin"), "zip", AttributeValue.fromN("10115"))));
    assertThat(item.get("ms").ss()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void upsertChangelogPutsUpdatesAndDeletesByKey() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    StreamTableEnvironment streamSql = StreamTableEnvironment.create(env);
    streamSql.executeSql(
        "CREATE TABLE users (user_id BIGINT, name STRING, visits INT,"
            + " PRIMARY KEY (user_id) NOT ENFORCED) WITH ("
            + officialOptions()
            + ")");
    Table changes =
        streamSql.fromChangelogStream(
            env.fromData(
                Row.ofKind(RowKind.INSERT, 1L, "ada", 1),
                Row.ofKind(RowKind.INSERT, 2L, "bob", 1),
                Row.ofKind(RowKind.INSERT, 3L, "cy", 1),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "ada", 1),
                Row.ofKind(RowKind.UPDATE_AFTER, 1L, "ada", 2),
                Row.ofKind(RowKind.DELETE, 2L, "bob", 1)),
            Schema.newBuilder()
                .column("f0", "BIGINT NOT NULL")
                .column("f1", "STRING")
                .column("f2", "INT")
                .primaryKey("f0")
                .build());

    changes.executeInsert("users").await();

    Map<Long, Map<String, AttributeValue>> items = itemsById();
    assertThat(items.keySet()).containsExactlyInAnyOrder(1L, 3L);
    assertThat(items.get(1L)).containsEntry("visits", AttributeValue.fromN("2"));
  }

  @Test
  void deleteFlagColumnTurnsRowsIntoDeletesAndIsNeverWritten() throws Exception {
    DYNAMODB.putItems(
        table,
        List.of(
            Map.of("user_id", AttributeValue.fromN("1"), "name", AttributeValue.fromS("old")),
            Map.of("user_id", AttributeValue.fromN("2"), "name", AttributeValue.fromS("gone"))));
    sql.executeSql(
        "CREATE TABLE users (user_id BIGINT, name STRING, is_deleted BOOLEAN) WITH ("
            + officialOptions()
            + ", 'sink.delete-flag.column' = 'is_deleted')");

    sql.executeSql(
            "INSERT INTO users VALUES (1, 'new', FALSE), (2, 'gone', TRUE), (3, 'x', CAST(NULL AS BOOLEAN))")
        .await();

    Map<Long, Map<String, AttributeValue>> items = itemsById();
    assertThat(items.keySet()).containsExactlyInAnyOrder(1L, 3L);
    assertThat(items.get(1L))
        .isEqualTo(
            Map.of("user_id", AttributeValue.fromN("1"), "name", AttributeValue.fromS("new")));
  }

  @Test
  void conditionalWritesApplyOnlyNewerVersions() throws Exception {
    DYNAMODB.putItems(
        table,
        List.of(
            Map.of(
                "user_id",
                AttributeValue.fromN("1"),
                "v",
                AttributeValue.fromN("5"),
                "name",
                AttributeValue.fromS("stored")),
            Map.of(
                "user_id",
                AttributeValue.fromN("2"),
                "v",
                AttributeValue.fromN("5"),
                "name",
                AttributeValue.fromS("stored")),
            Map.of(
                "user_id",
                AttributeValue.fromN("3"),
                "v",
                AttributeValue.fromN("5"),
                "name",
                AttributeValue.fromS("stored"))));
    sql.executeSql(
        "CREATE TABLE users (user_id BIGINT, v BIGINT, name STRING) WITH ("
            + officialOptions()
            + ", 'sink.condition.attribute' = 'v')");

    sql.executeSql(
            "INSERT INTO users VALUES (1, 4, 'older'), (2, 5, 'equal'), (3, 6, 'newer'),"
                + " (4, 1, 'absent')")
        .await();

    Map<Long, Map<String, AttributeValue>> items = itemsById();
    assertThat(items.get(1L)).containsEntry("name", AttributeValue.fromS("stored"));
    assertThat(items.get(2L)).containsEntry("name", AttributeValue.fromS("stored"));
    assertThat(items.get(3L)).containsEntry("name", AttributeValue.fromS("newer"));
    assertThat(items.get(4L)).containsEntry("name", AttributeValue.fromS("absent"));
  }

  @Test
  void primaryKeyThatIsNotTheTablesKeyIsRejectedWithBoth() {
    sql.executeSql(
        "CREATE TABLE users (user_id BIGINT, name STRING, PRIMARY KEY (name) NOT ENFORCED) WITH ("
            + officialOptions()
            + ")");

    assertThatThrownBy(() -> sql.executeSql("INSERT INTO users VALUES (1, 'a')"))
        .rootCause()
        .hasMessage(
            "PRIMARY KEY [name] does not match the key of DynamoDB table '"
                + table
                + "', which is [user_id] (partition key first). Declare PRIMARY KEY (user_id) NOT"
                + " ENFORCED.");
  }

  @Test
  void wrongOrMissingOptionsAreRejectedBeforeAnyWrite() {
    sql.executeSql("CREATE TABLE no_name (user_id BIGINT) WITH ('connector' = 'dynamodb')");
    assertThatThrownBy(() -> sql.executeSql("INSERT INTO no_name VALUES (1)"))
        .rootCause()
        .hasMessageContaining("Missing required options are:")
        .hasMessageContaining("table-name");

    sql.executeSql(
        "CREATE TABLE typo (user_id BIGINT) WITH ("
            + officialOptions()
            + ", 'sink.batch.maxsize' = '5')");
    assertThatThrownBy(() -> sql.executeSql("INSERT INTO typo VALUES (1)"))
        .rootCause()
        .hasMessageContaining("Unsupported options")
        .hasMessageContaining("sink.batch.maxsize");

    sql.executeSql(
        "CREATE TABLE big_batch (user_id BIGINT) WITH ("
            + officialOptions()
                .replace("'sink.batch.max-size' = '25'", "'sink.batch.max-size' = '26'")
            + ")");
    assertThatThrownBy(() -> sql.executeSql("INSERT INTO big_batch VALUES (1)"))
        .rootCause()
        .hasMessage(
            "Option 'sink.batch.max-size' must be 1 to 25 (DynamoDB's BatchWriteItem limit), but is 26.");

    sql.executeSql(
        "CREATE TABLE no_secret (user_id BIGINT) WITH ('connector' = 'dynamodb', 'table-name' = '"
            + table
            + "', 'aws.region' = 'us-east-1', 'aws.credentials.provider' = 'BASIC',"
            + " 'aws.credentials.basic.accesskeyid' = 'AKIA')");
    assertThatThrownBy(() -> sql.executeSql("INSERT INTO no_secret VALUES (1)"))
        .rootCause()
        .hasMessage(
            "Option 'aws.credentials.basic.secretkey' is required when 'aws.credentials.provider' is"
                + " BASIC.");

    sql.executeSql(
        "CREATE TABLE missing_table (user_id BIGINT) WITH ("
            + officialOptions().replace("'table-name' = '" + table + "'", "'table-name' = 'nope'")
            + ")");
    assertThatThrownBy(() -> sql.executeSql("INSERT INTO missing_table VALUES (1)"))
        .hasStackTraceContaining("Cannot read the key schema of DynamoDB table 'nope'");
    assertThat(DYNAMODB.count(table)).isZero();
  }

  @Test
  void secretsNeverAppearInPlansOrErrors() {
    sql.executeSql(
        "CREATE TABLE users (user_id BIGINT, name STRING) WITH ("
            + officialOptions()
            + ", 'aws.credentials.basic.sessiontoken' = 'SESSION-TOKEN-VALUE')");

    String plan = sql.explainSql("INSERT INTO users VALUES (1, 'a')");
    assertThat(plan)
        .contains("Sink(table=[default_catalog.default_database.users]")
        .doesNotContain(LocalAwsClients.SECRET_ACCESS_KEY)
        .doesNotContain("SESSION-TOKEN-VALUE");

    sql.executeSql(
        "CREATE TABLE bad (user_id BIGINT, name STRING, PRIMARY KEY (name) NOT ENFORCED) WITH ("
            + officialOptions()
            + ", 'aws.credentials.basic.sessiontoken' = 'SESSION-TOKEN-VALUE')");
    Throwable error =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> sql.explainSql("INSERT INTO bad VALUES (1, 'a')"));
    assertThat(error).isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString())
        .doesNotContain(LocalAwsClients.SECRET_ACCESS_KEY)
        .doesNotContain("SESSION-TOKEN-VALUE");
  }

  @Test
  void partitionedByThatIsNotTheTablesKeyIsRejectedWithBoth() {
    sql.executeSql(
        "CREATE TABLE users (user_id BIGINT, name STRING) PARTITIONED BY (name) WITH ("
            + officialOptions()
            + ")");

    assertThatThrownBy(() -> sql.executeSql("INSERT INTO users VALUES (1, 'a')"))
        .rootCause()
        .hasMessage(
            "PARTITIONED BY [name] does not match the key of DynamoDB table '"
                + table
                + "', which is [user_id]. Writes are deduplicated by the table's key; partition by"
                + " (user_id) or leave PARTITIONED BY out.");
  }

  @Test
  void failOnErrorFailsTheJobOnTheFirstThrottleInsteadOfRetrying() throws Exception {
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            // A partial batch is still retried; the throttled request that follows fails the job.
            .rule(
                FaultRule.inject(Fault.partialBatchDroppingLast(1))
                    .onOperations("BatchWriteItem")
                    .onFirstCalls(1))
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED))
                    .onOperations("BatchWriteItem")
                    .onFirstCalls(1))
            .start()) {
      sql.executeSql(
          "CREATE TABLE users (user_id BIGINT, name STRING) WITH ("
              + officialOptions()
                  .replace(
                      "'aws.endpoint' = '" + DYNAMODB.endpoint(),
                      "'aws.endpoint' = '" + proxy.endpoint())
                  .replace("'sink.fail-on-error' = 'false'", "'sink.fail-on-error' = 'true'")
              + ")");

      assertThatThrownBy(
              () -> sql.executeSql("INSERT INTO users VALUES (1, 'a'), (2, 'b')").await())
          .hasStackTraceContaining("ProvisionedThroughputExceeded")
          .hasStackTraceContaining("failed requests are not retried (fail-on-error)");
      // The first call came back partial, the retry of its unprocessed item was throttled.
      assertThat(proxy.requestCount("BatchWriteItem")).isEqualTo(2);
      assertThat(proxy.unprocessedItemCount()).isEqualTo(1);
    }
  }

  @Test
  void withoutPrimaryKeyAnUpdateThatMovesARowToAnotherKeyDeletesTheOldItem() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    StreamTableEnvironment streamSql = StreamTableEnvironment.create(env);
    streamSql.executeSql(
        "CREATE TABLE latest_order (user_id BIGINT, customer STRING) WITH ("
            + officialOptions()
            + ")");
    // The query is keyed by customer; the DynamoDB table by user_id, so the update moves the row.
    Table changes =
        streamSql.fromChangelogStream(
            env.fromData(
                Row.ofKind(RowKind.INSERT, 1L, "ada"),
                Row.ofKind(RowKind.INSERT, 5L, "bob"),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "ada"),
                Row.ofKind(RowKind.UPDATE_AFTER, 2L, "ada")));

    changes.executeInsert("latest_order").await();

    Map<Long, Map<String, AttributeValue>> items = itemsById();
    assertThat(items.keySet()).containsExactlyInAnyOrder(2L, 5L);
    assertThat(items.get(2L)).containsEntry("customer", AttributeValue.fromS("ada"));
  }
}
