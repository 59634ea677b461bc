package dev.floe.iceberg.job.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ScanTaskParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Plans what a run reads of an Iceberg source: every data file added after the snapshot the last
 * run consumed, never a file twice, never one skipped.
 *
 * <ul>
 *   <li>First run: the table as of the chosen snapshot (a plain table scan, so data of expired
 *       snapshots is read too).
 *   <li>Later runs: the snapshots after the consumed one. Appends are read with Iceberg's
 *       incremental append scan; an overwrite (MERGE, UPDATE, copy-on-write DELETE) also adds data
 *       files holding new versions of records, so its added files are read as of that snapshot.
 *       Replace snapshots (compaction) only rewrite records already read and delete snapshots add
 *       none: both are passed over.
 *   <li>{@code max_records} caps a run at snapshot boundaries: snapshots are taken oldest first
 *       while their added records fit; the rest is the next run's. A single snapshot larger than
 *       the cap is taken whole, so a run always makes progress.
 * </ul>
 *
 * The filter (the seed's {@code time_filter_hours}) prunes files by their column statistics here;
 * readers apply it to each row.
 */
public final class IcebergSourcePlanner {
  private IcebergSourcePlanner() {}

  /**
   * @param name the source's name in positions and messages
   * @param table the source table, freshly loaded
   * @param consumed the snapshot id the last run consumed, if any
   * @param maxRecords the cap on records per run, if any
   * @param filter rows to read (Expressions.alwaysTrue() for all)
   * @throws SnapshotNotInHistoryException if the consumed snapshot is no longer in the table's
   *     history
   */
  public static IcebergSourcePlan plan(
      String name, Table table, OptionalLong consumed, OptionalLong maxRecords, Expression filter) {
    Snapshot current = table.currentSnapshot();
    Long from = consumed.isPresent() ? consumed.getAsLong() : null;
    if (current == null || (from != null && from == current.snapshotId())) {
      return new IcebergSourcePlan(name, from, from, 0, 0, 0, List.of());
    }
    if (from == null) {
      return planFirstRun(name, table, current, maxRecords, filter);
    }
    if (table.snapshot(from) == null
        || !SnapshotUtil.isAncestorOf(table, current.snapshotId(), from)) {
      throw new SnapshotNotInHistoryException(
          String.format(
              "Cannot read source table %s incrementally: snapshot %d, which the last run consumed,"
                  + " is no longer in its history (expired, or the table was replaced or rolled"
                  + " back). Keep snapshots longer than the job's schedule; to start over, delete the"
                  + " target table or its floe.position.%s summary by writing a new target.",
              name, from, name));
    }
    List<Snapshot> newer = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.ancestorsBetween(table, current.snapshotId(), from)) {
      newer.add(snapshot);
    }
    Collections.reverse(newer); // oldest first
    List<Snapshot> taken = new ArrayList<>();
    long added = 0;
    for (Snapshot snapshot : newer) {
      long records = addedRecords(snapshot, table);
      if (!taken.isEmpty() && maxRecords.isPresent() && added + records > maxRecords.getAsLong()) {
        break;
      }
      taken.add(snapshot);
      added += records;
    }
    long to = taken.get(taken.size() - 1).snapshotId();
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> appended =
        table
            .newIncrementalAppendScan()
            .fromSnapshotExclusive(from)
            .toSnapshot(to)
            .filter(filter)
            .planFiles()) {
      appended.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the incremental read of " + name, e);
    }
    for (Snapshot snapshot : taken) {
      if (DataOperations.OVERWRITE.equals(snapshot.operation())) {
        tasks.addAll(addedFilesOf(name, table, snapshot, filter));
      }
    }
    return new IcebergSourcePlan(
        name, from, to, taken.size(), added, newer.size() - taken.size(), inCommitOrder(tasks));
  }

  private static IcebergSourcePlan planFirstRun(
      String name, Table table, Snapshot current, OptionalLong maxRecords, Expression filter) {
    List<Snapshot> ancestors = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      ancestors.add(snapshot);
    }
    // Newest first: the newest snapshot whose whole table fits the cap, else the oldest one.
    Snapshot chosen = ancestors.get(ancestors.size() - 1);
    int deferred = ancestors.size() - 1;
    for (int i = 0; i < ancestors.size(); i++) {
      if (maxRecords.isEmpty() || totalRecords(ancestors.get(i)) <= maxRecords.getAsLong()) {
        chosen = ancestors.get(i);
        deferred = i;
        break;
      }
    }
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> files =
        table.newScan().useSnapshot(chosen.snapshotId()).filter(filter).planFiles()) {
      files.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the read of " + name, e);
    }
    return new IcebergSourcePlan(
        name,
        null,
        chosen.snapshotId(),
        ancestors.size() - deferred,
        totalRecords(chosen),
        deferred,
        inCommitOrder(tasks));
  }

  /** The files an overwrite snapshot added, as scan tasks with the deletes of that snapshot. */
  private static List<FileScanTask> addedFilesOf(
      String name, Table table, Snapshot snapshot, Expression filter) {
    Set<String> added = new HashSet<>();
    for (DataFile file : snapshot.addedDataFiles(table.io())) {
      added.add(file.location());
    }
    List<FileScanTask> tasks = new ArrayList<>();
    if (added.isEmpty()) {
      return tasks;
    }
    try (CloseableIterable<FileScanTask> files =
        table.newScan().useSnapshot(snapshot.snapshotId()).filter(filter).planFiles()) {
      for (FileScanTask task : files) {
        if (added.contains(task.file().location())) {
          tasks.add(task);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot plan the read of overwrite snapshot " + snapshot.snapshotId() + " of " + name, e);
    }
    return tasks;
  }

  /**
   * The tasks as JSON in the order their data was committed: by data sequence number, then file and
   * offset. The JSON does not carry sequence numbers, so the order of the list is the only place
   * readers find it.
   */
  private static List<String> inCommitOrder(List<FileScanTask> tasks) {
    List<FileScanTask> sorted = new ArrayList<>(tasks);
    sorted.sort(
        Comparator.comparing(
                (FileScanTask task) ->
                    task.file().dataSequenceNumber() == null
                        ? 0L
                        : task.file().dataSequenceNumber())
            .thenComparing(task -> task.file().location())
            .thenComparingLong(FileScanTask::start));
    List<String> json = new ArrayList<>(sorted.size());
    sorted.forEach(task -> json.add(ScanTaskParser.toJson(task)));
    return json;
  }

  private static long addedRecords(Snapshot snapshot, Table table) {
    String operation = snapshot.operation();
    if (!DataOperations.APPEND.equals(operation) && !DataOperations.OVERWRITE.equals(operation)) {
      return 0;
    }
    Map<String, String> summary = snapshot.summary();
    String added = summary == null ? null : summary.get(SnapshotSummary.ADDED_RECORDS_PROP);
    if (added != null) {
      return Long.parseLong(added);
    }
    long records = 0;
    for (DataFile file : snapshot.addedDataFiles(table.io())) {
      records += file.recordCount();
    }
    return records;
  }

  private static long totalRecords(Snapshot snapshot) {
    Map<String, String> summary = snapshot.summary();
    String total = summary == null ? null : summary.get(SnapshotSummary.TOTAL_RECORDS_PROP);
    return total == null ? Long.MAX_VALUE : Long.parseLong(total);
  }
}
