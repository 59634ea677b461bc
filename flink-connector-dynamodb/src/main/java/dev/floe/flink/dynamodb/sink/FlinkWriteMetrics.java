package dev.floe.flink.dynamodb.sink;

import dev.floe.core.dynamodb.WriteMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Binds the writer's events to Flink metrics: Flink's standard {@code numRecordsSend} and {@code
 * numBytesSend}, and in the group {@code dynamodb}: {@code itemsWritten}, {@code itemsDeleted},
 * {@code itemsSkippedByCondition}, {@code itemsDeduplicated} (replaced in the buffer by a later
 * write of their key), {@code itemsRetried}, {@code requestsThrottled}, {@code
 * capacityUnitsConsumed} (reported by DynamoDB when a rate limit is set) and the {@code
 * requestLatencyMillis} histogram.
 */
final class FlinkWriteMetrics implements WriteMetrics {
  private static final int LATENCY_WINDOW = 1_000;

  private final Counter recordsSent;
  private final Counter bytesSent;
  private final Counter written;
  private final Counter deleted;
  private final Counter skipped;
  private final Counter retried;
  private final Counter throttled;
  private final Counter deduplicated;
  private final Counter capacityUnits;
  private final Histogram latency;

  FlinkWriteMetrics(SinkWriterMetricGroup metrics) {
    this.recordsSent = metrics.getNumRecordsSendCounter();
    this.bytesSent = metrics.getNumBytesSendCounter();
    MetricGroup group = metrics.addGroup("dynamodb");
    this.written = group.counter("itemsWritten");
    this.deleted = group.counter("itemsDeleted");
    this.skipped = group.counter("itemsSkippedByCondition");
    this.retried = group.counter("itemsRetried");
    this.throttled = group.counter("requestsThrottled");
    this.deduplicated = group.counter("itemsDeduplicated");
    this.capacityUnits = group.counter("capacityUnitsConsumed");
    this.latency =
        group.histogram("requestLatencyMillis", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
  }

  @Override
  public void itemsWritten(int count, long bytes) {
    written.inc(count);
    recordsSent.inc(count);
    bytesSent.inc(bytes);
  }

  @Override
  public void itemsDeleted(int count) {
    deleted.inc(count);
    recordsSent.inc(count);
  }

  @Override
  public void itemsSkippedByCondition(int count) {
    skipped.inc(count);
  }

  @Override
  public void itemsRetried(int count) {
    retried.inc(count);
  }

  @Override
  public void requestsThrottled(int count) {
    throttled.inc(count);
  }

  @Override
  public void itemsDeduplicated(int count) {
    deduplicated.inc(count);
  }

  @Override
  public void capacityConsumed(double units) {
    capacityUnits.inc(Math.round(units));
  }

  @Override
  public void requestLatency(long nanos) {
    latency.update(nanos / 1_000_000);
  }
}
