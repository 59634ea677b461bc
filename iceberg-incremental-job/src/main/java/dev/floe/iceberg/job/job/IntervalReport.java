package dev.floe.iceberg.job.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What the streaming job committed for one checkpoint: the progress it logs per interval.
 *
 * @param checkpointId the checkpoint whose data this commit holds
 * @param runId the run id in the commit's snapshot summary ({@code <job id>-<checkpoint id>})
 * @param read per source name, the records read (within the time filter)
 * @param written the records kept and written
 * @param notNewer the records not newer than what the target holds for their index value
 * @param replaced the target rows an upsert replaced
 * @param lookedUp the index values looked up in the target; values seen before are in keyed state
 * @param positions per source name, the last snapshot consumed, as committed
 * @param outcome committed now, or found committed before a failover
 * @param snapshotId the target snapshot that holds the commit
 */
public record IntervalReport(
    long checkpointId,
    String runId,
    Map<String, Long> read,
    long written,
    long notNewer,
    long replaced,
    long lookedUp,
    Map<String, Long> positions,
    TargetCommitter.Outcome outcome,
    Long snapshotId) {

  public IntervalReport {
    read = Collections.unmodifiableMap(new LinkedHashMap<>(read));
    positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
  }

  /** The report as one log line. */
  public String line() {
    StringJoiner reads = new StringJoiner(", ");
    read.forEach((source, count) -> reads.add(source + " " + count));
    return String.format(
        "checkpoint %d: read %s; kept and written: %d, not newer than the target: %d, replaced"
            + " rows: %d, index values looked up in the target: %d; positions %s; %s",
        checkpointId,
        reads,
        written,
        notNewer,
        replaced,
        lookedUp,
        positions,
        outcome == TargetCommitter.Outcome.COMMITTED_ALREADY
            ? "committed before a failover as target snapshot "
                + snapshotId
                + " (run "
                + runId
                + ")"
            : "target snapshot " + snapshotId + " (run " + runId + ")");
  }
}
