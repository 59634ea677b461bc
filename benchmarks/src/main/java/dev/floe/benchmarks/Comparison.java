package dev.floe.benchmarks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Times two bodies, ours and a baseline, over the same number of iterations and reports their rates
 * and ratio as one line.
 *
 * <p>Both bodies run back to back in one JVM against the same service, after the same warm-up, so
 * the ratio stays comparable across machines even where the absolute rates do not.
 */
public final class Comparison {

  private final int warmupIterations;
  private final int iterations;
  private final LongSupplier nanoClock;

  /** The elapsed time of {@code iterations} runs of one body. */
  public record Measurement(long iterations, long elapsedNanos) {

    public Measurement {
      if (iterations <= 0) {
        throw new IllegalArgumentException(
            "Cannot measure a rate: iterations must be positive, but is " + iterations);
      }
      if (elapsedNanos <= 0) {
        throw new IllegalArgumentException(
            "Cannot measure a rate: elapsed time must be positive, but is " + elapsedNanos + " ns");
      }
    }

    /** Iterations per second. */
    public double ratePerSecond() {
      return iterations * 1_000_000_000.0 / elapsedNanos;
    }
  }

  public Comparison(int warmupIterations, int iterations) {
    this(warmupIterations, iterations, System::nanoTime);
  }

  /** For tests: {@code nanoClock} replaces {@link System#nanoTime()}. */
  Comparison(int warmupIterations, int iterations, LongSupplier nanoClock) {
    if (warmupIterations < 0) {
      throw new IllegalArgumentException(
          "Cannot benchmark: warm-up iterations must not be negative, but is " + warmupIterations);
    }
    if (iterations <= 0) {
      throw new IllegalArgumentException(
          "Cannot benchmark: iterations must be positive, but is " + iterations);
    }
    this.warmupIterations = warmupIterations;
    this.iterations = iterations;
    this.nanoClock = nanoClock;
  }

  /** Runs both bodies, prints the result line to {@code out} and returns it. */
  public String run(String caseName, Runnable ours, Runnable baseline, PrintStream out) {
    Measurement oursMeasured = measure(ours);
    Measurement baselineMeasured = measure(baseline);
    String line = line(caseName, oursMeasured, baselineMeasured);
    out.println(line);
    return line;
  }

  /** Warms {@code body} up, then times {@code iterations} runs of it. */
  public Measurement measure(Runnable body) {
    for (int i = 0; i < warmupIterations; i++) {
      body.run();
    }
    long start = nanoClock.getAsLong();
    for (int i = 0; i < iterations; i++) {
      body.run();
    }
    return new Measurement(iterations, nanoClock.getAsLong() - start);
  }

  /** {@code <case>: ours=<rate>/s baseline=<rate>/s ratio=<ours/baseline>}. */
  public static String line(String caseName, Measurement ours, Measurement baseline) {
    double oursRate = ours.ratePerSecond();
    double baselineRate = baseline.ratePerSecond();
    return String.format(
        Locale.ROOT,
        "%s: ours=%s/s baseline=%s/s ratio=%.2f",
        caseName,
        formatRate(oursRate),
        formatRate(baselineRate),
        oursRate / baselineRate);
  }

  /** Whole numbers from 100/s up; two decimals below, where they still carry information. */
  static String formatRate(double perSecond) {
    return perSecond >= 100
        ? String.format(Locale.ROOT, "%.0f", perSecond)
        : String.format(Locale.ROOT, "%.2f", perSecond);
  }
}
