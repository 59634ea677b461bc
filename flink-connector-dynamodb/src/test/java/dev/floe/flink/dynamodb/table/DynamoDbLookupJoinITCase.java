package dev.floe.flink.dynamodb.table;

import static dev.floe.flink.dynamodb.table.DynamoDbSqlSourceITCase.collect;
import static dev.floe.flink.dynamodb.table.DynamoDbSqlSourceITCase.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultKind;
import dev.floe.testing.FaultRule;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Lookup joins against a {@code 'connector' = 'dynamodb'} dimension table, on DynamoDB Local. */
class DynamoDbLookupJoinITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private String dim;
  private StreamTableEnvironment sql;

  @BeforeEach
  void createDimension() {
    dim = DYNAMODB.uniqueTableName("customers");
    DYNAMODB.table(dim).hashKey("id", ScalarAttributeType.N).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int id = 1; id <= 5; id++) {
      items.add(
          Map.of(
              "id", AttributeValue.fromN(Integer.toString(id)),
              "name", AttributeValue.fromS("c" + id),
              "status", AttributeValue.fromS(id % 2 == 0 ? "gold" : "basic")));
    }
    DYNAMODB.putItems(dim, items);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    sql = StreamTableEnvironment.create(env);
    sql.createTemporaryView(
        "orders",
        sql.fromDataStream(
            env.fromData(
                Row.of(100, 1L),
                Row.of(101, 2L),
                Row.of(102, 1L),
                Row.of(103, 99L),
                Row.of(104, 2L),
                Row.of(105, 1L),
                Row.of(106, 99L)),
            Schema.newBuilder()
                .column("f0", "INT")
                .column("f1", "BIGINT")
                .columnByExpression("proc_time", "PROCTIME()")
                .build()));
  }

  private void createDim(URI endpoint, String extra) {
    sql.executeSql(
        "CREATE TABLE dim (id BIGINT, `name` STRING, `status` STRING) WITH ("
            + options(dim, endpoint, extra)
            + ")");
  }

  private static final String JOIN =
      "SELECT o.f0, o.f1, d.`name`, d.`status` FROM orders AS o LEFT JOIN dim FOR SYSTEM_TIME AS"
          + " OF o.proc_time AS d ON o.f1 = d.id";

  private static List<Row> expected() {
    return List.of(
        Row.of(100, 1L, "c1", "basic"),
        Row.of(101, 2L, "c2", "gold"),
        Row.of(102, 1L, "c1", "basic"),
        Row.of(103, 99L, null, null),
        Row.of(104, 2L, "c2", "gold"),
        Row.of(105, 1L, "c1", "basic"),
        Row.of(106, 99L, null, null));
  }

  @Test
  void hitsAndMissesWithoutCacheSendOneBatchGetPerRow() throws Exception {
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start()) {
      createDim(proxy.endpoint(), "");
      assertThat(collect(sql, JOIN)).containsExactlyInAnyOrderElementsOf(expected());
      assertThat(proxy.requestCount("BatchGetItem")).isEqualTo(7);
      assertThat(
              collect(
                  sql,
                  "SELECT o.f0, d.`name` FROM orders AS o JOIN dim FOR SYSTEM_TIME AS OF"
                      + " o.proc_time AS d ON o.f1 = d.id"))
          .containsExactlyInAnyOrder(
              Row.of(100, "c1"),
              Row.of(101, "c2"),
              Row.of(102, "c1"),
              Row.of(104, "c2"),
              Row.of(105, "c1"));
    }
  }

  @Test
  void partialCacheAnswersRepeatedKeysWithoutARequest() throws Exception {
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start()) {
      createDim(
          proxy.endpoint(),
          "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100',"
              + " 'lookup.partial-cache.expire-after-write' = '1 h'");
      assertThat(collect(sql, JOIN)).containsExactlyInAnyOrderElementsOf(expected());
      // Keys 1, 2 and 99 once each (missing keys are cached too by default).
      assertThat(proxy.requestCount("BatchGetItem")).isEqualTo(3);
    }
  }

  @Test
  void throttledLookupsAreRetriedAndReturnTheRightRows() throws Exception {
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.THROTTLING))
                    .onOperations("BatchGetItem")
                    .onEveryNthCall(2))
            .rule(
                FaultRule.inject(Fault.partialBatchDroppingLast(1))
                    .onOperations("BatchGetItem")
                    .onEveryNthCall(2))
            .start()) {
      createDim(proxy.endpoint(), "");
      assertThat(collect(sql, JOIN)).containsExactlyInAnyOrderElementsOf(expected());
      assertThat(proxy.faultCount(FaultKind.THROTTLING, "BatchGetItem")).isGreaterThan(0);
      // A lookup sends one key per BatchGetItem, which the proxy never splits ("a batch of one"):
      // UnprocessedKeys handling is BatchGetReaderITCase's (core) to prove.
    }
  }

  @Test
  void lookupByANonKeyColumnIsAPlanningError() {
    createDim(DYNAMODB.endpoint(), "");
    assertThatThrownBy(
            () ->
                collect(
                    sql,
                    "SELECT o.f0, d.id FROM orders AS o JOIN dim FOR SYSTEM_TIME AS OF o.proc_time"
                        + " AS d ON CAST(o.f0 AS STRING) = d.`name`"))
        .hasStackTraceContaining("Cannot look up DynamoDB table '" + dim + "' by [name]")
        .hasStackTraceContaining("key attributes [id]");
  }

  @Test
  void sqlScriptJoinsADynamoDbSourceWithADynamoDbDimensionIntoADynamoDbSink() throws Exception {
    String src = DYNAMODB.uniqueTableName("orders");
    DYNAMODB.table(src).hashKey("order_id", ScalarAttributeType.N).create();
    String out = DYNAMODB.uniqueTableName("enriched");
    DYNAMODB.table(out).hashKey("order_id", ScalarAttributeType.N).create();
    List<Map<String, AttributeValue>> orders = new ArrayList<>();
    for (int order = 1; order <= 30; order++) {
      orders.add(
          Map.of(
              "order_id", AttributeValue.fromN(Integer.toString(order)),
              "k", AttributeValue.fromN(Integer.toString(order % 7)),
              "amount", AttributeValue.fromN(order + ".5")));
    }
    DYNAMODB.putItems(src, orders);

    sql.executeSql(
        "CREATE TABLE src (order_id BIGINT, k BIGINT, amount DECIMAL(10, 1),"
            + " proc_time AS PROCTIME()) WITH ("
            + options(src, DYNAMODB.endpoint(), "'scan.segments' = '3'")
            + ")");
    createDim(
        DYNAMODB.endpoint(), "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '10'");
    sql.executeSql(
        "CREATE TABLE sink (order_id BIGINT, k BIGINT, amount DECIMAL(10, 1), customer STRING,"
            + " PRIMARY KEY (order_id) NOT ENFORCED) WITH ("
            + options(out, DYNAMODB.endpoint(), "")
            + ")");

    sql.executeSql(
            "INSERT INTO sink SELECT src.order_id, src.k, src.amount, dim.`name` FROM src"
                + " JOIN dim FOR SYSTEM_TIME AS OF src.proc_time ON src.k = dim.id")
        .await();

    Map<Long, Map<String, AttributeValue>> written = new java.util.HashMap<>();
    for (Map<String, AttributeValue> item : DYNAMODB.scanAll(out)) {
      written.put(Long.parseLong(item.get("order_id").n()), item);
    }
    Map<Long, Map<String, AttributeValue>> expected = new java.util.HashMap<>();
    for (int order = 1; order <= 30; order++) {
      int k = order % 7;
      if (k >= 1 && k <= 5) {
        expected.put(
            (long) order,
            Map.of(
                "order_id", AttributeValue.fromN(Integer.toString(order)),
                "k", AttributeValue.fromN(Integer.toString(k)),
                "amount", AttributeValue.fromN(order + ".5"),
                "customer", AttributeValue.fromS("c" + k)));
      }
    }
    assertThat(written).isEqualTo(expected);
  }
}
