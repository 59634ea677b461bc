package dev.floe.iceberg.job.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.io.WriteResult;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Keeps each index value's newest record only if it is newer than what the target holds, and writes
 * the kept records into data files (in upsert mode also equality deletes of the rows they replace,
 * in the partitions those rows sit in). Emits its files once, at the end of the input, as a
 * serialized {@link WriteResult} for {@link CommitToTarget}; nothing is visible in the target
 * before that commit.
 *
 * <p>Records arrive in chunks; each chunk costs one filtered lookup of the target (see {@link
 * TargetLookup}), so memory stays bounded and no full read of the target happens.
 */
final class MergeIntoTarget extends AbstractStreamOperator<byte[]>
    implements OneInputStreamOperator<Tuple5<String, Long, Integer, String, RowData>, byte[]>,
        BoundedOneInput {
  private static final long serialVersionUID = 1L;

  /** Records looked up in the target at once. */
  static final int CHUNK = 5_000;

  private final Table target;
  private final RowType targetType;
  private final Long baseSnapshotId;
  private final TargetLookup lookup;
  private final String indexField;
  private final int processedAtPosition;
  private final long processedAtMicros;
  private final List<Integer> equalityFieldIds;

  private transient List<Tuple5<String, Long, Integer, String, RowData>> chunk;
  private transient TaskWriter<RowData> writer;
  private transient IndexKey index;
  private transient RowData.FieldGetter[] getters;
  private transient TimestampData processedAt;
  private transient LongCounter written;
  private transient LongCounter notNewer;
  private transient LongCounter replaced;

  /**
   * @param baseSnapshotId the target snapshot the run compares with; null for an empty target
   * @param equalityFieldIds the index and partition source columns in upsert mode; empty in append
   *     mode
   */
  MergeIntoTarget(
      Table target,
      RowType targetType,
      Long baseSnapshotId,
      TargetLookup lookup,
      String indexField,
      String processedAtField,
      long processedAtMicros,
      List<Integer> equalityFieldIds) {
    this.target = target;
    this.targetType = targetType;
    this.baseSnapshotId = baseSnapshotId;
    this.lookup = lookup;
    this.indexField = indexField;
    this.processedAtPosition = targetType.getFieldNames().indexOf(processedAtField);
    this.processedAtMicros = processedAtMicros;
    this.equalityFieldIds = List.copyOf(equalityFieldIds);
  }

  @Override
  public void open() throws Exception {
    super.open();
    chunk = new ArrayList<>();
    index = IndexKey.of(targetType, indexField);
    processedAt =
        TimestampData.fromEpochMillis(
            Math.floorDiv(processedAtMicros, 1000),
            (int) Math.floorMod(processedAtMicros, 1000) * 1000);
    getters = new RowData.FieldGetter[targetType.getFieldCount()];
    for (int i = 0; i < getters.length; i++) {
      getters[i] = RowData.createFieldGetter(targetType.getTypeAt(i), i);
    }
    Table table = target;
    RowDataTaskWriterFactory factory =
        new RowDataTaskWriterFactory(
            () -> table,
            targetType,
            PropertyUtil.propertyAsLong(
                target.properties(),
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT),
            FileFormat.fromString(
                target
                    .properties()
                    .getOrDefault(
                        TableProperties.DEFAULT_FILE_FORMAT,
                        TableProperties.DEFAULT_FILE_FORMAT_DEFAULT)),
            target.properties(),
            equalityFieldIds,
            false);
    factory.initialize(
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
        getRuntimeContext().getTaskInfo().getAttemptNumber());
    writer = factory.create();
    written = getRuntimeContext().getLongCounter(JobCounters.WRITTEN);
    notNewer = getRuntimeContext().getLongCounter(JobCounters.NOT_NEWER);
    replaced = getRuntimeContext().getLongCounter(JobCounters.REPLACED);
  }

  @Override
  public void processElement(StreamRecord<Tuple5<String, Long, Integer, String, RowData>> element)
      throws Exception {
    chunk.add(element.getValue());
    if (chunk.size() >= CHUNK) {
      flushChunk();
    }
  }

  private void flushChunk() throws Exception {
    if (chunk.isEmpty()) {
      return;
    }
    Map<String, TargetLookup.Held> held = Map.of();
    if (baseSnapshotId != null) {
      Map<String, Object> keys = new LinkedHashMap<>();
      for (Tuple5<String, Long, Integer, String, RowData> candidate : chunk) {
        keys.put(candidate.f0, index.icebergValue(candidate.f4));
      }
      held = lookup.lookup(baseSnapshotId, keys);
    }
    boolean upsert = !equalityFieldIds.isEmpty();
    for (Tuple5<String, Long, Integer, String, RowData> candidate : chunk) {
      TargetLookup.Held before = held.get(candidate.f0);
      if (!MergeRule.isNewerThanTarget(candidate.f1, before == null ? null : before.micros())) {
        notNewer.add(1);
        continue;
      }
      if (upsert && before != null) {
        // Deletes first: an equality delete applies to rows written before it, not after.
        for (GenericRowData delete : before.deleteRows()) {
          writer.write(delete);
        }
        replaced.add(1);
      }
      writer.write(withProcessedAt(candidate.f4));
      written.add(1);
    }
    chunk.clear();
  }

  /** A copy of {@code row} (a binary row after the shuffle) with the run's processed_at. */
  private GenericRowData withProcessedAt(RowData row) {
    GenericRowData copy = new GenericRowData(getters.length);
    for (int i = 0; i < getters.length; i++) {
      copy.setField(i, i == processedAtPosition ? processedAt : getters[i].getFieldOrNull(row));
    }
    return copy;
  }

  @Override
  public void endInput() throws Exception {
    flushChunk();
    WriteResult result = writer.complete();
    writer = null;
    output.collect(new StreamRecord<>(InstantiationUtil.serializeObject(result)));
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.abort(); // a failed run leaves no files behind where it can help it
    }
    super.close();
  }
}
