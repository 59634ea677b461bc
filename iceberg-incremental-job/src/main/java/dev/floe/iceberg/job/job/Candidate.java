package dev.floe.iceberg.job.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * A source record on its way to the target: a tuple, so Flink serializes it with its own fast
 * serializers (the row with its RowData serializer) instead of Kryo.
 *
 * <ul>
 *   <li>f0: the index value as text (the key records are grouped by);
 *   <li>f1: the record's datetime in microseconds since the epoch;
 *   <li>f2: the rank of its source (0 for the first source in the configuration);
 *   <li>f3: its order within the source, for equal datetimes: for Iceberg, its task's place in the
 *       plan (commit order), file and row position; for DynamoDB, the item's table key; as text
 *       that sorts in that order;
 *   <li>f4: the row, in the target's row type.
 * </ul>
 */
final class Candidate {
  private Candidate() {}

  static Tuple5<String, Long, Integer, String, RowData> of(
      String key, long micros, int sourceRank, String order, RowData row) {
    return Tuple5.of(key, micros, sourceRank, order, row);
  }

  static TypeInformation<Tuple5<String, Long, Integer, String, RowData>> typeInfo(RowType target) {
    return Types.TUPLE(
        Types.STRING, Types.LONG, Types.INT, Types.STRING, InternalTypeInfo.of(target));
  }

  /**
   * Whether {@code a} wins over {@code b} for the same index value: the newer datetime; on equal
   * datetimes the source listed first; within one source the record written later (higher order).
   * See {@link MergeRule#wins}.
   */
  static boolean wins(
      Tuple5<String, Long, Integer, String, RowData> a,
      Tuple5<String, Long, Integer, String, RowData> b) {
    return MergeRule.wins(a.f1, a.f2, a.f3, b.f1, b.f2, b.f3);
  }
}
