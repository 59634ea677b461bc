package dev.floe.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Times a Flink job from its first record to the end of its input and counts the records (and the
 * ones a test calls misses), through a discarding sink. The MiniCluster runs in this JVM, so the
 * sink reports through static counters; benchmarks run one job at a time.
 */
final class TimedRecords {
  private static final AtomicLong FIRST_RECORD = new AtomicLong(Long.MAX_VALUE);
  private static final AtomicLong END_OF_INPUT = new AtomicLong();
  private static final AtomicLong RECORDS = new AtomicLong();
  private static final AtomicLong MISSES = new AtomicLong();

  private TimedRecords() {}

  /** Clears the counters before a job. */
  static void reset() {
    FIRST_RECORD.set(Long.MAX_VALUE);
    END_OF_INPUT.set(0);
    RECORDS.set(0);
    MISSES.set(0);
  }

  /** A sink that counts records, and those {@code isMiss} accepts as misses. */
  static <T> Sink<T> sink(FilterFunction<T> isMiss) {
    return new TimingSink<>(isMiss);
  }

  static long records() {
    return RECORDS.get();
  }

  static long misses() {
    return MISSES.get();
  }

  /** Nanoseconds from the first record to the end of input, over all subtasks. */
  static long elapsedNanos() {
    return END_OF_INPUT.get() - FIRST_RECORD.get();
  }

  /** Throws unless {@code read} equals {@code expected}, naming the path measured. */
  static void require(long read, long expected, String path) {
    if (read != expected) {
      throw new IllegalStateException(
          path + " produced " + read + " records, expected " + expected);
    }
  }

  private static final class TimingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private final FilterFunction<T> isMiss;

    TimingSink(FilterFunction<T> isMiss) {
      this.isMiss = isMiss;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        private boolean started;
        private long count;
        private long misses;

        @Override
        public void write(T element, Context elementContext) throws java.io.IOException {
          if (!started) {
            started = true;
            FIRST_RECORD.accumulateAndGet(System.nanoTime(), Math::min);
          }
          count++;
          try {
            if (isMiss.filter(element)) {
              misses++;
            }
          } catch (Exception e) {
            throw new java.io.IOException(e);
          }
        }

        @Override
        public void flush(boolean endOfInput) {
          if (endOfInput) {
            END_OF_INPUT.accumulateAndGet(System.nanoTime(), Math::max);
          }
        }

        @Override
        public void close() {
          RECORDS.addAndGet(count);
          MISSES.addAndGet(misses);
          count = 0;
          misses = 0;
        }
      };
    }
  }
}
