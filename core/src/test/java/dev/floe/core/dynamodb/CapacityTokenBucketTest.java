package dev.floe.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CapacityTokenBucketTest {
  private final AtomicLong now = new AtomicLong();
  private final CapacityTokenBucket bucket = new CapacityTokenBucket(10, now::get);

  @Test
  void startsWithOneSecondOfBurstThenRefillsAtTheRate() {
    assertThat(bucket.nanosUntilAvailable()).isZero();
    bucket.take(25);
    // 15 units of debt at 10 units/s: 1.5 s.
    assertThat(bucket.nanosUntilAvailable()).isBetween(1_500_000_000L, 1_500_000_002L);
    now.addAndGet(1_000_000_000L);
    assertThat(bucket.nanosUntilAvailable()).isBetween(500_000_000L, 500_000_002L);
    now.addAndGet(600_000_000L);
    assertThat(bucket.nanosUntilAvailable()).isZero();
  }

  @Test
  void reportedConsumptionCorrectsTheEstimate() {
    bucket.take(10);
    assertThat(bucket.nanosUntilAvailable()).isPositive();
    // DynamoDB reported 4 units, not 10: 6 come back.
    bucket.correct(10, 4);
    assertThat(bucket.nanosUntilAvailable()).isZero();
  }

  @Test
  void neverHoldsMoreThanOneSecond() {
    now.addAndGet(60_000_000_000L);
    bucket.take(10);
    assertThat(bucket.nanosUntilAvailable()).isPositive();
  }
}
