package dev.floe.iceberg.job.job;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * Copies a source row into the target's row type by column name: the target holds the union of the
 * sources' columns (with Iceberg's type promotions applied), so each source column has a target
 * column of the same or a wider type, and target columns the source lacks stay null.
 */
final class RowToTarget implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RowType target;
  private final int[] sourcePositions;
  private final RowData.FieldGetter[] getters;
  private final Widening[] widenings;
  private final int datetimePosition;
  private final LogicalTypeRoot datetimeType;

  /**
   * @param datetimeField the source's datetime column
   * @throws IllegalArgumentException naming the source and column if a column cannot be copied
   */
  RowToTarget(String sourceName, RowType source, RowType target, String datetimeField) {
    this.target = target;
    List<String> sourceNames = source.getFieldNames();
    int arity = target.getFieldCount();
    this.sourcePositions = new int[arity];
    this.getters = new RowData.FieldGetter[arity];
    this.widenings = new Widening[arity];
    for (int i = 0; i < arity; i++) {
      String name = target.getFieldNames().get(i);
      int position = sourceNames.indexOf(name);
      sourcePositions[i] = position;
      if (position < 0) {
        continue;
      }
      LogicalType from = source.getTypeAt(position);
      LogicalType to = target.getTypeAt(i);
      getters[i] = RowData.createFieldGetter(from, position);
      widenings[i] = widening(sourceName, name, from, to);
    }
    this.datetimePosition = sourceNames.indexOf(datetimeField);
    this.datetimeType = source.getTypeAt(datetimePosition).getTypeRoot();
  }

  GenericRowData convert(RowData row) {
    GenericRowData out = new GenericRowData(target.getFieldCount());
    for (int i = 0; i < sourcePositions.length; i++) {
      if (sourcePositions[i] >= 0) {
        Object value = getters[i].getFieldOrNull(row);
        out.setField(i, value == null ? null : widenings[i].apply(value));
      }
    }
    return out;
  }

  /** The source row's datetime in microseconds since the epoch; null when it has none. */
  Long datetimeMicros(RowData row) {
    return row.isNullAt(datetimePosition) ? null : micros(row, datetimePosition, datetimeType);
  }

  /**
   * A non-null DATE or TIMESTAMP field in microseconds since the epoch: the one measure in which
   * sources' and the target's datetimes are compared.
   */
  static long micros(RowData row, int position, LogicalTypeRoot type) {
    if (type == LogicalTypeRoot.DATE) {
      return row.getInt(position) * 86_400_000_000L;
    }
    TimestampData timestamp = row.getTimestamp(position, 6);
    return Math.addExact(
        Math.multiplyExact(timestamp.getMillisecond(), 1000L),
        timestamp.getNanoOfMillisecond() / 1000);
  }

  private interface Widening extends Serializable {
    Object apply(Object value);
  }

  private static Widening widening(String source, String column, LogicalType from, LogicalType to) {
    if (from.copy(true).equals(to.copy(true))) {
      return value -> value;
    }
    LogicalTypeRoot a = from.getTypeRoot();
    LogicalTypeRoot b = to.getTypeRoot();
    if (a == LogicalTypeRoot.INTEGER && b == LogicalTypeRoot.BIGINT) {
      return value -> ((Integer) value).longValue();
    }
    if (a == LogicalTypeRoot.FLOAT && b == LogicalTypeRoot.DOUBLE) {
      // Through the decimal text, so 0.1f becomes 0.1, not 0.10000000149011612.
      return value -> Double.parseDouble(Float.toString((Float) value));
    }
    if (a == LogicalTypeRoot.DECIMAL && b == LogicalTypeRoot.DECIMAL) {
      DecimalType wide = (DecimalType) to;
      return value -> {
        BigDecimal decimal = ((DecimalData) value).toBigDecimal();
        return DecimalData.fromBigDecimal(decimal, wide.getPrecision(), wide.getScale());
      };
    }
    throw new IllegalArgumentException(
        String.format(
            "Cannot copy column '%s' of source %s into the target: the source holds %s, the"
                + " target %s, and Iceberg cannot widen one into the other. Give the column the"
                + " same type in every source and the target.",
            column, source, from, to));
  }
}
