package dev.floe.core.conversion.iceberg;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.Row;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Converts {@link Row}s of a {@link LogicalSchema} to Iceberg generic {@link Record}s of the
 * matching Iceberg schema and back. Values keep their Java class except where Iceberg's generic
 * representation differs: TIMESTAMP_LTZ is an {@link OffsetDateTime} at UTC in Iceberg and an
 * {@link Instant} here; a SET is a {@link List} in Iceberg; fixed is a byte[] in Iceberg.
 */
public final class IcebergValueConverter {
  private final LogicalSchema schema;
  private final Schema icebergSchema;

  private IcebergValueConverter(LogicalSchema schema, Schema icebergSchema) {
    this.schema = schema;
    this.icebergSchema = icebergSchema;
  }

  /** A converter for {@code schema} and the Iceberg schema {@link IcebergTypeMapping} makes. */
  public static IcebergValueConverter of(LogicalSchema schema) {
    return new IcebergValueConverter(schema, IcebergTypeMapping.toIceberg(schema));
  }

  /**
   * A converter between an existing Iceberg table's schema and its logical schema.
   *
   * @throws ConversionException when a column has no logical type
   */
  public static IcebergValueConverter of(Schema icebergSchema) {
    return new IcebergValueConverter(IcebergTypeMapping.toLogical(icebergSchema), icebergSchema);
  }

  public LogicalSchema logicalSchema() {
    return schema;
  }

  public Schema icebergSchema() {
    return icebergSchema;
  }

  public Record toRecord(Row row) {
    return toRecord(row, schema.asStruct(), icebergSchema.asStruct());
  }

  public Row toRow(Record record) {
    return toRow(record, schema.asStruct());
  }

  private static Record toRecord(Row row, LogicalType.StructType type, Types.StructType iceberg) {
    List<Field> fields = type.fields();
    if (row.size() != fields.size()) {
      throw new ConversionException(
          "Cannot convert a row of "
              + row.size()
              + " values to "
              + type.sqlName()
              + ": it has "
              + fields.size()
              + " fields");
    }
    GenericRecord record = GenericRecord.create(iceberg);
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField icebergField = iceberg.fields().get(i);
      record.set(i, toIceberg(row.get(i), fields.get(i).type(), icebergField.type()));
    }
    return record;
  }

  private static Object toIceberg(
      Object value, LogicalType type, org.apache.iceberg.types.Type iceberg) {
    if (value == null) {
      return null;
    }
    switch (type.kind()) {
      case TIMESTAMP:
        return value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
      case BINARY:
        if (iceberg.typeId() == org.apache.iceberg.types.Type.TypeID.FIXED) {
          ByteBuffer buffer = ((ByteBuffer) value).duplicate();
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          return bytes;
        }
        return value;
      case LIST:
      case SET:
        LogicalType element =
            type instanceof LogicalType.ListType list
                ? list.element()
                : ((LogicalType.SetType) type).element();
        org.apache.iceberg.types.Type icebergElement = iceberg.asListType().elementType();
        List<Object> converted = new ArrayList<>();
        for (Object item : (Collection<?>) value) {
          converted.add(toIceberg(item, element, icebergElement));
        }
        return converted;
      case MAP:
        LogicalType.MapType map = (LogicalType.MapType) type;
        Types.MapType icebergMap = iceberg.asMapType();
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          entries.put(
              toIceberg(entry.getKey(), map.key(), icebergMap.keyType()),
              toIceberg(entry.getValue(), map.value(), icebergMap.valueType()));
        }
        return entries;
      case STRUCT:
        return toRecord((Row) value, (LogicalType.StructType) type, iceberg.asStructType());
      default:
        return value;
    }
  }

  private static Row toRow(Record record, LogicalType.StructType type) {
    List<Field> fields = type.fields();
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = fromIceberg(record.get(i), fields.get(i).type());
    }
    return Row.of(values);
  }

  private static Object fromIceberg(Object value, LogicalType type) {
    if (value == null) {
      return null;
    }
    switch (type.kind()) {
      case TIMESTAMP:
        return value instanceof OffsetDateTime offset ? offset.toInstant() : value;
      case BINARY:
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes).asReadOnlyBuffer() : value;
      case STRING:
      case DOCUMENT:
        return value.toString();
      case LIST:
        List<Object> list = new ArrayList<>();
        for (Object item : (Collection<?>) value) {
          list.add(fromIceberg(item, ((LogicalType.ListType) type).element()));
        }
        return list;
      case SET:
        Set<Object> set = new LinkedHashSet<>();
        for (Object item : (Collection<?>) value) {
          set.add(fromIceberg(item, ((LogicalType.SetType) type).element()));
        }
        return set;
      case MAP:
        LogicalType.MapType map = (LogicalType.MapType) type;
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          entries.put(
              fromIceberg(entry.getKey(), map.key()), fromIceberg(entry.getValue(), map.value()));
        }
        return entries;
      case STRUCT:
        return toRow((Record) value, (LogicalType.StructType) type);
      default:
        return value;
    }
  }
}
