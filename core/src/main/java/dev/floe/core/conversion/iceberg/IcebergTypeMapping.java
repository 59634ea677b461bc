package dev.floe.core.conversion.iceberg;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Maps {@link LogicalType}s to Iceberg types and back, as docs/type-mapping.md lays out.
 *
 * <p>Iceberg has no set and no document type: SET&lt;T&gt; becomes list&lt;T&gt; with required
 * elements and DOCUMENT becomes string, so those two do not come back from Iceberg as they went in.
 * TIMESTAMP(p) is Iceberg's microsecond timestamp up to p = 6 and its nanosecond timestamp (format
 * v3) above.
 */
public final class IcebergTypeMapping {
  private IcebergTypeMapping() {}

  /**
   * The Iceberg schema for {@code schema}, with fresh field ids (top-level columns 1..n, then
   * nested fields) and the key attributes as identifier fields.
   */
  public static Schema toIceberg(LogicalSchema schema) {
    AtomicInteger ids = new AtomicInteger();
    List<Types.NestedField> columns = new ArrayList<>();
    for (Field field : schema.fields()) {
      columns.add(toIceberg(field, ids));
    }
    Schema provisional = new Schema(columns);
    Schema fresh = TypeUtil.assignFreshIds(provisional, new AtomicInteger()::incrementAndGet);
    Set<Integer> identifiers = new HashSet<>();
    for (String key : schema.keyAttributes()) {
      identifiers.add(fresh.findField(key).fieldId());
    }
    return new Schema(fresh.columns(), identifiers);
  }

  /** The Iceberg type for {@code type}, with fresh ids for any nested fields. */
  public static Type toIceberg(LogicalType type) {
    return toIceberg(type, new AtomicInteger());
  }

  private static Types.NestedField toIceberg(Field field, AtomicInteger ids) {
    return Types.NestedField.of(
        ids.incrementAndGet(), field.nullable(), field.name(), toIceberg(field.type(), ids));
  }

  private static Type toIceberg(LogicalType type, AtomicInteger ids) {
    return switch (type.kind()) {
      case BOOLEAN -> Types.BooleanType.get();
      case INT -> Types.IntegerType.get();
      case BIGINT -> Types.LongType.get();
      case FLOAT -> Types.FloatType.get();
      case DOUBLE -> Types.DoubleType.get();
      case DECIMAL -> {
        LogicalType.DecimalType decimal = (LogicalType.DecimalType) type;
        yield Types.DecimalType.of(decimal.precision(), decimal.scale());
      }
      case STRING, DOCUMENT -> Types.StringType.get();
      case BINARY -> Types.BinaryType.get();
      case DATE -> Types.DateType.get();
      case TIME -> Types.TimeType.get();
      case UUID -> Types.UUIDType.get();
      case TIMESTAMP -> {
        LogicalType.TimestampType timestamp = (LogicalType.TimestampType) type;
        if (timestamp.precision() <= LogicalType.TimestampType.MICROS) {
          yield timestamp.withZone()
              ? Types.TimestampType.withZone()
              : Types.TimestampType.withoutZone();
        }
        yield timestamp.withZone()
            ? Types.TimestampNanoType.withZone()
            : Types.TimestampNanoType.withoutZone();
      }
      case LIST -> {
        LogicalType.ListType list = (LogicalType.ListType) type;
        int elementId = ids.incrementAndGet();
        Type element = toIceberg(list.element(), ids);
        yield list.elementNullable()
            ? Types.ListType.ofOptional(elementId, element)
            : Types.ListType.ofRequired(elementId, element);
      }
      case SET -> {
        int elementId = ids.incrementAndGet();
        yield Types.ListType.ofRequired(
            elementId, toIceberg(((LogicalType.SetType) type).element(), ids));
      }
      case MAP -> {
        LogicalType.MapType map = (LogicalType.MapType) type;
        int keyId = ids.incrementAndGet();
        int valueId = ids.incrementAndGet();
        Type key = toIceberg(map.key(), ids);
        Type value = toIceberg(map.value(), ids);
        yield map.valueNullable()
            ? Types.MapType.ofOptional(keyId, valueId, key, value)
            : Types.MapType.ofRequired(keyId, valueId, key, value);
      }
      case STRUCT -> {
        List<Types.NestedField> fields = new ArrayList<>();
        for (Field field : ((LogicalType.StructType) type).fields()) {
          fields.add(toIceberg(field, ids));
        }
        yield Types.StructType.of(fields);
      }
    };
  }

  /** The logical schema of an Iceberg schema; its identifier fields become the key attributes. */
  public static LogicalSchema toLogical(Schema schema) {
    List<Field> fields = new ArrayList<>();
    for (Types.NestedField column : schema.columns()) {
      fields.add(toLogical(column, column.name()));
    }
    List<String> keys = new ArrayList<>();
    for (Types.NestedField column : schema.columns()) {
      if (schema.identifierFieldIds().contains(column.fieldId())) {
        keys.add(column.name());
      }
    }
    return LogicalSchema.of(fields, keys);
  }

  /**
   * The logical type of an Iceberg type.
   *
   * @param column names the column in error messages
   */
  public static LogicalType toLogical(Type type, String column) {
    switch (type.typeId()) {
      case BOOLEAN:
        return LogicalTypes.BOOLEAN;
      case INTEGER:
        return LogicalTypes.INT;
      case LONG:
        return LogicalTypes.BIGINT;
      case FLOAT:
        return LogicalTypes.FLOAT;
      case DOUBLE:
        return LogicalTypes.DOUBLE;
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return LogicalTypes.decimal(decimal.precision(), decimal.scale());
      case STRING:
        return LogicalTypes.STRING;
      case BINARY:
      case FIXED:
        return LogicalTypes.BINARY;
      case DATE:
        return LogicalTypes.DATE;
      case TIME:
        return LogicalTypes.TIME;
      case UUID:
        return LogicalTypes.UUID;
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? LogicalTypes.TIMESTAMP_LTZ
            : LogicalTypes.TIMESTAMP;
      case TIMESTAMP_NANO:
        return ((Types.TimestampNanoType) type).shouldAdjustToUTC()
            ? LogicalTypes.timestampLtz(LogicalType.TimestampType.NANOS)
            : LogicalTypes.timestamp(LogicalType.TimestampType.NANOS);
      case LIST:
        Types.ListType list = (Types.ListType) type;
        return new LogicalType.ListType(
            toLogical(list.elementType(), column + ".element"), list.isElementOptional());
      case MAP:
        Types.MapType map = (Types.MapType) type;
        LogicalType key = toLogical(map.keyType(), column + ".key");
        if (!LogicalType.MapType.isMapKey(key)) {
          throw new ConversionException(
              "Cannot map Iceberg column '"
                  + column
                  + "' of type "
                  + type
                  + ": DynamoDB map keys are text, so keys must be string, int, long, date or uuid");
        }
        return new LogicalType.MapType(
            key, toLogical(map.valueType(), column + ".value"), map.isValueOptional());
      case STRUCT:
        List<Field> fields = new ArrayList<>();
        for (Types.NestedField field : type.asStructType().fields()) {
          fields.add(toLogical(field, column + "." + field.name()));
        }
        return LogicalTypes.struct(fields);
      default:
        throw new ConversionException(
            "Cannot map Iceberg column '"
                + column
                + "' of type "
                + type
                + ": Floe has no DynamoDB form for it (supported: every Iceberg v2 type plus"
                + " timestamp_ns)");
    }
  }

  private static Field toLogical(Types.NestedField field, String path) {
    return new Field(field.name(), toLogical(field.type(), path), field.isOptional());
  }
}
