package dev.floe.iceberg.job.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on a MiniCluster: started once, fed by commits to its sources while it runs,
 * checked after each round by the target's exact rows and the commits' reports.
 */
class StreamingRunITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final TableIdentifier SOURCE = TableIdentifier.of("source_db", "source_table");
  static final TableIdentifier OTHER = TableIdentifier.of("source_db", "other_table");
  static final TableIdentifier TARGET = TableIdentifier.of("target_db", "target_table");

  static final Schema SOURCE_SCHEMA =
      new Schema(
          required(1, "id", Types.StringType.get()),
          optional(2, "name", Types.StringType.get()),
          optional(3, "updated_at", Types.TimestampType.withoutZone()),
          optional(4, "region", Types.StringType.get()));

  /** Quick polls and checkpoints, so that a round takes about a second. */
  static final StreamingRun.Settings QUICK =
      new StreamingRun.Settings(Duration.ofMillis(200), Duration.ofMillis(500));

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private LocalWarehouse warehouse;
  private final List<JobClient> jobs = new ArrayList<>();

  @BeforeEach
  void open() {
    warehouse = new LocalWarehouse(dir);
    Recorder.REPORTS.clear();
    Recorder.CRASH_BEFORE_COMMIT.set(false);
    Recorder.CRASH_AFTER_COMMIT.set(false);
    Recorder.ATTEMPT.set(-1);
  }

  @AfterEach
  void cancelJobs() throws Exception {
    for (JobClient job : jobs) {
      if (!job.getJobStatus().get().isTerminalState()) {
        job.cancel().get();
      }
    }
  }

  static Record record(Schema schema, String id, String name, int minute, String region) {
    Record record = GenericRecord.create(schema);
    record.setField("id", id);
    record.setField("name", name);
    record.setField("updated_at", LocalDateTime.of(2026, 11, 1, 10, minute));
    record.setField("region", region);
    return record;
  }

  private RunSpec spec(boolean upsert, List<String> partitionBy, TableIdentifier... sources) {
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
        OptionalLong.empty(),
        new Recorder());
  }

  /** Starts the job with parallelism 2 and quick restarts after a failure. */
  private JobClient start(RunSpec spec) throws Exception {
    JobClient job = StreamingRun.start(spec, QUICK, environment());
    jobs.add(job);
    return job;
  }

  static StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    Configuration restarts = new Configuration();
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    env.configure(restarts);
    return env;
  }

  /**
   * Waits until the target's committed positions are the sources' current snapshots and the commit
   * that put them there reported; returns the reports since the last call, summed.
   */
  private Round awaitRound(Table... sources) throws InterruptedException {
    long committed = awaitPositions(sources);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (Recorder.REPORTS.stream()
        .noneMatch(r -> Long.valueOf(committed).equals(r.snapshotId()))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No report of snapshot " + committed + ": " + Recorder.REPORTS);
      }
      Thread.sleep(20);
    }
    List<IntervalReport> reports = new ArrayList<>();
    IntervalReport next;
    while ((next = Recorder.REPORTS.poll()) != null) {
      reports.add(next);
    }
    return Round.of(reports);
  }

  /**
   * Waits until the target's committed positions are the sources' current snapshots.
   *
   * @return the target snapshot that committed them
   */
  private long awaitPositions(Table... sources) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Map<String, Long> expected = new LinkedHashMap<>();
      for (Table source : sources) {
        source.refresh();
        // Table names carry the catalog's name; positions are by database.table.
        expected.put(
            source.name().substring(source.name().indexOf('.') + 1),
            source.currentSnapshot().snapshotId());
      }
      if (warehouse.catalog.tableExists(TARGET)) {
        ConsumedPositions positions = ConsumedPositions.of(warehouse.catalog.loadTable(TARGET));
        if (positions.asMap().equals(expected)) {
          return positions.snapshotId().orElseThrow();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "The target did not reach the sources' snapshots " + expected + " within " + TIMEOUT);
      }
      Thread.sleep(50);
    }
  }

  /** The reports of one round, summed. */
  record Round(
      List<IntervalReport> reports,
      Map<String, Long> read,
      long written,
      long notNewer,
      long replaced,
      long lookedUp) {
    static Round of(List<IntervalReport> reports) {
      Map<String, Long> read = new LinkedHashMap<>();
      long written = 0;
      long notNewer = 0;
      long replaced = 0;
      long lookedUp = 0;
      for (IntervalReport report : reports) {
        report.read().forEach((source, count) -> read.merge(source, count, Long::sum));
        written += report.written();
        notNewer += report.notNewer();
        replaced += report.replaced();
        lookedUp += report.lookedUp();
      }
      return new Round(reports, read, written, notNewer, replaced, lookedUp);
    }
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
  void upsertAcrossPartitionsFromTwoSourcesRoundByRoundAndAfterARestart() throws Exception {
    Table a = warehouse.create(SOURCE, SOURCE_SCHEMA);
    Table b = warehouse.create(OTHER, SOURCE_SCHEMA);
    LocalWarehouse.append(
        a,
        List.of(record(a.schema(), "1", "a1", 10, "eu"), record(a.schema(), "2", "a2", 10, "eu")));
    LocalWarehouse.append(
        b,
        List.of(
            record(b.schema(), "1", "b1 older", 5, "eu"), record(b.schema(), "3", "b3", 10, "us")));
    RunSpec spec = spec(true, List.of("identity(region)"), SOURCE, OTHER);
    JobClient job = start(spec);

    Round first = awaitRound(a, b);
    assertThat(target()).containsExactly("1|a1|10|eu", "2|a2|10|eu", "3|b3|10|us");
    assertThat(first.read())
        .containsExactly(entry(SOURCE.toString(), 2L), entry(OTHER.toString(), 2L));
    assertThat(first.written()).isEqualTo(3);
    assertThat(first.lookedUp()).as("a new target holds nothing to look up").isZero();

    // While the job runs: a newer version that moves to another partition, a late one, one with
    // the target's datetime, and a new key.
    LocalWarehouse.append(
        a,
        List.of(
            record(a.schema(), "1", "a1 moved", 20, "us"),
            record(a.schema(), "2", "a2 late", 5, "eu"),
            record(a.schema(), "4", "a4", 15, "eu")));
    LocalWarehouse.append(b, List.of(record(b.schema(), "3", "b3 same time", 10, "us")));

    Round second = awaitRound(a, b);
    assertThat(target())
        .containsExactly("1|a1 moved|20|us", "2|a2|10|eu", "3|b3|10|us", "4|a4|15|eu");
    assertThat(second.read())
        .containsExactly(entry(SOURCE.toString(), 3L), entry(OTHER.toString(), 1L));
    assertThat(second.written()).isEqualTo(2);
    assertThat(second.replaced()).isEqualTo(1);
    // Keys 1 to 3 are in keyed state since the first round; only key 4 is new.
    assertThat(second.lookedUp()).isEqualTo(1);

    // The row the job wrote itself is replaced through its state, back across partitions.
    LocalWarehouse.append(a, List.of(record(a.schema(), "1", "a1 back", 25, "eu")));
    Round third = awaitRound(a, b);
    assertThat(target())
        .containsExactly("1|a1 back|25|eu", "2|a2|10|eu", "3|b3|10|us", "4|a4|15|eu");
    assertThat(third.read())
        .containsExactly(entry(SOURCE.toString(), 1L), entry(OTHER.toString(), 0L));
    assertThat(third.replaced()).isEqualTo(1);
    assertThat(third.lookedUp()).isZero();

    job.cancel().get();
    // While the job is stopped: a new key in both sources with equal datetimes, committed to the
    // second source first (the source listed first wins all the same, as they are planned
    // together); two commits of one key with one datetime (the later commit wins); and a newer
    // version of a key the target holds.
    LocalWarehouse.append(b, List.of(record(b.schema(), "6", "b6 tie", 35, "eu")));
    LocalWarehouse.append(a, List.of(record(a.schema(), "5", "v1", 30, "eu")));
    LocalWarehouse.append(a, List.of(record(a.schema(), "5", "v2", 30, "eu")));
    LocalWarehouse.append(a, List.of(record(a.schema(), "6", "a6 tie", 35, "eu")));
    LocalWarehouse.append(b, List.of(record(b.schema(), "2", "b2", 40, "us")));
    start(spec);

    Round afterRestart = awaitRound(a, b);
    assertThat(target())
        .containsExactly(
            "1|a1 back|25|eu",
            "2|b2|40|us",
            "3|b3|10|us",
            "4|a4|15|eu",
            "5|v2|30|eu",
            "6|a6 tie|35|eu");
    // Exactly what came after the committed positions, nothing before.
    assertThat(afterRestart.read())
        .containsExactly(entry(SOURCE.toString(), 3L), entry(OTHER.toString(), 2L));
    assertThat(afterRestart.written()).isEqualTo(3);
    assertThat(afterRestart.replaced()).isEqualTo(1);
    // A new job starts with empty state: each key is looked up once.
    assertThat(afterRestart.lookedUp()).isEqualTo(3);
  }

  @Test
  void aFailoverJustBeforeOrJustAfterACommitLosesAndDuplicatesNothing() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    JobClient job = start(spec(false, List.of("day"), SOURCE));

    Recorder.CRASH_BEFORE_COMMIT.set(true);
    LocalWarehouse.append(
        source,
        List.of(
            record(source.schema(), "1", "v1", 10, "eu"),
            record(source.schema(), "2", "v1", 10, "eu")));
    Round first = awaitRound(source);
    assertThat(Recorder.CRASH_BEFORE_COMMIT).as("crashed before the commit").isFalse();
    assertThat(Recorder.ATTEMPT).as("the attempt of the job that committed").hasValue(1);
    assertThat(target()).containsExactly("1|v1|10|eu", "2|v1|10|eu");
    assertThat(first.written()).isEqualTo(2);

    Recorder.CRASH_AFTER_COMMIT.set(true);
    LocalWarehouse.append(
        source,
        List.of(
            record(source.schema(), "1", "v2", 20, "eu"),
            record(source.schema(), "2", "late", 5, "eu"),
            record(source.schema(), "3", "v1", 10, "eu")));
    Round second = awaitRound(source);
    assertThat(Recorder.CRASH_AFTER_COMMIT).as("crashed after the commit").isFalse();
    assertThat(Recorder.ATTEMPT).as("the attempt of the job that committed").hasValue(2);
    // Append mode keeps history, so a commit applied twice would show as duplicate rows.
    assertThat(target()).containsExactly("1|v1|10|eu", "1|v2|20|eu", "2|v1|10|eu", "3|v1|10|eu");
    // The restored job found its commit in the target's history and did not commit again.
    assertThat(second.reports())
        .extracting(IntervalReport::outcome)
        .containsExactly(TargetCommitter.Outcome.COMMITTED_ALREADY);
    assertThat(second.written()).isEqualTo(2);
    assertThat(second.notNewer()).isEqualTo(1);
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void anUpsertReplacesARowWrittenBeforeAFailoverThroughTheRestoredState() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    JobClient job = start(spec(true, List.of("identity(region)"), SOURCE));

    Recorder.CRASH_BEFORE_COMMIT.set(true);
    LocalWarehouse.append(
        source,
        List.of(
            record(source.schema(), "1", "v1", 10, "eu"),
            record(source.schema(), "2", "v1", 10, "eu")));
    Round first = awaitRound(source);
    assertThat(Recorder.CRASH_BEFORE_COMMIT).as("crashed before the commit").isFalse();
    assertThat(Recorder.ATTEMPT).as("the attempt of the job that committed").hasValue(1);
    assertThat(target()).containsExactly("1|v1|10|eu", "2|v1|10|eu");
    assertThat(first.written()).isEqualTo(2);

    // The restored keyed state holds the row written before the failure (committed after it):
    // the new version deletes it, in its partition, without a look at the target.
    LocalWarehouse.append(source, List.of(record(source.schema(), "1", "v2", 20, "us")));
    Round second = awaitRound(source);
    assertThat(target()).containsExactly("1|v2|20|us", "2|v1|10|eu");
    assertThat(second.written()).isEqualTo(1);
    assertThat(second.replaced()).isEqualTo(1);
    assertThat(second.lookedUp()).isZero();
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void stoppedWithASavepointItEndsAndFromTheSavepointItContinuesAndStartsAgainForANewColumn(
      @InjectClusterClient ClusterClient<?> cluster) throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(source, List.of(record(source.schema(), "1", "ada", 10, "eu")));
    String yaml =
        String.join(
            "\n",
            "connector:",
            "  mode: streaming",
            "  streaming:",
            "    poll_interval: 200ms",
            "    checkpoint_interval: 2s",
            "  catalog:",
            "    uri: \"jdbc:sqlite:" + dir.resolve("catalog.db") + "\"",
            "    warehouse: \"" + dir.resolve("warehouse") + "\"",
            "  source:",
            "    tables:",
            "      - database: source_db",
            "        table: source_table",
            "        index_field: id",
            "        datetime_field: updated_at",
            "  target:",
            "    database: target_db",
            "    table: target_table",
            "    index_field: id",
            "    datetime_field: processed_at",
            "    write_mode: upsert",
            "");
    Path file = Files.writeString(dir.resolve("job.yaml"), yaml);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger code = new AtomicInteger(-1);
    Thread main =
        new Thread(
            () ->
                code.set(
                    IncrementalJobMain.run(
                        new String[] {"--config", file.toString()},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        StreamingRunITCase::environment)));
    main.start();
    String savepoint;
    JobID stopped;
    try {
      awaitPositions(source);
      assertThat(target()).containsExactly("1|ada|10|eu");
      // flink stop: the job finishes with a savepoint, and main ends without starting another.
      stopped = runningJob(cluster);
      savepoint =
          cluster
              .stopWithSavepoint(
                  stopped,
                  false,
                  dir.resolve("savepoints").toUri().toString(),
                  SavepointFormatType.CANONICAL)
              .get();
      main.join(TIMEOUT.toMillis());
    } finally {
      cancelRunningJobs(cluster);
    }
    assertThat(main.isAlive()).as("main after the stop").isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(code.get()).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed.split("Streaming into target_db.target_table as Flink job", -1))
        .as("jobs started, in %s", printed)
        .hasSize(2);
    assertThat(printed)
        .contains(
            "polls the sources every 200ms, commits at every checkpoint (every 2s)",
            "stopped with a savepoint: the target holds everything committed up to it; start the"
                + " job again, from the savepoint or without it, to continue from there");
    assertThat(cluster.getJobStatus(stopped).get()).isEqualTo(JobStatus.FINISHED);
    assertThat(cluster.listJobs().get())
        .as("jobs still running")
        .noneMatch(job -> !job.getJobState().isTerminalState());

    // flink run -s: every job of the run gets the savepoint's path; only the first restores it.
    LocalWarehouse.append(source, List.of(record(source.schema(), "1", "ada v2", 11, "eu")));
    Supplier<StreamExecutionEnvironment> fromSavepoint =
        () -> {
          StreamExecutionEnvironment env = environment();
          Configuration restore = new Configuration();
          restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
          env.configure(restore);
          return env;
        };
    List<JobClient> started = new CopyOnWriteArrayList<>();
    AtomicReference<Object> ended = new AtomicReference<>();
    Thread run =
        new Thread(
            () -> {
              try {
                ended.set(
                    StreamingRun.run(
                        spec(true, List.of(), SOURCE),
                        new StreamingRun.Settings(Duration.ofMillis(200), Duration.ofSeconds(2)),
                        fromSavepoint,
                        started::add));
              } catch (Exception e) {
                ended.set(e);
              }
            });
    run.start();
    try {
      Round restored = awaitRound(source);
      // The savepoint's keyed state holds key 1: replaced without a look at the target.
      assertThat(target()).containsExactly("1|ada v2|11|eu");
      assertThat(restored.replaced()).isEqualTo(1);
      assertThat(restored.lookedUp()).isZero();

      // A record of the old schema, then a new column and records that fill it: the job ends
      // after committing what it planned before the change, and run starts it again, without the
      // savepoint, with the target evolved. Checkpoints are rarer than polls here, so that the
      // record is planned before the change but committed by the job's last checkpoint, after it.
      LocalWarehouse.append(source, List.of(record(source.schema(), "2", "bob", 12, "eu")));
      Thread.sleep(800);
      source.updateSchema().addColumn("score", Types.IntegerType.get()).commit();
      Record scored = record(source.schema(), "3", "cy", 14, "us");
      scored.setField("score", 7);
      Record newer = record(source.schema(), "1", "ada v3", 20, "eu");
      newer.setField("score", 3);
      LocalWarehouse.append(source, List.of(scored, newer));
      awaitPositions(source);

      assertThat(target()).containsExactly("1|ada v3|20|eu", "2|bob|12|eu", "3|cy|14|us");
      Table target = warehouse.catalog.loadTable(TARGET);
      assertThat(LocalWarehouse.rows(target, r -> (String) r.getField("id")))
          .extracting(r -> r.getField("score"))
          .containsExactly(3, null, 7);
      assertThat(started).as("jobs started: before and after the new column").hasSize(2);
      assertThat(runIdOfTheCommitThatAdded(target, "2"))
          .as("the record planned before the change is committed by the first job")
          .startsWith(started.get(0).getJobID() + "-");
    } finally {
      cancelRunningJobs(cluster);
      run.join(TIMEOUT.toMillis());
    }
    assertThat(ended.get())
        .isEqualTo(new StreamingRun.Ended(started.get(1), StreamingRun.Ending.CANCELLED));
  }

  /** The one job of the cluster that has not ended. */
  private static JobID runningJob(ClusterClient<?> cluster) throws Exception {
    List<JobID> running = new ArrayList<>();
    for (JobStatusMessage job : cluster.listJobs().get()) {
      if (!job.getJobState().isTerminalState()) {
        running.add(job.getJobId());
      }
    }
    assertThat(running).as("running jobs").hasSize(1);
    return running.get(0);
  }

  private static void cancelRunningJobs(ClusterClient<?> cluster) throws Exception {
    for (JobStatusMessage job : cluster.listJobs().get()) {
      if (!job.getJobState().isTerminalState()) {
        cluster.cancel(job.getJobId()).get();
      }
    }
  }

  /** The run id of the oldest snapshot of {@code target} that holds a row of index {@code id}. */
  private static String runIdOfTheCommitThatAdded(Table target, String id) throws Exception {
    List<Snapshot> snapshots = new ArrayList<>();
    for (Snapshot snapshot = target.currentSnapshot();
        snapshot != null;
        snapshot = snapshot.parentId() == null ? null : target.snapshot(snapshot.parentId())) {
      snapshots.add(0, snapshot);
    }
    for (Snapshot snapshot : snapshots) {
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(target).useSnapshot(snapshot.snapshotId()).build()) {
        for (Record row : rows) {
          if (id.equals(row.getField("id"))) {
            return snapshot.summary().get(ConsumedPositions.RUN_ID);
          }
        }
      }
    }
    throw new AssertionError("No snapshot of " + target.name() + " holds index " + id);
  }

  @Test
  void aCommitOfAnotherRunInBetweenFailsTheJobWithoutRestarts() throws Exception {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(source, List.of(record(source.schema(), "1", "v1", 10, "eu")));
    JobClient job = start(spec(true, List.of(), SOURCE));
    long ours = awaitPositions(source);

    // Another run (a batch run, say) commits its positions to the target.
    Table target = warehouse.catalog.loadTable(TARGET);
    target
        .newAppend()
        .set(ConsumedPositions.RUN_ID, "another-run")
        .set(
            ConsumedPositions.positionKey(SOURCE.toString()),
            Long.toString(source.currentSnapshot().snapshotId()))
        .commit();
    long theirs = target.currentSnapshot().snapshotId();
    Recorder.COMMIT_ATTEMPTS.set(0);
    LocalWarehouse.append(source, List.of(record(source.schema(), "2", "v1", 10, "eu")));

    assertThatThrownBy(() -> job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .hasStackTraceContaining(
            "Cannot commit to target_db.target_table: another run committed snapshot "
                + theirs
                + " since this run started from "
                + ours
                + ". Run again");
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FAILED);
    assertThat(Recorder.COMMIT_ATTEMPTS).as("commits tried: no restart tried again").hasValue(1);
    assertThat(target()).containsExactly("1|v1|10|eu");
  }

  @Test
  void aDynamoDbSourceIsRefusedBeforeAnyWrite() {
    warehouse.create(SOURCE, SOURCE_SCHEMA);
    RunSpec spec =
        new RunSpec(
            warehouse.loader,
            List.of(
                new RunSpec.Source(SOURCE, "id", "updated_at"),
                new RunSpec.DynamoDbSource(
                    "orders",
                    "id",
                    "updated_at",
                    AwsClientConfig.builder().region("us-east-1").build(),
                    null,
                    null)),
            new TargetTable.Settings(TARGET, "id", "processed_at", null, List.of()),
            true,
            null,
            OptionalLong.empty(),
            null);

    assertThatThrownBy(() -> StreamingRun.start(spec, QUICK, environment()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot stream from source dynamodb:orders: a streaming job follows each source's new"
                + " commits, which for a DynamoDB table takes a DynamoDB Streams change feed that"
                + " the incremental job does not read yet. Use mode: batch for DynamoDB sources"
                + " (each run continues where the last one ended), or stream only Iceberg"
                + " sources.");
    assertThat(warehouse.catalog.tableExists(TARGET)).isFalse();
  }

  /** Records the commits' reports and fails a commit once where a test asks. */
  static final class Recorder implements RunHooks {
    private static final long serialVersionUID = 1L;
    static final ConcurrentLinkedQueue<IntervalReport> REPORTS = new ConcurrentLinkedQueue<>();
    static final AtomicBoolean CRASH_BEFORE_COMMIT = new AtomicBoolean();
    static final AtomicBoolean CRASH_AFTER_COMMIT = new AtomicBoolean();
    static final AtomicInteger COMMIT_ATTEMPTS = new AtomicInteger();

    /**
     * The attempt number of the commit task that called last, from its thread's name: Flink names a
     * task's thread {@code <task> (<subtask>/<parallelism>)#<attempt>}; 0 until a restart.
     */
    static final AtomicInteger ATTEMPT = new AtomicInteger(-1);

    @Override
    public void beforeCommit() {
      COMMIT_ATTEMPTS.incrementAndGet();
      String thread = Thread.currentThread().getName();
      ATTEMPT.set(Integer.parseInt(thread.substring(thread.lastIndexOf('#') + 1)));
      if (CRASH_BEFORE_COMMIT.compareAndSet(true, false)) {
        throw new IllegalStateException("injected crash before the commit");
      }
    }

    @Override
    public void afterCommit() {
      if (CRASH_AFTER_COMMIT.compareAndSet(true, false)) {
        throw new IllegalStateException("injected crash after the commit");
      }
    }

    @Override
    public void afterIntervalCommit(IntervalReport report) {
      REPORTS.add(report);
    }
  }
}
