package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a run: its data and delete files and its new source positions in one Iceberg commit.
 * Until this commit nothing of the run is visible, and with it the positions move exactly as far as
 * the data: a run that fails before it leaves the target as it was and the next run reads the same
 * records again; a run that fails after it is complete, and the next run starts after it.
 *
 * <p>Idempotent by run id: a run whose commit went through already (a task restarted after a
 * failover, an embedding caller retrying a write) commits nothing the second time. It refuses to
 * commit if another run committed to the target since this run read its positions, so two runs
 * started together cannot both apply the same records.
 *
 * <p>Plain Java, so that the Flink job ({@link CommitToTarget}), the streaming job ({@link
 * CommitCheckpoints}, one committer per checkpoint, each based on the snapshot the one before
 * committed) and the embedding API share it.
 */
public final class TargetCommitter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TargetCommitter.class);

  /** What {@link #commit} did. */
  public enum Outcome {
    /** No files and no moved positions: the target is unchanged. */
    NOTHING_TO_COMMIT,
    /** This call committed the run. */
    COMMITTED,
    /** An earlier attempt of the same run committed it; this call changed nothing. */
    COMMITTED_ALREADY
  }

  /** What {@link #commitRun} did, and the target snapshot that holds the run (null for none). */
  public record Result(Outcome outcome, Long snapshotId) {}

  /**
   * The failure of a commit that another run overtook: running the same commit again cannot
   * succeed.
   */
  public static final class OvertakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    OvertakenException(String message) {
      super(message);
    }
  }

  /** As text: TableIdentifier is not serializable. */
  private final String identifier;

  private final Long baseSnapshotId;
  private final Long basePositionsSnapshotId;
  private final Map<String, String> summary;
  private final boolean positionsMoved;
  private final RunHooks hooks;

  /**
   * @param identifier the target table
   * @param baseSnapshotId the target snapshot the run compared its records with; null for an empty
   *     or new target
   * @param basePositionsSnapshotId the target snapshot the run's positions came from ({@link
   *     ConsumedPositions#snapshotId()}); null when no run has committed yet
   * @param summary the snapshot summary to commit: the run id and every source's position ({@link
   *     ConsumedPositions#summary(String)})
   * @param positionsMoved whether the run consumed something, so that it commits even without files
   * @param hooks test hooks; null for none
   */
  public TargetCommitter(
      TableIdentifier identifier,
      Long baseSnapshotId,
      Long basePositionsSnapshotId,
      Map<String, String> summary,
      boolean positionsMoved,
      RunHooks hooks) {
    this.identifier = identifier.toString();
    this.baseSnapshotId = baseSnapshotId;
    this.basePositionsSnapshotId = basePositionsSnapshotId;
    this.summary = Map.copyOf(summary);
    this.positionsMoved = positionsMoved;
    this.hooks = hooks == null ? RunHooks.NONE : hooks;
    Objects.requireNonNull(this.summary.get(ConsumedPositions.RUN_ID), "summary without run id");
  }

  /** The run id this committer commits under. */
  public String runId() {
    return summary.get(ConsumedPositions.RUN_ID);
  }

  /** The id of the run that committed the target's newest positions; null if none has. */
  public static String lastRunId(Table table) {
    return ConsumedPositions.of(table)
        .snapshotId()
        .map(id -> table.snapshot(id).summary().get(ConsumedPositions.RUN_ID))
        .orElse(null);
  }

  /**
   * Throws if another run committed positions to {@code table} since this run read its positions.
   * Called by {@link #commit}; callers may call it earlier to fail before writing files.
   *
   * @throws OvertakenException naming the table and both snapshots
   */
  public void checkNotOvertaken(Table table) {
    Optional<Long> committedPositions = ConsumedPositions.of(table).snapshotId();
    if (committedPositions.isEmpty() && basePositionsSnapshotId != null) {
      throw new OvertakenException(
          String.format(
              "Cannot commit to %s: the target's positions are gone. Snapshot %d, which holds the"
                  + " positions this run started from, is no longer in the table's history, and no"
                  + " newer snapshot holds positions (snapshot expiration removed it, or the table"
                  + " was rolled back). Keep the target's newest snapshots when expiring them."
                  + " Started again, the job reads every source from the start and applies only"
                  + " what is newer than the target.",
              identifier, basePositionsSnapshotId));
    }
    if (!committedPositions.equals(Optional.ofNullable(basePositionsSnapshotId))) {
      throw new OvertakenException(
          String.format(
              "Cannot commit to %s: another run committed snapshot %s since this run started from"
                  + " %s. Run again (the job, or read() then write() when embedded): it continues"
                  + " from the newer positions.",
              identifier, committedPositions.orElse(null), basePositionsSnapshotId));
    }
  }

  /**
   * Commits {@code dataFiles} and {@code deleteFiles} with the run's positions in one commit of the
   * target, which {@code catalog} holds (asked for only when there is something to commit).
   *
   * @throws IllegalStateException if another run committed since this run read its positions
   * @throws Exception what a test hook throws
   */
  public Outcome commit(
      Supplier<Catalog> catalog, List<DataFile> dataFiles, List<DeleteFile> deleteFiles)
      throws Exception {
    return commit(catalog, dataFiles, deleteFiles, Map.of());
  }

  /**
   * {@link #commit(Supplier, List, List)} with the DynamoDB sources' positions moved to the
   * high-water marks the run's readers reported (never back: a run that re-read only records at its
   * mark reports the mark again). A mark that moves counts as a moved position.
   *
   * @param highWaterMarks per source name, the greatest datetime taken, in microseconds
   */
  public Outcome commit(
      Supplier<Catalog> catalog,
      List<DataFile> dataFiles,
      List<DeleteFile> deleteFiles,
      Map<String, Long> highWaterMarks)
      throws Exception {
    return commitRun(catalog, dataFiles, deleteFiles, highWaterMarks).outcome();
  }

  /**
   * {@link #commit(Supplier, List, List, Map)}, telling also which target snapshot holds the run.
   */
  public Result commitRun(
      Supplier<Catalog> catalog,
      List<DataFile> dataFiles,
      List<DeleteFile> deleteFiles,
      Map<String, Long> highWaterMarks)
      throws Exception {
    Map<String, String> committed = new HashMap<>(summary);
    highWaterMarks.forEach(
        (source, micros) -> {
          String key = ConsumedPositions.positionKey(source);
          String before = committed.get(key);
          if (before == null || Long.parseLong(before) < micros) {
            committed.put(key, Long.toString(micros));
          }
        });
    if (dataFiles.isEmpty()
        && deleteFiles.isEmpty()
        && !positionsMoved
        && committed.equals(summary)) {
      LOG.info("Nothing new for {}: no commit", identifier);
      return new Result(Outcome.NOTHING_TO_COMMIT, null);
    }
    hooks.beforeCommit();
    Table table = catalog.get().loadTable(TableIdentifier.parse(identifier));
    Long earlier = snapshotOf(table, runId(), basePositionsSnapshotId);
    if (earlier != null) {
      // A failover restarted the task, or an embedding caller retried, after this run's commit
      // went through: done already.
      LOG.info("Run {} is committed to {} already, as snapshot {}", runId(), identifier, earlier);
      return new Result(Outcome.COMMITTED_ALREADY, earlier);
    }
    checkNotOvertaken(table);
    RowDelta delta = table.newRowDelta();
    dataFiles.forEach(delta::addRows);
    deleteFiles.forEach(delta::addDeletes);
    if (baseSnapshotId != null) {
      delta.validateFromSnapshot(baseSnapshotId);
    }
    committed.forEach(delta::set);
    delta.commit();
    // By run id, not as the current snapshot: another writer (compaction, say) may have committed
    // on top of this commit already, and its snapshot must not become the base of the next one.
    Long snapshotId = snapshotOf(table, runId(), basePositionsSnapshotId);
    if (snapshotId == null) {
      throw new IllegalStateException(
          String.format(
              "Committed run %s to %s, but cannot find its snapshot in the table's history: was the"
                  + " table rolled back or replaced at the same time? Check the table's snapshots"
                  + " before running again.",
              runId(), identifier));
    }
    LOG.info(
        "Committed {} data file(s) and {} delete file(s) to {} as snapshot {}",
        dataFiles.size(),
        deleteFiles.size(),
        identifier,
        snapshotId);
    hooks.afterCommit();
    return new Result(Outcome.COMMITTED, snapshotId);
  }

  /**
   * The snapshot of {@code table} that run {@code runId} committed, looking back from the current
   * snapshot to {@code sinceExclusive} (the whole history when null); null if there is none. A run
   * that committed and was then followed by others is found as well as the newest one.
   */
  static Long snapshotOf(Table table, String runId, Long sinceExclusive) {
    Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null && !Objects.equals(snapshot.snapshotId(), sinceExclusive)) {
      Map<String, String> summary = snapshot.summary();
      if (summary != null && runId.equals(summary.get(ConsumedPositions.RUN_ID))) {
        return snapshot.snapshotId();
      }
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    return null;
  }
}
