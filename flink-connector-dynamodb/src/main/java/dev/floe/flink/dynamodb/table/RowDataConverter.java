package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalType.Kind;
import dev.floe.core.conversion.LogicalType.ListType;
import dev.floe.core.conversion.LogicalType.MapType;
import dev.floe.core.conversion.LogicalType.SetType;
import dev.floe.core.conversion.LogicalType.StructType;
import dev.floe.core.conversion.LogicalType.TimestampType;
import dev.floe.core.conversion.Row;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;

/**
 * Converts Flink's internal rows ({@link RowData}) to Floe {@link Row}s, whose values are the Java
 * classes of {@code docs/type-mapping.md}, and back. {@link dev.floe.core.conversion.ItemConverter}
 * takes it from there to DynamoDB items. The per-column converters are built once, in the factory;
 * converting a row only walks them. Serializable, so a sink or source can ship it to its tasks.
 *
 * <p>Values keep the Flink type each column was declared with: a TINYINT is an {@code Integer} in
 * the Floe row and a {@code Byte} again in the Flink row, a MULTISET is a {@code Set} and a map of
 * counts again.
 *
 * <p>Nothing is truncated, rounded or merged silently. From Flink to Floe, a MULTISET element that
 * occurs more than once is an error (a DynamoDB set holds each element once). From Floe to Flink, a
 * TINYINT or SMALLINT out of range, a DECIMAL that does not fit, and a TIME or TIMESTAMP with more
 * fractional digits than the Flink type keeps are errors; in particular Flink holds TIME values as
 * milliseconds of the day, so a TIME read from DynamoDB with sub-millisecond digits ({@code
 * 10:15:30.123456}) fails naming the column (declare the column STRING to read such values as
 * text). Errors name the column path ({@code address.lines[2].qty}), the value and the Flink type.
 *
 * <p>The {@link org.apache.flink.types.RowKind} of a row is not converted: {@link #fromRow} returns
 * INSERT rows, and {@link #toRow} leaves the row kind to its caller.
 */
public final class RowDataConverter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The fractional digits Flink's internal TIME representation (int milliseconds) keeps. */
  static final int FLINK_TIME_PRECISION = 3;

  /** Nanoseconds in the last fraction digit a precision keeps: index p holds 10^(9 - p). */
  private static final int[] NANOS_PER_DIGIT = {
    1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  /** Flink's TimestampData counts milliseconds in a long: about 292 million years each way. */
  private static final long MAX_EPOCH_DAY = Long.MAX_VALUE / 86_400_000L - 1;

  private final RowType rowType;
  private final StructType structType;
  private final RowConverter root;

  private RowDataConverter(RowType rowType, StructType structType) {
    this.rowType = Objects.requireNonNull(rowType, "rowType");
    this.structType = Objects.requireNonNull(structType, "structType");
    this.root = rowConverter(rowType, structType, null);
  }

  /** A converter for rows of {@code rowType}, to the Floe types of {@link FlinkTypeMapping}. */
  public static RowDataConverter of(RowType rowType) {
    return new RowDataConverter(
        rowType, FlinkTypeMapping.fromRowType(rowType, List.of()).asStruct());
  }

  /** A converter for the physical columns of a Flink table. */
  public static RowDataConverter of(ResolvedSchema schema) {
    return of((RowType) schema.toPhysicalRowDataType().getLogicalType());
  }

  /**
   * A converter between rows of {@code rowType} and rows of an existing Floe schema, such as one
   * inferred from a DynamoDB table and shown in Flink through {@link FlinkTypeMapping#toRowType}.
   * Besides the pairs {@link FlinkTypeMapping} produces, it converts a Flink STRING to and from a
   * UUID or DOCUMENT column and a Flink ARRAY to and from a SET column.
   *
   * @throws ConversionException if the columns differ in names or a Flink type cannot hold the
   *     column's values
   */
  public static RowDataConverter of(RowType rowType, LogicalSchema schema) {
    return new RowDataConverter(rowType, schema.asStruct());
  }

  /** The Flink row type converted. */
  public RowType rowType() {
    return rowType;
  }

  /** The Floe type of the converted rows. */
  public StructType structType() {
    return structType;
  }

  /**
   * The Floe row for a Flink row: one value per column, of the Java class of its Floe type.
   *
   * @throws ConversionException naming the column if a value has no DynamoDB form
   */
  public Row toRow(RowData rowData) {
    if (rowData.getArity() != rowType.getFieldCount()) {
      throw new ConversionException(
          "Cannot convert a Flink row with "
              + rowData.getArity()
              + " fields: the table has "
              + rowType.getFieldCount()
              + " physical columns "
              + rowType.getFieldNames());
    }
    try {
      return root.toCore(rowData);
    } catch (ValueError e) {
      throw new ConversionException(
          "Cannot convert column '" + e.path() + "' from Flink to DynamoDB: " + e.getMessage());
    }
  }

  /**
   * The Flink row (of Flink's internal data structures) for a Floe row.
   *
   * @throws ConversionException naming the column if a value does not fit its Flink type
   */
  public RowData fromRow(Row row) {
    Objects.requireNonNull(row, "row");
    try {
      return root.toFlink(row);
    } catch (ValueError e) {
      throw new ConversionException(
          "Cannot convert column '"
              + (e.path().isEmpty() ? "<row>" : e.path())
              + "' from DynamoDB to Flink: "
              + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- building

  private static ValueConverter converter(
      LogicalType flink, dev.floe.core.conversion.LogicalType core, String path) {
    Kind kind = core.kind();
    switch (flink.getTypeRoot()) {
      case BOOLEAN:
        return expect(flink, core, path, kind == Kind.BOOLEAN, Scalar.BOOLEAN);
      case TINYINT:
        return expect(flink, core, path, kind == Kind.INT, Scalar.TINYINT);
      case SMALLINT:
        return expect(flink, core, path, kind == Kind.INT, Scalar.SMALLINT);
      case INTEGER:
        return expect(flink, core, path, kind == Kind.INT, Scalar.INT);
      case BIGINT:
        return expect(flink, core, path, kind == Kind.BIGINT, Scalar.BIGINT);
      case FLOAT:
        return expect(flink, core, path, kind == Kind.FLOAT, Scalar.FLOAT);
      case DOUBLE:
        return expect(flink, core, path, kind == Kind.DOUBLE, Scalar.DOUBLE);
      case DECIMAL:
        DecimalType decimal = (DecimalType) flink;
        return expect(
            flink,
            core,
            path,
            kind == Kind.DECIMAL,
            new DecimalConverter(decimal.getPrecision(), decimal.getScale()));
      case CHAR:
      case VARCHAR:
        return expect(
            flink,
            core,
            path,
            kind == Kind.STRING || kind == Kind.DOCUMENT || kind == Kind.UUID,
            kind == Kind.UUID ? Scalar.STRING_AS_UUID : Scalar.STRING);
      case BINARY:
      case VARBINARY:
        return expect(flink, core, path, kind == Kind.BINARY, Scalar.BINARY);
      case DATE:
        return expect(flink, core, path, kind == Kind.DATE, Scalar.DATE);
      case TIME_WITHOUT_TIME_ZONE:
        return expect(
            flink,
            core,
            path,
            kind == Kind.TIME,
            new TimeConverter(((TimeType) flink).getPrecision()));
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        return expect(
            flink,
            core,
            path,
            kind == Kind.TIMESTAMP && !((TimestampType) core).withZone(),
            new TimestampConverter(
                false,
                ((org.apache.flink.table.types.logical.TimestampType) flink).getPrecision()));
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return expect(
            flink,
            core,
            path,
            kind == Kind.TIMESTAMP && ((TimestampType) core).withZone(),
            new TimestampConverter(true, ((LocalZonedTimestampType) flink).getPrecision()));
      case ARRAY:
        LogicalType element = ((ArrayType) flink).getElementType();
        if (kind == Kind.LIST) {
          return new ArrayConverter(
              element, converter(element, ((ListType) core).element(), path + ".element"), false);
        }
        if (kind == Kind.SET) {
          return new ArrayConverter(
              element, converter(element, ((SetType) core).element(), path + ".element"), true);
        }
        throw mismatch(flink, core, path);
      case MULTISET:
        LogicalType setElement = ((MultisetType) flink).getElementType();
        if (kind != Kind.SET) {
          throw mismatch(flink, core, path);
        }
        return new MultisetConverter(
            setElement, converter(setElement, ((SetType) core).element(), path + ".element"));
      case MAP:
        org.apache.flink.table.types.logical.MapType map =
            (org.apache.flink.table.types.logical.MapType) flink;
        if (kind != Kind.MAP) {
          throw mismatch(flink, core, path);
        }
        MapType coreMap = (MapType) core;
        return new MapConverter(
            map,
            converter(map.getKeyType(), coreMap.key(), path + ".key"),
            converter(map.getValueType(), coreMap.value(), path + ".value"));
      case ROW:
        if (kind != Kind.STRUCT) {
          throw mismatch(flink, core, path);
        }
        return rowConverter((RowType) flink, (StructType) core, path);
      default:
        // Throws the error that names the column and lists the supported types.
        FlinkTypeMapping.toLogicalType(flink, path);
        throw mismatch(flink, core, path);
    }
  }

  private static RowConverter rowConverter(RowType flink, StructType core, String parentPath) {
    List<RowType.RowField> flinkFields = flink.getFields();
    List<Field> coreFields = core.fields();
    List<String> coreNames = new ArrayList<>();
    coreFields.forEach(field -> coreNames.add(field.name()));
    if (!flink.getFieldNames().equals(coreNames)) {
      throw new ConversionException(
          "Cannot convert "
              + (parentPath == null ? "the table" : "column '" + parentPath + "'")
              + ": the Flink fields "
              + flink.getFieldNames()
              + " differ from the DynamoDB columns "
              + coreNames);
    }
    ValueConverter[] converters = new ValueConverter[flinkFields.size()];
    for (int i = 0; i < converters.length; i++) {
      String name = flinkFields.get(i).getName();
      converters[i] =
          converter(
              flinkFields.get(i).getType(),
              coreFields.get(i).type(),
              parentPath == null ? name : parentPath + "." + name);
    }
    return new RowConverter(flink, converters);
  }

  private static ValueConverter expect(
      LogicalType flink,
      dev.floe.core.conversion.LogicalType core,
      String path,
      boolean matches,
      ValueConverter converter) {
    if (!matches) {
      throw mismatch(flink, core, path);
    }
    return converter;
  }

  private static ConversionException mismatch(
      LogicalType flink, dev.floe.core.conversion.LogicalType core, String path) {
    return new ConversionException(
        "Cannot convert column '"
            + path
            + "': Flink type "
            + flink.asSummaryString()
            + " cannot hold values of the DynamoDB column type "
            + core.sqlName()
            + "; declare "
            + FlinkTypeMapping.toFlinkType(core, flink.isNullable()).asSummaryString());
  }

  // ---------------------------------------------------------------- converters

  /** Converts non-null values of one Flink type: Flink internal class <-> Floe Java class. */
  private interface ValueConverter extends Serializable {
    Object toCore(Object internal);

    Object toFlink(Object value);
  }

  /** Scalars whose conversion needs no parameters. */
  private enum Scalar implements ValueConverter {
    BOOLEAN {
      @Override
      public Object toFlink(Object value) {
        return cast(value, Boolean.class, "BOOLEAN");
      }
    },
    TINYINT {
      @Override
      public Object toCore(Object internal) {
        return ((Byte) internal).intValue();
      }

      @Override
      public Object toFlink(Object value) {
        int number = cast(value, Integer.class, "TINYINT");
        if (number < Byte.MIN_VALUE || number > Byte.MAX_VALUE) {
          throw outOfRange(number, "TINYINT", Byte.MIN_VALUE, Byte.MAX_VALUE, "SMALLINT or INT");
        }
        return (byte) number;
      }
    },
    SMALLINT {
      @Override
      public Object toCore(Object internal) {
        return ((Short) internal).intValue();
      }

      @Override
      public Object toFlink(Object value) {
        int number = cast(value, Integer.class, "SMALLINT");
        if (number < Short.MIN_VALUE || number > Short.MAX_VALUE) {
          throw outOfRange(number, "SMALLINT", Short.MIN_VALUE, Short.MAX_VALUE, "INT");
        }
        return (short) number;
      }
    },
    INT {
      @Override
      public Object toFlink(Object value) {
        return cast(value, Integer.class, "INT");
      }
    },
    BIGINT {
      @Override
      public Object toFlink(Object value) {
        return cast(value, Long.class, "BIGINT");
      }
    },
    FLOAT {
      @Override
      public Object toFlink(Object value) {
        return cast(value, Float.class, "FLOAT");
      }
    },
    DOUBLE {
      @Override
      public Object toFlink(Object value) {
        return cast(value, Double.class, "DOUBLE");
      }
    },
    /** CHAR, VARCHAR and STRING; also shows UUIDs and DOCUMENTs (DynamoDB JSON) as text. */
    STRING {
      @Override
      public Object toCore(Object internal) {
        return internal.toString();
      }

      @Override
      public Object toFlink(Object value) {
        if (value instanceof UUID) {
          return StringData.fromString(value.toString());
        }
        return StringData.fromString(cast(value, CharSequence.class, "STRING").toString());
      }
    },
    /** A Flink string column holding a DynamoDB UUID column. */
    STRING_AS_UUID {
      @Override
      public Object toCore(Object internal) {
        String text = internal.toString();
        try {
          UUID uuid = UUID.fromString(text);
          if (uuid.toString().equalsIgnoreCase(text)) {
            return uuid;
          }
        } catch (IllegalArgumentException e) {
          // Reported below.
        }
        throw new ValueError(
            "'" + text + "' is not a UUID such as 123e4567-e89b-12d3-a456-426614174000");
      }

      @Override
      public Object toFlink(Object value) {
        return StringData.fromString(cast(value, UUID.class, "STRING").toString());
      }
    },
    /** BINARY, VARBINARY and BYTES: byte[] <-> read-only ByteBuffer, copied both ways. */
    BINARY {
      @Override
      public Object toCore(Object internal) {
        return ByteBuffer.wrap(((byte[]) internal).clone()).asReadOnlyBuffer();
      }

      @Override
      public Object toFlink(Object value) {
        if (value instanceof byte[]) {
          return ((byte[]) value).clone();
        }
        ByteBuffer buffer = cast(value, ByteBuffer.class, "BYTES").duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      }
    },
    /** Flink holds dates as days since 1970-01-01. */
    DATE {
      @Override
      public Object toCore(Object internal) {
        return LocalDate.ofEpochDay((Integer) internal);
      }

      @Override
      public Object toFlink(Object value) {
        LocalDate date = cast(value, LocalDate.class, "DATE");
        long days = date.toEpochDay();
        if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
          throw new ValueError(date + " is beyond the dates Flink DATE holds");
        }
        return (int) days;
      }
    };

    @Override
    public Object toCore(Object internal) {
      return internal;
    }
  }

  /** DECIMAL(p, s): DecimalData <-> BigDecimal, never rounded. */
  private static final class DecimalConverter implements ValueConverter {
    private static final long serialVersionUID = 1L;
    private final int precision;
    private final int scale;

    DecimalConverter(int precision, int scale) {
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    public Object toCore(Object internal) {
      return ((DecimalData) internal).toBigDecimal();
    }

    @Override
    public Object toFlink(Object value) {
      BigDecimal decimal = cast(value, BigDecimal.class, typeName());
      BigDecimal scaled;
      try {
        scaled = decimal.setScale(scale, RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        throw new ValueError(
            decimal.toPlainString()
                + " has "
                + decimal.stripTrailingZeros().scale()
                + " fractional digits but Flink "
                + typeName()
                + " keeps "
                + scale
                + "; declare a larger scale (Floe never rounds)");
      }
      if (scaled.precision() > precision) {
        throw new ValueError(
            decimal.toPlainString()
                + " needs "
                + scaled.precision()
                + " digits at scale "
                + scale
                + " but Flink "
                + typeName()
                + " holds "
                + precision
                + "; declare a larger precision");
      }
      return DecimalData.fromBigDecimal(scaled, precision, scale);
    }

    private String typeName() {
      return "DECIMAL(" + precision + ", " + scale + ")";
    }
  }

  /** TIME(p): Flink holds milliseconds of the day in an int; Floe a LocalTime. */
  private static final class TimeConverter implements ValueConverter {
    private static final long serialVersionUID = 1L;
    private final int precision;

    TimeConverter(int precision) {
      this.precision = precision;
    }

    @Override
    public Object toCore(Object internal) {
      int millis = (Integer) internal;
      try {
        return LocalTime.ofNanoOfDay(millis * 1_000_000L);
      } catch (DateTimeException e) {
        throw new ValueError(millis + " milliseconds is not a time of day for TIME");
      }
    }

    @Override
    public Object toFlink(Object value) {
      LocalTime time = cast(value, LocalTime.class, "TIME(" + precision + ")");
      if (time.getNano() % NANOS_PER_DIGIT[FLINK_TIME_PRECISION] != 0) {
        throw new ValueError(
            time
                + " has sub-millisecond digits, but Flink holds TIME values as milliseconds"
                + " (Floe never truncates); declare the column STRING to read the full value");
      }
      if (precision < FLINK_TIME_PRECISION && time.getNano() % NANOS_PER_DIGIT[precision] != 0) {
        throw new ValueError(
            time
                + " has more fractional second digits than Flink TIME("
                + precision
                + ") keeps; declare TIME(3) (Floe never truncates)");
      }
      return (int) (time.toNanoOfDay() / 1_000_000L);
    }
  }

  /** TIMESTAMP(p) <-> LocalDateTime and TIMESTAMP_LTZ(p) <-> Instant. */
  private static final class TimestampConverter implements ValueConverter {
    private static final long serialVersionUID = 1L;
    private final boolean withZone;
    private final int precision;

    TimestampConverter(boolean withZone, int precision) {
      this.withZone = withZone;
      this.precision = precision;
    }

    @Override
    public Object toCore(Object internal) {
      TimestampData timestamp = (TimestampData) internal;
      return withZone ? timestamp.toInstant() : timestamp.toLocalDateTime();
    }

    @Override
    public Object toFlink(Object value) {
      Instant instant = null;
      LocalDateTime dateTime = null;
      int nano;
      long epochDay;
      if (withZone) {
        instant = cast(value, Instant.class, typeName());
        nano = instant.getNano();
        epochDay = Math.floorDiv(instant.getEpochSecond(), 86_400L);
      } else {
        dateTime = cast(value, LocalDateTime.class, typeName());
        nano = dateTime.getNano();
        epochDay = dateTime.toLocalDate().toEpochDay();
      }
      if (nano % NANOS_PER_DIGIT[precision] != 0) {
        throw new ValueError(
            value
                + " has more fractional second digits than Flink "
                + typeName()
                + " keeps; declare a higher precision (Floe never truncates)");
      }
      if (Math.abs(epochDay) > MAX_EPOCH_DAY) {
        throw new ValueError(value + " is beyond the timestamps Flink " + typeName() + " holds");
      }
      return withZone
          ? TimestampData.fromInstant(instant)
          : TimestampData.fromLocalDateTime(dateTime);
    }

    private String typeName() {
      return (withZone ? "TIMESTAMP_LTZ(" : "TIMESTAMP(") + precision + ")";
    }
  }

  /** ARRAY: ArrayData <-> List (or Set, for a DynamoDB set column shown as an array). */
  private static final class ArrayConverter implements ValueConverter {
    private static final long serialVersionUID = 1L;
    private final ArrayData.ElementGetter getter;
    private final ValueConverter element;
    private final boolean elementNotNull;
    private final boolean toSet;

    ArrayConverter(LogicalType elementType, ValueConverter element, boolean toSet) {
      this.getter = ArrayData.createElementGetter(elementType.copy(true));
      this.element = element;
      this.elementNotNull = !elementType.isNullable();
      this.toSet = toSet;
    }

    @Override
    public Object toCore(Object internal) {
      ArrayData array = (ArrayData) internal;
      int size = array.size();
      Collection<Object> values = toSet ? new LinkedHashSet<>() : new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        Object value = getter.getElementOrNull(array, i);
        if (value != null) {
          try {
            value = element.toCore(value);
          } catch (ValueError e) {
            throw e.at("[" + i + "]");
          }
        }
        if (!values.add(value)) {
          throw new ValueError(
                  "the array holds "
                      + describe(value)
                      + " more than once, but its DynamoDB column is a set, which holds each"
                      + " element once")
              .at("[" + i + "]");
        }
      }
      return values;
    }

    @Override
    public Object toFlink(Object value) {
      Collection<?> values = cast(value, Collection.class, "ARRAY");
      Object[] elements = new Object[values.size()];
      int i = 0;
      for (Object element : values) {
        elements[i] = convertElement(element, this.element, elementNotNull, "[" + i + "]");
        i++;
      }
      return new GenericArrayData(elements);
    }
  }

  /** MULTISET: MapData of element to count <-> Set; a count above 1 is an error. */
  private static final class MultisetConverter implements ValueConverter {
    private static final long serialVersionUID = 1L;
    private final ArrayData.ElementGetter getter;
    private final ValueConverter element;

    MultisetConverter(LogicalType elementType, ValueConverter element) {
      this.getter = ArrayData.createElementGetter(elementType.copy(true));
      this.element = element;
    }

    @Override
    public Object toCore(Object internal) {
      MapData multiset = (MapData) internal;
      ArrayData elements = multiset.keyArray();
      ArrayData counts = multiset.valueArray();
      Set<Object> values = new LinkedHashSet<>();
      for (int i = 0; i < multiset.size(); i++) {
        Object value = getter.getElementOrNull(elements, i);
        if (value != null) {
          try {
            value = element.toCore(value);
          } catch (ValueError e) {
            throw e.at("[" + i + "]");
          }
        }
        int count = counts.isNullAt(i) ? 0 : counts.getInt(i);
        if (count < 1) {
          throw new ValueError(
                  "the MULTISET holds " + describe(value) + " with count " + count + "; expected 1")
              .at("[" + i + "]");
        }
        if (count > 1 || !values.add(value)) {
          throw new ValueError(
                  "the MULTISET holds "
                      + describe(value)
                      + (count > 1 ? " " + count + " times" : " more than once")
                      + ", but a DynamoDB set holds each element once; remove the duplicates or"
                      + " declare an ARRAY to write a list")
              .at("[" + i + "]");
        }
      }
      return values;
    }

    @Override
    public Object toFlink(Object value) {
      Collection<?> values = cast(value, Collection.class, "MULTISET");
      Map<Object, Integer> counts = new LinkedHashMap<>();
      int i = 0;
      for (Object element : values) {
        counts.merge(convertElement(element, this.element, false, "[" + i + "]"), 1, Integer::sum);
        i++;
      }
      return new GenericMapData(counts);
    }
  }

  /** MAP: MapData <-> Map. */
  private static final class MapConverter implements ValueConverter {
    private static final long serialVersionUID = 1L;
    private final ArrayData.ElementGetter keyGetter;
    private final ArrayData.ElementGetter valueGetter;
    private final ValueConverter key;
    private final ValueConverter value;
    private final boolean valueNotNull;

    MapConverter(
        org.apache.flink.table.types.logical.MapType type,
        ValueConverter key,
        ValueConverter value) {
      this.keyGetter = ArrayData.createElementGetter(type.getKeyType().copy(true));
      this.valueGetter = ArrayData.createElementGetter(type.getValueType().copy(true));
      this.key = key;
      this.value = value;
      this.valueNotNull = !type.getValueType().isNullable();
    }

    @Override
    public Object toCore(Object internal) {
      MapData map = (MapData) internal;
      ArrayData keys = map.keyArray();
      ArrayData values = map.valueArray();
      Map<Object, Object> converted = new LinkedHashMap<>();
      for (int i = 0; i < map.size(); i++) {
        Object mapKey = keyGetter.getElementOrNull(keys, i);
        if (mapKey == null) {
          throw new ValueError("a map key is null; DynamoDB map keys are text");
        }
        try {
          mapKey = key.toCore(mapKey);
        } catch (ValueError e) {
          throw e.at(String.valueOf(mapKey));
        }
        Object mapValue = valueGetter.getElementOrNull(values, i);
        if (mapValue != null) {
          try {
            mapValue = value.toCore(mapValue);
          } catch (ValueError e) {
            throw e.at(String.valueOf(mapKey));
          }
        }
        if (converted.containsKey(mapKey)) {
          throw new ValueError("the map holds the key " + describe(mapKey) + " twice");
        }
        converted.put(mapKey, mapValue);
      }
      return converted;
    }

    @Override
    public Object toFlink(Object map) {
      Map<?, ?> entries = cast(map, Map.class, "MAP");
      Map<Object, Object> converted = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        if (entry.getKey() == null) {
          throw new ValueError("a map key is null");
        }
        String segment = entry.getKey().toString();
        Object mapKey;
        try {
          mapKey = key.toFlink(entry.getKey());
        } catch (ValueError e) {
          throw e.at(segment);
        }
        converted.put(mapKey, convertElement(entry.getValue(), value, valueNotNull, segment));
      }
      return new GenericMapData(converted);
    }
  }

  /** ROW: RowData <-> Row, field by field. */
  private static final class RowConverter implements ValueConverter {
    private static final long serialVersionUID = 1L;
    private final String[] names;
    private final RowData.FieldGetter[] getters;
    private final ValueConverter[] converters;
    private final boolean[] notNull;

    RowConverter(RowType type, ValueConverter[] converters) {
      int arity = type.getFieldCount();
      this.names = type.getFieldNames().toArray(new String[0]);
      this.getters = new RowData.FieldGetter[arity];
      this.notNull = new boolean[arity];
      for (int i = 0; i < arity; i++) {
        // Nullable getters check isNullAt even for NOT NULL fields: a null there is reported by
        // ItemConverter with its path instead of failing on a primitive read.
        getters[i] = RowData.createFieldGetter(type.getTypeAt(i).copy(true), i);
        notNull[i] = !type.getTypeAt(i).isNullable();
      }
      this.converters = converters;
    }

    @Override
    public Row toCore(Object internal) {
      RowData row = (RowData) internal;
      Object[] values = new Object[getters.length];
      for (int i = 0; i < values.length; i++) {
        Object value = getters[i].getFieldOrNull(row);
        if (value != null) {
          try {
            value = converters[i].toCore(value);
          } catch (ValueError e) {
            throw e.at(names[i]);
          }
        }
        values[i] = value;
      }
      return Row.of(values);
    }

    @Override
    public RowData toFlink(Object value) {
      Row row = cast(value, Row.class, "ROW");
      if (row.size() != names.length) {
        throw new ValueError(
            "the row has "
                + row.size()
                + " values but the Flink row type has "
                + names.length
                + " fields "
                + List.of(names));
      }
      GenericRowData converted = new GenericRowData(names.length);
      for (int i = 0; i < names.length; i++) {
        converted.setField(i, convertElement(row.get(i), converters[i], notNull[i], names[i]));
      }
      return converted;
    }
  }

  /** One nested value to Flink: null checked against NOT NULL, errors given their path. */
  private static Object convertElement(
      Object value, ValueConverter converter, boolean notNull, String segment) {
    if (value == null) {
      if (notNull) {
        throw new ValueError("the value is null but its Flink type is NOT NULL").at(segment);
      }
      return null;
    }
    try {
      return converter.toFlink(value);
    } catch (ValueError e) {
      throw e.at(segment);
    }
  }

  private static <T> T cast(Object value, Class<T> expected, String flinkType) {
    if (!expected.isInstance(value)) {
      throw new ValueError(
          "expected a "
              + expected.getName()
              + " for Flink "
              + flinkType
              + ", found a "
              + value.getClass().getName()
              + " ("
              + describe(value)
              + ")");
    }
    return expected.cast(value);
  }

  private static ValueError outOfRange(
      int value, String flinkType, int min, int max, String wider) {
    return new ValueError(
        value
            + " is out of range for Flink "
            + flinkType
            + " ("
            + min
            + " to "
            + max
            + "); declare "
            + wider);
  }

  /** A value as an error message shows it: text quoted, bytes in base64, long values cut. */
  private static String describe(Object value) {
    String text;
    if (value instanceof ByteBuffer) {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      text = "base64:" + Base64.getEncoder().encodeToString(bytes);
    } else if (value instanceof CharSequence) {
      text = "'" + value + "'";
    } else {
      text = String.valueOf(value);
    }
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }

  /**
   * A value that does not convert, raised where it is found; each enclosing converter adds its
   * field name, index or map key on the way out, so the happy path builds no paths. No stack trace:
   * it never leaves this class.
   */
  private static final class ValueError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Deque<String> segments = new ArrayDeque<>();

    ValueError(String detail) {
      super(detail, null, false, false);
    }

    ValueError at(String segment) {
      segments.addFirst(segment);
      return this;
    }

    String path() {
      StringBuilder path = new StringBuilder();
      for (String segment : segments) {
        if (path.length() > 0 && !segment.startsWith("[")) {
          path.append('.');
        }
        path.append(segment);
      }
      return path.toString();
    }
  }
}
