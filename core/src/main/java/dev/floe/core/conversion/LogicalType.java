package dev.floe.core.conversion;

import java.util.List;
import java.util.Objects;

/**
 * The engine-neutral type of a value moving through Floe. Every module maps its engine types to and
 * from these, and {@code docs/type-mapping.md} is the table of how each one is stored in DynamoDB,
 * Iceberg and Arrow.
 *
 * <p>Values of a type are represented by one Java class each (see {@link #javaClass()}); that
 * representation is what {@link ItemConverter}, the Iceberg and the Arrow converters exchange.
 */
public sealed interface LogicalType extends java.io.Serializable
    permits LogicalType.BooleanType,
        LogicalType.IntType,
        LogicalType.LongType,
        LogicalType.FloatType,
        LogicalType.DoubleType,
        LogicalType.DecimalType,
        LogicalType.StringType,
        LogicalType.BinaryType,
        LogicalType.DateType,
        LogicalType.TimeType,
        LogicalType.TimestampType,
        LogicalType.UuidType,
        LogicalType.DocumentType,
        LogicalType.ListType,
        LogicalType.SetType,
        LogicalType.MapType,
        LogicalType.StructType {

  /** Which type this is, for switching (Java 17 has no pattern matching in switch). */
  Kind kind();

  /** The Java class that represents values of this type. */
  Class<?> javaClass();

  /** A readable SQL-like name, used in error messages and docs, e.g. {@code DECIMAL(38, 2)}. */
  String sqlName();

  /** Scalars are everything but lists, sets, maps and structs. */
  default boolean isNested() {
    return false;
  }

  /** The kinds of logical type, one per record below. */
  enum Kind {
    BOOLEAN,
    INT,
    BIGINT,
    FLOAT,
    DOUBLE,
    DECIMAL,
    STRING,
    BINARY,
    DATE,
    TIME,
    /** With or without zone: see {@link TimestampType#withZone()}. */
    TIMESTAMP,
    UUID,
    DOCUMENT,
    LIST,
    SET,
    MAP,
    STRUCT
  }

  /** Booleans: {@link Boolean}. */
  record BooleanType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.BOOLEAN;
    }

    @Override
    public Class<?> javaClass() {
      return Boolean.class;
    }

    @Override
    public String sqlName() {
      return "BOOLEAN";
    }
  }

  /** 32-bit signed integers: {@link Integer}. */
  record IntType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.INT;
    }

    @Override
    public Class<?> javaClass() {
      return Integer.class;
    }

    @Override
    public String sqlName() {
      return "INT";
    }
  }

  /** 64-bit signed integers: {@link Long}. */
  record LongType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.BIGINT;
    }

    @Override
    public Class<?> javaClass() {
      return Long.class;
    }

    @Override
    public String sqlName() {
      return "BIGINT";
    }
  }

  /** IEEE 754 single precision: {@link Float}. Approximate by definition. */
  record FloatType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.FLOAT;
    }

    @Override
    public Class<?> javaClass() {
      return Float.class;
    }

    @Override
    public String sqlName() {
      return "FLOAT";
    }
  }

  /** IEEE 754 double precision: {@link Double}. Approximate by definition. */
  record DoubleType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.DOUBLE;
    }

    @Override
    public Class<?> javaClass() {
      return Double.class;
    }

    @Override
    public String sqlName() {
      return "DOUBLE";
    }
  }

  /**
   * Exact decimals with up to 38 digits: {@link java.math.BigDecimal} with exactly {@code scale}.
   */
  record DecimalType(int precision, int scale) implements LogicalType {
    public static final int MAX_PRECISION = 38;

    public DecimalType {
      if (precision < 1 || precision > MAX_PRECISION) {
        throw new ConversionException(
            "Cannot create DECIMAL(" + precision + ", " + scale + "): precision must be 1 to 38");
      }
      if (scale < 0 || scale > precision) {
        throw new ConversionException(
            "Cannot create DECIMAL("
                + precision
                + ", "
                + scale
                + "): scale must be 0 to the precision");
      }
    }

    @Override
    public Kind kind() {
      return Kind.DECIMAL;
    }

    @Override
    public Class<?> javaClass() {
      return java.math.BigDecimal.class;
    }

    @Override
    public String sqlName() {
      return "DECIMAL(" + precision + ", " + scale + ")";
    }
  }

  /** Unicode text: {@link String}. */
  record StringType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.STRING;
    }

    @Override
    public Class<?> javaClass() {
      return String.class;
    }

    @Override
    public String sqlName() {
      return "STRING";
    }
  }

  /** Bytes: a read-only {@link java.nio.ByteBuffer} (content equality, as Iceberg uses). */
  record BinaryType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.BINARY;
    }

    @Override
    public Class<?> javaClass() {
      return java.nio.ByteBuffer.class;
    }

    @Override
    public String sqlName() {
      return "BINARY";
    }
  }

  /** Calendar dates: {@link java.time.LocalDate}. */
  record DateType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.DATE;
    }

    @Override
    public Class<?> javaClass() {
      return java.time.LocalDate.class;
    }

    @Override
    public String sqlName() {
      return "DATE";
    }
  }

  /** Time of day with microsecond precision: {@link java.time.LocalTime}. */
  record TimeType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.TIME;
    }

    @Override
    public Class<?> javaClass() {
      return java.time.LocalTime.class;
    }

    @Override
    public String sqlName() {
      return "TIME";
    }
  }

  /**
   * Timestamps with fractional-second {@code precision} 0 to 9. Without zone the value is a {@link
   * java.time.LocalDateTime} (a wall-clock reading); with zone it is an {@link java.time.Instant}
   * (a point on the UTC time line).
   */
  record TimestampType(boolean withZone, int precision) implements LogicalType {
    public static final int MICROS = 6;
    public static final int NANOS = 9;

    public TimestampType {
      if (precision < 0 || precision > NANOS) {
        throw new ConversionException(
            "Cannot create TIMESTAMP(" + precision + "): precision must be 0 to 9");
      }
    }

    @Override
    public Kind kind() {
      return Kind.TIMESTAMP;
    }

    @Override
    public Class<?> javaClass() {
      return withZone ? java.time.Instant.class : java.time.LocalDateTime.class;
    }

    @Override
    public String sqlName() {
      return (withZone ? "TIMESTAMP_LTZ(" : "TIMESTAMP(") + precision + ")";
    }
  }

  /** UUIDs: {@link java.util.UUID}. */
  record UuidType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.UUID;
    }

    @Override
    public Class<?> javaClass() {
      return java.util.UUID.class;
    }

    @Override
    public String sqlName() {
      return "UUID";
    }
  }

  /**
   * Any DynamoDB value, kept whole: a {@link String} holding the value in DynamoDB JSON (the form
   * of the DynamoDB API and its exports, e.g. {@code {"N":"1"}}). Schema inference falls back to it
   * where sampled items disagree on an attribute's type, so nothing is lost.
   */
  record DocumentType() implements LogicalType {
    @Override
    public Kind kind() {
      return Kind.DOCUMENT;
    }

    @Override
    public Class<?> javaClass() {
      return String.class;
    }

    @Override
    public String sqlName() {
      return "DOCUMENT";
    }
  }

  /** Ordered lists: {@link List}. */
  record ListType(LogicalType element, boolean elementNullable) implements LogicalType {
    public ListType {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public Kind kind() {
      return Kind.LIST;
    }

    @Override
    public Class<?> javaClass() {
      return List.class;
    }

    @Override
    public String sqlName() {
      return "ARRAY<" + element.sqlName() + ">";
    }

    @Override
    public boolean isNested() {
      return true;
    }
  }

  /**
   * DynamoDB sets (SS, NS, BS): {@link java.util.Set} of unique strings, numbers or bytes. Elements
   * are never null.
   */
  record SetType(LogicalType element) implements LogicalType {
    public SetType {
      Objects.requireNonNull(element, "element");
      if (!isSetElement(element)) {
        throw new ConversionException(
            "Cannot create SET<"
                + element.sqlName()
                + ">: DynamoDB sets hold only strings (SS), numbers (NS) or binary (BS)");
      }
    }

    /** Whether DynamoDB has a set type (SS, NS, BS) for elements of {@code type}. */
    public static boolean isSetElement(LogicalType type) {
      return type instanceof StringType
          || type instanceof BinaryType
          || type instanceof IntType
          || type instanceof LongType
          || type instanceof FloatType
          || type instanceof DoubleType
          || type instanceof DecimalType;
    }

    @Override
    public Kind kind() {
      return Kind.SET;
    }

    @Override
    public Class<?> javaClass() {
      return java.util.Set.class;
    }

    @Override
    public String sqlName() {
      return "SET<" + element.sqlName() + ">";
    }

    @Override
    public boolean isNested() {
      return true;
    }
  }

  /**
   * Maps: {@link java.util.Map}. DynamoDB map keys are strings, so keys are STRING, INT, BIGINT,
   * DATE or UUID, stored by their text form.
   */
  record MapType(LogicalType key, LogicalType value, boolean valueNullable) implements LogicalType {
    public MapType {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!isMapKey(key)) {
        throw new ConversionException(
            "Cannot create MAP<"
                + key.sqlName()
                + ", "
                + value.sqlName()
                + ">: DynamoDB map keys are text; use STRING, INT, BIGINT, DATE or UUID keys");
      }
    }

    /** Whether keys of {@code type} have a text form DynamoDB can use as a map key. */
    public static boolean isMapKey(LogicalType type) {
      return type instanceof StringType
          || type instanceof IntType
          || type instanceof LongType
          || type instanceof DateType
          || type instanceof UuidType;
    }

    @Override
    public Kind kind() {
      return Kind.MAP;
    }

    @Override
    public Class<?> javaClass() {
      return java.util.Map.class;
    }

    @Override
    public String sqlName() {
      return "MAP<" + key.sqlName() + ", " + value.sqlName() + ">";
    }

    @Override
    public boolean isNested() {
      return true;
    }
  }

  /** Named fields: a {@link Row} with one value per field, in field order. */
  record StructType(List<Field> fields) implements LogicalType {
    public StructType {
      fields = List.copyOf(fields);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Field field : fields) {
        if (!seen.add(field.name())) {
          throw new ConversionException(
              "Cannot create a struct with two fields named '" + field.name() + "'");
        }
      }
    }

    /** The position of the field called {@code name}, or -1. */
    public int indexOf(String name) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).name().equals(name)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public Kind kind() {
      return Kind.STRUCT;
    }

    @Override
    public Class<?> javaClass() {
      return Row.class;
    }

    @Override
    public String sqlName() {
      StringBuilder name = new StringBuilder("ROW<");
      for (int i = 0; i < fields.size(); i++) {
        Field field = fields.get(i);
        name.append(i == 0 ? "" : ", ")
            .append(field.name())
            .append(' ')
            .append(field.type().sqlName());
        if (!field.nullable()) {
          name.append(" NOT NULL");
        }
      }
      return name.append('>').toString();
    }

    @Override
    public boolean isNested() {
      return true;
    }
  }

  /** A named, possibly nullable, member of a {@link StructType} or {@link LogicalSchema}. */
  record Field(String name, LogicalType type, boolean nullable) implements java.io.Serializable {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      if (name.isEmpty()) {
        throw new ConversionException("Cannot create a field with an empty name");
      }
    }

    public static Field nullable(String name, LogicalType type) {
      return new Field(name, type, true);
    }

    public static Field required(String name, LogicalType type) {
      return new Field(name, type, false);
    }
  }
}
