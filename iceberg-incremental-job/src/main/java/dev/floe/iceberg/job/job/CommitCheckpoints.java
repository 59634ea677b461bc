package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.io.Closeable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job's commit, with parallelism 1: collects the files the merging tasks wrote and
 * the positions the planner moved before each checkpoint barrier, keeps them in its state at that
 * checkpoint, and commits them once the checkpoint is complete, through {@link TargetCommitter}:
 * one Iceberg commit per checkpoint with the data, the positions and the run id {@code <job
 * id>-<checkpoint id>} in the snapshot summary. Checkpoints are committed one by one in order
 * (never merged: an upsert's equality delete must come in a later commit than the row it deletes),
 * each based on the snapshot the one before committed.
 *
 * <p>After a failover the restored state names the checkpoints not known to be committed; each is
 * committed again unless its run id is found in the target's history (it went through before the
 * failure). A commit that another run overtook fails the job without restarts, since restarting
 * cannot repair it.
 */
final class CommitCheckpoints extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<byte[], Void> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CommitCheckpoints.class);

  /** The files and positions of one checkpoint, not known to be committed. */
  record Pending(
      long checkpointId,
      String runId,
      List<WriteResult> writes,
      Map<String, Long> positions,
      boolean positionsMoved,
      IntervalCounts counts)
      implements Serializable {}

  /**
   * The commit's checkpointed state.
   *
   * @param baseSnapshotId the target snapshot that holds the newest positions this job knows to be
   *     committed; null when the target holds none
   * @param positions the positions as of the checkpoint
   */
  record State(Long baseSnapshotId, Map<String, Long> positions, List<Pending> pending)
      implements Serializable {}

  private final CatalogLoader catalogLoader;
  private final String identifier;
  private final List<String> sourceNames;
  private final Long startBaseSnapshotId;
  private final LinkedHashMap<String, Long> startPositions;
  private final RunHooks hooks;

  private transient ListState<byte[]> store;
  private transient Catalog catalog;
  private transient Long base;
  private transient Map<String, Long> positions;
  private transient Map<String, Long> checkpointedPositions;
  private transient List<Pending> pending;
  private transient List<WriteResult> writes;
  private transient IntervalCounts counts;

  /**
   * @param identifier the target table, as text
   * @param sourceNames the sources in rank order, for the reports
   * @param startBaseSnapshotId the target snapshot the start positions come from ({@link
   *     ConsumedPositions#snapshotId()}); null when no run has committed
   * @param startPositions the positions a job that starts without a checkpoint begins from
   */
  CommitCheckpoints(
      CatalogLoader catalogLoader,
      String identifier,
      List<String> sourceNames,
      Long startBaseSnapshotId,
      Map<String, Long> startPositions,
      RunHooks hooks) {
    this.catalogLoader = catalogLoader;
    this.identifier = identifier;
    this.sourceNames = List.copyOf(sourceNames);
    this.startBaseSnapshotId = startBaseSnapshotId;
    this.startPositions = new LinkedHashMap<>(startPositions);
    this.hooks = hooks == null ? RunHooks.NONE : hooks;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    store =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "floe pending commits", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    State restored = null;
    if (context.isRestored()) {
      for (byte[] bytes : store.get()) {
        restored = InstantiationUtil.deserializeObject(bytes, getUserCodeClassloader());
      }
    }
    if (restored == null) {
      base = startBaseSnapshotId;
      positions = new LinkedHashMap<>(startPositions);
      pending = new ArrayList<>();
    } else {
      base = restored.baseSnapshotId();
      positions = new LinkedHashMap<>(restored.positions());
      pending = new ArrayList<>(restored.pending());
    }
    checkpointedPositions = new LinkedHashMap<>(positions);
    writes = new ArrayList<>();
    counts = IntervalCounts.none(sourceNames.size());
    // Every pending checkpoint in the restored state is complete: the one restored from, and the
    // ones before it that its state still held.
    commitUpTo(Long.MAX_VALUE);
  }

  @Override
  public void processElement(StreamRecord<byte[]> element) throws Exception {
    Object received =
        InstantiationUtil.deserializeObject(element.getValue(), getUserCodeClassloader());
    if (received instanceof RoutePlannedWork.PlannedPosition position) {
      positions.put(position.source(), position.position());
    } else {
      IntervalCounts.Write write = (IntervalCounts.Write) received;
      if (write.files().dataFiles().length > 0 || write.files().deleteFiles().length > 0) {
        writes.add(write.files());
      }
      counts = counts.plus(write.counts());
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    long checkpointId = context.getCheckpointId();
    boolean moved = !positions.equals(checkpointedPositions);
    if (moved || !writes.isEmpty()) {
      pending.add(
          new Pending(
              checkpointId,
              getRuntimeContext().getJobInfo().getJobId() + "-" + checkpointId,
              List.copyOf(writes),
              new LinkedHashMap<>(positions),
              moved,
              counts));
    }
    checkpointedPositions = new LinkedHashMap<>(positions);
    writes = new ArrayList<>();
    counts = IntervalCounts.none(sourceNames.size());
    store.update(
        List.of(
            InstantiationUtil.serializeObject(
                new State(base, new LinkedHashMap<>(positions), new ArrayList<>(pending)))));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    commitUpTo(checkpointId);
  }

  /** Commits the pending checkpoints up to {@code checkpointId}, oldest first. */
  private void commitUpTo(long checkpointId) throws Exception {
    while (!pending.isEmpty() && pending.get(0).checkpointId() <= checkpointId) {
      Pending next = pending.get(0);
      List<DataFile> dataFiles = new ArrayList<>();
      List<DeleteFile> deleteFiles = new ArrayList<>();
      for (WriteResult write : next.writes()) {
        dataFiles.addAll(List.of(write.dataFiles()));
        deleteFiles.addAll(List.of(write.deleteFiles()));
      }
      TargetCommitter committer =
          new TargetCommitter(
              TableIdentifier.parse(identifier),
              base,
              base,
              ConsumedPositions.fromMap(next.positions()).summary(next.runId()),
              next.positionsMoved(),
              hooks);
      TargetCommitter.Result result;
      try {
        result = committer.commitRun(this::catalog, dataFiles, deleteFiles, Map.of());
      } catch (TargetCommitter.OvertakenException e) {
        throw new SuppressRestartsException(e);
      }
      if (result.snapshotId() != null) {
        base = result.snapshotId();
      }
      pending.remove(0);
      IntervalReport report = report(next, result);
      LOG.info("Streaming into {}: {}", identifier, report.line());
      hooks.afterIntervalCommit(report);
    }
  }

  private IntervalReport report(Pending committed, TargetCommitter.Result result) {
    Map<String, Long> read = new LinkedHashMap<>();
    long[] counted = committed.counts().read();
    for (int i = 0; i < sourceNames.size(); i++) {
      read.put(sourceNames.get(i), i < counted.length ? counted[i] : 0);
    }
    IntervalCounts counts = committed.counts();
    return new IntervalReport(
        committed.checkpointId(),
        committed.runId(),
        read,
        counts.written(),
        counts.notNewer(),
        counts.replaced(),
        counts.lookedUp(),
        committed.positions(),
        result.outcome(),
        result.snapshotId());
  }

  private Catalog catalog() {
    if (catalog == null) {
      catalog = catalogLoader.loadCatalog();
    }
    return catalog;
  }

  @Override
  public void close() throws Exception {
    if (catalog instanceof Closeable closeable) {
      closeable.close();
    }
    super.close();
  }
}
