package dev.floe.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * Something the {@link DynamoDbFaultProxy} does to a request instead of (or before) forwarding it
 * unchanged. Used in a {@link FaultRule}, which says when.
 */
public sealed interface Fault
    permits Fault.ErrorResponse, Fault.ConnectionReset, Fault.Delay, Fault.PartialBatch {

  /** Answers with DynamoDB's own error; the request never reaches DynamoDB. */
  static Fault error(DynamoDbError error) {
    return new ErrorResponse(error);
  }

  /** Closes the connection without answering; the request never reaches DynamoDB. */
  static Fault connectionReset() {
    return new ConnectionReset();
  }

  /** Waits before the request goes on; other rules still apply to it afterwards. */
  static Fault delay(Duration duration) {
    return new Delay(duration);
  }

  /**
   * BatchWriteItem / BatchGetItem: forwards all but the last {@code count} writes or keys of each
   * call and answers those as UnprocessedItems / UnprocessedKeys.
   */
  static Fault partialBatchDroppingLast(int count) {
    return new PartialBatch(count, -1);
  }

  /**
   * BatchWriteItem / BatchGetItem: forwards the first {@code fraction} of the writes or keys of
   * each call (rounded down) and answers the rest as UnprocessedItems / UnprocessedKeys.
   */
  static Fault partialBatchKeeping(double fraction) {
    return new PartialBatch(-1, fraction);
  }

  /** The counter this fault is counted under. */
  FaultKind kind();

  /** See {@link Fault#error(DynamoDbError)}. */
  record ErrorResponse(DynamoDbError error) implements Fault {
    public ErrorResponse {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public FaultKind kind() {
      return error.kind();
    }
  }

  /** See {@link Fault#connectionReset()}. */
  record ConnectionReset() implements Fault {
    @Override
    public FaultKind kind() {
      return FaultKind.CONNECTION_RESET;
    }
  }

  /** See {@link Fault#delay(Duration)}. */
  record Delay(Duration duration) implements Fault {
    public Delay {
      if (duration == null || duration.isNegative()) {
        throw new IllegalArgumentException("Cannot delay by " + duration + ": need >= 0");
      }
    }

    @Override
    public FaultKind kind() {
      return FaultKind.LATENCY;
    }
  }

  /**
   * See {@link Fault#partialBatchDroppingLast(int)} and {@link Fault#partialBatchKeeping(double)}:
   * exactly one of {@code dropLast} and {@code keepFraction} is set, the other is -1.
   */
  record PartialBatch(int dropLast, double keepFraction) implements Fault {
    public PartialBatch {
      boolean dropping = dropLast >= 0 && keepFraction == -1;
      boolean keeping = dropLast == -1 && keepFraction >= 0 && keepFraction <= 1;
      if (!dropping && !keeping) {
        throw new IllegalArgumentException(
            "Cannot build a partial batch with dropLast="
                + dropLast
                + ", keepFraction="
                + keepFraction
                + ": need dropLast >= 0 or 0 <= keepFraction <= 1");
      }
    }

    /**
     * How many of {@code total} writes or keys to forward. Always at least one: real DynamoDB
     * processes something or fails the whole call, and a resubmit loop must make progress.
     */
    int keepCount(int total) {
      // The epsilon keeps e.g. 0.7 * 10 = 6.9999... from rounding down to 6.
      int keep = dropLast >= 0 ? total - dropLast : (int) Math.floor(total * keepFraction + 1e-9);
      return Math.min(total, Math.max(1, keep));
    }

    @Override
    public FaultKind kind() {
      return FaultKind.PARTIAL_BATCH;
    }
  }
}
