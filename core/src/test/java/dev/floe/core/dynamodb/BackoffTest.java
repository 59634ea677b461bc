package dev.floe.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(10));

  @Test
  void ceilingDoublesUpToTheMaximum() {
    assertThat(backoff.ceilingNanos(1)).isEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(backoff.ceilingNanos(2)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(backoff.ceilingNanos(5)).isEqualTo(Duration.ofMillis(800).toNanos());
    assertThat(backoff.ceilingNanos(9)).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(backoff.ceilingNanos(1000)).isEqualTo(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void delaysAreFullJitterBelowTheCeiling() {
    long ceiling = backoff.ceilingNanos(3);
    long below = 0;
    for (int i = 0; i < 1000; i++) {
      long delay = backoff.delayNanos(3);
      assertThat(delay).isBetween(0L, ceiling);
      if (delay < ceiling / 2) {
        below++;
      }
    }
    // Uniform on [0, ceiling]: about half fall in the lower half.
    assertThat(below).isBetween(350L, 650L);
  }
}
