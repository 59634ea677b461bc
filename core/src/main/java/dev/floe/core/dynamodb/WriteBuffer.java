package dev.floe.core.dynamodb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes of a {@link DynamoDbBatchWriter} that are buffered or in flight, kept per item key:
 *
 * <ul>
 *   <li>at most one write per key is in flight; the others wait in the key's queue, in order, so
 *       writes to one key reach DynamoDB in the order they were made;
 *   <li>a new unconditional put or delete replaces everything buffered for its key (last write
 *       wins), which also keeps two writes of one key out of one batch;
 *   <li>a conditional put meeting a buffered conditional put of its key keeps the higher version,
 *       which is what DynamoDB would end with after both; the lower one counts as skipped;
 *   <li>keys whose next write may go are "ready", in the order they became ready, split into
 *       batchable writes (unconditional puts, deletes) and writes that go alone (conditional puts,
 *       updates).
 * </ul>
 *
 * Not thread-safe: the writer guards it with its lock.
 */
final class WriteBuffer {

  /** What adding a write did to the writes of its key. */
  record Added(boolean buffered, int replaced, int skippedByCondition) {}

  private final Map<ItemKey, KeyWrites> keys = new HashMap<>();
  private final LinkedHashMap<ItemKey, KeyWrites> readyBatchable = new LinkedHashMap<>();
  private final LinkedHashMap<ItemKey, KeyWrites> readyAlone = new LinkedHashMap<>();
  private long readyBatchableBytes;
  private int buffered;
  private int inFlight;

  /** Buffers {@code write} behind the writes of its key, merging where the outcome allows. */
  Added add(PendingWrite write) {
    KeyWrites writes = keys.computeIfAbsent(write.key(), KeyWrites::new);
    PendingWrite headBefore = writes.readyHead();
    Added added = writes.add(write);
    buffered += (added.buffered() ? 1 : 0) - added.replaced();
    updateReadiness(writes, headBefore);
    return added;
  }

  /** Writes buffered, not yet sent. */
  int bufferedCount() {
    return buffered;
  }

  /** Writes sent and not yet answered for good (including those waiting to be retried). */
  int inFlightCount() {
    return inFlight;
  }

  /** Whether nothing is buffered and nothing is in flight. */
  boolean isEmpty() {
    return buffered == 0 && inFlight == 0;
  }

  /** Ready writes that can go in a batch. */
  int readyBatchableCount() {
    return readyBatchable.size();
  }

  /** Bytes of the ready writes that can go in a batch. */
  long readyBatchableBytes() {
    return readyBatchableBytes;
  }

  /** Whether a write that goes alone is ready. */
  boolean hasReadyAlone() {
    return !readyAlone.isEmpty();
  }

  /** Marks the first ready write that goes alone as in flight and returns it. */
  PendingWrite takeAlone() {
    Iterator<KeyWrites> ready = readyAlone.values().iterator();
    KeyWrites writes = ready.next();
    ready.remove();
    return writes.send();
  }

  /**
   * Marks the first ready batchable writes as in flight and returns them: at most {@code maxItems}
   * and {@code maxBytes}, but always at least one.
   */
  List<PendingWrite> takeBatch(int maxItems, long maxBytes) {
    List<PendingWrite> batch = new ArrayList<>(Math.min(maxItems, readyBatchable.size()));
    long bytes = 0;
    Iterator<KeyWrites> ready = readyBatchable.values().iterator();
    while (ready.hasNext() && batch.size() < maxItems) {
      KeyWrites writes = ready.next();
      long size = writes.readyHead().bytes();
      if (!batch.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      ready.remove();
      readyBatchableBytes -= size;
      bytes += size;
      batch.add(writes.send());
    }
    return batch;
  }

  /**
   * Ends the flight of {@code write} (written, skipped or given up): the next write of its key
   * becomes ready.
   */
  void complete(PendingWrite write) {
    KeyWrites writes = keys.get(write.key());
    if (writes == null || writes.inFlight != write) {
      throw new IllegalStateException("Cannot complete a write that is not in flight: " + write);
    }
    writes.inFlight = null;
    inFlight--;
    if (writes.queue.isEmpty()) {
      keys.remove(write.key());
    } else {
      updateReadiness(writes, null);
    }
  }

  /**
   * Files {@code writes} under the ready set its next write belongs to, after its queue changed;
   * {@code headBefore} is the write it was ready with before (null if it was not ready). A key that
   * stays in the same set keeps its place, so a busy key is not pushed back behind newer keys.
   */
  private void updateReadiness(KeyWrites writes, PendingWrite headBefore) {
    PendingWrite head = writes.readyHead();
    if (headBefore != null) {
      if (head != null && head.isBatchable() == headBefore.isBatchable()) {
        if (head.isBatchable()) {
          readyBatchableBytes += head.bytes() - headBefore.bytes();
          readyBatchable.put(writes.key, writes);
        }
        return;
      }
      if (headBefore.isBatchable()) {
        readyBatchable.remove(writes.key);
        readyBatchableBytes -= headBefore.bytes();
      } else {
        readyAlone.remove(writes.key);
      }
    }
    if (head != null) {
      if (head.isBatchable()) {
        readyBatchable.put(writes.key, writes);
        readyBatchableBytes += head.bytes();
      } else {
        readyAlone.put(writes.key, writes);
      }
    }
  }

  /** The writes of one key: at most one in flight, the rest in order. */
  private final class KeyWrites {
    final ItemKey key;
    final ArrayDeque<PendingWrite> queue = new ArrayDeque<>(2);
    PendingWrite inFlight;

    KeyWrites(ItemKey key) {
      this.key = key;
    }

    /** The write that may be sent now: the first queued one, unless one is in flight. */
    PendingWrite readyHead() {
      return inFlight == null ? queue.peekFirst() : null;
    }

    Added add(PendingWrite write) {
      if (write.isBatchable()) {
        int replaced = queue.size();
        queue.clear();
        queue.addLast(write);
        return new Added(true, replaced, 0);
      }
      PendingWrite last = queue.peekLast();
      if (write.isConditionalPut() && last != null && last.isConditionalPut()) {
        Optional<Integer> order = VersionOrder.compare(write.version(), last.version());
        if (order.isPresent()) {
          if (order.get() > 0) {
            queue.removeLast();
            queue.addLast(write);
            return new Added(true, 1, 0);
          }
          // DynamoDB would refuse it after the buffered one: not lower is not enough.
          return new Added(false, 0, 1);
        }
      }
      queue.addLast(write);
      return new Added(true, 0, 0);
    }

    PendingWrite send() {
      PendingWrite write = queue.pollFirst();
      inFlight = write;
      buffered--;
      WriteBuffer.this.inFlight++;
      return write;
    }
  }
}
