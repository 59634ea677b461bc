package dev.floe.iceberg.job.job;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * The index value of a row as text, the key records are grouped by; and as the Java value Iceberg
 * expressions take, for the lookup of what the target holds. Index columns are strings, integers,
 * decimals, dates, timestamps or binary: types whose text is unique per value.
 */
final class IndexKey implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final int position;
  private final LogicalType type;
  private final RowData.FieldGetter getter;

  private IndexKey(String field, int position, LogicalType type) {
    this.field = field;
    this.position = position;
    this.type = type;
    this.getter = RowData.createFieldGetter(type, position);
  }

  /**
   * @throws IllegalArgumentException if the row type has no such column or it cannot be an index
   */
  static IndexKey of(RowType rowType, String field) {
    int position = rowType.getFieldNames().indexOf(field);
    if (position < 0) {
      throw new IllegalArgumentException(
          "Cannot find index field '" + field + "' among the columns " + rowType.getFieldNames());
    }
    LogicalType type = rowType.getTypeAt(position);
    switch (type.getTypeRoot()) {
      case CHAR:
      case VARCHAR:
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case DECIMAL:
      case DATE:
      case BINARY:
      case VARBINARY:
        return new IndexKey(field, position, type);
      default:
        throw new IllegalArgumentException(
            String.format(
                "Cannot use column '%s' of type %s as index field: use a string, integer, decimal,"
                    + " date or binary column",
                field, type));
    }
  }

  int position() {
    return position;
  }

  /** The index value as text. */
  String keyOf(RowData row, String source) {
    Object value = getter.getFieldOrNull(row);
    if (value == null) {
      throw IcebergSources.nullIndex(source, field);
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    return value.toString();
  }

  /**
   * The index value of {@code row} as an object whose {@code equals} and {@code hashCode} tell
   * index values apart, as {@link #probeOf} gives it for an Iceberg value: cheaper than {@link
   * #keyOf}, which makes text of it, when most rows are only tested against a set. Null for a null
   * value.
   */
  Object probe(RowData row) {
    Object value = getter.getFieldOrNull(row);
    return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
  }

  /**
   * The {@link #probe} of a row whose index value is {@code icebergValue} ({@link #icebergValue}).
   */
  Object probeOf(Object icebergValue) {
    LogicalTypeRoot root = type.getTypeRoot();
    if (root == LogicalTypeRoot.CHAR || root == LogicalTypeRoot.VARCHAR) {
      return StringData.fromString(icebergValue.toString());
    }
    if (root == LogicalTypeRoot.DECIMAL) {
      DecimalType decimal = (DecimalType) type;
      return DecimalData.fromBigDecimal(
          (BigDecimal) icebergValue, decimal.getPrecision(), decimal.getScale());
    }
    return icebergValue; // Integer, Long, and dates as Integer; binary as ByteBuffer
  }

  /** The index value as Iceberg's Java value for expressions. */
  Object icebergValue(RowData row) {
    Object value = getter.getFieldOrNull(row);
    LogicalTypeRoot root = type.getTypeRoot();
    if (root == LogicalTypeRoot.CHAR || root == LogicalTypeRoot.VARCHAR) {
      return value.toString();
    }
    if (root == LogicalTypeRoot.DECIMAL) {
      return ((org.apache.flink.table.data.DecimalData) value).toBigDecimal();
    }
    if (root == LogicalTypeRoot.BINARY || root == LogicalTypeRoot.VARBINARY) {
      return java.nio.ByteBuffer.wrap((byte[]) value);
    }
    return value;
  }
}
