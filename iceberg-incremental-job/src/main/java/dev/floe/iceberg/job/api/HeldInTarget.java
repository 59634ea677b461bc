package dev.floe.iceberg.job.api;

import dev.floe.iceberg.job.job.TargetKeyScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What the target holds for a set of index values, read as Iceberg generic records through the
 * job's {@link TargetKeyScan}: only the files and row groups that may hold the values, only the
 * index, datetime and partition source columns.
 */
final class HeldInTarget {
  /** A target row's datetime (the latest of its datetime columns) and the rows that delete it. */
  record Held(long micros, List<Record> deleteRows) {}

  private final Table target;
  private final String indexField;
  private final List<String> datetimeColumns;
  private final Schema deleteSchema;

  /**
   * @param datetimeColumns the columns holding the sources' datetimes
   * @param deleteSchema the schema of upsert delete rows (the index and partition source columns;
   *     none in append mode)
   */
  HeldInTarget(Table target, String indexField, List<String> datetimeColumns, Schema deleteSchema) {
    this.target = target;
    this.indexField = indexField;
    this.datetimeColumns = List.copyOf(datetimeColumns);
    this.deleteSchema = deleteSchema;
  }

  /**
   * What snapshot {@code snapshotId} holds for {@code keys} (key text to Iceberg value), by key.
   */
  Map<String, Held> lookup(long snapshotId, Map<String, Object> keys) {
    // A scan of an older snapshot reads that snapshot's schema, which may lack columns added
    // since; a target created from a record class has only the datetime columns the class has.
    Schema schema = SnapshotUtil.schemaFor(target, snapshotId);
    List<String> datetimes = new ArrayList<>();
    for (String column : datetimeColumns) {
      if (schema.findField(column) != null) {
        datetimes.add(column);
      }
    }
    List<String> keep = new ArrayList<>();
    deleteSchema.columns().forEach(column -> keep.add(column.name()));
    List<String> columns = TargetKeyScan.columns(indexField, datetimes, keep);
    Map<String, Held> held = new HashMap<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(target)
            .useSnapshot(snapshotId)
            .where(TargetKeyScan.filter(indexField, keys.values()))
            .select(columns)
            .build()) {
      for (Record row : rows) {
        Object index = row.getField(indexField);
        if (index == null) {
          continue;
        }
        String key = IndexValues.keyOf(index);
        if (!keys.containsKey(key)) {
          continue;
        }
        long micros = Long.MIN_VALUE;
        for (String column : datetimes) {
          Long value = DatetimeValues.micros(row.getField(column));
          if (value != null) {
            micros = Math.max(micros, value);
          }
        }
        Record delete = GenericRecord.create(deleteSchema);
        for (int i = 0; i < deleteSchema.columns().size(); i++) {
          delete.set(i, row.getField(deleteSchema.columns().get(i).name()));
        }
        Held before = held.get(key);
        if (before == null) {
          List<Record> deletes = new ArrayList<>(1);
          deletes.add(delete);
          held.put(key, new Held(micros, deletes));
        } else {
          before.deleteRows().add(delete);
          held.put(key, new Held(Math.max(before.micros(), micros), before.deleteRows()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read what target " + target.name() + " holds", e);
    }
    return held;
  }
}
