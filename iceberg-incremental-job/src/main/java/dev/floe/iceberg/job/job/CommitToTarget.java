package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a run: every writer's files and the run's new source positions in one Iceberg commit, at
 * the end of the input, with parallelism 1. Until this commit nothing of the run is visible, and
 * with it the positions move exactly as far as the data: a run that fails before it leaves the
 * target as it was and the next run reads the same records again; a run that fails after it is
 * complete, and the next run starts after it.
 *
 * <p>It refuses to commit if another run committed to the target since this run read its positions,
 * so two runs started together cannot both apply the same records.
 */
final class CommitToTarget extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<byte[], Void>, BoundedOneInput {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CommitToTarget.class);

  private final CatalogLoader catalog;

  /** As text: TableIdentifier is not serializable. */
  private final String identifier;

  private final Long basePositionsSnapshotId;
  private final Long baseSnapshotId;
  private final Map<String, String> summary;
  private final boolean positionsMoved;
  private final RunHooks hooks;

  private transient List<WriteResult> results;
  private transient Map<String, Long> highWaterMarks;

  CommitToTarget(
      CatalogLoader catalog,
      TableIdentifier identifier,
      Long baseSnapshotId,
      Long basePositionsSnapshotId,
      Map<String, String> summary,
      boolean positionsMoved,
      RunHooks hooks) {
    this.catalog = catalog;
    this.identifier = identifier.toString();
    this.baseSnapshotId = baseSnapshotId;
    this.basePositionsSnapshotId = basePositionsSnapshotId;
    this.summary = Map.copyOf(summary);
    this.positionsMoved = positionsMoved;
    this.hooks = hooks;
  }

  private String runId() {
    return summary.get(ConsumedPositions.RUN_ID);
  }

  private static String lastRunId(Table table) {
    return ConsumedPositions.of(table)
        .snapshotId()
        .map(id -> table.snapshot(id).summary().get(ConsumedPositions.RUN_ID))
        .orElse(null);
  }

  @Override
  public void open() throws Exception {
    super.open();
    results = new ArrayList<>();
    highWaterMarks = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<byte[]> element) throws Exception {
    Object received =
        InstantiationUtil.deserializeObject(element.getValue(), getClass().getClassLoader());
    if (received instanceof HighWaterMark mark) {
      highWaterMarks.merge(mark.source(), mark.micros(), Math::max);
    } else {
      results.add((WriteResult) received);
    }
  }

  @Override
  public void endInput() throws Exception {
    commit(results);
  }

  /**
   * The run's summary with the DynamoDB sources' positions moved to the high-water marks received
   * (never back: a run that re-read only records at its mark reports the mark again).
   */
  private Map<String, String> summaryWithHighWaterMarks() {
    if (highWaterMarks == null) {
      return summary; // called by the client: no marks travel there
    }
    Map<String, String> merged = new HashMap<>(summary);
    highWaterMarks.forEach(
        (source, micros) -> {
          String key = ConsumedPositions.positionKey(source);
          String before = merged.get(key);
          if (before == null || Long.parseLong(before) < micros) {
            merged.put(key, Long.toString(micros));
          }
        });
    return merged;
  }

  /**
   * Commits {@code writes} with the run's positions. Also called by the client for a run whose
   * sources moved but planned no files (their new snapshots only deleted or rewrote data).
   */
  void commit(List<WriteResult> writes) throws Exception {
    List<DataFile> dataFiles = new ArrayList<>();
    List<DeleteFile> deleteFiles = new ArrayList<>();
    for (WriteResult result : writes) {
      dataFiles.addAll(List.of(result.dataFiles()));
      deleteFiles.addAll(List.of(result.deleteFiles()));
    }
    Map<String, String> committed = summaryWithHighWaterMarks();
    if (dataFiles.isEmpty()
        && deleteFiles.isEmpty()
        && !positionsMoved
        && committed.equals(summary)) {
      LOG.info("Nothing new for {}: no commit", identifier);
      return;
    }
    hooks.beforeCommit();
    Table table = catalog.loadCatalog().loadTable(TableIdentifier.parse(identifier));
    if (runId().equals(lastRunId(table))) {
      // This run's commit went through before a failover restarted this task: done already.
      LOG.info("Run {} is committed to {} already", runId(), identifier);
      return;
    }
    Optional<Long> committedPositions = ConsumedPositions.of(table).snapshotId();
    if (!committedPositions.equals(Optional.ofNullable(basePositionsSnapshotId))) {
      throw new IllegalStateException(
          String.format(
              "Cannot commit to %s: another run committed snapshot %s since this run started from"
                  + " %s. Run the job again: it continues from the newer positions.",
              identifier, committedPositions.orElse(null), basePositionsSnapshotId));
    }
    RowDelta delta = table.newRowDelta();
    dataFiles.forEach(delta::addRows);
    deleteFiles.forEach(delta::addDeletes);
    if (baseSnapshotId != null) {
      delta.validateFromSnapshot(baseSnapshotId);
    }
    committed.forEach(delta::set);
    delta.commit();
    LOG.info(
        "Committed {} data file(s) and {} delete file(s) to {} as snapshot {}",
        dataFiles.size(),
        deleteFiles.size(),
        identifier,
        table.currentSnapshot().snapshotId());
    hooks.afterCommit();
  }
}
