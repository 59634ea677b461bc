package dev.floe.core.conversion.arrow;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.conversion.LogicalTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Maps {@link LogicalType}s to Arrow fields and back, as docs/type-mapping.md lays out.
 *
 * <p>Arrow has no set, UUID or document type: those are a list, a 16-byte fixed-size binary and a
 * UTF-8 string, marked with the field metadata key {@value #LOGICAL_TYPE_KEY} so they come back as
 * they went in. Timestamps are microseconds up to precision 6 and nanoseconds above; TIMESTAMP_LTZ
 * has the time zone "UTC".
 */
public final class ArrowTypeMapping {
  /** Field metadata key that marks SET, UUID and DOCUMENT fields. */
  public static final String LOGICAL_TYPE_KEY = "floe.logical-type";

  /**
   * Field metadata key for a timestamp precision other than the unit's (6 for microseconds, 9 for
   * nanoseconds), e.g. TIMESTAMP(3) is stored in microseconds and keeps its precision here.
   */
  public static final String PRECISION_KEY = "floe.timestamp-precision";

  private static final String UTC = "UTC";

  private ArrowTypeMapping() {}

  public static Schema toArrow(LogicalSchema schema) {
    List<Field> fields = new ArrayList<>();
    for (LogicalType.Field field : schema.fields()) {
      fields.add(toArrow(field.name(), field.type(), field.nullable()));
    }
    return new Schema(fields);
  }

  public static Field toArrow(String name, LogicalType type, boolean nullable) {
    return switch (type.kind()) {
      case BOOLEAN -> leaf(name, nullable, ArrowType.Bool.INSTANCE, null);
      case INT -> leaf(name, nullable, new ArrowType.Int(32, true), null);
      case BIGINT -> leaf(name, nullable, new ArrowType.Int(64, true), null);
      case FLOAT ->
          leaf(name, nullable, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), null);
      case DOUBLE ->
          leaf(name, nullable, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null);
      case DECIMAL -> {
        LogicalType.DecimalType decimal = (LogicalType.DecimalType) type;
        yield leaf(
            name, nullable, new ArrowType.Decimal(decimal.precision(), decimal.scale(), 128), null);
      }
      case STRING -> leaf(name, nullable, ArrowType.Utf8.INSTANCE, null);
      case DOCUMENT -> leaf(name, nullable, ArrowType.Utf8.INSTANCE, "document");
      case BINARY -> leaf(name, nullable, ArrowType.Binary.INSTANCE, null);
      case UUID -> leaf(name, nullable, new ArrowType.FixedSizeBinary(16), "uuid");
      case DATE -> leaf(name, nullable, new ArrowType.Date(DateUnit.DAY), null);
      case TIME -> leaf(name, nullable, new ArrowType.Time(TimeUnit.MICROSECOND, 64), null);
      case TIMESTAMP -> {
        LogicalType.TimestampType timestamp = (LogicalType.TimestampType) type;
        TimeUnit unit =
            timestamp.precision() <= LogicalType.TimestampType.MICROS
                ? TimeUnit.MICROSECOND
                : TimeUnit.NANOSECOND;
        int unitPrecision =
            unit == TimeUnit.MICROSECOND
                ? LogicalType.TimestampType.MICROS
                : LogicalType.TimestampType.NANOS;
        Map<String, String> metadata =
            timestamp.precision() == unitPrecision
                ? null
                : Map.of(PRECISION_KEY, Integer.toString(timestamp.precision()));
        yield new Field(
            name,
            new FieldType(
                nullable,
                new ArrowType.Timestamp(unit, timestamp.withZone() ? UTC : null),
                null,
                metadata),
            null);
      }
      case LIST -> {
        LogicalType.ListType list = (LogicalType.ListType) type;
        yield new Field(
            name,
            new FieldType(nullable, ArrowType.List.INSTANCE, null),
            List.of(toArrow("element", list.element(), list.elementNullable())));
      }
      case SET ->
          new Field(
              name,
              new FieldType(
                  nullable, ArrowType.List.INSTANCE, null, Map.of(LOGICAL_TYPE_KEY, "set")),
              List.of(toArrow("element", ((LogicalType.SetType) type).element(), false)));
      case MAP -> {
        LogicalType.MapType map = (LogicalType.MapType) type;
        Field entries =
            new Field(
                "entries",
                FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(
                    toArrow("key", map.key(), false),
                    toArrow("value", map.value(), map.valueNullable())));
        yield new Field(
            name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
      }
      case STRUCT -> {
        List<Field> children = new ArrayList<>();
        for (LogicalType.Field field : ((LogicalType.StructType) type).fields()) {
          children.add(toArrow(field.name(), field.type(), field.nullable()));
        }
        yield new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
      }
    };
  }

  private static Field leaf(String name, boolean nullable, ArrowType type, String logicalType) {
    Map<String, String> metadata =
        logicalType == null ? null : Map.of(LOGICAL_TYPE_KEY, logicalType);
    return new Field(name, new FieldType(nullable, type, null, metadata), null);
  }

  /** The logical schema of an Arrow schema, with the given key attributes. */
  public static LogicalSchema toLogical(Schema schema, List<String> keyAttributes) {
    List<LogicalType.Field> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      fields.add(
          new LogicalType.Field(
              field.getName(), toLogical(field, field.getName()), field.isNullable()));
    }
    return LogicalSchema.of(fields, keyAttributes);
  }

  /**
   * The logical type of an Arrow field.
   *
   * @param path names the field in error messages
   */
  public static LogicalType toLogical(Field field, String path) {
    ArrowType type = field.getType();
    String marker = field.getMetadata().get(LOGICAL_TYPE_KEY);
    switch (type.getTypeID()) {
      case Bool:
        return LogicalTypes.BOOLEAN;
      case Int:
        ArrowType.Int integer = (ArrowType.Int) type;
        if (integer.getIsSigned() && integer.getBitWidth() == 32) {
          return LogicalTypes.INT;
        }
        if (integer.getIsSigned() && integer.getBitWidth() == 64) {
          return LogicalTypes.BIGINT;
        }
        break;
      case FloatingPoint:
        FloatingPointPrecision precision = ((ArrowType.FloatingPoint) type).getPrecision();
        if (precision == FloatingPointPrecision.SINGLE) {
          return LogicalTypes.FLOAT;
        }
        if (precision == FloatingPointPrecision.DOUBLE) {
          return LogicalTypes.DOUBLE;
        }
        break;
      case Decimal:
        ArrowType.Decimal decimal = (ArrowType.Decimal) type;
        if (decimal.getBitWidth() == 128
            && decimal.getPrecision() <= LogicalType.DecimalType.MAX_PRECISION) {
          return LogicalTypes.decimal(decimal.getPrecision(), decimal.getScale());
        }
        break;
      case Utf8:
        return "document".equals(marker) ? LogicalTypes.DOCUMENT : LogicalTypes.STRING;
      case Binary:
        return LogicalTypes.BINARY;
      case FixedSizeBinary:
        if ("uuid".equals(marker) && ((ArrowType.FixedSizeBinary) type).getByteWidth() == 16) {
          return LogicalTypes.UUID;
        }
        break;
      case Date:
        if (((ArrowType.Date) type).getUnit() == DateUnit.DAY) {
          return LogicalTypes.DATE;
        }
        break;
      case Time:
        ArrowType.Time time = (ArrowType.Time) type;
        if (time.getUnit() == TimeUnit.MICROSECOND && time.getBitWidth() == 64) {
          return LogicalTypes.TIME;
        }
        break;
      case Timestamp:
        ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
        boolean withZone = timestamp.getTimezone() != null;
        if (withZone && !UTC.equals(timestamp.getTimezone())) {
          break;
        }
        String declared = field.getMetadata().get(PRECISION_KEY);
        if (timestamp.getUnit() == TimeUnit.MICROSECOND) {
          return new LogicalType.TimestampType(
              withZone,
              declared == null ? LogicalType.TimestampType.MICROS : Integer.parseInt(declared));
        }
        if (timestamp.getUnit() == TimeUnit.NANOSECOND) {
          return new LogicalType.TimestampType(
              withZone,
              declared == null ? LogicalType.TimestampType.NANOS : Integer.parseInt(declared));
        }
        break;
      case List:
        Field element = field.getChildren().get(0);
        LogicalType elementType = toLogical(element, path + ".element");
        return "set".equals(marker)
            ? LogicalTypes.set(elementType)
            : new LogicalType.ListType(elementType, element.isNullable());
      case Map:
        Field entries = field.getChildren().get(0);
        Field key = entries.getChildren().get(0);
        Field value = entries.getChildren().get(1);
        return new LogicalType.MapType(
            toLogical(key, path + ".key"), toLogical(value, path + ".value"), value.isNullable());
      case Struct:
        List<LogicalType.Field> fields = new ArrayList<>();
        for (Field child : field.getChildren()) {
          fields.add(
              new LogicalType.Field(
                  child.getName(),
                  toLogical(child, path + "." + child.getName()),
                  child.isNullable()));
        }
        return LogicalTypes.struct(fields);
      default:
        break;
    }
    throw new ConversionException(
        "Cannot map Arrow field '"
            + path
            + "' of type "
            + type
            + ": supported are bool, int32, int64, float32, float64, decimal128, utf8, binary,"
            + " date(DAY), time(MICROSECOND, 64), timestamp(MICROSECOND|NANOSECOND, none|UTC),"
            + " fixed_size_binary(16) marked uuid, list, map and struct");
  }
}
