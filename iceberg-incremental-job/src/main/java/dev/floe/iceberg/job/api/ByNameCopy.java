package dev.floe.iceberg.job.api;

import dev.floe.core.conversion.ConversionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Copies a generic record into a wider struct type by field name, at every level: a source's record
 * into the union of the sources' columns, a model's record into the target's schema. Fields the
 * record lacks stay null; values of a type Iceberg widened (int to long, float to double) are
 * widened.
 */
final class ByNameCopy {
  private ByNameCopy() {}

  /**
   * @param what names the record in error messages, e.g. "record 3 of class Order"
   * @throws ConversionException naming the field if a required field of {@code to} has no value
   */
  static Record copy(Record record, Types.StructType to, String what) {
    return struct(record, to, what, "");
  }

  private static Record struct(Record record, Types.StructType to, String what, String path) {
    Record out = GenericRecord.create(to);
    Types.StructType from = record.struct();
    List<Types.NestedField> fields = to.fields();
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField field = fields.get(i);
      String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      Object value = from.field(field.name()) == null ? null : record.getField(field.name());
      if (value == null) {
        if (field.isRequired()) {
          throw new ConversionException(
              String.format(
                  "Cannot write %s: field '%s' is required in the target, but %s",
                  what,
                  fieldPath,
                  from.field(field.name()) == null ? "the record has no such field" : "is null"));
        }
        continue;
      }
      out.set(i, value(value, field.type(), what, fieldPath));
    }
    return out;
  }

  private static Object value(Object value, Type to, String what, String path) {
    switch (to.typeId()) {
      case LONG:
        return value instanceof Integer integer ? (Object) integer.longValue() : value;
      case DOUBLE:
        // Through the decimal text, so 0.1f becomes 0.1, not 0.10000000149011612.
        return value instanceof Float single
            ? (Object) Double.parseDouble(single.toString())
            : value;
      case STRUCT:
        return struct((Record) value, to.asStructType(), what, path);
      case LIST:
        Types.ListType list = to.asListType();
        List<Object> elements = new ArrayList<>();
        int i = 0;
        for (Object element : (List<?>) value) {
          elements.add(
              element == null
                  ? null
                  : value(element, list.elementType(), what, path + "[" + i + "]"));
          i++;
        }
        return elements;
      case MAP:
        Types.MapType map = to.asMapType();
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          Object key = value(entry.getKey(), map.keyType(), what, path + ".key");
          Object mapped =
              entry.getValue() == null
                  ? null
                  : value(entry.getValue(), map.valueType(), what, path + "." + entry.getKey());
          entries.put(key, mapped);
        }
        return entries;
      default:
        return value;
    }
  }
}
