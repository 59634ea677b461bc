package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.ReadMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Binds the page reader's events to counters in the group {@code dynamodb}: {@code pagesRead},
 * {@code itemsRead}, {@code requestsRetried}, {@code requestsThrottled} and {@code
 * capacityUnitsConsumed} (reported while a read rate limit is set). Updated from the fetcher thread
 * only.
 */
final class FlinkReadMetrics implements ReadMetrics {
  private final Counter pages;
  private final Counter items;
  private final Counter retried;
  private final Counter throttled;
  private final Counter capacityUnits;

  FlinkReadMetrics(MetricGroup metrics) {
    MetricGroup group = metrics.addGroup("dynamodb");
    this.pages = group.counter("pagesRead");
    this.items = group.counter("itemsRead");
    this.retried = group.counter("requestsRetried");
    this.throttled = group.counter("requestsThrottled");
    this.capacityUnits = group.counter("capacityUnitsConsumed");
  }

  @Override
  public void pagesRead(int count) {
    pages.inc(count);
  }

  @Override
  public void itemsRead(int count) {
    items.inc(count);
  }

  @Override
  public void requestsRetried(int count) {
    retried.inc(count);
  }

  @Override
  public void requestsThrottled(int count) {
    throttled.inc(count);
  }

  @Override
  public void capacityConsumed(double units) {
    capacityUnits.inc(Math.round(units));
  }
}
