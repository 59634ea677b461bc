package dev.floe.iceberg.job.job;

import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.io.WriteResult;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes kept records into data files of the target, each with the write's {@code processed_at},
 * and in upsert mode first the equality deletes of the rows they replace. The batch run ({@link
 * MergeIntoTarget}) completes it once, at the end of its input; the streaming job ({@link
 * StreamingMergeIntoTarget}) once per checkpoint, after which the next write opens new files.
 * Nothing it writes is visible in the target before a commit.
 */
final class TargetFileWriter {
  private final RowDataTaskWriterFactory factory;
  private final int processedAtPosition;
  private final RowData.FieldGetter[] getters;

  private TaskWriter<RowData> writer;

  /**
   * @param target a serializable copy of the target ({@code SerializableTable.copyOf})
   * @param equalityFieldIds the index and partition source columns in upsert mode; empty in append
   *     mode
   * @param subtask and {@code attempt}: the writing task, which file names are unique by
   */
  /** A writer for the Flink task {@code task}, which file names are unique by. */
  TargetFileWriter(
      Table target,
      RowType targetType,
      String processedAtField,
      List<Integer> equalityFieldIds,
      TaskInfo task) {
    this(
        target,
        targetType,
        processedAtField,
        equalityFieldIds,
        task.getIndexOfThisSubtask(),
        task.getAttemptNumber());
  }

  TargetFileWriter(
      Table target,
      RowType targetType,
      String processedAtField,
      List<Integer> equalityFieldIds,
      int subtask,
      int attempt) {
    this.processedAtPosition = targetType.getFieldNames().indexOf(processedAtField);
    this.getters = new RowData.FieldGetter[targetType.getFieldCount()];
    for (int i = 0; i < getters.length; i++) {
      getters[i] = RowData.createFieldGetter(targetType.getTypeAt(i), i);
    }
    this.factory =
        new RowDataTaskWriterFactory(
            () -> target,
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
    factory.initialize(subtask, attempt);
  }

  /** Microseconds since the epoch as the target's timestamp value. */
  static TimestampData timestamp(long micros) {
    return TimestampData.fromEpochMillis(
        Math.floorDiv(micros, 1000), (int) Math.floorMod(micros, 1000) * 1000);
  }

  /**
   * Writes {@code deletes} (rows of the target's type with the equality columns set) and then a
   * copy of {@code row} with {@code processedAt}: an equality delete applies to rows written before
   * it, not after.
   *
   * @return the row as written
   */
  GenericRowData write(RowData row, List<? extends RowData> deletes, TimestampData processedAt)
      throws Exception {
    if (writer == null) {
      writer = factory.create();
    }
    for (RowData delete : deletes) {
      writer.write(delete);
    }
    GenericRowData copy = new GenericRowData(getters.length);
    for (int i = 0; i < getters.length; i++) {
      // A copy: after the shuffle the row is a binary row, which cannot be changed in place.
      copy.setField(i, i == processedAtPosition ? processedAt : getters[i].getFieldOrNull(row));
    }
    writer.write(copy);
    return copy;
  }

  /** The files written since the last call (none when nothing was written); closes them. */
  WriteResult complete() throws Exception {
    if (writer == null) {
      return WriteResult.builder().build();
    }
    WriteResult result = writer.complete();
    writer = null;
    return result;
  }

  /** Deletes the files of an incomplete write, where it can. */
  void abort() throws Exception {
    if (writer != null) {
      writer.abort();
      writer = null;
    }
  }
}
