package dev.floe.iceberg.job.api;

/**
 * What one {@link IncrementalConnector#write} did with the records it was given: each is counted
 * once, in {@code written}, {@code superseded} or {@code notNewer}.
 *
 * @param runId the run id the commit carries in its snapshot summary ({@code floe.run-id})
 * @param written records written: the newest of each index value, newer than the target's row
 * @param superseded records left out because the same call held a newer record of their index value
 * @param notNewer records not applied because the target's row for their index value is as new or
 *     newer (late records)
 * @param replaced target rows deleted because a written record replaced them (upsert mode)
 * @param snapshotId the target snapshot that committed the run; null when there was nothing to
 *     commit (nothing written and no read positions to move)
 * @param committedEarlier true when an earlier, failed call of the same run had committed already,
 *     so that this call, its retry, committed nothing; the counts are then 0
 */
public record WriteReport(
    String runId,
    long written,
    long superseded,
    long notNewer,
    long replaced,
    Long snapshotId,
    boolean committedEarlier) {}
