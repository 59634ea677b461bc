package dev.floe.core.conversion.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A Java record or JavaBean as an Iceberg struct: one column per property, in property order.
 * Values become {@link GenericRecord}s; records are read back by column name, so a record read from
 * a table with more (or reordered) columns still converts.
 */
final class StructModel implements ModelType {

  /** Creates an instance from the converted property values, in property order. */
  @FunctionalInterface
  interface Instantiator {
    Object create(Object[] values) throws Throwable;
  }

  private final Class<?> javaClass;
  private final List<PropertyModel> properties;
  private final Instantiator instantiator;

  StructModel(Class<?> javaClass, List<PropertyModel> properties, Instantiator instantiator) {
    this.javaClass = javaClass;
    this.properties = List.copyOf(properties);
    this.instantiator = instantiator;
  }

  Class<?> javaClass() {
    return javaClass;
  }

  List<PropertyModel> properties() {
    return properties;
  }

  @Override
  public Types.StructType icebergType(IntSupplier ids) {
    // Ids for all fields of this struct first, then for what they contain: Iceberg's own order.
    int[] fieldIds = new int[properties.size()];
    for (int i = 0; i < fieldIds.length; i += 1) {
      fieldIds[i] = ids.getAsInt();
    }
    List<Types.NestedField> fields = new ArrayList<>(properties.size());
    for (int i = 0; i < fieldIds.length; i += 1) {
      PropertyModel property = properties.get(i);
      fields.add(
          Types.NestedField.builder()
              .withId(fieldIds[i])
              .isOptional(!property.required())
              .withName(property.icebergName())
              .ofType(property.type().icebergType(ids))
              .withDoc(property.doc())
              .build());
    }
    return Types.StructType.of(fields);
  }

  @Override
  public Object toIceberg(Object value, Type type) {
    Types.StructType struct = type.asStructType();
    List<Types.NestedField> fields = struct.fields();
    GenericRecord record = GenericRecord.create(struct);
    for (int i = 0; i < fields.size(); i += 1) {
      PropertyModel property = properties.get(i);
      try {
        Object javaValue = property.read(value);
        if (javaValue == null && property.required()) {
          throw new FieldFailure("the field is required, but its value is null");
        }
        record.set(i, property.type().toIcebergOrNull(javaValue, fields.get(i).type()));
      } catch (FieldFailure failure) {
        throw failure.inField(property.javaName());
      }
    }
    return record;
  }

  @Override
  public Object fromIceberg(Object value, Type type) {
    Record record = ModelType.expect(value, Record.class, type);
    List<Types.NestedField> fields = type.asStructType().fields();
    Object[] values = new Object[properties.size()];
    for (int i = 0; i < values.length; i += 1) {
      PropertyModel property = properties.get(i);
      try {
        Object icebergValue = record.getField(property.icebergName());
        if (icebergValue == null && property.required()) {
          throw missingRequired(record, property);
        }
        values[i] = property.type().fromIcebergOrNull(icebergValue, fields.get(i).type());
      } catch (FieldFailure failure) {
        throw failure.inField(property.javaName());
      }
    }
    try {
      return instantiator.create(values);
    } catch (FieldFailure failure) {
      throw failure;
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new FieldFailure("creating " + javaClass.getName() + " threw " + e, e);
    }
  }

  private static FieldFailure missingRequired(Record record, PropertyModel property) {
    if (record.struct().field(property.icebergName()) == null) {
      return new FieldFailure(
          String.format(
              "the field is required, but the record has no column '%s'; its columns are %s",
              property.icebergName(), columnNames(record.struct())));
    }
    return new FieldFailure(
        String.format("the field is required, but column '%s' is null", property.icebergName()));
  }

  private static List<String> columnNames(Types.StructType struct) {
    return struct.fields().stream().map(Types.NestedField::name).toList();
  }
}
