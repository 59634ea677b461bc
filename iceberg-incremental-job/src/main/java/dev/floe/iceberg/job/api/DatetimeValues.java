package dev.floe.iceberg.job.api;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.iceberg.types.Type;

/**
 * Datetimes in Iceberg's generic representation ({@code LocalDate}, {@code LocalDateTime}, {@code
 * OffsetDateTime}) as microseconds since the epoch: the one measure in which records' and the
 * target's datetimes are compared, as in the Flink job.
 */
final class DatetimeValues {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private DatetimeValues() {}

  static boolean isDatetimeType(Type type) {
    Type.TypeID id = type.typeId();
    return id == Type.TypeID.DATE
        || id == Type.TypeID.TIMESTAMP
        || id == Type.TypeID.TIMESTAMP_NANO;
  }

  /** The value in microseconds since the epoch; null for null. */
  static Long micros(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof LocalDate date) {
      return Math.multiplyExact(date.toEpochDay(), MICROS_PER_DAY);
    }
    if (value instanceof LocalDateTime local) {
      return micros(local.toEpochSecond(ZoneOffset.UTC), local.getNano());
    }
    if (value instanceof OffsetDateTime offset) {
      return micros(offset.toEpochSecond(), offset.getNano());
    }
    throw new IllegalArgumentException(
        "Cannot compare "
            + value.getClass().getName()
            + " as a datetime: expected a date or timestamp");
  }

  private static long micros(long epochSecond, int nano) {
    return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nano / 1_000);
  }
}
