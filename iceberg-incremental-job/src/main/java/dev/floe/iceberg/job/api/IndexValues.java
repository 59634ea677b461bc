package dev.floe.iceberg.job.api;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.HexFormat;
import org.apache.iceberg.types.Type;

/**
 * Index values in Iceberg's generic representation: as text, the key records are grouped and
 * matched by, and as the Java value Iceberg expressions take. Index columns are strings, integers,
 * decimals, dates, uuids or binary: types whose text is unique per value.
 */
final class IndexValues {
  private IndexValues() {}

  static boolean isIndexType(Type type) {
    switch (type.typeId()) {
      case STRING:
      case INTEGER:
      case LONG:
      case DECIMAL:
      case DATE:
      case UUID:
      case BINARY:
      case FIXED:
        return true;
      default:
        return false;
    }
  }

  /** The value as text; a non-null value of an index type. */
  static String keyOf(Object value) {
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    return value.toString();
  }

  /** The value as an Iceberg expression literal takes it (dates as days since the epoch). */
  static Object expressionValue(Object value) {
    if (value instanceof LocalDate date) {
      return Math.toIntExact(date.toEpochDay());
    }
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    return value;
  }
}
