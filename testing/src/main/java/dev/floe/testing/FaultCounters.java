package dev.floe.testing;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a {@link DynamoDbFaultProxy} saw and did, per operation and per fault kind. Thread-safe. */
final class FaultCounters {

  private final Map<String, LongAdder> requestsByOperation = new ConcurrentHashMap<>();
  private final Map<FaultKind, Map<String, LongAdder>> faultsByKind =
      new EnumMap<>(FaultKind.class);
  private final LongAdder unprocessedItems = new LongAdder();
  private final LongAdder unprocessedKeys = new LongAdder();

  FaultCounters() {
    // Filled once so the EnumMap is never written to concurrently.
    for (FaultKind kind : FaultKind.values()) {
      faultsByKind.put(kind, new ConcurrentHashMap<>());
    }
  }

  void request(String operation) {
    increment(requestsByOperation, operation, 1);
  }

  void fault(FaultKind kind, String operation) {
    increment(faultsByKind.get(kind), operation, 1);
  }

  void unprocessedItems(int count) {
    unprocessedItems.add(count);
  }

  void unprocessedKeys(int count) {
    unprocessedKeys.add(count);
  }

  long requests() {
    return sum(requestsByOperation);
  }

  long requests(String operation) {
    return get(requestsByOperation, operation);
  }

  long faults() {
    return faultsByKind.values().stream().mapToLong(FaultCounters::sum).sum();
  }

  long faults(FaultKind kind) {
    return sum(faultsByKind.get(kind));
  }

  long faults(FaultKind kind, String operation) {
    return get(faultsByKind.get(kind), operation);
  }

  long unprocessedItems() {
    return unprocessedItems.sum();
  }

  long unprocessedKeys() {
    return unprocessedKeys.sum();
  }

  private static void increment(Map<String, LongAdder> counters, String key, long delta) {
    counters.computeIfAbsent(key, k -> new LongAdder()).add(delta);
  }

  private static long get(Map<String, LongAdder> counters, String key) {
    LongAdder counter = counters.get(key);
    return counter == null ? 0 : counter.sum();
  }

  private static long sum(Map<String, LongAdder> counters) {
    return counters.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
