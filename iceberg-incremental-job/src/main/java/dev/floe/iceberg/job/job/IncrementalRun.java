package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import dev.floe.iceberg.job.plan.DynamoDbSourcePlan;
import dev.floe.iceberg.job.plan.DynamoDbSourcePlanner;
import dev.floe.iceberg.job.plan.IcebergSourcePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch run of the incremental job: prepares the target, plans what is new in each source, runs
 * the Flink job that keeps each index value's newest record when it is newer than the target's and
 * commits it with the new positions, then reports what it did.
 *
 * <p>The run's Flink graph: per Iceberg source, its planned file scan tasks are read in parallel
 * ({@link ReadIcebergSource}); per DynamoDB source, a parallel scan from the last high-water mark
 * ({@link ReadDynamoDbSource}), whose new mark travels to the commit; all sources are keyed by the
 * index value and reduced to the newest record ({@link Candidate#wins}); {@link MergeIntoTarget}
 * compares with the target and writes files; one {@link CommitToTarget} commits them.
 */
public final class IncrementalRun {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalRun.class);

  private IncrementalRun() {}

  /**
   * How a run learns what the target holds for its records. Runs of the job use {@link #LOOKUP};
   * {@link #FULL_READ} exists only as the baseline of the incremental-run benchmark, so that the
   * seed's approach runs in the same Flink graph, on the same data, with the same writes.
   */
  public enum TargetRead {
    /**
     * Per chunk of records, an Iceberg scan filtered by the chunk's index values, pruned by file
     * and row-group statistics (and bloom filters for small chunks), reading only the columns the
     * comparison needs and keeping only the rows of the chunk's values ({@link TargetLookup}).
     */
    LOOKUP,
    /**
     * The seed's approach: each merging task reads every (index, datetime) pair of the target (and
     * the partition source columns an upsert's deletes need) with no filter, holds them in memory
     * by index value, and filters its records against them.
     */
    FULL_READ
  }

  /** What a run did. */
  public record Report(
      String runId,
      Map<String, IcebergSourcePlan> plans,
      Map<String, DynamoDbSourcePlan> dynamoDbPlans,
      Map<String, Long> read,
      long written,
      long notNewer,
      long replaced,
      Long snapshotId) {

    /** The report as log lines. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      plans.forEach(
          (source, plan) ->
              lines.add(
                  String.format(
                      "source %s: %s (%d snapshot(s), %d left for the next run), %d record(s) read",
                      source,
                      plan.fromExclusive() == null
                          ? "first run, the table as of snapshot " + plan.toInclusive()
                          : "snapshots after " + plan.fromExclusive() + " to " + plan.toInclusive(),
                      plan.snapshots(),
                      plan.deferredSnapshots(),
                      read.getOrDefault(source, 0L))));
      dynamoDbPlans.forEach(
          (source, plan) ->
              lines.add(
                  String.format(
                      "source %s: %s, %d item(s) read",
                      source, plan.describe(), read.getOrDefault(source, 0L))));
      lines.add(
          String.format(
              "kept and written: %d, not newer than the target: %d, replaced rows: %d",
              written, notNewer, replaced));
      lines.add(
          snapshotId == null
              ? "target unchanged: nothing new"
              : "target snapshot " + snapshotId + " (run " + runId + ")");
      return lines;
    }
  }

  /**
   * Runs {@code spec} on {@code env} (a MiniCluster locally, the cluster under {@code flink run}).
   *
   * @throws IllegalArgumentException before any write, naming the table and field, if a source does
   *     not exist, lacks its index or datetime field, or its datetime field is not a date or
   *     timestamp (Iceberg) or neither ISO-8601 text nor epoch numbers (DynamoDB)
   */
  public static Report execute(RunSpec spec, StreamExecutionEnvironment env) throws Exception {
    return execute(spec, env, TargetRead.LOOKUP);
  }

  /**
   * Runs {@code spec} as {@link #execute(RunSpec, StreamExecutionEnvironment)} does, learning what
   * the target holds through {@code targetRead}; only the benchmark passes anything but {@link
   * TargetRead#LOOKUP}.
   */
  public static Report execute(RunSpec spec, StreamExecutionEnvironment env, TargetRead targetRead)
      throws Exception {
    Catalog catalog = spec.catalog().loadCatalog();
    try {
      return execute(spec, env, targetRead, catalog);
    } finally {
      Catalogs.close(catalog);
    }
  }

  private static Report execute(
      RunSpec spec, StreamExecutionEnvironment env, TargetRead targetRead, Catalog catalog)
      throws Exception {
    Instant now = Instant.now();
    Long minMicros = IcebergSources.minMicros(spec.timeFilter(), now);
    // DynamoDB sources are planned from the committed positions before the target is prepared,
    // because their columns come from the plan; preparing the target commits no snapshot.
    ConsumedPositions committed =
        catalog.tableExists(spec.target().identifier())
            ? ConsumedPositions.of(catalog.loadTable(spec.target().identifier()))
            : ConsumedPositions.none();
    Map<Integer, Table> icebergSources = new LinkedHashMap<>();
    Map<String, DynamoDbSourcePlan> dynamoDbPlans = new LinkedHashMap<>();
    List<Schema> schemas = new ArrayList<>();
    for (int i = 0; i < spec.sources().size(); i++) {
      RunSpec.SourceTable source = spec.sources().get(i);
      if (source instanceof RunSpec.Source iceberg) {
        Table table = IcebergSources.load(catalog, iceberg);
        icebergSources.put(i, table);
        schemas.add(table.schema());
      } else {
        RunSpec.DynamoDbSource dynamoDb = (RunSpec.DynamoDbSource) source;
        DynamoDbSourcePlan plan =
            DynamoDbSourcePlanner.plan(
                source.name(),
                dynamoDb.tableName(),
                dynamoDb.client(),
                source.indexField(),
                source.datetimeField(),
                dynamoDb.datetimeEncoding(),
                committed.position(source.name()),
                minMicros);
        dynamoDbPlans.put(source.name(), plan);
        if (!plan.isEmpty()) {
          schemas.add(plan.icebergSchema());
        }
      }
    }
    Table target = TargetTable.prepare(catalog, spec.target(), schemas);
    // The positions read before the target was prepared: the commit checks that no other run
    // committed since, so DynamoDB plans and the commit rest on the same positions.
    ConsumedPositions consumed = committed;
    Snapshot base = target.currentSnapshot();
    String runId = UUID.randomUUID().toString();
    LOG.info("Run {} of {} starts from {}", runId, spec.target().identifier(), consumed);

    Map<String, IcebergSourcePlan> plans = new LinkedHashMap<>();
    ConsumedPositions next = consumed;
    boolean moved = false;
    boolean anythingToRead = false;
    for (Map.Entry<Integer, Table> entry : icebergSources.entrySet()) {
      RunSpec.Source source = (RunSpec.Source) spec.sources().get(entry.getKey());
      Table table = entry.getValue();
      IcebergSourcePlan plan =
          IcebergSources.plan(source, table, consumed, spec.maxRecords(), minMicros);
      plans.put(source.name(), plan);
      LOG.info(
          "Run {}: source {} has {} new snapshot(s) ({} record(s) added, {} file task(s))",
          runId,
          source.name(),
          plan.snapshots(),
          plan.addedRecords(),
          plan.tasks().size());
      if (!plan.isEmpty()) {
        next = next.with(source.name(), plan.toInclusive());
        moved = true;
        anythingToRead |= !plan.tasks().isEmpty();
      }
    }
    for (Map.Entry<String, DynamoDbSourcePlan> entry : dynamoDbPlans.entrySet()) {
      LOG.info(
          "Run {}: source {} is scanned for {}",
          runId,
          entry.getKey(),
          entry.getValue().describe());
      anythingToRead |= !entry.getValue().isEmpty();
    }
    if (!moved && !anythingToRead) {
      Report report = new Report(runId, plans, dynamoDbPlans, Map.of(), 0, 0, 0, null);
      report.lines().forEach(line -> LOG.info("Run {}: {}", runId, line));
      return report;
    }

    RowType targetType = FlinkSchemaUtil.convert(target.schema());
    Table targetCopy = SerializableTable.copyOf(target);
    Long baseId = base == null ? null : base.snapshotId();
    CommitToTarget commit =
        new CommitToTarget(
            spec.catalog(),
            new TargetCommitter(
                spec.target().identifier(),
                baseId,
                consumed.snapshotId().orElse(null),
                next.summary(runId),
                moved,
                spec.hooks()));
    if (!anythingToRead) {
      commit.commit(List.of());
      return report(runId, plans, dynamoDbPlans, Map.of(), spec, catalog);
    }

    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    TypeInformation<Tuple5<String, Long, Integer, String, RowData>> candidateType =
        Candidate.typeInfo(targetType);
    DataStream<Tuple5<String, Long, Integer, String, RowData>> all = null;
    DataStream<byte[]> highWaterMarks = null;
    for (int i = 0; i < spec.sources().size(); i++) {
      RunSpec.SourceTable source = spec.sources().get(i);
      DataStream<Tuple5<String, Long, Integer, String, RowData>> candidates;
      if (source instanceof RunSpec.Source iceberg) {
        IcebergSourcePlan plan = plans.get(source.name());
        if (plan.tasks().isEmpty()) {
          continue;
        }
        Table sourceTable = icebergSources.get(i);
        candidates =
            env.fromData(inCommitOrder(plan.tasks()), Types.TUPLE(Types.LONG, Types.STRING))
                .name("plan " + source.name())
                .rebalance()
                .flatMap(
                    new ReadIcebergSource(
                        source.name(),
                        i,
                        SerializableTable.copyOf(sourceTable),
                        targetType,
                        source.indexField(),
                        source.datetimeField(),
                        minMicros,
                        null,
                        List.of(
                            IcebergSources.timeFilter(iceberg, sourceTable.schema(), minMicros))))
                .returns(candidateType)
                .name("read " + source.name());
      } else {
        DynamoDbSourcePlan plan = dynamoDbPlans.get(source.name());
        if (plan.isEmpty()) {
          continue;
        }
        SingleOutputStreamOperator<Tuple5<String, Long, Integer, String, RowData>> taken =
            ReadDynamoDbSource.candidates(
                env,
                (RunSpec.DynamoDbSource) source,
                i,
                plan,
                targetType,
                spec.maxRecords(),
                candidateType);
        candidates = taken;
        DataStream<byte[]> marks = taken.getSideOutput(TakeDynamoDbRecords.HIGH_WATER_MARKS);
        highWaterMarks = highWaterMarks == null ? marks : highWaterMarks.union(marks);
      }
      all = all == null ? candidates : all.union(candidates);
    }
    List<String> datetimeColumns = MergeRule.datetimeColumns(spec.sources());
    List<String> partitionSources = MergeRule.partitionSourceColumns(target);
    TargetLookup lookup =
        new TargetLookup(
            targetCopy,
            targetType,
            spec.target().indexField(),
            datetimeColumns,
            partitionSources,
            targetRead == TargetRead.FULL_READ);
    DataStream<byte[]> written =
        all.keyBy(candidate -> candidate.f0, Types.STRING)
            .reduce(new Newest())
            .name("newest per " + spec.target().indexField())
            .transform(
                "merge into " + spec.target().identifier(),
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                new MergeIntoTarget(
                    targetCopy,
                    targetType,
                    baseId,
                    lookup,
                    spec.target().indexField(),
                    spec.target().datetimeField(),
                    Math.multiplyExact(now.toEpochMilli(), 1000L),
                    spec.upsert()
                        ? MergeRule.equalityFieldIds(target, spec.target().indexField())
                        : List.of()));
    (highWaterMarks == null ? written : written.union(highWaterMarks))
        .transform("commit " + spec.target().identifier(), Types.VOID, commit)
        .setParallelism(1)
        .setMaxParallelism(1);
    JobExecutionResult result =
        env.execute("floe incremental run into " + spec.target().identifier());
    Map<String, Long> read = new LinkedHashMap<>();
    for (RunSpec.SourceTable source : spec.sources()) {
      read.put(source.name(), counter(result, JobCounters.read(source.name())));
    }
    Report report =
        new Report(
            runId,
            plans,
            dynamoDbPlans,
            read,
            counter(result, JobCounters.WRITTEN),
            counter(result, JobCounters.NOT_NEWER),
            counter(result, JobCounters.REPLACED),
            committedSnapshot(catalog, spec, runId));
    report.lines().forEach(line -> LOG.info("Run {}: {}", runId, line));
    return report;
  }

  private static Report report(
      String runId,
      Map<String, IcebergSourcePlan> plans,
      Map<String, DynamoDbSourcePlan> dynamoDbPlans,
      Map<String, Long> read,
      RunSpec spec,
      Catalog catalog) {
    Report report =
        new Report(
            runId, plans, dynamoDbPlans, read, 0, 0, 0, committedSnapshot(catalog, spec, runId));
    report.lines().forEach(line -> LOG.info("Run {}: {}", runId, line));
    return report;
  }

  private static Long committedSnapshot(Catalog catalog, RunSpec spec, String runId) {
    Table target = catalog.loadTable(spec.target().identifier());
    for (Snapshot snapshot : target.snapshots()) {
      if (runId.equals(snapshot.summary().get(ConsumedPositions.RUN_ID))) {
        return snapshot.snapshotId();
      }
    }
    return null;
  }

  /** Each planned task with its place in the plan, which lists them in commit order. */
  private static List<Tuple2<Long, String>> inCommitOrder(List<String> tasks) {
    List<Tuple2<Long, String>> ordered = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      ordered.add(Tuple2.of((long) i, tasks.get(i)));
    }
    return ordered;
  }

  private static long counter(JobExecutionResult result, String name) {
    Object value = result.getAccumulatorResult(name);
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** The newer of two records of one index value ({@link Candidate#wins}). */
  private static final class Newest
      implements ReduceFunction<Tuple5<String, Long, Integer, String, RowData>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Tuple5<String, Long, Integer, String, RowData> reduce(
        Tuple5<String, Long, Integer, String, RowData> a,
        Tuple5<String, Long, Integer, String, RowData> b) {
      return Candidate.wins(a, b) ? a : b;
    }
  }
}
