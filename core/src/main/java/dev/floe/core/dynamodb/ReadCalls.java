package dev.floe.core.dynamodb;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Sends the requests of one reader: waits for read capacity when a rate limit is set, retries
 * throttling and transient errors with {@link Backoff} (classified by {@link WriteErrors}, as for
 * writes), reports to {@link ReadMetrics}, and turns fatal errors into a {@link
 * DynamoDbReadException} that names the table and says what to do. Blocking and single-threaded, as
 * its readers are.
 */
final class ReadCalls {
  private final ReadSpec spec;
  private final ReadMetrics metrics;
  private final Backoff backoff;
  private final CapacityTokenBucket rateLimit;

  ReadCalls(DynamoDbClient client, ReadSpec spec, ReadMetrics metrics) {
    this(client, spec, metrics, null);
  }

  /** With the table's description when the caller has it, so it is not described twice. */
  ReadCalls(DynamoDbClient client, ReadSpec spec, ReadMetrics metrics, TableDescription described) {
    this.spec = spec;
    this.metrics = metrics;
    this.backoff = new Backoff(spec.initialBackoff(), spec.maxBackoff());
    this.rateLimit =
        spec.readRateLimit()
            .map(
                limit ->
                    new CapacityTokenBucket(
                        limit.isPercentOfProvisioned()
                            ? limit.resolve(
                                described != null
                                    ? described
                                    : TableKeySchema.TableDescriptions.describe(
                                        client, spec.tableName()))
                            : limit.value(),
                        System::nanoTime))
            .orElse(null);
  }

  /** Whether requests should ask for ConsumedCapacity (only to apply a rate limit). */
  boolean wantsConsumedCapacity() {
    return rateLimit != null;
  }

  /** Units per second of the rate limit, or 0 without one. */
  double unitsPerSecond() {
    return rateLimit == null ? 0 : rateLimit.unitsPerSecond();
  }

  /**
   * Sends {@code request} until it succeeds, retrying as allowed.
   *
   * @param what the request, for messages: {@code Scan of segment 2 of 8}
   * @param estimatedUnits the capacity the request is expected to consume (rate limit only)
   * @param keys keys the request carries, counted as retried with each retry (BatchGetItem)
   * @param consumed the capacity units an answer reports
   */
  <T> T call(
      String what,
      double estimatedUnits,
      int keys,
      Supplier<T> request,
      ToDoubleFunction<T> consumed) {
    int retry = 0;
    while (true) {
      if (rateLimit != null) {
        long wait;
        while ((wait = rateLimit.nanosUntilAvailable()) > 0) {
          sleep(wait, what);
        }
        rateLimit.take(estimatedUnits);
      }
      long start = System.nanoTime();
      try {
        T response = request.get();
        metrics.requestLatency(System.nanoTime() - start);
        if (rateLimit != null) {
          double units = consumed.applyAsDouble(response);
          rateLimit.correct(estimatedUnits, units);
          metrics.capacityConsumed(units);
        }
        return response;
      } catch (SdkException e) {
        metrics.requestLatency(System.nanoTime() - start);
        if (rateLimit != null) {
          rateLimit.correct(estimatedUnits, 0);
        }
        WriteErrors.Kind kind = WriteErrors.classify(e);
        if (kind == WriteErrors.Kind.FATAL) {
          throw new DynamoDbReadException(
              "Cannot read "
                  + spec.describeTarget()
                  + ": "
                  + what
                  + " failed with "
                  + WriteErrors.describe(e)
                  + "; "
                  + WriteErrors.readAdvice(e),
              e);
        }
        if (kind == WriteErrors.Kind.THROTTLED) {
          metrics.requestsThrottled(1);
        }
        retry++;
        if (retry > spec.maxRetries()) {
          throw new DynamoDbReadException(
              "Cannot read "
                  + spec.describeTarget()
                  + ": "
                  + what
                  + " still failed with "
                  + WriteErrors.describe(e)
                  + " after "
                  + spec.maxRetries()
                  + " retries; "
                  + WriteErrors.readAdvice(e),
              e);
        }
        metrics.requestsRetried(1);
        if (keys > 0) {
          metrics.keysRetried(keys);
        }
        sleep(backoff.delayNanos(retry), what);
      }
    }
  }

  /** Waits before retry number {@code retry} of work DynamoDB left undone (unprocessed keys). */
  void backoff(int retry, String what) {
    sleep(backoff.delayNanos(retry), what);
  }

  private void sleep(long nanos, String what) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DynamoDbReadException(
          "Interrupted while reading " + spec.describeTarget() + " (" + what + ")", e);
    }
  }
}
