package dev.floe.flink.dynamodb.table;

import static dev.floe.flink.dynamodb.table.DynamoDbSqlSourceITCase.collect;
import static dev.floe.flink.dynamodb.table.DynamoDbSqlSourceITCase.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultKind;
import dev.floe.testing.FaultRule;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * Lookup joins with {@code 'lookup.async' = 'true'}: keys of concurrent lookups are batched into
 * BatchGetItem requests. 200 probe rows over 150 distinct keys, 30 of them missing.
 */
class DynamoDbAsyncLookupJoinITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final int PROBES = 200;
  private static final int DISTINCT_KEYS = 150;

  /** Keys 1..150 are probed; items exist for 1..120 (150 - 121 are misses). */
  private static final int STORED = 120;

  private String dim;
  private StreamTableEnvironment sql;

  @BeforeEach
  void createDimension() {
    dim = DYNAMODB.uniqueTableName("customers");
    DYNAMODB.table(dim).hashKey("id", ScalarAttributeType.N).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int id = 1; id <= STORED; id++) {
      items.add(
          Map.of(
              "id", AttributeValue.fromN(Integer.toString(id)),
              "name", AttributeValue.fromS("c" + id)));
    }
    DYNAMODB.putItems(dim, items);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    sql = StreamTableEnvironment.create(env);
    List<Row> orders = new ArrayList<>();
    for (int order = 0; order < PROBES; order++) {
      orders.add(Row.of(order, keyOf(order)));
    }
    sql.createTemporaryView(
        "orders",
        sql.fromDataStream(
            env.fromData(orders),
            Schema.newBuilder()
                .column("f0", "INT")
                .column("f1", "BIGINT")
                .columnByExpression("proc_time", "PROCTIME()")
                .build()));
  }

  /** Orders 0..149 probe keys 1..150; orders 150..199 probe keys 1..50 again. */
  private static long keyOf(int order) {
    return order % DISTINCT_KEYS + 1;
  }

  private static final String JOIN =
      "SELECT o.f0, o.f1, d.`name` FROM orders AS o LEFT JOIN dim FOR SYSTEM_TIME AS"
          + " OF o.proc_time AS d ON o.f1 = d.id";

  private static List<Row> expected() {
    List<Row> rows = new ArrayList<>();
    for (int order = 0; order < PROBES; order++) {
      long key = keyOf(order);
      rows.add(Row.of(order, key, key <= STORED ? "c" + key : null));
    }
    return rows;
  }

  private void createDim(URI endpoint, String extra) {
    sql.executeSql(
        "CREATE TABLE dim (id BIGINT, `name` STRING) WITH ("
            + options(dim, endpoint, "'lookup.async' = 'true'" + extra)
            + ")");
  }

  @Test
  void concurrentLookupsAreBatchedIntoFewBatchGetItemRequests() throws Exception {
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start()) {
      createDim(proxy.endpoint(), "");
      assertThat(collect(sql, JOIN)).containsExactlyInAnyOrderElementsOf(expected());
      assertThat(proxy.requestCount("BatchGetItem")).isGreaterThan(0).isLessThanOrEqualTo(20);
    }
  }

  @Test
  void innerJoinDropsMissesAndPartialCacheStillApplies() throws Exception {
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start()) {
      createDim(
          proxy.endpoint(),
          ", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '1000',"
              + " 'lookup.batch.max-wait' = '20 ms'");
      List<Row> expected = new ArrayList<>();
      for (Row row : expected()) {
        if (row.getField(2) != null) {
          expected.add(Row.of(row.getField(0), row.getField(2)));
        }
      }
      assertThat(
              collect(
                  sql,
                  "SELECT o.f0, d.`name` FROM orders AS o JOIN dim FOR SYSTEM_TIME AS OF"
                      + " o.proc_time AS d ON o.f1 = d.id"))
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(proxy.requestCount("BatchGetItem")).isGreaterThan(0).isLessThanOrEqualTo(20);
    }
  }

  @Test
  void unprocessedKeysAndThrottlingAreRetriedWithTheRightRows() throws Exception {
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.THROTTLING))
                    .onOperations("BatchGetItem")
                    .onEveryNthCall(3))
            .rule(
                FaultRule.inject(Fault.partialBatchKeeping(0.5))
                    .onOperations("BatchGetItem")
                    .onEveryCall())
            .start()) {
      createDim(proxy.endpoint(), "");
      List<Row> rows = collect(sql, JOIN);
      assertThat(rows).containsExactlyInAnyOrderElementsOf(expected());
      Set<Object> orders = new HashSet<>();
      for (Row row : rows) {
        orders.add(row.getField(0));
      }
      assertThat(orders).hasSize(PROBES);
      assertThat(proxy.unprocessedKeyCount()).isGreaterThan(0);
      assertThat(proxy.faultCount(FaultKind.THROTTLING, "BatchGetItem")).isGreaterThan(0);
    }
  }
}
