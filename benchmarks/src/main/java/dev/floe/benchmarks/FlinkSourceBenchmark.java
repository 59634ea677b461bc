package dev.floe.benchmarks;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.flink.dynamodb.source.DynamoDbItemDeserializer;
import dev.floe.flink.dynamodb.source.DynamoDbSource;
import dev.floe.testing.DynamoDbLocalServer;
import dev.floe.testing.LocalAwsClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Loads N items (default 100,000) into DynamoDB Local, then scans them with Floe's DataStream
 * source at parallelism 1 and 2 (2 segments per reader) and with a raw AWS SDK parallel scan of the
 * same segments on as many threads, and prints {@code flink-source-scan-p1: ours=<items>/s
 * baseline=<items>/s ratio=<ours/baseline>} and the same for {@code -p2}.
 *
 * <p>Both paths turn each item into its id (a Long). One discarded warm-up round, then rounds that
 * rotate the order of the four paths; the best round of each is compared. The source's time runs
 * from its first record to the end of input (the MiniCluster's start and the job's deployment are
 * left out); the baseline's from its first item to its last page.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -cp
 * "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * dev.floe.benchmarks.FlinkSourceBenchmark 100000} (see docs/benchmarks.md).
 */
public final class FlinkSourceBenchmark {
  private static final int ROUNDS = 3;
  private static final int SEGMENTS_PER_READER = 2;
  private static final String TABLE = "source_benchmark";
  private static final String PAYLOAD = "x".repeat(200);

  /** The earliest first record and the latest end of input over the source's subtasks. */
  private FlinkSourceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int status = 0;
    try (DynamoDbLocalServer server = DynamoDbLocalServer.start()) {
      URI endpoint = server.endpoint();
      load(endpoint, items);
      int[] parallelisms = {1, 2};
      // paths: 0 = ours p1, 1 = baseline p1, 2 = ours p2, 3 = baseline p2
      for (int path = 0; path < 4; path++) {
        run(endpoint, items, path, parallelisms);
      }
      Comparison.Measurement[] best = new Comparison.Measurement[4];
      for (int round = 0; round < ROUNDS; round++) {
        for (int slot = 0; slot < 4; slot++) {
          int path = (round + slot) % 4;
          Comparison.Measurement measured = run(endpoint, items, path, parallelisms);
          best[path] =
              best[path] == null || measured.elapsedNanos() < best[path].elapsedNanos()
                  ? measured
                  : best[path];
        }
      }
      System.out.println(Comparison.line("flink-source-scan-p1", best[0], best[1]));
      System.out.println(Comparison.line("flink-source-scan-p2", best[2], best[3]));
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // DynamoDB Local leaves a non-daemon thread behind after stop().
    System.exit(status);
  }

  private static Comparison.Measurement run(URI endpoint, int items, int path, int[] parallelisms)
      throws Exception {
    int parallelism = parallelisms[path / 2];
    return path % 2 == 0
        ? scanWithFlinkSource(endpoint, items, parallelism)
        : scanWithSdk(endpoint, items, parallelism);
  }

  private static AwsClientConfig clientConfig(URI endpoint) {
    return LocalClientConfig.forEndpoint(endpoint).build();
  }

  private static void load(URI endpoint, int items) throws Exception {
    NumberedTable.create(
        endpoint,
        TABLE,
        items,
        id ->
            Map.of(
                "id", AttributeValue.fromN(Long.toString(id)),
                "value", AttributeValue.fromS("v-" + id),
                "payload", AttributeValue.fromS(PAYLOAD)));
  }

  /** The item's id: the same work per item as the baseline's. */
  static final class IdDeserializer implements DynamoDbItemDeserializer<Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(Map<String, AttributeValue> item, Collector<Long> out) {
      out.collect(Long.parseLong(item.get("id").n()));
    }

    @Override
    public TypeInformation<Long> getProducedType() {
      return Types.LONG;
    }
  }

  private static Comparison.Measurement scanWithFlinkSource(URI endpoint, int items, int p)
      throws Exception {
    TimedRecords.reset();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(p);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.fromSource(
            DynamoDbSource.<Long>builder()
                .clientConfig(clientConfig(endpoint))
                .readSpec(ReadSpec.builder(TABLE).build())
                .totalSegments(SEGMENTS_PER_READER * p)
                .deserializer(new IdDeserializer())
                .build(),
            WatermarkStrategy.noWatermarks(),
            "dynamodb")
        .sinkTo(TimedRecords.<Long>sink(id -> false));
    env.execute("flink-source-benchmark-p" + p);
    TimedRecords.require(TimedRecords.records(), items, "source p" + p);
    return new Comparison.Measurement(items, TimedRecords.elapsedNanos());
  }

  private static Comparison.Measurement scanWithSdk(URI endpoint, int items, int threads)
      throws Exception {
    int segments = SEGMENTS_PER_READER * threads;
    ConcurrentLinkedQueue<Integer> pending = new ConcurrentLinkedQueue<>();
    for (int s = 0; s < segments; s++) {
      pending.add(s);
    }
    AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    AtomicLong count = new AtomicLong();
    AtomicLong sum = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (DynamoDbClient client = LocalAwsClients.dynamoDb(endpoint).build()) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    Integer segment;
                    while ((segment = pending.poll()) != null) {
                      Map<String, AttributeValue> start = null;
                      do {
                        ScanRequest.Builder request = ScanRequest.builder().tableName(TABLE);
                        if (segments > 1) {
                          request.segment(segment).totalSegments(segments);
                        }
                        ScanResponse page = client.scan(request.exclusiveStartKey(start).build());
                        if (!page.items().isEmpty()) {
                          first.accumulateAndGet(System.nanoTime(), Math::min);
                        }
                        for (Map<String, AttributeValue> item : page.items()) {
                          sum.addAndGet(Long.parseLong(item.get("id").n()));
                          count.incrementAndGet();
                        }
                        start =
                            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                                ? page.lastEvaluatedKey()
                                : null;
                      } while (start != null);
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                });
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
      long end = System.nanoTime();
      if (failure.get() != null) {
        throw new IllegalStateException("baseline failed", failure.get());
      }
      TimedRecords.require(count.get(), items, "baseline p" + threads);
      return new Comparison.Measurement(items, end - first.get());
    }
  }
}
