package dev.floe.core.dynamodb;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time between 0 and {@code
 * min(max, initial * 2^(n-1))}. Full jitter spreads the retries of many writers that were throttled
 * together, instead of sending them back in step.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;

  Backoff(Duration initial, Duration max) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** The upper bound of the delay before retry number {@code retry} (1 for the first). */
  long ceilingNanos(int retry) {
    int doublings = Math.max(0, Math.min(retry - 1, 62));
    long ceiling = initialNanos;
    for (int i = 0; i < doublings && ceiling < maxNanos; i++) {
      ceiling = ceiling > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : ceiling * 2;
    }
    return Math.min(ceiling, maxNanos);
  }

  /** A random delay before retry number {@code retry} (1 for the first). */
  long delayNanos(int retry) {
    return ThreadLocalRandom.current().nextLong(ceilingNanos(retry) + 1);
  }
}
