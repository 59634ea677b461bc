package dev.floe.iceberg.job.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job's merge and commit in operator test harnesses, checkpoint by checkpoint, on a
 * real target: what an aborted checkpoint leaves, and which states a restore accepts.
 */
class CommitCheckpointsTest {
  static final TableIdentifier SOURCE = StreamingRunITCase.SOURCE;
  static final TableIdentifier TARGET = StreamingRunITCase.TARGET;

  @TempDir Path dir;
  private LocalWarehouse warehouse;
  private Table target;
  private RowType targetType;

  @BeforeEach
  void open() {
    warehouse = new LocalWarehouse(dir, Map.of("io-impl", ClosingRecordingFileIO.class.getName()));
    target = prepare(TARGET);
    targetType = FlinkSchemaUtil.convert(target.schema());
    Recorder.REPORTS.clear();
  }

  private Table prepare(TableIdentifier identifier) {
    return TargetTable.prepare(
        warehouse.catalog,
        new TargetTable.Settings(identifier, "id", "processed_at", null, List.of()),
        List.of(StreamingRunITCase.SOURCE_SCHEMA));
  }

  @Test
  void theFilesOfACheckpointAbortedBeforeTheCommitRecordedItAreCommittedOnTheirOwnFirst()
      throws Exception {
    // As a task gets it: deserialized, with a FileIO of its own.
    Table copy = InstantiationUtil.clone((SerializableTable) SerializableTable.copyOf(target));
    KeyedOneInputStreamOperatorTestHarness<
            String, Tuple5<String, Long, Integer, String, RowData>, byte[]>
        merge = merge(copy);
    OneInputStreamOperatorTestHarness<byte[], Void> commit = commit(target);
    commit.open();

    commit.processElement(position(101), 0);
    merge.processElement(candidate("1", "v1", 10), 0);
    merge.prepareSnapshotPreBarrier(1);
    forward(merge, commit);
    // Checkpoint 1 is aborted here (a savepoint that expired, say): its barrier never reaches the
    // commit, which records the files written for it only with checkpoint 2. There the merge,
    // holding the row it wrote in its keyed state, replaces it.
    commit.processElement(position(102), 0);
    merge.processElement(candidate("1", "v2", 20), 0);
    merge.prepareSnapshotPreBarrier(2);
    forward(merge, commit);
    commit.snapshot(2, 0);
    commit.notifyOfCompletedCheckpoint(2);

    // One commit: the delete of v1 would have v1's sequence number and not apply.
    assertThat(rows()).containsExactly("1|v2|20");
    String job = commit.getEnvironment().getJobInfo().getJobId().toString();
    assertThat(runIds()).containsExactly(job + "-1", job + "-2");
    List<IntervalReport> reports = new ArrayList<>(Recorder.REPORTS);
    assertThat(reports).extracting(IntervalReport::checkpointId).containsExactly(1L, 2L);
    assertThat(reports).extracting(IntervalReport::written).containsExactly(1L, 1L);
    assertThat(reports).extracting(IntervalReport::replaced).containsExactly(0L, 1L);
    // The earlier commit carries the positions recorded last (none), the later one the new ones.
    assertThat(reports.get(0).positions()).isEmpty();
    assertThat(reports.get(1).positions()).containsExactly(entry(SOURCE.toString(), 102L));
    assertThat(ConsumedPositions.of(reload()).asMap())
        .containsExactly(entry(SOURCE.toString(), 102L));

    merge.close();
    commit.close();
    assertThat(((ClosingRecordingFileIO) copy.io()).isClosed())
        .as("the FileIO of the merge's target copy is closed with the merge")
        .isTrue();
  }

  @Test
  void aRestoreContinuesFromTheNewestStateAndIsRefusedFromAStateTheTargetMovedPast()
      throws Exception {
    OneInputStreamOperatorTestHarness<byte[], Void> first = commit(target);
    first.open();
    first.processElement(position(101), 0);
    OperatorSubtaskState atOne = first.snapshot(1, 0);
    first.notifyOfCompletedCheckpoint(1);
    first.processElement(position(102), 0);
    OperatorSubtaskState atTwo = first.snapshot(2, 0);
    first.notifyOfCompletedCheckpoint(2);
    first.close();
    Table committed = reload();
    long newest = committed.currentSnapshot().snapshotId();
    String job = first.getEnvironment().getJobInfo().getJobId().toString();
    Recorder.REPORTS.clear();

    // The newest state: its commit is found in the target's history, nothing is committed again.
    OneInputStreamOperatorTestHarness<byte[], Void> again = commit(target);
    again.initializeState(atTwo);
    again.open();
    again.close();
    assertThat(Recorder.REPORTS)
        .extracting(IntervalReport::outcome)
        .containsExactly(TargetCommitter.Outcome.COMMITTED_ALREADY);
    assertThat(reload().currentSnapshot().snapshotId()).isEqualTo(newest);

    // An older state (a savepoint taken before checkpoint 2 committed): refused, nothing committed.
    OneInputStreamOperatorTestHarness<byte[], Void> fromOlder = commit(target);
    assertThatThrownBy(() -> fromOlder.initializeState(atOne))
        .isInstanceOf(SuppressRestartsException.class)
        .hasRootCauseMessage(
            "Cannot restore the streaming job into target_db.target_table from this checkpoint or"
                + " savepoint: its state continues from a target without positions, but the target's"
                + " positions have moved on since, to snapshot "
                + newest
                + " (run "
                + job
                + "-2: a later checkpoint of this job, or another run). Restoring it would read"
                + " again what those commits hold with state that predates them. Start the job"
                + " without the checkpoint or savepoint (without -s or"
                + " execution.state-recovery.path): it continues from the positions the target"
                + " holds.");
    assertThat(reload().currentSnapshot().snapshotId()).isEqualTo(newest);
  }

  @Test
  void aStateTakenForAnotherTargetOrForATableOfTheSameNameDroppedSinceIsRefused() throws Exception {
    OneInputStreamOperatorTestHarness<byte[], Void> first = commit(target);
    first.open();
    first.processElement(position(101), 0);
    OperatorSubtaskState state = first.snapshot(1, 0);
    first.close();
    String uuid = target.uuid().toString();

    Table other = prepare(TableIdentifier.of("target_db", "other_target"));
    OneInputStreamOperatorTestHarness<byte[], Void> intoOther = commit(other);
    assertThatThrownBy(() -> intoOther.initializeState(state))
        .isInstanceOf(SuppressRestartsException.class)
        .hasRootCauseMessage(
            "Cannot restore the streaming job into target_db.other_target (table uuid "
                + other.uuid()
                + ") from this checkpoint or savepoint: it was taken by a job writing"
                + " target_db.target_table (table uuid "
                + uuid
                + "). A checkpoint or savepoint restores only into the target it was taken for:"
                + " start the job without it (without -s or execution.state-recovery.path); it"
                + " continues from the positions the target holds.");

    warehouse.catalog.dropTable(TARGET);
    Table recreated = prepare(TARGET);
    OneInputStreamOperatorTestHarness<byte[], Void> intoRecreated = commit(recreated);
    assertThatThrownBy(() -> intoRecreated.initializeState(state))
        .isInstanceOf(SuppressRestartsException.class)
        .hasRootCauseMessage(
            "Cannot restore the streaming job into target_db.target_table (table uuid "
                + recreated.uuid()
                + ") from this checkpoint or savepoint: it was taken by a job writing"
                + " target_db.target_table (table uuid "
                + uuid
                + "). A checkpoint or savepoint restores only into the target it was taken for:"
                + " start the job without it (without -s or execution.state-recovery.path); it"
                + " continues from the positions the target holds.");
    assertThat(reload().currentSnapshot()).isNull();
  }

  private KeyedOneInputStreamOperatorTestHarness<
          String, Tuple5<String, Long, Integer, String, RowData>, byte[]>
      merge(Table copy) throws Exception {
    StreamingMergeIntoTarget operator =
        new StreamingMergeIntoTarget(
            warehouse.loader,
            TARGET.toString(),
            copy,
            targetType,
            "id",
            "processed_at",
            MergeRule.datetimeColumns(List.of(new RunSpec.Source(SOURCE, "id", "updated_at"))),
            MergeRule.partitionSourceColumns(target),
            MergeRule.equalityFieldIds(target, "id"),
            1);
    KeySelector<Tuple5<String, Long, Integer, String, RowData>, String> byIndex =
        candidate -> candidate.f0;
    KeyedOneInputStreamOperatorTestHarness<
            String, Tuple5<String, Long, Integer, String, RowData>, byte[]>
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, byIndex, Types.STRING);
    harness.open();
    return harness;
  }

  private OneInputStreamOperatorTestHarness<byte[], Void> commit(Table table) throws Exception {
    ConsumedPositions committed = ConsumedPositions.of(table);
    return new OneInputStreamOperatorTestHarness<>(
        new CommitCheckpoints(
            warehouse.loader,
            table.name().substring(table.name().indexOf('.') + 1),
            table.uuid().toString(),
            List.of(SOURCE.toString()),
            committed.snapshotId().orElse(null),
            committed.asMap(),
            new Recorder()));
  }

  /** Hands what the merge sent on to the commit, as the job's shuffle does. */
  private static void forward(
      KeyedOneInputStreamOperatorTestHarness<
              String, Tuple5<String, Long, Integer, String, RowData>, byte[]>
          merge,
      OneInputStreamOperatorTestHarness<byte[], Void> commit)
      throws Exception {
    for (byte[] write : merge.extractOutputValues()) {
      commit.processElement(write, 0);
    }
    merge.getOutput().clear();
  }

  private static byte[] position(long snapshotId) throws Exception {
    return InstantiationUtil.serializeObject(
        new RoutePlannedWork.PlannedPosition(SOURCE.toString(), snapshotId));
  }

  private Tuple5<String, Long, Integer, String, RowData> candidate(
      String id, String name, int minute) {
    List<String> names = targetType.getFieldNames();
    GenericRowData row = new GenericRowData(names.size());
    LocalDateTime at = LocalDateTime.of(2026, 11, 1, 10, minute);
    row.setField(names.indexOf("id"), StringData.fromString(id));
    row.setField(names.indexOf("name"), StringData.fromString(name));
    row.setField(names.indexOf("updated_at"), TimestampData.fromLocalDateTime(at));
    row.setField(names.indexOf("region"), StringData.fromString("eu"));
    long micros = Math.multiplyExact(at.toEpochSecond(ZoneOffset.UTC), 1_000_000L);
    return Candidate.of(id, micros, 0, String.format("%019d", minute), row);
  }

  private Table reload() {
    return warehouse.catalog.loadTable(TARGET);
  }

  /** The target's rows as id|name|minute, sorted. */
  private List<String> rows() {
    List<String> rows = new ArrayList<>();
    for (Record row : LocalWarehouse.rows(reload(), r -> (String) r.getField("id"))) {
      rows.add(
          row.getField("id")
              + "|"
              + row.getField("name")
              + "|"
              + ((LocalDateTime) row.getField("updated_at")).getMinute());
    }
    return rows;
  }

  /** The run ids of the target's snapshots, oldest first. */
  private List<String> runIds() {
    Table table = reload();
    List<String> runIds = new ArrayList<>();
    for (Snapshot snapshot = table.currentSnapshot();
        snapshot != null;
        snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
      runIds.add(0, snapshot.summary().get(ConsumedPositions.RUN_ID));
    }
    return runIds;
  }

  /** Records the commits' reports. */
  static final class Recorder implements RunHooks {
    private static final long serialVersionUID = 1L;
    static final ConcurrentLinkedQueue<IntervalReport> REPORTS = new ConcurrentLinkedQueue<>();

    @Override
    public void afterIntervalCommit(IntervalReport report) {
      REPORTS.add(report);
    }
  }
}
