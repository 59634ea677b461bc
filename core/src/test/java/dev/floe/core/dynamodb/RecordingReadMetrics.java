package dev.floe.core.dynamodb;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** {@link ReadMetrics} that add everything up, for assertions. */
final class RecordingReadMetrics implements ReadMetrics {
  final AtomicLong pages = new AtomicLong();
  final AtomicLong items = new AtomicLong();
  final AtomicLong requestsRetried = new AtomicLong();
  final AtomicLong keysRetried = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  final DoubleAdder capacity = new DoubleAdder();

  @Override
  public void pagesRead(int count) {
    pages.addAndGet(count);
  }

  @Override
  public void itemsRead(int count) {
    items.addAndGet(count);
  }

  @Override
  public void requestsRetried(int count) {
    requestsRetried.addAndGet(count);
  }

  @Override
  public void keysRetried(int count) {
    keysRetried.addAndGet(count);
  }

  @Override
  public void requestsThrottled(int count) {
    throttled.addAndGet(count);
  }

  @Override
  public void capacityConsumed(double units) {
    capacity.add(units);
  }

  @Override
  public void requestLatency(long nanos) {
    requests.incrementAndGet();
  }
}
