package dev.floe.iceberg.job.plan;

import java.util.List;

/**
 * What one run reads of one Iceberg source table: the data files of the snapshots after {@code
 * fromExclusive} up to and including {@code toInclusive}.
 *
 * @param source the source's name in positions and logs ({@code database.table})
 * @param fromExclusive the snapshot the last run consumed; null on the first run
 * @param toInclusive the snapshot this run consumes up to; equal to {@code fromExclusive} (or null
 *     for an empty table) when there is nothing new
 * @param snapshots the snapshots read
 * @param addedRecords the records those snapshots added, by their summaries (before filters)
 * @param deferredSnapshots newer snapshots left for the next run by {@code max_records}
 * @param tasks the file scan tasks, each as Iceberg's JSON ({@code ScanTaskParser}), so they travel
 *     to the tasks that read them as plain strings; in the order their data was committed (data
 *     sequence number, then file and offset), which the JSON itself does not record
 */
public record IcebergSourcePlan(
    String source,
    Long fromExclusive,
    Long toInclusive,
    int snapshots,
    long addedRecords,
    int deferredSnapshots,
    List<String> tasks) {

  public IcebergSourcePlan {
    tasks = List.copyOf(tasks);
  }

  /** Whether the run reads nothing of this source. */
  public boolean isEmpty() {
    return snapshots == 0;
  }
}
