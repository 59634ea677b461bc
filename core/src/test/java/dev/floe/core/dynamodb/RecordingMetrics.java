package dev.floe.core.dynamodb;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** {@link WriteMetrics} that add everything up, for assertions. */
final class RecordingMetrics implements WriteMetrics {
  final AtomicLong written = new AtomicLong();
  final AtomicLong writtenBytes = new AtomicLong();
  final AtomicLong deleted = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong latencyNanos = new AtomicLong();
  final AtomicLong deduplicated = new AtomicLong();
  final DoubleAdder capacity = new DoubleAdder();

  @Override
  public void itemsWritten(int count, long bytes) {
    written.addAndGet(count);
    writtenBytes.addAndGet(bytes);
  }

  @Override
  public void itemsDeleted(int count) {
    deleted.addAndGet(count);
  }

  @Override
  public void itemsSkippedByCondition(int count) {
    skipped.addAndGet(count);
  }

  @Override
  public void itemsRetried(int count) {
    retried.addAndGet(count);
  }

  @Override
  public void requestsThrottled(int count) {
    throttled.addAndGet(count);
  }

  @Override
  public void requestLatency(long nanos) {
    requests.incrementAndGet();
    latencyNanos.addAndGet(nanos);
  }

  @Override
  public void itemsDeduplicated(int count) {
    deduplicated.addAndGet(count);
  }

  @Override
  public void capacityConsumed(double units) {
    capacity.add(units);
  }
}
