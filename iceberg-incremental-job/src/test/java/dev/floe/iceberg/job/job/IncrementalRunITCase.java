package dev.floe.iceberg.job.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Incremental runs from Iceberg sources into an Iceberg target, on a MiniCluster. */
class IncrementalRunITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final TableIdentifier SOURCE = TableIdentifier.of("source_db", "source_table");
  private static final TableIdentifier OTHER = TableIdentifier.of("source_db", "other_table");
  private static final TableIdentifier TARGET = TableIdentifier.of("target_db", "target_table");

  private static final Schema SOURCE_SCHEMA =
      new Schema(
          required(1, "id", Types.StringType.get()),
          optional(2, "name", Types.StringType.get()),
          optional(3, "updated_at", Types.TimestampType.withoutZone()),
          optional(4, "region", Types.StringType.get()));

  @TempDir Path dir;
  private LocalWarehouse warehouse;

  @BeforeEach
  void open() {
    warehouse = new LocalWarehouse(dir);
  }

  private static Record record(Schema schema, String id, String name, int minute, String region) {
    Record record = GenericRecord.create(schema);
    record.setField("id", id);
    record.setField("name", name);
    record.setField("updated_at", LocalDateTime.of(2026, 11, 1, 10, minute));
    record.setField("region", region);
    return record;
  }

  private RunSpec spec(
      boolean upsert,
      List<String> partitionBy,
      OptionalLong maxRecords,
      RunHooks hooks,
      TableIdentifier... sources) {
    List<RunSpec.SourceTable> list = new ArrayList<>();
    for (TableIdentifier source : sources) {
      list.add(new RunSpec.Source(source, "id", "updated_at"));
    }
    return new RunSpec(
        warehouse.loader,
        list,
        new TargetTable.Settings(TARGET, "id", "processed_at", null, partitionBy),
        upsert,
        null,
        maxRecords,
        hooks);
  }

  private static IncrementalRun.Report run(RunSpec spec) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    return IncrementalRun.execute(spec, env);
  }

  /** The target's rows as id|name|minute|region, sorted; checks processed_at is set. */
  private List<String> target() {
    Table target = warehouse.catalog.loadTable(TARGET);
    List<String> rows = new ArrayList<>();
    for (Record row :
        LocalWarehouse.rows(target, r -> r.getField("id") + "|" + r.getField("updated_at"))) {
      assertThat(row.getField("processed_at")).as("processed_at of %s", row).isNotNull();
      LocalDateTime at = (LocalDateTime) row.getField("updated_at");
      rows.add(
          row.getField("id")
              + "|"
              + row.getField("name")
              + "|"
              + at.getMinute()
              + "|"
              + row.getField("region"));
    }
    return rows;
  }

  @Test
  void secondRoundTakesOnlyNewerRecordsAndUpsertReplacesAcrossPartitions() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(
        source,
        List.of(
            record(source.schema(), "1", "ada", 10, "eu"),
            record(source.schema(), "2", "bob", 10, "eu"),
            record(source.schema(), "3", "cy", 10, "us")));
    RunSpec spec = spec(true, List.of("identity(region)"), OptionalLong.empty(), null, SOURCE);

    IncrementalRun.Report first = run(spec);
    assertThat(first.written()).isEqualTo(3);
    assertThat(target()).containsExactly("1|ada|10|eu", "2|bob|10|eu", "3|cy|10|us");

    LocalWarehouse.append(
        source,
        List.of(
            record(source.schema(), "1", "ada moved", 20, "us"), // newer, another partition
            record(source.schema(), "2", "bob late", 5, "eu"), // late: older than the target's
            record(source.schema(), "3", "cy same time", 10, "us"), // equal datetime: not newer
            record(source.schema(), "4", "dee", 15, "eu"))); // new
    IncrementalRun.Report second = run(spec);

    assertThat(second.read()).containsEntry(SOURCE.toString(), 4L);
    assertThat(second.written()).isEqualTo(2);
    assertThat(second.notNewer()).isEqualTo(2);
    assertThat(second.replaced()).isEqualTo(1);
    assertThat(target())
        .containsExactly("1|ada moved|20|us", "2|bob|10|eu", "3|cy|10|us", "4|dee|15|eu");

    IncrementalRun.Report third = run(spec);
    assertThat(third.snapshotId()).isNull();
    assertThat(third.plans().get(SOURCE.toString()).isEmpty()).isTrue();
  }

  /**
   * 1,000 keys in one run: more than one IN list, so the target lookup filters with ranges of the
   * sorted keys and reads no bloom filters. Every key must still find its own target row, also when
   * the update moves it to another partition; and the full-read baseline of the benchmark, run on
   * the same target, must do exactly the same.
   */
  @Test
  void aRunOfManyKeysFindsEachKeysRowAndTheFullReadBaselineDoesTheSame() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    List<Record> first = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      first.add(record(source.schema(), key(i), "v1", 10, "eu"));
    }
    LocalWarehouse.append(source, first);
    RunSpec spec = spec(true, List.of("identity(region)"), OptionalLong.empty(), null, SOURCE);
    run(spec);
    long loaded = warehouse.catalog.loadTable(TARGET).currentSnapshot().snapshotId();

    // 500 updates of every other key (newer ones move to "us", late ones stay behind), 500 new
    // keys.
    List<Record> second = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      if (i % 2 == 1) {
        expected.add(key(i) + "|v1|10|eu");
      } else if (i % 4 == 0) {
        second.add(record(source.schema(), key(i), "v2", 20, "us"));
        expected.add(key(i) + "|v2|20|us");
      } else {
        second.add(record(source.schema(), key(i), "late", 5, "us"));
        expected.add(key(i) + "|v1|10|eu");
      }
    }
    for (int i = 1000; i < 1500; i++) {
      second.add(record(source.schema(), key(i), "new", 30, "eu"));
      expected.add(key(i) + "|new|30|eu");
    }
    LocalWarehouse.append(source, second);

    for (IncrementalRun.TargetRead read : IncrementalRun.TargetRead.values()) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      IncrementalRun.Report report = IncrementalRun.execute(spec, env, read);

      assertThat(report.written()).as("%s: written", read).isEqualTo(750);
      assertThat(report.notNewer()).as("%s: not newer", read).isEqualTo(250);
      assertThat(report.replaced()).as("%s: replaced", read).isEqualTo(250);
      assertThat(target()).as("%s: target", read).containsExactlyElementsOf(expected);
      warehouse.catalog.loadTable(TARGET).manageSnapshots().rollbackTo(loaded).commit();
    }
  }

  /** Keys whose text sorts as their number does. */
  private static String key(int i) {
    return String.format("k%04d", i);
  }

  @Test
  void appendModeKeepsHistory() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(source, List.of(record(source.schema(), "1", "v1", 10, "eu")));
    RunSpec spec = spec(false, List.of("day"), OptionalLong.empty(), null, SOURCE);
    run(spec);
    LocalWarehouse.append(
        source,
        List.of(
            record(source.schema(), "1", "v2", 20, "eu"),
            record(source.schema(), "1", "v0", 5, "eu")));
    run(spec);

    assertThat(target()).containsExactly("1|v1|10|eu", "1|v2|20|eu");
  }

  @Test
  void overlappingSourcesKeepTheNewestAndTheFirstSourceWinsTies() throws Exception {
    Table a = warehouse.create(SOURCE, SOURCE_SCHEMA);
    Table b = warehouse.create(OTHER, SOURCE_SCHEMA);
    LocalWarehouse.append(
        a,
        List.of(
            record(a.schema(), "1", "a-old", 10, "eu"),
            record(a.schema(), "2", "a-tie", 30, "eu")));
    LocalWarehouse.append(
        b,
        List.of(
            record(b.schema(), "1", "b-new", 20, "eu"),
            record(b.schema(), "2", "b-tie", 30, "eu")));

    run(spec(true, List.of(), OptionalLong.empty(), null, SOURCE, OTHER));

    assertThat(target()).containsExactly("1|b-new|20|eu", "2|a-tie|30|eu");
  }

  @Test
  void withinOneSourceTheLaterCommitWinsEqualDatetimes() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    // Five snapshots of one key at one datetime: the file names sort in no particular order, so
    // only the commit order can pick the last one.
    for (int version = 1; version <= 5; version++) {
      LocalWarehouse.append(
          source, List.of(record(source.schema(), "1", "version " + version, 30, "eu")));
    }

    run(spec(true, List.of(), OptionalLong.empty(), null, SOURCE));

    assertThat(target()).containsExactly("1|version 5|30|eu");
  }

  @Test
  void aNewSourceColumnEvolvesTheTarget() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(source, List.of(record(source.schema(), "1", "ada", 10, "eu")));
    RunSpec spec = spec(true, List.of(), OptionalLong.empty(), null, SOURCE);
    run(spec);
    source.updateSchema().addColumn("score", Types.IntegerType.get()).commit();
    Record scored = record(source.schema(), "2", "bob", 12, "eu");
    scored.setField("score", 7);
    LocalWarehouse.append(source, List.of(scored));
    run(spec);

    Table target = warehouse.catalog.loadTable(TARGET);
    assertThat(target.schema().findField("score")).isNotNull();
    List<Record> rows = LocalWarehouse.rows(target, r -> (String) r.getField("id"));
    assertThat(rows).extracting(r -> r.getField("score")).containsExactly(null, 7);
  }

  @Test
  void maxRecordsDefersWholeSnapshotsToTheNextRun() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(source, List.of(record(source.schema(), "1", "a", 10, "eu")));
    RunSpec spec = spec(true, List.of(), OptionalLong.of(2), null, SOURCE);
    run(spec);
    for (int i = 2; i <= 4; i++) {
      LocalWarehouse.append(source, List.of(record(source.schema(), "" + i, "n" + i, 10, "eu")));
    }

    IncrementalRun.Report capped = run(spec);
    assertThat(capped.written()).isEqualTo(2);
    assertThat(capped.plans().get(SOURCE.toString()).deferredSnapshots()).isEqualTo(1);
    assertThat(target()).containsExactly("1|a|10|eu", "2|n2|10|eu", "3|n3|10|eu");

    run(spec);
    assertThat(target()).containsExactly("1|a|10|eu", "2|n2|10|eu", "3|n3|10|eu", "4|n4|10|eu");
  }

  /** Fails the run once at a chosen point. */
  static final class CrashOnce implements RunHooks {
    private static final long serialVersionUID = 1L;
    static volatile boolean crashed;
    private final boolean afterCommit;

    CrashOnce(boolean afterCommit) {
      this.afterCommit = afterCommit;
    }

    private void crash() {
      if (!crashed) {
        crashed = true;
        throw new IllegalStateException("injected crash");
      }
    }

    @Override
    public void beforeCommit() {
      if (!afterCommit) {
        crash();
      }
    }

    @Override
    public void afterCommit() {
      if (afterCommit) {
        crash();
      }
    }
  }

  @Test
  void aRunKilledBeforeOrAfterItsCommitAndStartedAgainLosesAndDuplicatesNothing() throws Exception {
    for (boolean afterCommit : new boolean[] {false, true}) {
      TableIdentifier target = TARGET;
      if (warehouse.catalog.tableExists(target)) {
        warehouse.catalog.dropTable(target);
        warehouse.catalog.dropTable(SOURCE);
      }
      Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
      LocalWarehouse.append(source, List.of(record(source.schema(), "1", "a", 10, "eu")));
      run(spec(false, List.of(), OptionalLong.empty(), null, SOURCE));
      LocalWarehouse.append(
          source,
          List.of(
              record(source.schema(), "1", "b", 20, "eu"),
              record(source.schema(), "2", "c", 20, "eu")));
      CrashOnce.crashed = false;
      RunSpec crashing =
          spec(false, List.of(), OptionalLong.empty(), new CrashOnce(afterCommit), SOURCE);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      org.apache.flink.configuration.Configuration noRestart =
          new org.apache.flink.configuration.Configuration();
      noRestart.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none");
      env.configure(noRestart);
      assertThatThrownBy(() -> IncrementalRun.execute(crashing, env))
          .hasStackTraceContaining("injected crash");

      run(spec(false, List.of(), OptionalLong.empty(), null, SOURCE));
      assertThat(target())
          .as("after a crash %s the commit", afterCommit ? "after" : "before")
          .containsExactly("1|a|10|eu", "1|b|20|eu", "2|c|20|eu");
    }
  }

  @Test
  void aSourceWithoutTheIndexFieldIsRefusedBeforeAnyWrite() {
    warehouse.create(SOURCE, SOURCE_SCHEMA);
    RunSpec spec =
        new RunSpec(
            warehouse.loader,
            List.of(new RunSpec.Source(SOURCE, "user_id", "updated_at")),
            new TargetTable.Settings(TARGET, "user_id", "processed_at", null, List.of()),
            true,
            null,
            OptionalLong.empty(),
            null);

    assertThatThrownBy(() -> run(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read source table source_db.source_table: it has no index field 'user_id'; its"
                + " columns are [id, name, updated_at, region]");
    assertThat(warehouse.catalog.tableExists(TARGET)).isFalse();
  }

  @Test
  void aDatetimeFieldThatIsNotTemporalIsRefused() {
    warehouse.create(SOURCE, SOURCE_SCHEMA);
    RunSpec spec =
        new RunSpec(
            warehouse.loader,
            List.of(new RunSpec.Source(SOURCE, "id", "name")),
            new TargetTable.Settings(TARGET, "id", "processed_at", null, List.of()),
            true,
            null,
            OptionalLong.empty(),
            null);

    assertThatThrownBy(() -> run(spec))
        .hasMessage(
            "Cannot read source table source_db.source_table: datetime field 'name' is string, not a"
                + " date or timestamp. Set datetime_field to a date or timestamp column.");
  }
}
