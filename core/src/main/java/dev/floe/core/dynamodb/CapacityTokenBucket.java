package dev.floe.core.dynamodb;

import java.util.function.LongSupplier;

/**
 * A token bucket in write capacity units. A call may go when the balance is positive and takes its
 * estimated units (the balance may go negative: a batch can cost more than a second's worth);
 * DynamoDB's answer then corrects the estimate with the units it reports as consumed. Over time the
 * writer consumes at most the rate, plus one second's burst. Not thread-safe: the writer guards it.
 */
final class CapacityTokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double unitsPerSecond;
  private final double capacity;
  private final LongSupplier clock;
  private double tokens;
  private long refilledAt;

  CapacityTokenBucket(double unitsPerSecond, LongSupplier clock) {
    this.unitsPerSecond = unitsPerSecond;
    // One second of burst, and at least one unit, so a single small write is never refused.
    this.capacity = Math.max(1, unitsPerSecond);
    this.clock = clock;
    this.tokens = capacity;
    this.refilledAt = clock.getAsLong();
  }

  double unitsPerSecond() {
    return unitsPerSecond;
  }

  /** Nanoseconds until a call may go: 0 if it may go now. */
  long nanosUntilAvailable() {
    refill();
    if (tokens > 0) {
      return 0;
    }
    // A nanosecond more, so the balance is positive when the caller comes back.
    return (long) Math.ceil((-tokens) / unitsPerSecond * NANOS_PER_SECOND) + 1;
  }

  /** Takes the estimated cost of a call being sent. */
  void take(double units) {
    refill();
    tokens -= units;
  }

  /** Corrects the balance once DynamoDB reported what a call consumed (or refunds a failure). */
  void correct(double estimated, double consumed) {
    refill();
    tokens = Math.min(capacity, tokens + estimated - consumed);
  }

  private void refill() {
    long now = clock.getAsLong();
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed / NANOS_PER_SECOND * unitsPerSecond);
      refilledAt = now;
    }
  }
}
