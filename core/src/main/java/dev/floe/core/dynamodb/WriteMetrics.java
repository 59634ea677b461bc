package dev.floe.core.dynamodb;

/**
 * What a {@link DynamoDbBatchWriter} reports; engine adapters bind it to Flink metrics or Spark
 * accumulators. One writer calls its metrics one call at a time (under its lock), from the calling
 * thread or from SDK and timer threads, so an implementation need not be thread-safe unless it is
 * shared by several writers; it must be quick and must not call back into the writer.
 */
public interface WriteMetrics {

  /** Metrics that go nowhere. */
  WriteMetrics NONE = new WriteMetrics() {};

  /**
   * Items DynamoDB confirmed as put or updated, and their size ({@link ItemSize}; for an update the
   * size of its key and expression values).
   */
  default void itemsWritten(int count, long bytes) {}

  /** Items DynamoDB confirmed as deleted (deleting a missing item counts too). */
  default void itemsDeleted(int count) {}

  /**
   * Conditional puts not applied because the stored item's version was not lower, or because a
   * buffered put of the same key already carried a version at least as high.
   */
  default void itemsSkippedByCondition(int count) {}

  /** Items sent again: unprocessed by BatchWriteItem, or in a call that was throttled or failed. */
  default void itemsRetried(int count) {}

  /** Calls DynamoDB answered with a throttling error (each retry that is throttled counts). */
  default void requestsThrottled(int count) {}

  /** Time from sending one call (one attempt) to its answer or failure. */
  default void requestLatency(long nanos) {}

  /**
   * Writes replaced in the buffer by a later write of the same key before being sent (last write
   * wins), so never sent.
   */
  default void itemsDeduplicated(int count) {}

  /**
   * Write capacity units DynamoDB reported as consumed (only while a write rate limit is set, as
   * only then the writer asks for ConsumedCapacity).
   */
  default void capacityConsumed(double units) {}
}
