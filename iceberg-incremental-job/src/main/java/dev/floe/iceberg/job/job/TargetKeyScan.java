package dev.floe.iceberg.job.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * The scan that reads what the target holds for a set of index values without a full read: a filter
 * {@code index IN (...)} that Iceberg prunes files (min/max) and row groups (bloom filter) with,
 * and only the columns the comparison and upsert deletes need. Shared by the Flink job's {@link
 * TargetLookup} and the embedding API, which read the matching rows each in their own row
 * representation.
 */
public final class TargetKeyScan {
  /** Iceberg evaluates IN against statistics only up to 200 values; larger sets are split. */
  static final int IN_LIMIT = 200;

  private TargetKeyScan() {}

  /**
   * The columns a lookup reads: the index, the datetime columns and the columns a delete row needs
   * besides the index (partition source columns), each once.
   */
  public static List<String> columns(
      String indexField, List<String> datetimeColumns, List<String> keepColumns) {
    List<String> columns = new ArrayList<>();
    columns.add(indexField);
    for (String column : datetimeColumns) {
      if (!columns.contains(column)) {
        columns.add(column);
      }
    }
    for (String column : keepColumns) {
      if (!columns.contains(column)) {
        columns.add(column);
      }
    }
    return columns;
  }

  /** {@code indexField IN values}, as IN lists Iceberg can prune with. */
  public static Expression filter(String indexField, Collection<Object> values) {
    List<Object> all = new ArrayList<>(values);
    Expression filter = Expressions.alwaysFalse();
    for (int from = 0; from < all.size(); from += IN_LIMIT) {
      List<Object> chunk = all.subList(from, Math.min(all.size(), from + IN_LIMIT));
      filter = Expressions.or(filter, Expressions.in(indexField, chunk.toArray()));
    }
    return filter;
  }
}
