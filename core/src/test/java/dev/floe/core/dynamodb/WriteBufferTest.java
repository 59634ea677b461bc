package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The buffer's rules: last write wins, one write per key in flight, order per key. */
class WriteBufferTest {
  private static final TableKeySchema SCHEMA = TableKeySchema.of("pk", null);

  private final WriteBuffer buffer = new WriteBuffer();

  @Test
  void laterPutOrDeleteReplacesWhatIsBufferedForItsKey() {
    assertThat(buffer.add(put("a", 1))).isEqualTo(new WriteBuffer.Added(true, 0, 0));
    assertThat(buffer.add(put("b", 1)).replaced()).isZero();
    assertThat(buffer.add(put("a", 2)).replaced()).isEqualTo(1);
    assertThat(buffer.add(delete("b")).replaced()).isEqualTo(1);
    assertThat(buffer.bufferedCount()).isEqualTo(2);

    List<PendingWrite> batch = buffer.takeBatch(25, Long.MAX_VALUE);
    assertThat(batch).extracting(w -> w.key().partitionKey().s()).containsExactly("a", "b");
    assertThat(batch.get(0).operation().item().get("v")).isEqualTo(n(2));
    assertThat(batch.get(1).kind()).isEqualTo(WriteOperation.Kind.DELETE);
  }

  @Test
  void keysAreTypedAndNumbersCompareByValue() {
    WriteBuffer numbers = new WriteBuffer();
    numbers.add(write(WriteOperation.put(item("pk", n("1"), "v", n(1)))));
    assertThat(numbers.add(write(WriteOperation.put(item("pk", n("1.0"), "v", n(2))))).replaced())
        .isEqualTo(1);
    assertThat(numbers.add(write(WriteOperation.put(item("pk", s("1"), "v", n(3))))).replaced())
        .isZero();
    assertThat(numbers.bufferedCount()).isEqualTo(2);
  }

  @Test
  void aKeyInFlightHoldsBackItsNextWriteUntilComplete() {
    buffer.add(put("a", 1));
    PendingWrite first = buffer.takeBatch(25, Long.MAX_VALUE).get(0);
    buffer.add(put("a", 2));
    buffer.add(put("b", 1));

    assertThat(buffer.readyBatchableCount()).isEqualTo(1);
    assertThat(buffer.takeBatch(25, Long.MAX_VALUE))
        .extracting(w -> w.key().partitionKey().s())
        .containsExactly("b");
    assertThat(buffer.readyBatchableCount()).isZero();

    buffer.complete(first);
    List<PendingWrite> next = buffer.takeBatch(25, Long.MAX_VALUE);
    assertThat(next).hasSize(1);
    assertThat(next.get(0).operation().item().get("v")).isEqualTo(n(2));
    assertThat(buffer.inFlightCount()).isEqualTo(2);
  }

  @Test
  void updatesQueueBehindAndDoNotReplace() {
    buffer.add(put("a", 1));
    buffer.add(update("a"));
    buffer.add(update("a"));
    assertThat(buffer.bufferedCount()).isEqualTo(3);
    assertThat(buffer.hasReadyAlone()).isFalse();

    PendingWrite put = buffer.takeBatch(25, Long.MAX_VALUE).get(0);
    assertThat(put.kind()).isEqualTo(WriteOperation.Kind.PUT);
    buffer.complete(put);
    assertThat(buffer.hasReadyAlone()).isTrue();
    PendingWrite update = buffer.takeAlone();
    assertThat(buffer.hasReadyAlone()).isFalse();
    buffer.complete(update);
    buffer.complete(buffer.takeAlone());
    assertThat(buffer.isEmpty()).isTrue();
  }

  @Test
  void aPutAfterUpdatesReplacesThemAll() {
    buffer.add(update("a"));
    buffer.add(update("a"));
    assertThat(buffer.add(put("a", 9)).replaced()).isEqualTo(2);
    assertThat(buffer.hasReadyAlone()).isFalse();
    assertThat(buffer.readyBatchableCount()).isEqualTo(1);
  }

  @Test
  void conditionalPutsKeepTheHighestVersion() {
    assertThat(buffer.add(conditional("a", "5"))).isEqualTo(new WriteBuffer.Added(true, 0, 0));
    assertThat(buffer.add(conditional("a", "7"))).isEqualTo(new WriteBuffer.Added(true, 1, 0));
    // Not newer than the buffered 7: DynamoDB would refuse it after the 7, so it is skipped.
    assertThat(buffer.add(conditional("a", "7.0"))).isEqualTo(new WriteBuffer.Added(false, 0, 1));
    assertThat(buffer.add(conditional("a", "10"))).isEqualTo(new WriteBuffer.Added(true, 1, 0));
    assertThat(buffer.bufferedCount()).isEqualTo(1);
    PendingWrite only = buffer.takeAlone();
    assertThat(only.version()).isEqualTo(n("10"));
  }

  @Test
  void conditionalPutsOfDifferentVersionTypesBothQueue() {
    buffer.add(conditional("a", "5"));
    WriteBuffer.Added added =
        buffer.add(conditionalWith("a", AttributeValue.fromS("2024-05-01T00:00:00Z")));
    assertThat(added).isEqualTo(new WriteBuffer.Added(true, 0, 0));
    assertThat(buffer.bufferedCount()).isEqualTo(2);
  }

  @Test
  void batchesRespectCountAndBytesButTakeAtLeastOne() {
    for (int i = 0; i < 10; i++) {
      buffer.add(put("k" + i, 7));
    }
    long oneItem = put("k0", 7).bytes();
    assertThat(buffer.readyBatchableBytes()).isEqualTo(10 * oneItem);
    assertThat(buffer.takeBatch(4, Long.MAX_VALUE)).hasSize(4);
    assertThat(buffer.takeBatch(25, 2 * oneItem + 1)).hasSize(2);
    assertThat(buffer.takeBatch(25, 1)).hasSize(1);
    assertThat(buffer.readyBatchableCount()).isEqualTo(3);
    assertThat(buffer.readyBatchableBytes()).isEqualTo(3 * oneItem);
  }

  @Test
  void aBusyKeyKeepsItsPlaceInTheReadyOrder() {
    buffer.add(put("a", 1));
    buffer.add(put("b", 1));
    buffer.add(put("a", 2));
    assertThat(buffer.takeBatch(1, Long.MAX_VALUE).get(0).key()).isEqualTo(ItemKey.of(s("a")));
  }

  private static PendingWrite put(String key, long value) {
    return write(WriteOperation.put(item("pk", s(key), "v", n(value))));
  }

  private static PendingWrite delete(String key) {
    return write(WriteOperation.delete(item("pk", s(key))));
  }

  private static PendingWrite update(String key) {
    return write(
        WriteOperation.update(
            item("pk", s(key)), "ADD #c :one", Map.of("#c", "c"), Map.of(":one", n(1))));
  }

  private static PendingWrite conditional(String key, String version) {
    return conditionalWith(key, n(version));
  }

  private static PendingWrite conditionalWith(String key, AttributeValue version) {
    WriteOperation put = WriteOperation.put(item("pk", s(key), "version", version));
    ItemKey itemKey = SCHEMA.keyOf(put.item());
    return new PendingWrite(
        put, itemKey, SCHEMA.keyAttributes(itemKey), ItemSize.of(put.item()), version);
  }

  private static PendingWrite write(WriteOperation operation) {
    ItemKey key = SCHEMA.keyOf(operation.item());
    return new PendingWrite(
        operation, key, SCHEMA.keyAttributes(key), ItemSize.of(operation.item()), null);
  }
}
