package dev.floe.iceberg.job.job;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.FileIO;

/**
 * The streaming job's merge, keyed by the index value: keeps in keyed state what the target holds
 * for each index value the job has seen (the datetime of its row and, in upsert mode, the row that
 * deletes it), so that after the first sight of a value no read of the target is needed for it.
 *
 * <p>Between two checkpoints the records of a task's keys are only buffered, the newest per index
 * value ({@link Candidate#wins}). Before the checkpoint barrier leaves the task ({@link
 * #prepareSnapshotPreBarrier}), values without state are looked up in the target in chunks ({@link
 * TargetLookup}, on the target's current snapshot: no uncommitted write of this job can concern a
 * value it has no state for), each buffered record newer than what its value holds is written
 * ({@link TargetFileWriter}, exactly as a batch run writes), the state is updated and the files go
 * to the commit, ahead of the barrier. The checkpoint therefore holds no buffered record: after a
 * failure the planner's positions roll back with the same checkpoint and the records are read
 * again.
 */
final class StreamingMergeIntoTarget extends AbstractStreamOperator<byte[]>
    implements OneInputStreamOperator<Tuple5<String, Long, Integer, String, RowData>, byte[]>,
        BoundedOneInput {
  private static final long serialVersionUID = 1L;

  /** The state of an index value the target holds no row for. */
  private static final long NOTHING = Long.MIN_VALUE;

  private final CatalogLoader catalogLoader;
  private final String identifier;
  private final Table target;
  private final RowType targetType;
  private final String indexField;
  private final String processedAtField;
  private final List<String> datetimeColumns;
  private final List<String> partitionSources;
  private final List<Integer> equalityFieldIds;
  private final int sources;

  private transient Map<String, Tuple5<String, Long, Integer, String, RowData>> buffer;
  private transient ValueState<Tuple2<Long, List<RowData>>> held;
  private transient Catalog catalog;
  private transient Table liveTarget;
  private transient TargetLookup lookup;
  private transient TargetFileWriter writer;
  private transient IndexKey index;
  private transient int[] datetimePositions;
  private transient LogicalTypeRoot[] datetimeTypes;
  private transient int[] deleteColumns;
  private transient RowData.FieldGetter[] getters;
  private transient long[] read;
  private transient Counter lookedUpMetric;
  private transient Counter writtenMetric;

  /**
   * @param identifier the target table, as text
   * @param target a serializable copy of the target as the job prepared it
   * @param datetimeColumns the target columns holding the sources' datetimes
   * @param partitionSources the columns the target's partitions derive from
   * @param equalityFieldIds the index and partition source columns in upsert mode; empty in append
   *     mode
   * @param sources the number of sources, for the counts per source
   */
  StreamingMergeIntoTarget(
      CatalogLoader catalogLoader,
      String identifier,
      Table target,
      RowType targetType,
      String indexField,
      String processedAtField,
      List<String> datetimeColumns,
      List<String> partitionSources,
      List<Integer> equalityFieldIds,
      int sources) {
    this.catalogLoader = catalogLoader;
    this.identifier = identifier;
    this.target = target;
    this.targetType = targetType;
    this.indexField = indexField;
    this.processedAtField = processedAtField;
    this.datetimeColumns = List.copyOf(datetimeColumns);
    this.partitionSources = List.copyOf(partitionSources);
    this.equalityFieldIds = List.copyOf(equalityFieldIds);
    this.sources = sources;
  }

  private TypeInformation<Tuple2<Long, List<RowData>>> heldType() {
    return Types.TUPLE(Types.LONG, Types.LIST(InternalTypeInfo.of(targetType)));
  }

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new LinkedHashMap<>();
    held = getRuntimeContext().getState(new ValueStateDescriptor<>("held in target", heldType()));
    catalog = catalogLoader.loadCatalog();
    liveTarget = catalog.loadTable(TableIdentifier.parse(identifier));
    lookup =
        new TargetLookup(
            liveTarget, targetType, indexField, datetimeColumns, partitionSources, false);
    writer =
        new TargetFileWriter(
            target,
            targetType,
            processedAtField,
            equalityFieldIds,
            getRuntimeContext().getTaskInfo());
    index = IndexKey.of(targetType, indexField);
    List<String> names = targetType.getFieldNames();
    datetimePositions = new int[datetimeColumns.size()];
    datetimeTypes = new LogicalTypeRoot[datetimeColumns.size()];
    for (int i = 0; i < datetimePositions.length; i++) {
      datetimePositions[i] = names.indexOf(datetimeColumns.get(i));
      datetimeTypes[i] = targetType.getTypeAt(datetimePositions[i]).getTypeRoot();
    }
    List<String> columns = TargetKeyScan.columns(indexField, datetimeColumns, partitionSources);
    deleteColumns = columns.stream().mapToInt(names::indexOf).toArray();
    getters = new RowData.FieldGetter[names.size()];
    for (int i = 0; i < getters.length; i++) {
      getters[i] = RowData.createFieldGetter(targetType.getTypeAt(i), i);
    }
    read = new long[sources];
    lookedUpMetric = getMetricGroup().counter("targetKeysLookedUp");
    writtenMetric = getMetricGroup().counter("recordsWritten");
  }

  @Override
  public void processElement(StreamRecord<Tuple5<String, Long, Integer, String, RowData>> element) {
    Tuple5<String, Long, Integer, String, RowData> candidate = element.getValue();
    buffer.merge(candidate.f0, candidate, (a, b) -> Candidate.wins(a, b) ? a : b);
    read[candidate.f2]++;
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    // The job ends (a source changed its schema): what is buffered goes to its last checkpoint.
    flush(IntervalCounts.Write.END_OF_INPUT);
  }

  /**
   * Writes what is buffered and sends the files to the commit, tagged with {@code checkpointId}:
   * the commit keeps the files of two checkpoints apart even when the first of them was aborted
   * before it recorded them.
   */
  private void flush(long checkpointId) throws Exception {
    if (buffer.isEmpty()) {
      return;
    }
    long lookedUp = seedUnknownKeys();
    TimestampData processedAt =
        TargetFileWriter.timestamp(Math.multiplyExact(System.currentTimeMillis(), 1000L));
    boolean upsert = !equalityFieldIds.isEmpty();
    long written = 0;
    long notNewer = 0;
    long replaced = 0;
    for (Tuple5<String, Long, Integer, String, RowData> candidate : buffer.values()) {
      setCurrentKey(candidate.f0);
      Tuple2<Long, List<RowData>> before = held.value();
      if (!MergeRule.isNewerThanTarget(candidate.f1, before.f0 == NOTHING ? null : before.f0)) {
        notNewer++;
        continue;
      }
      List<RowData> deletes = upsert ? before.f1 : List.of();
      if (!deletes.isEmpty()) {
        replaced++;
      }
      GenericRowData row = writer.write(candidate.f4, deletes, processedAt);
      held.update(Tuple2.of(latestDatetime(row), upsert ? List.of(deleteRow(row)) : List.of()));
      written++;
    }
    buffer.clear();
    writtenMetric.inc(written);
    IntervalCounts interval = new IntervalCounts(read, written, notNewer, replaced, lookedUp);
    read = new long[sources];
    output.collect(
        new StreamRecord<>(
            InstantiationUtil.serializeObject(
                new IntervalCounts.Write(checkpointId, writer.complete(), interval))));
  }

  /**
   * Gives every buffered index value without state the state of what the target holds for it.
   *
   * @return how many values were looked up in the target
   */
  private long seedUnknownKeys() throws Exception {
    List<Tuple5<String, Long, Integer, String, RowData>> unknown = new ArrayList<>();
    for (Tuple5<String, Long, Integer, String, RowData> candidate : buffer.values()) {
      setCurrentKey(candidate.f0);
      if (held.value() == null) {
        unknown.add(candidate);
      }
    }
    if (unknown.isEmpty()) {
      return 0;
    }
    liveTarget.refresh();
    Snapshot current = liveTarget.currentSnapshot();
    boolean upsert = !equalityFieldIds.isEmpty();
    long lookedUp = 0;
    for (int from = 0; from < unknown.size(); from += MergeIntoTarget.CHUNK) {
      List<Tuple5<String, Long, Integer, String, RowData>> chunk =
          unknown.subList(from, Math.min(unknown.size(), from + MergeIntoTarget.CHUNK));
      Map<String, TargetLookup.Held> found = Map.of();
      if (current != null) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Tuple5<String, Long, Integer, String, RowData> candidate : chunk) {
          keys.put(candidate.f0, index.icebergValue(candidate.f4));
        }
        found = lookup.lookup(current.snapshotId(), keys);
        lookedUp += keys.size();
      }
      for (Tuple5<String, Long, Integer, String, RowData> candidate : chunk) {
        TargetLookup.Held row = found.get(candidate.f0);
        setCurrentKey(candidate.f0);
        held.update(
            row == null
                ? Tuple2.of(NOTHING, List.of())
                : Tuple2.of(
                    row.micros(), upsert ? new ArrayList<RowData>(row.deleteRows()) : List.of()));
      }
    }
    lookedUpMetric.inc(lookedUp);
    return lookedUp;
  }

  /** The datetime a lookup would find for {@code row}: the latest of its datetime columns. */
  private long latestDatetime(RowData row) {
    long latest = NOTHING;
    for (int i = 0; i < datetimePositions.length; i++) {
      if (!row.isNullAt(datetimePositions[i])) {
        latest = Math.max(latest, RowToTarget.micros(row, datetimePositions[i], datetimeTypes[i]));
      }
    }
    return latest;
  }

  /** The row that deletes {@code row} in upsert mode, with the columns a lookup would read. */
  private GenericRowData deleteRow(RowData row) {
    GenericRowData delete = new GenericRowData(RowKind.DELETE, getters.length);
    for (int position : deleteColumns) {
      delete.setField(position, getters[position].getFieldOrNull(row));
    }
    return delete;
  }

  @Override
  public void close() throws Exception {
    try (Closeable closeCatalog = () -> Catalogs.close(catalog);
        // The copy's FileIO is this task's own (deserialized with the operator); an S3FileIO holds
        // a client that would otherwise outlive the task, once per failover.
        FileIO closeTargetIo = target.io()) {
      if (writer != null) {
        writer.abort();
        writer = null;
      }
    } finally {
      super.close();
    }
  }
}
