package dev.floe.core.dynamodb;

/**
 * What {@link PageReader} and {@link BatchGetReader} report; engine adapters bind it to Flink
 * metrics or Spark accumulators. A reader calls it from the thread that calls the reader; it must
 * be quick and must not call back into the reader.
 */
public interface ReadMetrics {

  /** Metrics that go nowhere. */
  ReadMetrics NONE = new ReadMetrics() {};

  /** Scan or Query pages (or BatchGetItem answers) received. */
  default void pagesRead(int count) {}

  /** Items returned to the caller. */
  default void itemsRead(int count) {}

  /** Requests sent again after a throttling or transient error. */
  default void requestsRetried(int count) {}

  /** BatchGetItem keys sent again: returned as UnprocessedKeys, or in a request that failed. */
  default void keysRetried(int count) {}

  /** Requests DynamoDB answered with a throttling error. */
  default void requestsThrottled(int count) {}

  /** Read capacity units DynamoDB reported (only while a read rate limit is set). */
  default void capacityConsumed(double units) {}

  /** Time of one request attempt, from sending to its answer or failure. */
  default void requestLatency(long nanos) {}
}
