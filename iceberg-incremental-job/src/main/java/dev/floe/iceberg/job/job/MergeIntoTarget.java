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
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.WriteResult;

/**
 * Keeps each index value's newest record only if it is newer than what the target holds, and writes
 * the kept records into data files (in upsert mode also equality deletes of the rows they replace,
 * in the partitions those rows sit in) through {@link TargetFileWriter}. Emits its files once, at
 * the end of the input, as a serialized {@link WriteResult} for {@link CommitToTarget}; nothing is
 * visible in the target before that commit.
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
  private final String processedAtField;
  private final long processedAtMicros;
  private final List<Integer> equalityFieldIds;

  private transient List<Tuple5<String, Long, Integer, String, RowData>> chunk;
  private transient TargetFileWriter writer;
  private transient IndexKey index;
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
    this.processedAtField = processedAtField;
    this.processedAtMicros = processedAtMicros;
    this.equalityFieldIds = List.copyOf(equalityFieldIds);
  }

  @Override
  public void open() throws Exception {
    super.open();
    chunk = new ArrayList<>();
    index = IndexKey.of(targetType, indexField);
    processedAt = TargetFileWriter.timestamp(processedAtMicros);
    writer =
        new TargetFileWriter(
            target,
            targetType,
            processedAtField,
            equalityFieldIds,
            getRuntimeContext().getTaskInfo());
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
      List<GenericRowData> deletes = List.of();
      if (upsert && before != null) {
        deletes = before.deleteRows();
        replaced.add(1);
      }
      writer.write(candidate.f4, deletes, processedAt);
      written.add(1);
    }
    chunk.clear();
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
    // The copy's FileIO is this task's own (deserialized with the operator); an S3FileIO holds a
    // client that would otherwise outlive the task.
    try (FileIO closeTargetIo = target.io()) {
      if (writer != null) {
        writer.abort(); // a failed run leaves no files behind where it can help it
        writer = null;
      }
    } finally {
      super.close();
    }
  }
}
