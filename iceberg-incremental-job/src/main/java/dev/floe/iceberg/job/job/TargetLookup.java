package dev.floe.iceberg.job.job;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.apache.iceberg.BaseCombinedScanTask;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.InputFilesDecryptor;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.source.RowDataFileScanTaskReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;

/**
 * What the target holds for a set of index values, read without a full scan: an Iceberg scan
 * filtered by {@code index IN (...)} reads only the files whose column statistics (min/max, sorted
 * by the index) may hold one of the values, and within them only the row groups whose Parquet bloom
 * filter on the index column may; it reads only the index, datetime and partition source columns.
 * Its cost grows with the run's keys and the data that may hold them, not with the target's size.
 * The scan itself is {@link TargetKeyScan}'s, which the embedding API shares.
 */
final class TargetLookup implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A target row of an index value: its datetime and the row that deletes it in upsert mode. */
  record Held(long micros, List<GenericRowData> deleteRows) {}

  private final Table target;
  private final String indexField;
  private final List<String> datetimeColumns;
  private final List<String> keepColumns;
  private final RowType targetType;

  /**
   * @param datetimeColumns the target columns holding the sources' datetimes; a row's datetime is
   *     the latest of them
   * @param keepColumns columns a delete row needs besides the index (partition source columns)
   */
  TargetLookup(
      Table target,
      RowType targetType,
      String indexField,
      List<String> datetimeColumns,
      List<String> keepColumns) {
    this.target = target;
    this.targetType = targetType;
    this.indexField = indexField;
    this.datetimeColumns = List.copyOf(datetimeColumns);
    this.keepColumns = List.copyOf(keepColumns);
  }

  /**
   * What the target's snapshot {@code snapshotId} holds for {@code keys} (text to Iceberg value).
   */
  Map<String, Held> lookup(long snapshotId, Map<String, Object> keys) {
    List<String> columns = TargetKeyScan.columns(indexField, datetimeColumns, keepColumns);
    Schema projected = target.schema().select(columns);
    RowType projectedType = FlinkSchemaUtil.convert(projected);
    IndexKey projectedIndex = IndexKey.of(projectedType, indexField);
    Expression filter = TargetKeyScan.filter(indexField, keys.values());
    RowDataFileScanTaskReader reader =
        new RowDataFileScanTaskReader(
            target.schema(),
            projected,
            target.properties().get(TableProperties.DEFAULT_NAME_MAPPING),
            true,
            List.of(filter));
    Map<String, Held> held = new HashMap<>();
    Set<String> wanted = keys.keySet();
    try (CloseableIterable<FileScanTask> tasks =
        target.newScan().useSnapshot(snapshotId).filter(filter).select(columns).planFiles()) {
      for (FileScanTask task : tasks) {
        try (CloseableIterator<RowData> rows =
            reader.open(
                task,
                new InputFilesDecryptor(
                    new BaseCombinedScanTask(task), target.io(), target.encryption()))) {
          while (rows.hasNext()) {
            RowData row = rows.next();
            String key = projectedIndex.keyOf(row, "the target");
            if (!wanted.contains(key)) {
              continue;
            }
            long micros = latestDatetime(row, projectedType);
            GenericRowData delete = deleteRow(row, projectedType);
            Held before = held.get(key);
            if (before == null) {
              List<GenericRowData> deletes = new ArrayList<>(1);
              deletes.add(delete);
              held.put(key, new Held(micros, deletes));
            } else {
              before.deleteRows().add(delete);
              held.put(key, new Held(Math.max(before.micros(), micros), before.deleteRows()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read what target " + target.name() + " holds", e);
    }
    return held;
  }

  private long latestDatetime(RowData row, RowType type) {
    long latest = Long.MIN_VALUE;
    for (String column : datetimeColumns) {
      int position = type.getFieldNames().indexOf(column);
      if (row.isNullAt(position)) {
        continue;
      }
      latest =
          Math.max(
              latest, RowToTarget.micros(row, position, type.getTypeAt(position).getTypeRoot()));
    }
    return latest;
  }

  /** A DELETE row of the target's row type with the projected columns set, for equality deletes. */
  private GenericRowData deleteRow(RowData row, RowType projectedType) {
    GenericRowData delete = new GenericRowData(RowKind.DELETE, targetType.getFieldCount());
    for (int i = 0; i < projectedType.getFieldCount(); i++) {
      String name = projectedType.getFieldNames().get(i);
      int at = targetType.getFieldNames().indexOf(name);
      delete.setField(
          at, RowData.createFieldGetter(projectedType.getTypeAt(i), i).getFieldOrNull(row));
    }
    return delete;
  }
}
