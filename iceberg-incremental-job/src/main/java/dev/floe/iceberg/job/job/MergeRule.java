package dev.floe.iceberg.job.job;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;

/**
 * Which record reaches the target, and what an upsert deletes: the rules the Flink job and the
 * embedding API share, in plain Java.
 *
 * <ul>
 *   <li>Of the records of one index value the newest wins: the newer datetime; on equal datetimes
 *       the source listed first; within one source the record written later.
 *   <li>The winner is written only if it is strictly newer than the target's row for that value; a
 *       target row's datetime is the latest of the sources' datetime columns it holds.
 *   <li>In upsert mode the replaced row is deleted by an equality delete on the index and every
 *       partition source column.
 * </ul>
 */
public final class MergeRule {
  private MergeRule() {}

  /**
   * Whether record a wins over record b of the same index value.
   *
   * @param aMicros a's datetime in microseconds since the epoch
   * @param aRank the rank of a's source (0 for the first source)
   * @param aOrder a's order within its source, as text that sorts in write order
   */
  public static boolean wins(
      long aMicros, int aRank, String aOrder, long bMicros, int bRank, String bOrder) {
    int byTime = Long.compare(aMicros, bMicros);
    if (byTime != 0) {
      return byTime > 0;
    }
    int byRank = Integer.compare(aRank, bRank);
    if (byRank != 0) {
      return byRank < 0;
    }
    return aOrder.compareTo(bOrder) >= 0;
  }

  /**
   * Whether a record with datetime {@code micros} is applied to a target whose row for its index
   * value has datetime {@code heldMicros} (null when the target holds none). Late records and
   * records with an equal datetime are not.
   */
  public static boolean isNewerThanTarget(long micros, Long heldMicros) {
    return heldMicros == null || micros > heldMicros;
  }

  /** The target columns holding the sources' datetimes, each once, in source order. */
  public static List<String> datetimeColumns(List<? extends RunSpec.SourceTable> sources) {
    Set<String> columns = new LinkedHashSet<>();
    for (RunSpec.SourceTable source : sources) {
      columns.add(source.datetimeField());
    }
    return new ArrayList<>(columns);
  }

  /** The columns the target's partition spec derives partitions from. */
  public static List<String> partitionSourceColumns(Table target) {
    Set<String> columns = new LinkedHashSet<>();
    for (PartitionField field : target.spec().fields()) {
      columns.add(target.schema().findColumnName(field.sourceId()));
    }
    return new ArrayList<>(columns);
  }

  /**
   * The equality fields of upsert deletes: the index and every partition source column. Iceberg
   * applies an equality delete only within its partition, so the delete of a row in another
   * partition must carry that row's partition values, which the target lookup reads.
   */
  public static List<Integer> equalityFieldIds(Table target, String indexField) {
    Set<Integer> ids = new LinkedHashSet<>();
    ids.add(target.schema().findField(indexField).fieldId());
    for (PartitionField field : target.spec().fields()) {
      ids.add(field.sourceId());
    }
    return new ArrayList<>(ids);
  }
}
