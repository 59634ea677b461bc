package dev.floe.benchmarks;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbBatchWriter;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.core.dynamodb.WriteMetrics;
import dev.floe.core.dynamodb.WriteOperation;
import dev.floe.flink.dynamodb.sink.DynamoDbSink;
import dev.floe.testing.DynamoDbLocalServer;
import dev.floe.testing.LocalAwsClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes N items (default 50,000) into DynamoDB Local through Floe's DataStream sink and through a
 * plain AWS SDK async BatchWriteItem loop with the same concurrency (50 requests in flight, 25
 * items per request, unprocessed items resubmitted), and prints {@code flink-sink-write:
 * ours=<items>/s baseline=<items>/s ratio=<ours/baseline>}.
 *
 * <p>All paths write fresh tables of identical items on the same DynamoDB Local: one discarded
 * warm-up round, then rounds that alternate the order; the best round of each is compared. The
 * sink's time runs from its first element to the end of the job (after the last acknowledged
 * write); the MiniCluster's start and the job's deployment are left out. A second line compares
 * core's writer alone (what the Spark writer uses) with the same baseline.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am install -DskipTests && java -cp
 * "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * dev.floe.benchmarks.FlinkSinkBenchmark 50000} (see docs/benchmarks.md).
 */
public final class FlinkSinkBenchmark {
  private static final int IN_FLIGHT = 50;
  private static final int BATCH = 25;
  private static final int ROUNDS = 3;

  /** When the sink's end-of-input flush returned: every write acknowledged. */
  private static final java.util.concurrent.atomic.AtomicLong LAST_ACK =
      new java.util.concurrent.atomic.AtomicLong();

  /** When the sink converted its first element: the job is running from then on. */
  private static final java.util.concurrent.atomic.AtomicLong FIRST_WRITE =
      new java.util.concurrent.atomic.AtomicLong();

  private static final String PAYLOAD = "x".repeat(200);

  private FlinkSinkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int status = 0;
    try (DynamoDbLocalServer server = DynamoDbLocalServer.start()) {
      URI endpoint = server.endpoint();
      // DynamoDB Local gets much faster as its JIT warms up, and slower as it holds more data:
      // one discarded round first, then rounds in which each path takes each position once.
      writeWithSdkLoop(endpoint, items, "warmup_baseline");
      writeWithFlinkSink(endpoint, items, "warmup_ours");
      writeWithCoreWriter(endpoint, items, "warmup_writer");
      Comparison.Measurement[] best = new Comparison.Measurement[3];
      for (int round = 0; round < ROUNDS; round++) {
        for (int slot = 0; slot < 3; slot++) {
          int path = (round + slot) % 3;
          String suffix = Integer.toString(round);
          Comparison.Measurement measured =
              path == 0
                  ? writeWithFlinkSink(endpoint, items, suffix)
                  : path == 1
                      ? writeWithCoreWriter(endpoint, items, suffix)
                      : writeWithSdkLoop(endpoint, items, suffix);
          best[path] = faster(best[path], measured);
        }
      }
      Comparison.Measurement bestOurs = best[0];
      Comparison.Measurement bestWriter = best[1];
      Comparison.Measurement bestBaseline = best[2];
      System.out.println(Comparison.line("flink-sink-write", bestOurs, bestBaseline));
      System.out.println(Comparison.line("core-writer-write", bestWriter, bestBaseline));
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // DynamoDB Local leaves a non-daemon thread behind after stop().
    System.exit(status);
  }

  private static Comparison.Measurement faster(
      Comparison.Measurement best, Comparison.Measurement candidate) {
    return best == null || candidate.elapsedNanos() < best.elapsedNanos() ? candidate : best;
  }

  static Map<String, AttributeValue> item(long id) {
    return Map.of(
        "id", AttributeValue.fromN(Long.toString(id)),
        "value", AttributeValue.fromS("v-" + id),
        "payload", AttributeValue.fromS(PAYLOAD));
  }

  static WriteOperation put(long id) {
    return WriteOperation.put(item(id));
  }

  /** The sink's converter: {@link #put} that also notes when the first element arrived. */
  static WriteOperation putNotingStart(long id) {
    if (id == 1) {
      FIRST_WRITE.set(System.nanoTime());
    }
    return put(id);
  }

  private static String createTable(URI endpoint, String name) {
    NumberedTable.createEmpty(endpoint, name);
    return name;
  }

  private static Comparison.Measurement writeWithFlinkSink(URI endpoint, int items, String round)
      throws Exception {
    String table = createTable(endpoint, "ours_" + round);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.fromSequence(1, items)
        .sinkTo(
            new TimedSink<>(
                DynamoDbSink.<Long>builder()
                    .clientConfig(clientConfig(endpoint))
                    .writerConfig(writerConfig(table))
                    .elementConverter(FlinkSinkBenchmark::putNotingStart)
                    .build()));
    env.execute("flink-sink-benchmark");
    // From the first element to the end of input's flush, when DynamoDB has acknowledged every
    // write: the MiniCluster's start and stop and the job's deployment are not the sink's cost.
    long elapsed = LAST_ACK.get() - FIRST_WRITE.get();
    requireAll(endpoint, table, items);
    return new Comparison.Measurement(items, elapsed);
  }

  /** Core's writer alone, as the Spark writer will use it: what the sink adds on top of it. */
  private static Comparison.Measurement writeWithCoreWriter(URI endpoint, int items, String round)
      throws Exception {
    String table = createTable(endpoint, "writer_" + round);
    try (DynamoDbAsyncClient client = DynamoDbClientFactory.createAsync(clientConfig(endpoint));
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(
                client, writerConfig(table), TableKeySchema.of("id", null), WriteMetrics.NONE)) {
      long start = System.nanoTime();
      for (long id = 1; id <= items; id++) {
        writer.write(put(id));
      }
      writer.flush();
      long elapsed = System.nanoTime() - start;
      requireAll(endpoint, table, items);
      return new Comparison.Measurement(items, elapsed);
    }
  }

  private static AwsClientConfig clientConfig(URI endpoint) {
    return LocalClientConfig.forEndpoint(endpoint).maxConcurrency(IN_FLIGHT).build();
  }

  private static DynamoDbWriterConfig writerConfig(String table) {
    return DynamoDbWriterConfig.builder(table)
        .maxInFlightRequests(IN_FLIGHT)
        .maxBatchSize(BATCH)
        .build();
  }

  private static Comparison.Measurement writeWithSdkLoop(URI endpoint, int items, String round)
      throws Exception {
    String table = createTable(endpoint, "baseline_" + round);
    try (DynamoDbAsyncClient client = LocalAwsClients.dynamoDbAsync(endpoint).build()) {
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long start = System.nanoTime();
      List<WriteRequest> batch = new ArrayList<>(BATCH);
      for (long id = 1; id <= items; id++) {
        batch.add(
            WriteRequest.builder().putRequest(PutRequest.builder().item(item(id)).build()).build());
        if (batch.size() == BATCH || id == items) {
          inFlight.acquire();
          SdkBatchWrites.send(client, Map.of(table, List.copyOf(batch)), inFlight, failure);
          batch.clear();
        }
      }
      inFlight.acquire(IN_FLIGHT);
      long elapsed = System.nanoTime() - start;
      if (failure.get() != null) {
        throw new IllegalStateException("baseline failed", failure.get());
      }
      requireAll(endpoint, table, items);
      return new Comparison.Measurement(items, elapsed);
    }
  }

  private static void requireAll(URI endpoint, String table, int items) {
    long stored = NumberedTable.count(endpoint, table);
    if (stored != items) {
      throw new IllegalStateException(
          "table " + table + " holds " + stored + " items, expected " + items);
    }
  }

  /** Wraps a sink to note when its end-of-input flush returns. */
  private static final class TimedSink<T> implements org.apache.flink.api.connector.sink2.Sink<T> {
    private static final long serialVersionUID = 1L;
    private final org.apache.flink.api.connector.sink2.Sink<T> sink;

    TimedSink(org.apache.flink.api.connector.sink2.Sink<T> sink) {
      this.sink = sink;
    }

    @Override
    public org.apache.flink.api.connector.sink2.SinkWriter<T> createWriter(
        org.apache.flink.api.connector.sink2.WriterInitContext context) throws java.io.IOException {
      org.apache.flink.api.connector.sink2.SinkWriter<T> writer = sink.createWriter(context);
      return new org.apache.flink.api.connector.sink2.SinkWriter<>() {
        @Override
        public void write(T element, Context elementContext)
            throws java.io.IOException, InterruptedException {
          writer.write(element, elementContext);
        }

        @Override
        public void flush(boolean endOfInput) throws java.io.IOException, InterruptedException {
          writer.flush(endOfInput);
          if (endOfInput) {
            LAST_ACK.set(System.nanoTime());
          }
        }

        @Override
        public void close() throws Exception {
          writer.close();
        }
      };
    }
  }
}
