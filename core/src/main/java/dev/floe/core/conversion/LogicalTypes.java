package dev.floe.core.conversion;

import dev.floe.core.conversion.LogicalType.Field;
import java.util.Arrays;
import java.util.List;

/** Short names for building {@link LogicalType}s: {@code list(STRING)}, {@code decimal(38, 2)}. */
public final class LogicalTypes {
  public static final LogicalType BOOLEAN = new LogicalType.BooleanType();
  public static final LogicalType INT = new LogicalType.IntType();
  public static final LogicalType BIGINT = new LogicalType.LongType();
  public static final LogicalType FLOAT = new LogicalType.FloatType();
  public static final LogicalType DOUBLE = new LogicalType.DoubleType();
  public static final LogicalType STRING = new LogicalType.StringType();
  public static final LogicalType BINARY = new LogicalType.BinaryType();
  public static final LogicalType DATE = new LogicalType.DateType();
  public static final LogicalType TIME = new LogicalType.TimeType();
  public static final LogicalType UUID = new LogicalType.UuidType();
  public static final LogicalType DOCUMENT = new LogicalType.DocumentType();

  /** TIMESTAMP(6): a wall-clock date and time with microseconds, no zone. */
  public static final LogicalType TIMESTAMP =
      new LogicalType.TimestampType(false, LogicalType.TimestampType.MICROS);

  /** TIMESTAMP_LTZ(6): an instant on the UTC time line with microseconds. */
  public static final LogicalType TIMESTAMP_LTZ =
      new LogicalType.TimestampType(true, LogicalType.TimestampType.MICROS);

  private LogicalTypes() {}

  public static LogicalType decimal(int precision, int scale) {
    return new LogicalType.DecimalType(precision, scale);
  }

  public static LogicalType timestamp(int precision) {
    return new LogicalType.TimestampType(false, precision);
  }

  public static LogicalType timestampLtz(int precision) {
    return new LogicalType.TimestampType(true, precision);
  }

  /** A list whose elements may be null. */
  public static LogicalType list(LogicalType element) {
    return new LogicalType.ListType(element, true);
  }

  public static LogicalType set(LogicalType element) {
    return new LogicalType.SetType(element);
  }

  /** A map whose values may be null. */
  public static LogicalType map(LogicalType key, LogicalType value) {
    return new LogicalType.MapType(key, value, true);
  }

  public static LogicalType struct(Field... fields) {
    return new LogicalType.StructType(Arrays.asList(fields));
  }

  public static LogicalType struct(List<Field> fields) {
    return new LogicalType.StructType(fields);
  }

  public static Field nullable(String name, LogicalType type) {
    return Field.nullable(name, type);
  }

  public static Field required(String name, LogicalType type) {
    return Field.required(name, type);
  }
}
