package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
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
 * one Iceberg commit per checkpoint the files were written for, with the data, the positions and
 * the run id {@code <job id>-<checkpoint id>} in the snapshot summary. Commits are made one by one
 * in order (never merged: an upsert's equality delete must come in a later commit than the row it
 * deletes), each based on the snapshot the one before committed.
 *
 * <p>Each write arrives tagged with the checkpoint its merging task wrote it for. A checkpoint can
 * be aborted after some merging tasks wrote its files but before this operator recorded it (an
 * expiring savepoint, a tolerated checkpoint failure); its files then arrive before the next
 * recorded checkpoint, still with their own tag, and are committed on their own, before that
 * checkpoint's files. Such an earlier commit carries the positions last recorded: the records it
 * holds are read again after a restart from them, and are not newer than what the target then
 * holds.
 *
 * <p>After a failover the restored state names the commits not known to be done; each is made again
 * unless its run id is found in the target's history (it went through before the failure). A
 * restore is refused when the state belongs to another target, or when the target's positions have
 * moved past what the state knows (a savepoint or checkpoint older than the target's last commit).
 * A commit that another run overtook fails the job without restarts, since restarting cannot repair
 * it.
 *
 * <p>The state is the Java serialization of Iceberg's file descriptions, behind a version number: a
 * state restores into the same Floe and Iceberg versions that wrote it; across versions it is not
 * promised to.
 */
final class CommitCheckpoints extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<byte[], Void> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CommitCheckpoints.class);

  /** The version of the serialized {@link State}; a state of another version is refused. */
  static final int STATE_VERSION = 2;

  /**
   * The files and positions of one commit, not known to be done.
   *
   * @param checkpointId the checkpoint whose state holds this commit: it is made once that
   *     checkpoint (or a later one) is complete
   * @param writtenFor the checkpoint the files were written for (the {@code checkpointId} itself
   *     unless that checkpoint was aborted before this operator recorded it)
   */
  record Pending(
      long checkpointId,
      long writtenFor,
      String runId,
      List<WriteResult> writes,
      Map<String, Long> positions,
      boolean positionsMoved,
      IntervalCounts counts)
      implements Serializable {}

  /**
   * The commit's checkpointed state.
   *
   * @param target the target table's identifier, as text
   * @param targetUuid the target table's UUID, which a dropped and re-created table does not keep
   * @param baseSnapshotId the target snapshot that holds the newest positions this job knows to be
   *     committed; null when the target holds none
   * @param positions the positions as of the checkpoint
   */
  record State(
      String target,
      String targetUuid,
      Long baseSnapshotId,
      Map<String, Long> positions,
      List<Pending> pending)
      implements Serializable {}

  /** The files and counts of the writes tagged with one checkpoint id. */
  private static final class Group {
    final List<WriteResult> files = new ArrayList<>();
    IntervalCounts counts;

    Group(int sources) {
      counts = IntervalCounts.none(sources);
    }
  }

  private final CatalogLoader catalogLoader;
  private final String identifier;
  private final String targetUuid;
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
  private transient TreeMap<Long, Group> writes;

  /**
   * @param identifier the target table, as text
   * @param targetUuid the target table's UUID ({@code Table#uuid()}) as the job prepared it
   * @param sourceNames the sources in rank order, for the reports
   * @param startBaseSnapshotId the target snapshot the start positions come from ({@link
   *     ConsumedPositions#snapshotId()}); null when no run has committed
   * @param startPositions the positions a job that starts without a checkpoint begins from
   */
  CommitCheckpoints(
      CatalogLoader catalogLoader,
      String identifier,
      String targetUuid,
      List<String> sourceNames,
      Long startBaseSnapshotId,
      Map<String, Long> startPositions,
      RunHooks hooks) {
    this.catalogLoader = catalogLoader;
    this.identifier = identifier;
    this.targetUuid = targetUuid;
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
        restored = read(bytes);
      }
    }
    if (restored == null) {
      base = startBaseSnapshotId;
      positions = new LinkedHashMap<>(startPositions);
      pending = new ArrayList<>();
    } else {
      checkSameTarget(restored);
      base = restored.baseSnapshotId();
      positions = new LinkedHashMap<>(restored.positions());
      pending = new ArrayList<>(restored.pending());
      checkTargetNotMovedOn();
    }
    checkpointedPositions = new LinkedHashMap<>(positions);
    writes = new TreeMap<>();
    // Every pending commit in the restored state is complete: the checkpoint restored from, and
    // the ones before it that its state still held.
    commitUpTo(Long.MAX_VALUE);
  }

  private State read(byte[] bytes) throws Exception {
    DataInputDeserializer in = new DataInputDeserializer(bytes);
    int version = in.readInt();
    if (version != STATE_VERSION) {
      throw new SuppressRestartsException(
          new IllegalStateException(
              String.format(
                  "Cannot restore the commit of the streaming job into %s from state version %d;"
                      + " this version of the job reads version %d. A checkpoint or savepoint"
                      + " restores into the Floe version that took it: start the job without it"
                      + " (without -s or execution.state-recovery.path); it continues from the"
                      + " positions the target holds.",
                  identifier, version, STATE_VERSION)));
    }
    byte[] object = new byte[bytes.length - Integer.BYTES];
    in.readFully(object);
    return InstantiationUtil.deserializeObject(object, getUserCodeClassloader());
  }

  private byte[] write(State state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(1024);
    out.writeInt(STATE_VERSION);
    out.write(InstantiationUtil.serializeObject(state));
    return out.getCopyOfBuffer();
  }

  /** Refuses a state taken for another target, or for a table of the same name dropped since. */
  private void checkSameTarget(State restored) {
    if (!restored.target().equals(identifier)
        || (targetUuid != null && !targetUuid.equals(restored.targetUuid()))) {
      throw new SuppressRestartsException(
          new IllegalStateException(
              String.format(
                  "Cannot restore the streaming job into %s (table uuid %s) from this checkpoint"
                      + " or savepoint: it was taken by a job writing %s (table uuid %s). A"
                      + " checkpoint or savepoint restores only into the target it was taken"
                      + " for: start the job without it (without -s or"
                      + " execution.state-recovery.path); it continues from the positions the"
                      + " target holds.",
                  identifier, targetUuid, restored.target(), restored.targetUuid())));
    }
  }

  /**
   * Refuses a state the target has moved past: its newest positions must be the ones the state
   * started from, or those of a commit the state still holds (made before a failover).
   */
  private void checkTargetNotMovedOn() {
    Table table = catalog().loadTable(TableIdentifier.parse(identifier));
    ConsumedPositions committed = ConsumedPositions.of(table);
    Long newest = committed.snapshotId().orElse(null);
    if (Objects.equals(newest, base)) {
      return;
    }
    String runId = TargetCommitter.lastRunId(table);
    if (pending.stream().anyMatch(p -> p.runId().equals(runId))) {
      return;
    }
    throw new SuppressRestartsException(
        new IllegalStateException(
            String.format(
                "Cannot restore the streaming job into %s from this checkpoint or savepoint: its"
                    + " state continues from %s, but the target's positions have"
                    + " moved on since, to snapshot %s (run %s: a later checkpoint of this job,"
                    + " or another run). Restoring it would read again what those commits hold"
                    + " with state that predates them. Start the job without the checkpoint or"
                    + " savepoint (without -s or execution.state-recovery.path): it continues"
                    + " from the positions the target holds.",
                identifier,
                base == null ? "a target without positions" : "target snapshot " + base,
                newest,
                runId)));
  }

  @Override
  public void processElement(StreamRecord<byte[]> element) throws Exception {
    Object received =
        InstantiationUtil.deserializeObject(element.getValue(), getUserCodeClassloader());
    if (received instanceof RoutePlannedWork.PlannedPosition position) {
      positions.put(position.source(), position.position());
    } else {
      IntervalCounts.Write write = (IntervalCounts.Write) received;
      Group group =
          writes.computeIfAbsent(write.checkpointId(), id -> new Group(sourceNames.size()));
      if (write.files().dataFiles().length > 0 || write.files().deleteFiles().length > 0) {
        group.files.add(write.files());
      }
      group.counts = group.counts.plus(write.counts());
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    long checkpointId = context.getCheckpointId();
    String jobId = getRuntimeContext().getJobInfo().getJobId().toString();
    boolean moved = !positions.equals(checkpointedPositions);
    // Writes of the end of input (tagged after every checkpoint) belong to this checkpoint: they
    // come from tasks that wrote nothing for it, so they cannot meet its writes by index value.
    TreeMap<Long, Group> byCheckpoint = new TreeMap<>();
    writes.forEach(
        (tag, group) -> {
          Group into =
              byCheckpoint.computeIfAbsent(
                  Math.min(tag, checkpointId), id -> new Group(sourceNames.size()));
          into.files.addAll(group.files);
          into.counts = into.counts.plus(group.counts);
        });
    // A group without files commits nothing of its own: its counts go to the next commit.
    List<Map.Entry<Long, Group>> commits = new ArrayList<>();
    IntervalCounts carried = IntervalCounts.none(sourceNames.size());
    for (Map.Entry<Long, Group> entry : byCheckpoint.entrySet()) {
      carried = carried.plus(entry.getValue().counts);
      if (!entry.getValue().files.isEmpty()) {
        entry.getValue().counts = carried;
        carried = IntervalCounts.none(sourceNames.size());
        commits.add(entry);
      }
    }
    if (commits.isEmpty() && moved) {
      Group positionsOnly = new Group(sourceNames.size());
      commits.add(Map.entry(checkpointId, positionsOnly));
    }
    if (!commits.isEmpty()) {
      Group last = commits.get(commits.size() - 1).getValue();
      last.counts = last.counts.plus(carried);
    }
    for (int i = 0; i < commits.size(); i++) {
      long writtenFor = commits.get(i).getKey();
      Group group = commits.get(i).getValue();
      boolean newest = i == commits.size() - 1;
      if (writtenFor != checkpointId) {
        LOG.warn(
            "Streaming into {}: checkpoint {} was aborted after files were written for it; they"
                + " are committed on their own, before those of checkpoint {}",
            identifier,
            writtenFor,
            checkpointId);
      }
      pending.add(
          new Pending(
              checkpointId,
              writtenFor,
              jobId + "-" + writtenFor,
              List.copyOf(group.files),
              new LinkedHashMap<>(newest ? positions : checkpointedPositions),
              newest && moved,
              group.counts));
    }
    checkpointedPositions = new LinkedHashMap<>(positions);
    writes = new TreeMap<>();
    store.update(
        List.of(
            write(
                new State(
                    identifier,
                    targetUuid,
                    base,
                    new LinkedHashMap<>(positions),
                    new ArrayList<>(pending)))));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    commitUpTo(checkpointId);
  }

  /** Makes the pending commits recorded up to checkpoint {@code checkpointId}, oldest first. */
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
        committed.writtenFor(),
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
    try {
      Catalogs.close(catalog);
    } finally {
      super.close();
    }
  }
}
