package dev.floe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void printsOneLineWithBothRatesAndTheirRatio() {
    // ours: 1,000 iterations in 0.5 s; baseline: 1,000 iterations in 1.6 s.
    Iterator<Long> clock =
        List.of(0L, SECOND / 2, 10 * SECOND, 10 * SECOND + 1_600_000_000L).iterator();
    AtomicInteger oursRuns = new AtomicInteger();
    AtomicInteger baselineRuns = new AtomicInteger();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    String line =
        new Comparison(5, 1_000, clock::next)
            .run(
                "batch-write",
                oursRuns::incrementAndGet,
                baselineRuns::incrementAndGet,
                new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(line).isEqualTo("batch-write: ours=2000/s baseline=625/s ratio=3.20");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(line + System.lineSeparator());
    assertThat(oursRuns).hasValue(1_005);
    assertThat(baselineRuns).hasValue(1_005);
  }

  @Test
  void slowRatesKeepTwoDecimals() {
    String line =
        Comparison.line(
            "scan",
            new Comparison.Measurement(3, 2 * SECOND),
            new Comparison.Measurement(7, 3 * SECOND));

    assertThat(line).isEqualTo("scan: ours=1.50/s baseline=2.33/s ratio=0.64");
  }

  @Test
  void refusesAZeroElapsedTime() {
    assertThatThrownBy(() -> new Comparison.Measurement(10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot measure a rate: elapsed time must be positive, but is 0 ns");
  }
}
