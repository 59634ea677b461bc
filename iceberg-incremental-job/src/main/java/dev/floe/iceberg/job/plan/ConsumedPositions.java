package dev.floe.iceberg.job.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * What the last successful run consumed of each source, as recorded in the target table's snapshot
 * summary. A run commits its data and its new positions in one Iceberg commit, so the positions
 * always describe exactly the data the target holds: a run that crashed before its commit left
 * nothing, and the next run starts where the last commit ended.
 *
 * <p>Summary properties: {@code floe.run-id}, and per source {@code floe.position.<source>} (an
 * Iceberg source's last consumed snapshot id, or a DynamoDB source's datetime high-water mark in
 * microseconds since the epoch).
 */
public final class ConsumedPositions {
  /** Summary property naming the run that committed a snapshot. */
  public static final String RUN_ID = "floe.run-id";

  private static final String POSITION_PREFIX = "floe.position.";

  private final Map<String, Long> positions;
  private final Long snapshotId;

  private ConsumedPositions(Map<String, Long> positions, Long snapshotId) {
    this.positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    this.snapshotId = snapshotId;
  }

  /** Nothing consumed yet: a new target. */
  public static ConsumedPositions none() {
    return new ConsumedPositions(Map.of(), null);
  }

  /**
   * {@code positions} (source name to position) as a streaming job keeps them between its commits;
   * not tied to a target snapshot.
   */
  public static ConsumedPositions fromMap(Map<String, Long> positions) {
    return new ConsumedPositions(positions, null);
  }

  /**
   * The positions of the newest snapshot a run of this job committed, walking back past snapshots
   * other writers committed (compaction, manual fixes), which carry no positions.
   */
  public static ConsumedPositions of(Table target) {
    Snapshot snapshot = target.currentSnapshot();
    while (snapshot != null) {
      Map<String, String> summary = snapshot.summary();
      if (summary != null && summary.containsKey(RUN_ID)) {
        Map<String, Long> positions = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : summary.entrySet()) {
          if (entry.getKey().startsWith(POSITION_PREFIX)) {
            positions.put(
                entry.getKey().substring(POSITION_PREFIX.length()),
                Long.parseLong(entry.getValue()));
          }
        }
        return new ConsumedPositions(positions, snapshot.snapshotId());
      }
      snapshot = snapshot.parentId() == null ? null : target.snapshot(snapshot.parentId());
    }
    return none();
  }

  /** The position of {@code source}, if a run consumed it. */
  public OptionalLong position(String source) {
    Long position = positions.get(source);
    return position == null ? OptionalLong.empty() : OptionalLong.of(position);
  }

  /** The target snapshot these positions come from; empty for a new target. */
  public Optional<Long> snapshotId() {
    return Optional.ofNullable(snapshotId);
  }

  /** These positions with {@code source} moved to {@code position}. */
  public ConsumedPositions with(String source, long position) {
    Map<String, Long> next = new LinkedHashMap<>(positions);
    next.put(source, position);
    return new ConsumedPositions(next, snapshotId);
  }

  /** The summary property that records the position of {@code source}. */
  public static String positionKey(String source) {
    return POSITION_PREFIX + source;
  }

  /** The summary properties that record these positions, for the commit of run {@code runId}. */
  public Map<String, String> summary(String runId) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(RUN_ID, runId);
    positions.forEach(
        (source, position) -> summary.put(POSITION_PREFIX + source, position.toString()));
    return summary;
  }

  public Map<String, Long> asMap() {
    return positions;
  }

  @Override
  public String toString() {
    return "ConsumedPositions" + positions;
  }
}
