package dev.floe.iceberg.job.api;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.Row;
import dev.floe.core.conversion.arrow.ArrowConverter;
import dev.floe.core.conversion.iceberg.IcebergValueConverter;
import dev.floe.core.conversion.iceberg.JavaModelRecords;
import dev.floe.iceberg.job.config.JobConfig;
import dev.floe.iceberg.job.config.JobConfigException;
import dev.floe.iceberg.job.config.JobConfigParser;
import dev.floe.iceberg.job.config.RunMode;
import dev.floe.iceberg.job.job.Catalogs;
import dev.floe.iceberg.job.job.IcebergSources;
import dev.floe.iceberg.job.job.MergeRule;
import dev.floe.iceberg.job.job.RunSpec;
import dev.floe.iceberg.job.job.RunSpecs;
import dev.floe.iceberg.job.job.TargetCommitter;
import dev.floe.iceberg.job.job.TargetTable;
import dev.floe.iceberg.job.plan.ConsumedPositions;
import dev.floe.iceberg.job.plan.IcebergSourcePlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * The incremental job for small runs inside one JVM, without Flink: an AWS Lambda function, a
 * scheduled task, a test. It opens from the job's YAML configuration, {@link #read() reads} what
 * the sources gained since the last commit as one Arrow batch, and {@link #write writes} records of
 * a Java record class into the target with the job's rules and its exactly-once bookkeeping.
 *
 * <pre>{@code
 * record Order(String id, String customer, BigDecimal amount, LocalDateTime updated_at) {}
 *
 * public String handleRequest(Map<String, Object> event, Context context) {
 *   try (IncrementalConnector connector = IncrementalConnector.open(Path.of("job.yaml"));
 *       VectorSchemaRoot batch = connector.read()) {
 *     List<Order> orders = new ArrayList<>();
 *     for (int row = 0; row < batch.getRowCount(); row++) {
 *       orders.add(new Order(...)); // from batch.getVector("id") etc., transformed as needed
 *     }
 *     return connector.write(orders, Order.class).toString();
 *   }
 * }
 * }</pre>
 *
 * <p>Semantics, the same as a run of the job:
 *
 * <ul>
 *   <li>{@link #read()} plans each source from the positions the target's newest run committed,
 *       with the job's {@code time_filter_hours} and {@code max_records}, and remembers how far it
 *       read. Nothing is consumed until a {@link #write} commits: reading twice without a write
 *       returns the same records again (plus what the sources gained in between).
 *   <li>{@link #write} keeps the newest record of each index value, writes it only if it is newer
 *       than the target's row ({@code write_mode: append} adds a row, {@code upsert} replaces it),
 *       sets the target's datetime field ({@code processed_at}) and commits the files together with
 *       the positions of the last {@code read()} in one Iceberg commit under a new run id. Without
 *       a {@code read()} since the last commit it commits data only and leaves the positions as
 *       they are.
 *   <li>The commit is refused if another run (of the job or of this API) committed to the target
 *       since the positions were read: {@code read()} again and write what it returns.
 *   <li>A {@code write} that failed is retried by calling it again with the same records: the retry
 *       keeps the run id, so if the failed call's commit went through after all the retry commits
 *       nothing ({@link WriteReport#committedEarlier()}); otherwise it writes and commits.
 * </ul>
 *
 * <p>Not thread-safe: one connector serves one caller at a time. Flink is not needed, but Flink's
 * row type classes are: {@code org.apache.flink:flink-table-common} and {@code flink-annotations}
 * (Iceberg's Flink runtime loads them when it first reads or writes a file). Arrow needs {@code
 * --add-opens=java.base/java.nio=ALL-UNNAMED} on Java 17 and later (in Lambda, through {@code
 * JAVA_TOOL_OPTIONS}).
 */
public final class IncrementalConnector implements AutoCloseable {
  /** Records looked up in the target at once, as in the Flink job. */
  private static final int LOOKUP_CHUNK = 5_000;

  private final RunSpec spec;

  /** The spec's sources, which are all Iceberg tables here. */
  private final List<RunSpec.Source> sources;

  private final Catalog catalog;
  private final BufferAllocator allocator;
  private final List<VectorSchemaRoot> handedOut = new ArrayList<>();

  /** How far the last read() read; null when nothing was read since the last commit. */
  private PendingRead pendingRead;

  /** The run id of a write that failed, which its retry reuses; null otherwise. */
  private String pendingRunId;

  private boolean closed;

  /** A Flink class Iceberg's Flink runtime loads when it first reads or writes a file. */
  private static final String FLINK_ROW_TYPE = "org.apache.flink.table.data.RowData";

  private IncrementalConnector(RunSpec spec) {
    requireFlinkRowTypes();
    this.spec = spec;
    this.sources = icebergSources(spec);
    this.catalog = spec.catalog().loadCatalog();
    this.allocator = new RootAllocator();
  }

  /**
   * The embedding API reads Iceberg sources only: a DynamoDB source needs Floe's parallel scan
   * source, which runs on Flink.
   */
  private static List<RunSpec.Source> icebergSources(RunSpec spec) {
    List<RunSpec.Source> sources = new ArrayList<>();
    for (RunSpec.SourceTable source : spec.sources()) {
      if (!(source instanceof RunSpec.Source iceberg)) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot open the embedding API on source %s: it reads Iceberg source tables only."
                    + " Run the job on Flink (java -jar or flink run) for DynamoDB sources.",
                source.name()));
      }
      sources.add(iceberg);
    }
    return sources;
  }

  /**
   * Iceberg's Flink runtime, which this module reads and writes files through, registers its Flink
   * file formats when it first reads or writes one, and that fails without Flink's row types. Say
   * so before anything is read, rather than with a NoClassDefFoundError from inside Iceberg.
   */
  private static void requireFlinkRowTypes() {
    try {
      Class.forName(FLINK_ROW_TYPE, false, IncrementalConnector.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "Cannot open the embedding API: Iceberg's Flink runtime, through which it reads and"
              + " writes files, loads Flink's row types ("
              + FLINK_ROW_TYPE
              + ") when it first reads or writes a file. Add org.apache.flink:flink-table-common"
              + " and org.apache.flink:flink-annotations (the version of the job's Flink, without"
              + " their dependencies) to the application; Flink itself is not needed.",
          e);
    }
  }

  /**
   * Opens the job configured in a YAML file (the job's {@code --config} file).
   *
   * @throws JobConfigException when the file is missing or invalid, or asks for what the embedding
   *     API does not run (streaming mode), naming the key
   * @throws IllegalArgumentException when a source table is a DynamoDB table
   */
  public static IncrementalConnector open(Path config) {
    return open(JobConfigParser.parse(config));
  }

  /**
   * Opens the job {@code config} describes and loads its catalog.
   *
   * @throws JobConfigException when the configuration asks for what the embedding API does not run
   *     (streaming mode)
   */
  public static IncrementalConnector open(JobConfig config) {
    if (config.mode() == RunMode.STREAMING) {
      throw new JobConfigException(
          "connector.mode",
          "is streaming, which the embedding API does not run: it reads and writes when its caller"
              + " asks, each write one run. Remove the key (or set mode: batch) here, and run a"
              + " streaming configuration on Flink with IncrementalJobMain.");
    }
    return open(RunSpecs.from(config));
  }

  /** Opens a run specification built in code, and loads its catalog. */
  public static IncrementalConnector open(RunSpec spec) {
    return new IncrementalConnector(Objects.requireNonNull(spec, "spec"));
  }

  /**
   * Reads what the sources gained since the positions the target's newest run committed: every
   * record of the planned snapshots (deletes applied, older than {@code time_filter_hours} left
   * out), not yet reduced to the newest per index value nor compared with the target; {@link
   * #write} does that.
   *
   * <p>The batch's columns are the union of the sources' columns by name, in the order of the first
   * source that has them, all nullable, with types widened where sources differ (int to long, float
   * to double); the target's datetime field is not among them, unless a source has it. Rows come
   * source by source in configuration order, and within a source in the order they were committed.
   * An empty batch has the same columns and no rows.
   *
   * <p>The batch belongs to the caller, who closes it; batches still open when the connector closes
   * are closed with it.
   *
   * @throws IllegalArgumentException naming the table and field, if a source is missing, lacks its
   *     index or datetime field, or the datetime field is not a date or timestamp
   * @throws IllegalStateException if a record has a null index or datetime, or a source's consumed
   *     snapshot has expired
   */
  public VectorSchemaRoot read() {
    requireOpen();
    List<Table> tables = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Schema> schemas = new ArrayList<>();
    for (RunSpec.Source source : sources) {
      Table table = IcebergSources.load(catalog, source);
      tables.add(table);
      names.add(source.name());
      schemas.add(table.schema());
    }
    TableIdentifier targetId = spec.target().identifier();
    ConsumedPositions consumed =
        catalog.tableExists(targetId)
            ? ConsumedPositions.of(catalog.loadTable(targetId))
            : ConsumedPositions.none();
    Long minMicros = IcebergSources.minMicros(spec.timeFilter(), Instant.now());
    Schema union = SourceUnion.of(names, schemas);

    List<Record> rows = new ArrayList<>();
    Map<String, IcebergSourcePlan> plans = new LinkedHashMap<>();
    ConsumedPositions next = consumed;
    boolean moved = false;
    for (int i = 0; i < tables.size(); i++) {
      RunSpec.Source source = sources.get(i);
      Table table = tables.get(i);
      IcebergSourcePlan plan =
          IcebergSources.plan(source, table, consumed, spec.maxRecords(), minMicros);
      plans.put(source.name(), plan);
      if (plan.isEmpty()) {
        continue;
      }
      next = next.with(source.name(), plan.toInclusive());
      moved = true;
      SourceTaskReader reader = new SourceTaskReader(table);
      String what = "a record of source " + source.name();
      for (FileScanTask task : SourceTaskReader.parse(plan.tasks())) {
        reader.read(
            task,
            record -> {
              Object index = record.getField(source.indexField());
              if (index == null) {
                throw IcebergSources.nullIndex(source.name(), source.indexField());
              }
              Long micros = DatetimeValues.micros(record.getField(source.datetimeField()));
              if (micros == null) {
                throw IcebergSources.nullDatetime(
                    source.name(),
                    source.indexField(),
                    source.datetimeField(),
                    IndexValues.keyOf(index));
              }
              if (minMicros == null || micros >= minMicros) {
                rows.add(ByNameCopy.copy(record, union.asStruct(), what));
              }
            });
      }
    }
    VectorSchemaRoot root = toArrow(union, rows);
    handedOut.add(root);
    pendingRead = new PendingRead(consumed.snapshotId().orElse(null), next, moved, plans);
    pendingRunId = null;
    return root;
  }

  /**
   * What the last {@link #read()} planned per source (snapshots read, records they added, snapshots
   * left for the next read by {@code max_records}); empty when nothing was read since the last
   * commit.
   */
  public Map<String, IcebergSourcePlan> pendingPlans() {
    return pendingRead == null ? Map.of() : pendingRead.plans();
  }

  private VectorSchemaRoot toArrow(Schema union, List<Record> records) {
    IcebergValueConverter values = IcebergValueConverter.of(union);
    List<Row> rows = new ArrayList<>(records.size());
    for (Record record : records) {
      rows.add(values.toRow(record));
    }
    return ArrowConverter.of(values.logicalSchema()).toVectors(rows, allocator);
  }

  /**
   * Writes {@code records} into the target and commits them, with the positions of the last {@link
   * #read()}, in one Iceberg commit under a new run id.
   *
   * <p>The target's columns come from {@code modelClass} through {@code
   * dev.floe.core.conversion.iceberg.JavaModelSchemas} (see docs/java-models.md): a missing target
   * is created as the job creates it (all columns optional, the target's datetime field added as a
   * timestamp with time zone, partitioned by {@code partition_by}, sorted by the index), and a
   * class with columns the target lacks, or of wider types, evolves it. A component named like the
   * target's datetime field is allowed, but the write sets its value.
   *
   * <p>A record's datetime is the latest of the sources' datetime fields it has. Of several records
   * of one index value the newest wins (on equal datetimes the later in the list); it is written
   * only if it is newer than the target's row for that value. An empty list commits only the
   * positions of the last read (if it moved any).
   *
   * @throws IllegalArgumentException before any write, if the class lacks the target's index field
   *     or every source datetime field, declares one with an unfit type, or has a column of a type
   *     the target's column cannot take; or a record has a null index or null datetimes
   * @throws ConversionException before any write, if the class cannot be mapped or a record's value
   *     does not fit its column
   * @throws IllegalStateException if another run committed since the positions were read
   */
  public <T> WriteReport write(List<T> records, Class<T> modelClass) {
    requireOpen();
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(modelClass, "modelClass");
    TargetTable.Settings settings = spec.target();
    TableIdentifier targetId = settings.identifier();
    JavaModelRecords<T> model = JavaModelRecords.of(modelClass);
    Table existing = catalog.tableExists(targetId) ? catalog.loadTable(targetId) : null;
    List<String> datetimes =
        ModelCheck.check(
            modelClass,
            model.schema(),
            targetId.toString(),
            settings.indexField(),
            settings.datetimeField(),
            MergeRule.datetimeColumns(spec.sources()),
            existing);
    Map<String, Candidate> newest = newestPerIndex(records, model, datetimes);

    String runId = pendingRunId != null ? pendingRunId : UUID.randomUUID().toString();
    if (existing != null && runId.equals(TargetCommitter.lastRunId(existing))) {
      // The failed call this one retries committed after all.
      finishRun();
      return new WriteReport(runId, 0, 0, 0, 0, snapshotOf(existing, runId), true);
    }
    ConsumedPositions current =
        existing == null ? ConsumedPositions.none() : ConsumedPositions.of(existing);
    PendingRead read = pendingRead;
    Snapshot base = existing == null ? null : existing.currentSnapshot();
    TargetCommitter committer =
        new TargetCommitter(
            targetId,
            base == null ? null : base.snapshotId(),
            read == null ? current.snapshotId().orElse(null) : read.basePositionsSnapshotId(),
            (read == null ? current : read.next()).summary(runId),
            read != null && read.moved(),
            spec.hooks());
    if (existing != null) {
      committer.checkNotOvertaken(existing); // before anything is written
    }
    pendingRunId = runId;
    Table target =
        TargetTable.prepare(
            catalog, settings, List.of(withoutColumn(model.schema(), settings.datetimeField())));

    long written = 0;
    long notNewer = 0;
    long replaced = 0;
    List<Record> rows = new ArrayList<>();
    List<Record> deletes = new ArrayList<>();
    List<Integer> equalityIds =
        spec.upsert() ? MergeRule.equalityFieldIds(target, settings.indexField()) : List.of();
    Schema deleteSchema =
        spec.upsert() ? TypeUtil.select(target.schema(), new HashSet<>(equalityIds)) : null;
    HeldInTarget lookup =
        new HeldInTarget(
            target,
            settings.indexField(),
            MergeRule.datetimeColumns(spec.sources()),
            deleteSchema == null ? new Schema() : deleteSchema);
    Object processedAt = processedAt(target, settings.datetimeField());
    List<Candidate> candidates = new ArrayList<>(newest.values());
    for (int from = 0; from < candidates.size(); from += LOOKUP_CHUNK) {
      List<Candidate> chunk =
          candidates.subList(from, Math.min(candidates.size(), from + LOOKUP_CHUNK));
      Map<String, HeldInTarget.Held> held = Map.of();
      if (base != null) {
        Map<String, Object> keys = new LinkedHashMap<>();
        chunk.forEach(candidate -> keys.put(candidate.key(), candidate.expressionValue()));
        held = lookup.lookup(base.snapshotId(), keys);
      }
      for (Candidate candidate : chunk) {
        HeldInTarget.Held before = held.get(candidate.key());
        if (!MergeRule.isNewerThanTarget(
            candidate.micros(), before == null ? null : before.micros())) {
          notNewer++;
          continue;
        }
        if (spec.upsert() && before != null) {
          deletes.addAll(before.deleteRows());
          replaced++;
        }
        Record row =
            ByNameCopy.copy(candidate.record(), target.schema().asStruct(), candidate.what());
        row.setField(settings.datetimeField(), processedAt);
        rows.add(row);
        written++;
      }
    }

    TargetFiles.Written files =
        rows.isEmpty() && deletes.isEmpty()
            ? new TargetFiles.Written(List.of(), List.of())
            : new TargetFiles(target, equalityIds, deleteSchema).write(rows, deletes);
    TargetCommitter.Outcome outcome;
    try {
      outcome = committer.commit(() -> catalog, files.dataFiles(), files.deleteFiles());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot commit run " + runId + " to " + targetId, e);
    }
    finishRun();
    long superseded = records.size() - newest.size();
    if (outcome == TargetCommitter.Outcome.COMMITTED_ALREADY) {
      return new WriteReport(
          runId, 0, 0, 0, 0, snapshotOf(catalog.loadTable(targetId), runId), true);
    }
    Long snapshotId =
        outcome == TargetCommitter.Outcome.COMMITTED
            ? snapshotOf(catalog.loadTable(targetId), runId)
            : null;
    return new WriteReport(runId, written, superseded, notNewer, replaced, snapshotId, false);
  }

  /** A record of the model on its way to the target. */
  private record Candidate(
      String key, Object expressionValue, long micros, String order, Record record, String what) {}

  /**
   * Converts {@code records} and keeps the newest of each index value ({@link MergeRule#wins}, the
   * list position as the order within the one "source").
   */
  private <T> Map<String, Candidate> newestPerIndex(
      List<T> records, JavaModelRecords<T> model, List<String> datetimes) {
    String indexField = spec.target().indexField();
    String target = spec.target().identifier().toString();
    Map<String, Candidate> newest = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      String what = "record " + i + " of the list";
      Record record;
      try {
        record = model.toRecord(records.get(i));
      } catch (ConversionException e) {
        throw new ConversionException("Cannot write " + what + ": " + e.getMessage(), e);
      }
      Object index = record.getField(indexField);
      if (index == null) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write %s to target %s: its index field '%s' is null. Every record needs an"
                    + " index value.",
                what, target, indexField));
      }
      String key = IndexValues.keyOf(index);
      Long micros = null;
      for (String column : datetimes) {
        Long value = DatetimeValues.micros(record.getField(column));
        if (value != null) {
          micros = micros == null ? value : Math.max(micros, value);
        }
      }
      if (micros == null) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write the record with %s = %s (%s) to target %s: its datetime field(s) %s"
                    + " are null, so it cannot be compared with what the target holds. Set one.",
                indexField, key, what, target, datetimes));
      }
      Candidate candidate =
          new Candidate(
              key,
              IndexValues.expressionValue(index),
              micros,
              String.format("%012d", i),
              record,
              what);
      Candidate before = newest.get(key);
      if (before == null
          || MergeRule.wins(
              candidate.micros(), 0, candidate.order(), before.micros(), 0, before.order())) {
        newest.put(key, candidate);
      }
    }
    return newest;
  }

  /** The write's time in the type of the target's datetime column. */
  private static Object processedAt(Table target, String datetimeField) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Type type = target.schema().findField(datetimeField).type();
    if (type.typeId() == Type.TypeID.TIMESTAMP || type.typeId() == Type.TypeID.TIMESTAMP_NANO) {
      boolean withZone =
          type instanceof Types.TimestampType timestamp
              ? timestamp.shouldAdjustToUTC()
              : ((Types.TimestampNanoType) type).shouldAdjustToUTC();
      return withZone
          ? OffsetDateTime.ofInstant(now, ZoneOffset.UTC)
          : LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    }
    throw new IllegalArgumentException(
        String.format(
            "Cannot write target %s: its datetime field '%s' is %s, not a timestamp. Set the"
                + " target's datetime_field to a timestamp column, or to a new column name.",
            target.name(), datetimeField, type));
  }

  private static Schema withoutColumn(Schema schema, String column) {
    List<Types.NestedField> columns = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      if (!field.name().equals(column)) {
        columns.add(field);
      }
    }
    return new Schema(columns);
  }

  private static Long snapshotOf(Table target, String runId) {
    for (Snapshot snapshot : target.snapshots()) {
      if (runId.equals(snapshot.summary().get(ConsumedPositions.RUN_ID))) {
        return snapshot.snapshotId();
      }
    }
    return null;
  }

  /** The read positions are committed (or there was nothing to commit): start afresh. */
  private void finishRun() {
    pendingRead = null;
    pendingRunId = null;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cannot use the connector: it is closed");
    }
  }

  /** Closes the batches still open, the Arrow allocator and the catalog. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    handedOut.forEach(VectorSchemaRoot::close);
    handedOut.clear();
    allocator.close();
    try {
      Catalogs.close(catalog);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the catalog", e);
    }
  }

  /** How far a read() read, kept until a write commits it. */
  private record PendingRead(
      Long basePositionsSnapshotId,
      ConsumedPositions next,
      boolean moved,
      Map<String, IcebergSourcePlan> plans) {}
}
