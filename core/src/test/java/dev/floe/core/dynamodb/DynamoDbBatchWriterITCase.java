package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.fastRetries;
import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The writer against DynamoDB Local without faults: batching, limits, dedupe, order, timers. */
class DynamoDbBatchWriterITCase {

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final TableKeySchema KEYS = TableKeySchema.of("pk", null);

  private static DynamoDbAsyncClient client;

  @BeforeAll
  static void openClient() {
    client = LocalDynamoDb.asyncClient(DYNAMODB.endpoint());
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  void batchesHoldAtMost25WritesAndTheTableEndsWithEveryItem() throws Exception {
    String table = newTable();
    RecordingMetrics metrics = new RecordingMetrics();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    long bytes = 0;
    try (DynamoDbFaultProxy counting =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start();
        DynamoDbAsyncClient proxied = LocalDynamoDb.asyncClient(counting.endpoint());
        DynamoDbBatchWriter writer = writer(proxied, fastRetries(table).build(), metrics)) {
      for (int i = 0; i < 60; i++) {
        Map<String, AttributeValue> item = item("pk", s("item-" + i), "qty", n(i));
        items.add(item);
        bytes += ItemSize.of(item);
        writer.write(WriteOperation.put(item));
      }
      // Two full batches left at once; the last 10 wait for a flush.
      assertThat(writer.bufferedCount()).isEqualTo(10);
      writer.flush();
      assertThat(writer.bufferedCount()).isZero();
      assertThat(counting.requestCount("BatchWriteItem")).isEqualTo(3);
    }
    assertThat(DYNAMODB.scanAll(table)).containsExactlyInAnyOrderElementsOf(items);
    assertThat(metrics.written.get()).isEqualTo(60);
    assertThat(metrics.writtenBytes.get()).isEqualTo(bytes);
    assertThat(metrics.requests.get()).isEqualTo(3);
    assertThat(metrics.latencyNanos.get()).isPositive();
    assertThat(metrics.retried.get()).isZero();
  }

  @Test
  void batchesStayWithinMaxBatchBytes() throws Exception {
    String table = newTable();
    String payload = "p".repeat(30_000);
    try (DynamoDbFaultProxy counting =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start();
        DynamoDbAsyncClient proxied = LocalDynamoDb.asyncClient(counting.endpoint());
        DynamoDbBatchWriter writer =
            writer(proxied, fastRetries(table).maxBatchBytes(100_000).build(), WriteMetrics.NONE)) {
      for (int i = 0; i < 10; i++) {
        writer.write(WriteOperation.put(item("pk", s("big-" + i), "payload", s(payload))));
      }
      writer.flush();
      // About 30 KB each, at most 100,000 bytes a call: 3 + 3 + 3 + 1.
      assertThat(counting.requestCount("BatchWriteItem")).isEqualTo(4);
    }
    assertThat(DYNAMODB.count(table)).isEqualTo(10);
  }

  @Test
  void laterWritesOfAKeyReplaceBufferedOnesTypedAndNumerically() throws Exception {
    String table = newTable();
    String numbers = DYNAMODB.uniqueTableName("writer_n");
    DYNAMODB.table(numbers).hashKey("pk", ScalarAttributeType.N).create();
    DYNAMODB.putItems(table, List.of(item("pk", s("gone"), "v", s("old"))));
    RecordingMetrics metrics = new RecordingMetrics();
    try (DynamoDbBatchWriter writer = writer(client, fastRetries(table).build(), metrics);
        DynamoDbBatchWriter numeric =
            writer(client, fastRetries(numbers).build(), WriteMetrics.NONE)) {
      writer.write(WriteOperation.put(item("pk", s("a"), "v", s("first"))));
      writer.write(WriteOperation.put(item("pk", s("a"), "v", s("second"))));
      writer.write(WriteOperation.put(item("pk", s("b"), "v", s("kept"))));
      writer.write(WriteOperation.delete(item("pk", s("b"))));
      writer.write(WriteOperation.put(item("pk", s("b"), "v", s("back"))));
      writer.write(WriteOperation.delete(item("pk", s("gone"), "v", s("a whole row"))));
      assertThat(writer.bufferedCount()).isEqualTo(3);
      writer.flush();

      // 1 and 1.0 are one key to DynamoDB: in one batch they would be refused as duplicates.
      numeric.write(WriteOperation.put(item("pk", n("1"), "v", s("one"))));
      numeric.write(WriteOperation.put(item("pk", n("1.0"), "v", s("one point zero"))));
      numeric.flush();
    }
    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(
            item("pk", s("a"), "v", s("second")), item("pk", s("b"), "v", s("back")));
    assertThat(metrics.deduplicated.get()).isEqualTo(3);
    assertThat(metrics.written.get()).isEqualTo(2);
    assertThat(metrics.deleted.get()).isEqualTo(1);
    assertThat(DYNAMODB.scanAll(numbers))
        .containsExactly(item("pk", n("1"), "v", s("one point zero")));
  }

  @Test
  void writesOfOneKeyLandInOrderOverManyRounds() throws Exception {
    String table = newTable();
    int keys = 20;
    int rounds = 40;
    // Latency keeps calls in flight while the next rounds arrive, and throttling makes some of
    // them retry: an older write that overtook a newer one would show in the table.
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .seed(7)
                .latency(Duration.ofMillis(2))
                .rule(FaultRule.inject(Fault.error(DynamoDbError.THROTTLING)).withProbability(0.2))
                .start();
        DynamoDbAsyncClient proxied = LocalDynamoDb.asyncClient(proxy.endpoint());
        DynamoDbBatchWriter writer =
            writer(
                proxied,
                fastRetries(table).maxBatchSize(5).maxInFlightRequests(8).build(),
                WriteMetrics.NONE)) {
      for (int round = 0; round < rounds; round++) {
        for (int key = 0; key < keys; key++) {
          Map<String, AttributeValue> item = item("pk", s("k" + key), "round", n(round));
          boolean deleteNow = key % 5 == 0 && round % 7 == 3;
          writer.write(deleteNow ? WriteOperation.delete(item) : WriteOperation.put(item));
        }
      }
      // The last round deletes every third key.
      for (int key = 0; key < keys; key += 3) {
        writer.write(WriteOperation.delete(item("pk", s("k" + key))));
      }
      writer.flush();
      assertThat(proxy.faultCount()).isPositive();
    }
    Map<String, AttributeValue> expectedRound = new HashMap<>();
    for (int key = 0; key < keys; key++) {
      if (key % 3 != 0) {
        expectedRound.put("k" + key, n(rounds - 1));
      }
    }
    Map<String, AttributeValue> actualRound = new HashMap<>();
    DYNAMODB.scanAll(table).forEach(item -> actualRound.put(item.get("pk").s(), item.get("round")));
    assertThat(actualRound).isEqualTo(expectedRound);
  }

  @Test
  void aWriteWaitsWhileAnEarlierWriteOfItsKeyIsInFlight() throws Exception {
    String table = newTable();
    try (DynamoDbFaultProxy slow =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .latency(Duration.ofMillis(300))
                .start();
        DynamoDbAsyncClient proxied = LocalDynamoDb.asyncClient(slow.endpoint());
        DynamoDbBatchWriter writer =
            writer(proxied, fastRetries(table).maxBatchSize(1).build(), WriteMetrics.NONE)) {
      writer.write(WriteOperation.put(item("pk", s("k"), "v", n(1))));
      writer.write(WriteOperation.put(item("pk", s("k"), "v", n(2))));
      writer.write(WriteOperation.put(item("pk", s("other"), "v", n(1))));
      // A batch of one is full at once, yet the second write of k stays behind the first.
      assertThat(writer.inFlightCount()).isEqualTo(2);
      assertThat(writer.bufferedCount()).isEqualTo(1);
      writer.flush();
      assertThat(slow.requestCount("BatchWriteItem")).isEqualTo(3);
    }
    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(
            item("pk", s("k"), "v", n(2)), item("pk", s("other"), "v", n(1)));
  }

  @Test
  void aPartialBatchGoesOutAfterTheFlushIntervalWithoutFlush() throws Exception {
    String table = newTable();
    try (DynamoDbBatchWriter writer =
        writer(
            client,
            fastRetries(table).flushInterval(Duration.ofMillis(300)).build(),
            WriteMetrics.NONE)) {
      long start = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        writer.write(WriteOperation.put(item("pk", s("t" + i))));
      }
      assertThat(writer.bufferedCount()).isEqualTo(3);
      while (DYNAMODB.count(table) < 3) {
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
        Thread.sleep(20);
      }
      assertThat(System.nanoTime() - start)
          .isGreaterThanOrEqualTo(Duration.ofMillis(250).toNanos());
      assertThat(writer.bufferedCount()).isZero();
    }
  }

  @Test
  void writeBlocksWhileMaxBufferedRequestsAreBufferedOrInFlight() throws Exception {
    String table = newTable();
    AtomicLong mostHeld = new AtomicLong();
    AtomicBoolean writing = new AtomicBoolean(true);
    try (DynamoDbFaultProxy slow =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .latency(Duration.ofMillis(30))
                .start();
        DynamoDbAsyncClient proxied = LocalDynamoDb.asyncClient(slow.endpoint());
        DynamoDbBatchWriter writer =
            writer(
                proxied,
                fastRetries(table)
                    .maxBatchSize(10)
                    .maxInFlightRequests(1)
                    .maxBufferedRequests(30)
                    .build(),
                WriteMetrics.NONE)) {
      ExecutorService sampler = Executors.newSingleThreadExecutor();
      Future<?> sampling =
          sampler.submit(
              () -> {
                while (writing.get()) {
                  mostHeld.accumulateAndGet(
                      writer.bufferedCount() + writer.inFlightCount(), Math::max);
                  Thread.sleep(1);
                }
                return null;
              });
      long start = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        writer.write(WriteOperation.put(item("pk", s("bp-" + i))));
      }
      long writingNanos = System.nanoTime() - start;
      writer.flush();
      writing.set(false);
      sampling.get();
      sampler.shutdown();
      // 200 writes, one call of 10 at a time, 30 ms each: write() had to wait for most of them.
      assertThat(writingNanos).isGreaterThan(Duration.ofMillis(300).toNanos());
    }
    assertThat(mostHeld.get()).isBetween(10L, 30L);
    assertThat(DYNAMODB.count(table)).isEqualTo(200);
  }

  @Test
  void anItemOver400KbIsRefusedBeforeAnythingIsSent() throws Exception {
    String table = newTable();
    Map<String, AttributeValue> exact = item("pk", s("big"), "payload", s(""));
    exact.put("payload", s("x".repeat((int) (ItemSize.MAX_ITEM_SIZE - ItemSize.of(exact)))));
    Map<String, AttributeValue> tooLarge = new HashMap<>(exact);
    tooLarge.put("pk", s("big2"));
    try (DynamoDbFaultProxy counting =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start();
        DynamoDbAsyncClient proxied = LocalDynamoDb.asyncClient(counting.endpoint());
        DynamoDbBatchWriter writer =
            writer(proxied, fastRetries(table).build(), WriteMetrics.NONE)) {
      assertThatThrownBy(() -> writer.write(WriteOperation.put(tooLarge)))
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessage(
              "Cannot write item {pk=S:big2} to DynamoDB table '"
                  + table
                  + "': it is 409601 bytes, over DynamoDB's item limit of 409600 bytes (400 KB);"
                  + " make it smaller, e.g. keep large values in S3 and store their location");
      assertThat(counting.requestCount()).isZero();
      // Refusing an invalid write does not break the writer.
      writer.write(WriteOperation.put(exact));
      writer.flush();
    }
    assertThat(DYNAMODB.count(table)).isEqualTo(1);
  }

  @Test
  void aWriteWithoutKeyNamesTableAttributeAndItem() throws Exception {
    String table = newTable();
    try (DynamoDbBatchWriter writer =
        writer(client, fastRetries(table).build(), WriteMetrics.NONE)) {
      assertThatThrownBy(() -> writer.write(WriteOperation.put(item("id", s("x")))))
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessage(
              "Cannot write to DynamoDB table '"
                  + table
                  + "': Item {pk=<missing>} has no partition key attribute 'pk'; every item and"
                  + " every key needs 'pk'");
    }
  }

  @Test
  void updatesGoAloneInOrderBehindThePutOfTheirKey() throws Exception {
    String table = newTable();
    RecordingMetrics metrics = new RecordingMetrics();
    try (DynamoDbFaultProxy counting =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start();
        DynamoDbAsyncClient proxied = LocalDynamoDb.asyncClient(counting.endpoint());
        DynamoDbBatchWriter writer = writer(proxied, fastRetries(table).build(), metrics)) {
      writer.write(WriteOperation.put(item("pk", s("counter"), "count", n(100), "name", s("c"))));
      for (int i = 0; i < 5; i++) {
        writer.write(
            WriteOperation.update(
                item("pk", s("counter"), "name", s("ignored: only the key is sent")),
                "SET #count = #count + :one",
                Map.of("#count", "count"),
                Map.of(":one", n(1))));
      }
      writer.write(
          WriteOperation.update(
              item("pk", s("fresh")),
              "SET #s = :s",
              Map.of("#s", "status"),
              Map.of(":s", s("new"))));
      writer.flush();
      assertThat(counting.requestCount("UpdateItem")).isEqualTo(6);
      assertThat(counting.requestCount("BatchWriteItem")).isEqualTo(1);
    }
    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(
            item("pk", s("counter"), "count", n(105), "name", s("c")),
            item("pk", s("fresh"), "status", s("new")));
    assertThat(metrics.written.get()).isEqualTo(7);
  }

  @Test
  void manyThreadsWriteThroughOneWriter() throws Exception {
    String table = newTable();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (DynamoDbBatchWriter writer =
        writer(client, fastRetries(table).maxInFlightRequests(8).build(), WriteMetrics.NONE)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    writer.write(
                        WriteOperation.put(item("pk", s(thread + "-" + i), "t", n(thread))));
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      writer.flush();
    } finally {
      threads.shutdown();
    }
    assertThat(DYNAMODB.count(table)).isEqualTo(1000);
  }

  @Test
  void closeDropsWhatIsBufferedAndRefusesMoreWrites() throws Exception {
    String table = newTable();
    DynamoDbBatchWriter writer = writer(client, fastRetries(table).build(), WriteMetrics.NONE);
    writer.write(WriteOperation.put(item("pk", s("never"))));
    writer.close();
    assertThatThrownBy(() -> writer.write(WriteOperation.put(item("pk", s("late")))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(writer::flush).isInstanceOf(IllegalStateException.class);
    assertThat(DYNAMODB.count(table)).isZero();
  }

  private static DynamoDbBatchWriter writer(
      DynamoDbAsyncClient client, DynamoDbWriterConfig config, WriteMetrics metrics) {
    return new DynamoDbBatchWriter(client, config, KEYS, metrics);
  }

  private static String newTable() {
    String table = DYNAMODB.uniqueTableName("writer");
    DYNAMODB.table(table).hashKey("pk", ScalarAttributeType.S).create();
    return table;
  }
}
