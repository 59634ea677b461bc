package dev.floe.core.conversion.iceberg;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * {@code List<T>}, {@code Collection<T>} and {@code Set<T>} as an Iceberg {@code list<T>} with
 * optional elements. Iceberg has no set type, so a set is written as a list in iteration order and
 * read back into a {@link LinkedHashSet}.
 */
record CollectionModel(ModelType element, boolean set) implements ModelType {

  @Override
  public Type icebergType(IntSupplier ids) {
    int elementId = ids.getAsInt();
    return Types.ListType.ofOptional(elementId, element.icebergType(ids));
  }

  @Override
  public Object toIceberg(Object value, Type type) {
    Type elementType = type.asListType().elementType();
    Collection<?> values = (Collection<?>) value;
    List<Object> result = new ArrayList<>(values.size());
    int index = 0;
    for (Object item : values) {
      try {
        result.add(element.toIcebergOrNull(item, elementType));
      } catch (FieldFailure failure) {
        throw failure.inElement(index);
      }
      index += 1;
    }
    return result;
  }

  @Override
  public Object fromIceberg(Object value, Type type) {
    Type elementType = type.asListType().elementType();
    Collection<?> values = ModelType.expect(value, Collection.class, type);
    Collection<Object> result =
        set ? new LinkedHashSet<>(values.size() * 2) : new ArrayList<>(values.size());
    int index = 0;
    for (Object item : values) {
      try {
        result.add(element.fromIcebergOrNull(item, elementType));
      } catch (FieldFailure failure) {
        throw failure.inElement(index);
      }
      index += 1;
    }
    return result;
  }
}
