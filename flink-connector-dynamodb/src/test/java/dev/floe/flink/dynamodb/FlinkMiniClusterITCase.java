package dev.floe.flink.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CollectionUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Flink stack this connector builds on runs here: a keyed DataStream job with a shuffle, and a
 * Flink SQL query through the table planner, both on an embedded MiniCluster.
 */
class FlinkMiniClusterITCase {

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void keyedDataStreamJobCountsEveryElementOnce() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);

    List<Tuple2<String, Integer>> counts =
        env.fromData("pk#1", "pk#2", "pk#1", "pk#3", "pk#1")
            .map(key -> Tuple2.of(key, 1))
            .returns(Types.TUPLE(Types.STRING, Types.INT))
            .keyBy(pair -> pair.f0)
            .sum(1)
            .executeAndCollect(100);

    assertThat(counts)
        .containsExactlyInAnyOrder(
            Tuple2.of("pk#1", 3), Tuple2.of("pk#2", 1), Tuple2.of("pk#3", 1));
  }

  @Test
  void sqlQueryRunsThroughThePlanner() throws Exception {
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());

    // Reading to the end finishes the bounded job; the iterator needs no close after that.
    List<Row> rows =
        CollectionUtil.iteratorToList(
            tableEnv
                .executeSql(
                    "SELECT pk, COUNT(*) AS versions FROM (VALUES ('a'), ('b'), ('a')) AS t(pk)"
                        + " GROUP BY pk")
                .collect());

    assertThat(rows).containsExactlyInAnyOrder(Row.of("a", 2L), Row.of("b", 1L));
  }
}
