package dev.floe.iceberg.job.job;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.apache.iceberg.BaseCombinedScanTask;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.InputFilesDecryptor;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.source.RowDataFileScanTaskReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.util.ThreadPools;

/**
 * What the target holds for a set of index values, read without a full scan: an Iceberg scan
 * filtered by the values reads only the files whose column statistics (min/max of the index) may
 * hold one of them, and within them only such row groups; it reads only the index, datetime and
 * partition source columns. Its cost grows with the run's keys and the data that may hold them; a
 * run whose keys spread over the whole key range still reads the index and datetime columns of
 * every row group, once per chunk of keys, but holds only the rows of its own keys.
 *
 * <p>Up to {@value #BLOOM_KEYS} keys the filter is {@code index IN (...)}, which also tests each
 * row group against the Parquet bloom filter of the index column (see {@link TargetTable}). For
 * more keys it is a set of ranges over the sorted keys: statistics prune as well, but bloom filters
 * are not read. A filter that answers "maybe" for 1% of absent values rules out a row group that
 * holds none of k keys with probability 0.99^k: 13% for 200 keys, about 10^-22 for a chunk of
 * 5,000; and reading it costs up to 1 MB per row group, often more than the columns it guards.
 */
final class TargetLookup implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Up to this many keys the lookup filters with IN lists and so consults bloom filters; Iceberg
   * also evaluates an IN list against statistics only up to 200 values.
   */
  static final int BLOOM_KEYS = 200;

  /** Sorted keys per range when ranges replace IN lists. */
  static final int KEYS_PER_RANGE = 16;

  /** A target row of an index value: its datetime and the row that deletes it in upsert mode. */
  record Held(long micros, List<GenericRowData> deleteRows) {}

  private final Table target;
  private final String indexField;
  private final List<String> datetimeColumns;
  private final List<String> keepColumns;
  private final RowType targetType;
  private final boolean fullRead;

  /** With {@code fullRead}: every row of the target read so far, and the snapshot it is of. */
  private transient Map<String, Held> everything;

  private transient long everythingSnapshotId;

  /**
   * @param datetimeColumns the target columns holding the sources' datetimes; a row's datetime is
   *     the latest of them
   * @param keepColumns columns a delete row needs besides the index (partition source columns)
   * @param fullRead the benchmark's baseline ({@link IncrementalRun.TargetRead#FULL_READ}): the
   *     first lookup reads the whole target without a filter and holds it, later lookups filter
   *     what it holds
   */
  TargetLookup(
      Table target,
      RowType targetType,
      String indexField,
      List<String> datetimeColumns,
      List<String> keepColumns,
      boolean fullRead) {
    this.target = target;
    this.targetType = targetType;
    this.indexField = indexField;
    this.datetimeColumns = List.copyOf(datetimeColumns);
    this.keepColumns = List.copyOf(keepColumns);
    this.fullRead = fullRead;
  }

  /**
   * What the target's snapshot {@code snapshotId} holds for {@code keys} (text to Iceberg value).
   */
  Map<String, Held> lookup(long snapshotId, Map<String, Object> keys) {
    if (!fullRead) {
      return read(snapshotId, filter(keys.values()), keys);
    }
    if (everything == null || everythingSnapshotId != snapshotId) {
      everything = read(snapshotId, Expressions.alwaysTrue(), null);
      everythingSnapshotId = snapshotId;
    }
    Map<String, Held> held = new HashMap<>();
    for (String key : keys.keySet()) {
      Held row = everything.get(key);
      if (row != null) {
        held.put(key, row);
      }
    }
    return held;
  }

  /**
   * The rows of the target matching {@code filter} whose index is one of {@code keys} (all if
   * null). The filter only prunes files and row groups: rows are kept by a hash lookup of their
   * index value, which is cheaper than evaluating the filter, or making text of the value, on each
   * row.
   */
  private Map<String, Held> read(long snapshotId, Expression filter, Map<String, Object> keys) {
    List<String> columns = TargetKeyScan.columns(indexField, datetimeColumns, keepColumns);
    Schema projected = target.schema().select(columns);
    RowShape shape = new RowShape(FlinkSchemaUtil.convert(projected));
    RowDataFileScanTaskReader reader =
        new RowDataFileScanTaskReader(
            target.schema(),
            projected,
            target.properties().get(TableProperties.DEFAULT_NAME_MAPPING),
            true,
            List.of());
    Map<Object, String> wanted = keys == null ? null : probes(keys, shape.index);
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned =
        target.newScan().useSnapshot(snapshotId).filter(filter).select(columns).planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the lookup in target " + target.name(), e);
    }
    List<Map<String, Held>> parts = new ArrayList<>();
    if (tasks.size() == 1) {
      parts.add(read(tasks.get(0), reader, shape, wanted));
    } else {
      // The merging task often runs alone (a run's records are few); its lookup reads the files in
      // Iceberg's worker pool, sized to the cores and shared in the JVM, rather than one by one.
      List<Future<Map<String, Held>>> reads = new ArrayList<>();
      for (FileScanTask task : tasks) {
        reads.add(ThreadPools.getWorkerPool().submit(() -> read(task, reader, shape, wanted)));
      }
      try {
        for (Future<Map<String, Held>> read : reads) {
          parts.add(read.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted reading target " + target.name(), e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException runtime
            ? runtime
            : new IllegalStateException("Cannot read target " + target.name(), e.getCause());
      } finally {
        reads.forEach(read -> read.cancel(true));
      }
    }
    Map<String, Held> held = parts.isEmpty() ? new HashMap<>() : parts.get(0);
    for (Map<String, Held> part : parts.subList(Math.min(1, parts.size()), parts.size())) {
      part.forEach((key, rows) -> held.merge(key, rows, TargetLookup::both));
    }
    return held;
  }

  /** The rows of one file of the target; see {@link #read(long, Expression, Map)}. */
  private Map<String, Held> read(
      FileScanTask task,
      RowDataFileScanTaskReader reader,
      RowShape shape,
      Map<Object, String> wanted) {
    Map<String, Held> held = new HashMap<>();
    try (CloseableIterator<RowData> rows =
        reader.open(
            task,
            new InputFilesDecryptor(
                new BaseCombinedScanTask(task), target.io(), target.encryption()))) {
      while (rows.hasNext()) {
        RowData row = rows.next();
        String key;
        if (wanted == null) {
          key = shape.index.keyOf(row, "the target");
        } else {
          key = wanted.get(shape.index.probe(row));
          if (key == null) {
            continue;
          }
        }
        List<GenericRowData> deletes = new ArrayList<>(1);
        deletes.add(shape.deleteRow(row));
        held.merge(key, new Held(shape.latestDatetime(row), deletes), TargetLookup::both);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read what target " + target.name() + " holds in " + task.file().location(), e);
    }
    return held;
  }

  /** The keys by the probes of their values ({@link IndexKey#probe}). */
  private static Map<Object, String> probes(Map<String, Object> keys, IndexKey index) {
    Map<Object, String> probes = new HashMap<>();
    keys.forEach((key, value) -> probes.put(index.probeOf(value), key));
    return probes;
  }

  /** Two target rows of one index value: the later datetime, and deletes for both rows. */
  private static Held both(Held a, Held b) {
    a.deleteRows().addAll(b.deleteRows());
    return new Held(Math.max(a.micros(), b.micros()), a.deleteRows());
  }

  /**
   * {@code index IN (...)} up to {@value #BLOOM_KEYS} values; beyond, ranges of {@value
   * #KEYS_PER_RANGE} consecutive sorted values. Either way every value lies in the filter, so no
   * file or row group holding one is pruned.
   */
  Expression filter(Collection<Object> values) {
    if (values.isEmpty()) {
      return Expressions.alwaysFalse();
    }
    if (values.size() <= BLOOM_KEYS) {
      return Expressions.in(indexField, values.toArray());
    }
    List<Object> sorted = new ArrayList<>(values);
    sorted.sort(Comparators.forType(target.schema().findType(indexField).asPrimitiveType()));
    List<Expression> ranges = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += KEYS_PER_RANGE) {
      Object low = sorted.get(from);
      Object high = sorted.get(Math.min(sorted.size(), from + KEYS_PER_RANGE) - 1);
      ranges.add(
          Expressions.and(
              Expressions.greaterThanOrEqual(indexField, low),
              Expressions.lessThanOrEqual(indexField, high)));
    }
    return anyOf(ranges, 0, ranges.size());
  }

  /** A balanced OR: Iceberg's expression visitors recurse once per level. */
  private static Expression anyOf(List<Expression> expressions, int from, int to) {
    if (to - from == 1) {
      return expressions.get(from);
    }
    int middle = (from + to) >>> 1;
    return Expressions.or(anyOf(expressions, from, middle), anyOf(expressions, middle, to));
  }

  /** Where the projected columns sit, worked out once per read rather than once per row. */
  private final class RowShape {
    final IndexKey index;
    final int[] datetimePositions;
    final LogicalTypeRoot[] datetimeTypes;
    final RowData.FieldGetter[] getters;
    final int[] targetPositions;

    RowShape(RowType projectedType) {
      List<String> names = projectedType.getFieldNames();
      List<String> targetNames = targetType.getFieldNames();
      index = IndexKey.of(projectedType, indexField);
      datetimePositions = new int[datetimeColumns.size()];
      datetimeTypes = new LogicalTypeRoot[datetimeColumns.size()];
      for (int i = 0; i < datetimePositions.length; i++) {
        datetimePositions[i] = names.indexOf(datetimeColumns.get(i));
        datetimeTypes[i] = projectedType.getTypeAt(datetimePositions[i]).getTypeRoot();
      }
      getters = new RowData.FieldGetter[names.size()];
      targetPositions = new int[names.size()];
      for (int i = 0; i < getters.length; i++) {
        getters[i] = RowData.createFieldGetter(projectedType.getTypeAt(i), i);
        targetPositions[i] = targetNames.indexOf(names.get(i));
      }
    }

    long latestDatetime(RowData row) {
      long latest = Long.MIN_VALUE;
      for (int i = 0; i < datetimePositions.length; i++) {
        if (!row.isNullAt(datetimePositions[i])) {
          latest =
              Math.max(latest, RowToTarget.micros(row, datetimePositions[i], datetimeTypes[i]));
        }
      }
      return latest;
    }

    /** A DELETE row of the target's row type with the projected columns set. */
    GenericRowData deleteRow(RowData row) {
      GenericRowData delete = new GenericRowData(RowKind.DELETE, targetType.getFieldCount());
      for (int i = 0; i < getters.length; i++) {
        delete.setField(targetPositions[i], getters[i].getFieldOrNull(row));
      }
      return delete;
    }
  }
}
