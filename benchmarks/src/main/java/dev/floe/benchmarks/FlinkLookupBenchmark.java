package dev.floe.benchmarks;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.testing.DynamoDbLocalServer;
import dev.floe.testing.LocalAwsClients;
import java.net.URI;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Lookup-join throughput: a dimension table of 10,000 items in DynamoDB Local and a bounded probe
 * stream of N rows (default 50,000) whose keys are drawn from 2,000 hot keys, joined with Flink SQL
 * ({@code JOIN dim FOR SYSTEM_TIME AS OF o.proc_time}) at parallelism 1. Prints
 *
 * <ul>
 *   <li>{@code lookup-join-sync-nocache}: the sync lookup without cache against a raw AWS SDK
 *       GetItem loop over the same probe keys on one thread;
 *   <li>{@code lookup-join-cache}: the sync lookup with a PARTIAL cache against the sync lookup
 *       without cache;
 *   <li>{@code lookup-join-async}: {@code 'lookup.async' = 'true'} (keys batched into BatchGetItem)
 *       without cache against the sync lookup without cache.
 * </ul>
 *
 * <p>One discarded warm-up round, then rounds that rotate the order of the four paths; the best
 * round of each is compared. A join's time runs from its first joined row to the end of input (the
 * MiniCluster's start and the job's deployment are left out); every run checks that it produced N
 * rows, each with the dimension's value.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -cp
 * "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * dev.floe.benchmarks.FlinkLookupBenchmark 50000} (see docs/benchmarks.md).
 */
public final class FlinkLookupBenchmark {
  private static final int ROUNDS = 2;
  private static final int DIMENSION_ITEMS = 10_000;
  private static final int HOT_KEYS = 2_000;
  private static final String TABLE = "lookup_benchmark";

  private static final String[] PATHS = {"sdk-getitem", "sync-nocache", "sync-cache", "async"};

  private FlinkLookupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int status = 0;
    try (DynamoDbLocalServer server = DynamoDbLocalServer.start()) {
      URI endpoint = server.endpoint();
      load(endpoint);
      for (int path = 0; path < PATHS.length; path++) {
        run(endpoint, Math.min(rows, 5_000), path);
      }
      Comparison.Measurement[] best = new Comparison.Measurement[PATHS.length];
      for (int round = 0; round < ROUNDS; round++) {
        for (int slot = 0; slot < PATHS.length; slot++) {
          int path = (round + slot) % PATHS.length;
          Comparison.Measurement measured = run(endpoint, rows, path);
          best[path] =
              best[path] == null || measured.elapsedNanos() < best[path].elapsedNanos()
                  ? measured
                  : best[path];
        }
      }
      System.out.println(Comparison.line("lookup-join-sync-nocache", best[1], best[0]));
      System.out.println(Comparison.line("lookup-join-cache", best[2], best[1]));
      System.out.println(Comparison.line("lookup-join-async", best[3], best[1]));
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // DynamoDB Local leaves a non-daemon thread behind after stop().
    System.exit(status);
  }

  /** The probe key of row {@code i}: one of the hot keys 1..2,000, spread pseudo-randomly. */
  static long probeKey(long i) {
    long mixed = (i + 1) * 0x9E3779B97F4A7C15L;
    mixed ^= mixed >>> 29;
    return Math.floorMod(mixed, (long) HOT_KEYS) + 1;
  }

  private static Comparison.Measurement run(URI endpoint, int rows, int path) throws Exception {
    switch (path) {
      case 0:
        return getItemLoop(endpoint, rows);
      case 1:
        return join(endpoint, rows, "");
      case 2:
        return join(
            endpoint,
            rows,
            ", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '10000',"
                + " 'lookup.partial-cache.expire-after-write' = '1 h'");
      default:
        return join(endpoint, rows, ", 'lookup.async' = 'true'");
    }
  }

  private static AwsClientConfig clientConfig(URI endpoint) {
    return LocalClientConfig.forEndpoint(endpoint).build();
  }

  private static void load(URI endpoint) throws Exception {
    NumberedTable.create(
        endpoint,
        TABLE,
        DIMENSION_ITEMS,
        id ->
            Map.of(
                "id", AttributeValue.fromN(Long.toString(id)),
                "name", AttributeValue.fromS("customer-" + id)));
  }

  private static Comparison.Measurement getItemLoop(URI endpoint, int rows) {
    try (DynamoDbClient client = LocalAwsClients.dynamoDb(endpoint).build()) {
      long found = 0;
      long start = System.nanoTime();
      for (long i = 0; i < rows; i++) {
        long key = probeKey(i);
        GetItemResponse response =
            client.getItem(
                b ->
                    b.tableName(TABLE).key(Map.of("id", AttributeValue.fromN(Long.toString(key)))));
        if (response.hasItem() && response.item().get("name") != null) {
          found++;
        }
      }
      long elapsed = System.nanoTime() - start;
      TimedRecords.require(found, rows, "sdk-getitem");
      return new Comparison.Measurement(rows, elapsed);
    }
  }

  private static Comparison.Measurement join(URI endpoint, int rows, String extraOptions)
      throws Exception {
    TimedRecords.reset();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    StreamTableEnvironment sql = StreamTableEnvironment.create(env);
    DataStream<Long> probes =
        env.fromSequence(0, rows - 1).map(FlinkLookupBenchmark::probeKey).returns(Types.LONG);
    sql.createTemporaryView(
        "probes",
        sql.fromDataStream(
            probes,
            Schema.newBuilder()
                .column("f0", "BIGINT")
                .columnByExpression("proc_time", "PROCTIME()")
                .build()));
    sql.executeSql(
        "CREATE TABLE dim (id BIGINT, `name` STRING) WITH ('connector' = 'dynamodb',"
            + " 'table-name' = '"
            + TABLE
            + "', 'aws.region' = '"
            + LocalAwsClients.REGION.id()
            + "', 'aws.endpoint' = '"
            + endpoint
            + "', 'aws.credentials.provider' = 'BASIC', 'aws.credentials.basic.accesskeyid' = '"
            + LocalAwsClients.ACCESS_KEY_ID
            + "', 'aws.credentials.basic.secretkey' = '"
            + LocalAwsClients.SECRET_ACCESS_KEY
            + "'"
            + extraOptions
            + ")");
    Table joined =
        sql.sqlQuery(
            "SELECT p.f0, d.`name` FROM probes AS p LEFT JOIN dim FOR SYSTEM_TIME AS OF"
                + " p.proc_time AS d ON p.f0 = d.id");
    sql.toDataStream(joined).sinkTo(TimedRecords.<Row>sink(row -> row.getField(1) == null));
    env.execute("flink-lookup-benchmark");
    TimedRecords.require(TimedRecords.records(), rows, "join" + extraOptions);
    if (TimedRecords.misses() != 0) {
      throw new IllegalStateException(
          "join" + extraOptions + " missed " + TimedRecords.misses() + " dimension rows");
    }
    return new Comparison.Measurement(rows, TimedRecords.elapsedNanos());
  }
}
