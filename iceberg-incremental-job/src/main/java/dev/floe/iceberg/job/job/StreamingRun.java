package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.ExceptionUtils;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental job in streaming mode ({@code mode: streaming}): one Flink job that keeps running
 * and commits what its Iceberg sources gained at every checkpoint, exactly once.
 *
 * <p>The graph: {@link PlannerSource} (parallelism 1) plans every poll interval what each source
 * gained after its position and emits the file scan tasks and the new positions; {@link
 * ReadIcebergSource} reads the tasks in parallel; the records are keyed by the index value into
 * {@link StreamingMergeIntoTarget}, which keeps what the target holds per index value in keyed
 * state and writes each checkpoint's newest records that are newer than that; {@link
 * CommitCheckpoints} (parallelism 1) commits each checkpoint's files with the positions it covers
 * once the checkpoint is complete. Checkpoints are aligned, so everything planned before a barrier
 * is written before it.
 *
 * <p>The target is prepared (created, evolved) when the job starts, with the sources' schemas of
 * that moment. When a source's schema changes while the job runs, the planner plans nothing more
 * and ends; the job commits what was planned before with its last checkpoint and finishes, and
 * {@link #run} starts it again, which evolves the target and continues from the committed
 * positions.
 */
public final class StreamingRun {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingRun.class);

  private StreamingRun() {}

  /**
   * How often a streaming job plans and commits.
   *
   * @param pollInterval how often the planner looks for new snapshots of the sources
   * @param checkpointInterval how often the job checkpoints, and so commits
   */
  public record Settings(Duration pollInterval, Duration checkpointInterval) {
    public Settings {
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    }

    /** The settings in words, with durations as the configuration writes them. */
    public String describe() {
      return String.format(
          "polls the sources every %s, commits at every checkpoint (every %s)",
          text(pollInterval), text(checkpointInterval));
    }

    private static String text(Duration duration) {
      long millis = duration.toMillis();
      if (millis % 1000 != 0) {
        return millis + "ms";
      }
      long seconds = millis / 1000;
      if (seconds % 60 != 0) {
        return seconds + "s";
      }
      long minutes = seconds / 60;
      return minutes % 60 != 0 ? minutes + "m" : minutes / 60 + "h";
    }
  }

  /** How the last job of {@link #run} ended. */
  public enum Ending {
    /** Cancelled ({@code flink cancel}). */
    CANCELLED,
    /** Stopped with a savepoint ({@code flink stop}, a stop with snapshot). */
    STOPPED
  }

  /** The last job {@link #run} started, and how it ended. */
  public record Ended(JobClient job, Ending ending) {}

  /**
   * Runs the streaming job until it is cancelled, stopped or fails, starting it again whenever it
   * ends because a source changed its schema. A job started again never restores the savepoint the
   * first one may have been started from ({@code flink run -s}): that state has the target's old
   * columns, and what it held is committed.
   *
   * @param environments a new Flink environment for each start
   * @param started told of each job started
   * @return the last job, once cancelled or stopped
   * @throws IllegalArgumentException before any write, naming the table and field, if a source is a
   *     DynamoDB table, does not exist, lacks its index or datetime field, or its datetime field is
   *     not a date or timestamp
   * @throws ExecutionException when the job fails for good
   */
  public static Ended run(
      RunSpec spec,
      Settings settings,
      Supplier<StreamExecutionEnvironment> environments,
      Consumer<JobClient> started)
      throws Exception {
    for (int jobs = 0; ; jobs++) {
      StreamExecutionEnvironment env = environments.get();
      if (jobs > 0) {
        withoutRestore(env);
      }
      JobClient client = start(spec, settings, env);
      started.accept(client);
      JobExecutionResult result;
      try {
        result = client.getJobExecutionResult().get();
      } catch (ExecutionException e) {
        if (ExceptionUtils.findThrowable(e, JobCancellationException.class).isPresent()
            || client.getJobStatus().get() == JobStatus.CANCELED) {
          LOG.info(
              "Streaming job {} into {} cancelled", client.getJobID(), spec.target().identifier());
          return new Ended(client, Ending.CANCELLED);
        }
        throw e;
      }
      if (!endedForNewSchema(result)) {
        LOG.info(
            "Streaming job {} into {} stopped with a savepoint",
            client.getJobID(),
            spec.target().identifier());
        return new Ended(client, Ending.STOPPED);
      }
      LOG.info(
          "Streaming job {} into {} ended because a source changed its schema: starting it again"
              + " with the target evolved",
          client.getJobID(),
          spec.target().identifier());
    }
  }

  /**
   * Whether the planner ended because a source changed its schema; a job stopped with a savepoint
   * finishes too, but its planner counted nothing.
   */
  private static boolean endedForNewSchema(JobExecutionResult result) {
    Object changed = result.getAllAccumulatorResults().get(RoutePlannedWork.SCHEMA_CHANGED);
    return changed instanceof Long count && count > 0;
  }

  /**
   * Leaves out the savepoint of {@code flink run -s} (execution.state-recovery.path), which the
   * environment of every job of one program carries.
   */
  private static void withoutRestore(StreamExecutionEnvironment env) {
    if (env.getConfiguration() instanceof Configuration configuration
        && configuration.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
      LOG.info(
          "Starting the job again without the savepoint {} the first job restored",
          configuration.get(StateRecoveryOptions.SAVEPOINT_PATH));
      // Once per key: the current one and its deprecated name (execution.savepoint.path).
      while (configuration.removeConfig(StateRecoveryOptions.SAVEPOINT_PATH)) {}
    }
  }

  /**
   * Prepares the target, builds the streaming job on {@code env} and submits it.
   *
   * @return the submitted job
   * @throws IllegalArgumentException before any write, as {@link #run} does
   */
  public static JobClient start(RunSpec spec, Settings settings, StreamExecutionEnvironment env)
      throws Exception {
    Catalog catalog = spec.catalog().loadCatalog();
    try {
      return start(spec, settings, env, catalog);
    } finally {
      Catalogs.close(catalog);
    }
  }

  private static JobClient start(
      RunSpec spec, Settings settings, StreamExecutionEnvironment env, Catalog catalog)
      throws Exception {
    List<RunSpec.Source> sources = icebergSources(spec);
    List<Table> tables = new ArrayList<>();
    List<Schema> schemas = new ArrayList<>();
    for (RunSpec.Source source : sources) {
      Table table = IcebergSources.load(catalog, source);
      tables.add(table);
      schemas.add(table.schema());
    }
    Table target = TargetTable.prepare(catalog, spec.target(), schemas);
    ConsumedPositions committed = ConsumedPositions.of(target);
    String identifier = spec.target().identifier().toString();
    LOG.info("Streaming into {} from {}: {}", identifier, committed, settings.describe());

    configure(env, settings);
    RowType targetType = FlinkSchemaUtil.convert(target.schema());
    Long minMicros = IcebergSources.minMicros(spec.timeFilter(), Instant.now());
    List<PlannerSource.SourceAddress> addresses = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      addresses.add(PlannerSource.SourceAddress.of(sources.get(i), schemas.get(i).schemaId()));
    }
    PlannerSource planner =
        new PlannerSource(
            spec.catalog(),
            addresses,
            committed.asMap(),
            settings.pollInterval(),
            spec.timeFilter(),
            spec.maxRecords().isPresent() ? spec.maxRecords().getAsLong() : null);
    RoutePlannedWork route = new RoutePlannedWork(sources.size());
    SingleOutputStreamOperator<byte[]> positions =
        env.fromSource(
                planner, WatermarkStrategy.noWatermarks(), "plan sources", PlannerSource.typeInfo())
            .setParallelism(1)
            .setMaxParallelism(1)
            .uid("floe-plan-sources")
            .process(route)
            .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
            .setParallelism(1)
            .setMaxParallelism(1)
            .name("route planned tasks and positions")
            .uid("floe-route-planned-work");

    TypeInformation<Tuple5<String, Long, Integer, String, RowData>> candidateType =
        Candidate.typeInfo(targetType);
    DataStream<Tuple5<String, Long, Integer, String, RowData>> all = null;
    for (int i = 0; i < sources.size(); i++) {
      RunSpec.Source source = sources.get(i);
      Table table = tables.get(i);
      DataStream<Tuple5<String, Long, Integer, String, RowData>> candidates =
          positions
              .getSideOutput(route.tasksOf(i))
              .rebalance()
              .flatMap(
                  new ReadIcebergSource(
                      source.name(),
                      i,
                      SerializableTable.copyOf(table),
                      targetType,
                      source.indexField(),
                      source.datetimeField(),
                      minMicros,
                      spec.timeFilter(),
                      List.of(IcebergSources.timeFilter(source, table.schema(), minMicros))))
              .returns(candidateType)
              .name("read " + source.name())
              .uid("floe-read-" + i);
      all = all == null ? candidates : all.union(candidates);
    }
    DataStream<byte[]> written =
        all.keyBy(candidate -> candidate.f0, Types.STRING)
            .transform(
                "merge into " + identifier,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                new StreamingMergeIntoTarget(
                    spec.catalog(),
                    identifier,
                    SerializableTable.copyOf(target),
                    targetType,
                    spec.target().indexField(),
                    spec.target().datetimeField(),
                    MergeRule.datetimeColumns(spec.sources()),
                    MergeRule.partitionSourceColumns(target),
                    spec.upsert()
                        ? MergeRule.equalityFieldIds(target, spec.target().indexField())
                        : List.of(),
                    sources.size()))
            .uid("floe-merge");
    written
        .union(positions)
        .transform(
            "commit " + identifier,
            Types.VOID,
            new CommitCheckpoints(
                spec.catalog(),
                identifier,
                target.uuid().toString(),
                sources.stream().map(RunSpec.Source::name).toList(),
                committed.snapshotId().orElse(null),
                committed.asMap(),
                spec.hooks()))
        .setParallelism(1)
        .setMaxParallelism(1)
        .uid("floe-commit");
    JobClient client = env.executeAsync("floe streaming into " + identifier);
    LOG.info("Streaming job {} into {} submitted", client.getJobID(), identifier);
    return client;
  }

  /**
   * Exactly-once checkpoints at the configured interval, aligned (unaligned checkpoints would store
   * records in flight, whose positions the planner already moved, in a checkpoint the commit
   * commits without their data), with a last checkpoint after the planner ends.
   */
  private static void configure(StreamExecutionEnvironment env, Settings settings) {
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.enableCheckpointing(
        settings.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    Configuration checkpoints = new Configuration();
    checkpoints.set(CheckpointingOptions.ENABLE_UNALIGNED, false);
    checkpoints.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, true);
    env.configure(checkpoints);
    // The merge buffers records between checkpoints, which object reuse would overwrite.
    env.getConfig().disableObjectReuse();
  }

  /** The sources as Iceberg sources; a DynamoDB source has no change feed the job reads yet. */
  private static List<RunSpec.Source> icebergSources(RunSpec spec) {
    List<RunSpec.Source> sources = new ArrayList<>();
    for (int i = 0; i < spec.sources().size(); i++) {
      RunSpec.SourceTable source = spec.sources().get(i);
      if (!(source instanceof RunSpec.Source iceberg)) {
        throw new IllegalArgumentException(
            "Cannot stream from source " + source.name() + ": " + WHY_NO_DYNAMODB);
      }
      sources.add(iceberg);
    }
    return sources;
  }

  /** Why a DynamoDB source cannot be read in streaming mode, and what to do. */
  static final String WHY_NO_DYNAMODB =
      "a streaming job follows each source's new commits, which for a DynamoDB table takes a"
          + " DynamoDB Streams change feed that the incremental job does not read yet. Use mode:"
          + " batch for DynamoDB sources (each run continues where the last one ended), or stream"
          + " only Iceberg sources.";
}
