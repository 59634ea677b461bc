package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import dev.floe.iceberg.job.plan.IcebergSourcePlan;
import dev.floe.iceberg.job.plan.SnapshotNotInHistoryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planning of {@link PlannerSource}: once per poll interval, refreshes each source table and
 * plans what it gained after its position with the batch run's planner ({@link
 * IcebergSources#plan}), under {@code max_records} per poll and the time filter relative to the
 * poll. Everything one poll emits is emitted within one call of {@link #pollNext}, between two
 * checkpoint barriers.
 *
 * <p>The wait for the next poll runs on a timer thread of the reader's own, ended in {@link
 * #close}: a JDK-wide timer thread would keep the job's classes loaded on a session cluster after
 * the job ended.
 */
final class PlannerReader implements SourceReader<Tuple3<Integer, Long, String>, PlannerSplit> {
  private static final Logger LOG = LoggerFactory.getLogger(PlannerReader.class);

  /** The name of the thread that ends the wait for the next poll. */
  static final String TIMER_THREAD = "floe planner timer";

  private final CatalogLoader catalogLoader;
  private final List<PlannerSource.SourceAddress> sources;
  private final long pollMillis;
  private final Duration timeFilter;
  private final OptionalLong maxRecords;

  private ScheduledExecutorService timer;
  private Catalog catalog;
  private List<Table> tables;
  private PlannerSplit split;
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private long nextPollAt;
  private boolean ended;

  PlannerReader(
      CatalogLoader catalogLoader,
      List<PlannerSource.SourceAddress> sources,
      Duration pollInterval,
      Duration timeFilter,
      Long maxRecords) {
    this.catalogLoader = catalogLoader;
    this.sources = sources;
    this.pollMillis = pollInterval.toMillis();
    this.timeFilter = timeFilter;
    this.maxRecords = maxRecords == null ? OptionalLong.empty() : OptionalLong.of(maxRecords);
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, TIMER_THREAD);
              thread.setDaemon(true);
              return thread;
            });
    catalog = catalogLoader.loadCatalog();
    tables = new ArrayList<>();
    for (PlannerSource.SourceAddress source : sources) {
      tables.add(catalog.loadTable(source.source().table()));
    }
  }

  @Override
  public InputStatus pollNext(ReaderOutput<Tuple3<Integer, Long, String>> output) {
    if (ended) {
      return InputStatus.END_OF_INPUT;
    }
    if (split == null) {
      return InputStatus.NOTHING_AVAILABLE; // until addSplits completes the future
    }
    long now = System.currentTimeMillis();
    if (now < nextPollAt) {
      if (available.isDone()) {
        available = completedAt(nextPollAt);
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
    if (!poll(output)) {
      ended = true;
      // Tells StreamingRun that the job ends for a new schema, not because it was stopped.
      output.collect(Tuple3.of(PlannerSource.SCHEMA_CHANGED, 0L, ""));
      return InputStatus.END_OF_INPUT;
    }
    nextPollAt = now + pollMillis;
    available = completedAt(nextPollAt);
    return InputStatus.NOTHING_AVAILABLE;
  }

  /** One poll; false when a source changed its schema, which ends the job. */
  private boolean poll(ReaderOutput<Tuple3<Integer, Long, String>> output) {
    for (int i = 0; i < tables.size(); i++) {
      Table table = tables.get(i);
      table.refresh();
      PlannerSource.SourceAddress source = sources.get(i);
      if (table.schema().schemaId() != source.schemaId()) {
        LOG.info(
            "Source {} changed its schema (id {} when the job started, now {}): nothing more is"
                + " planned; the job ends once its last checkpoint committed what was planned"
                + " before, and starts again with the target evolved",
            source.source().name(),
            source.schemaId(),
            table.schema().schemaId());
        return false;
      }
    }
    Long minMicros = IcebergSources.minMicros(timeFilter, Instant.now());
    Map<String, Long> positions = new LinkedHashMap<>(split.positions());
    long sequence = split.nextSequence();
    for (int i = 0; i < tables.size(); i++) {
      RunSpec.Source source = sources.get(i).source();
      IcebergSourcePlan plan;
      try {
        plan =
            IcebergSources.plan(
                source, tables.get(i), ConsumedPositions.fromMap(positions), maxRecords, minMicros);
      } catch (SnapshotNotInHistoryException e) {
        // The consumed snapshot left the source's history: restarting cannot bring it back.
        throw new SuppressRestartsException(e);
      }
      if (plan.isEmpty()) {
        continue;
      }
      for (String task : plan.tasks()) {
        output.collect(Tuple3.of(i, sequence++, task));
      }
      output.collect(Tuple3.of(PlannerSource.POSITION, plan.toInclusive(), source.name()));
      positions.put(source.name(), plan.toInclusive());
      LOG.info(
          "Planned source {}: {} ({} snapshot(s), {} record(s) added, {} file task(s), {} left for"
              + " the next poll)",
          source.name(),
          plan.fromExclusive() == null
              ? "the table as of snapshot " + plan.toInclusive()
              : "snapshots after " + plan.fromExclusive() + " to " + plan.toInclusive(),
          plan.snapshots(),
          plan.addedRecords(),
          plan.tasks().size(),
          plan.deferredSnapshots());
    }
    split = new PlannerSplit(positions, sequence);
    return true;
  }

  private CompletableFuture<Void> completedAt(long millis) {
    long delay = Math.max(0, millis - System.currentTimeMillis());
    CompletableFuture<Void> future = new CompletableFuture<>();
    timer.schedule(() -> future.complete(null), delay, TimeUnit.MILLISECONDS);
    return future;
  }

  @Override
  public List<PlannerSplit> snapshotState(long checkpointId) {
    return split == null ? List.of() : List.of(split);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return available;
  }

  @Override
  public void addSplits(List<PlannerSplit> splits) {
    split = splits.get(splits.size() - 1);
    available.complete(null);
  }

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() throws Exception {
    if (timer != null) {
      timer.shutdownNow();
    }
    Catalogs.close(catalog);
  }
}
