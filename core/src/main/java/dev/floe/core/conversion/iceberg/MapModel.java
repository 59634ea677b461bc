package dev.floe.core.conversion.iceberg;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * {@code Map<K, V>} as an Iceberg {@code map<K, V>}: keys are scalars and required (Iceberg
 * requires map keys), values are optional.
 */
record MapModel(ScalarModel key, ModelType value) implements ModelType {

  @Override
  public Type icebergType(IntSupplier ids) {
    int keyId = ids.getAsInt();
    int valueId = ids.getAsInt();
    return Types.MapType.ofOptional(keyId, valueId, key.icebergType(ids), value.icebergType(ids));
  }

  @Override
  public Object toIceberg(Object javaValue, Type type) {
    Types.MapType mapType = type.asMapType();
    Map<?, ?> entries = (Map<?, ?>) javaValue;
    Map<Object, Object> result = new LinkedHashMap<>(entries.size() * 2);
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
      Object javaKey = entry.getKey();
      try {
        result.put(
            convertKey(javaKey, true, mapType.keyType()),
            value.toIcebergOrNull(entry.getValue(), mapType.valueType()));
      } catch (FieldFailure failure) {
        throw failure.inElement(javaKey);
      }
    }
    return result;
  }

  @Override
  public Object fromIceberg(Object icebergValue, Type type) {
    Types.MapType mapType = type.asMapType();
    Map<?, ?> entries = ModelType.expect(icebergValue, Map.class, type);
    Map<Object, Object> result = new LinkedHashMap<>(entries.size() * 2);
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
      Object icebergKey = entry.getKey();
      try {
        result.put(
            convertKey(icebergKey, false, mapType.keyType()),
            value.fromIcebergOrNull(entry.getValue(), mapType.valueType()));
      } catch (FieldFailure failure) {
        throw failure.inElement(icebergKey);
      }
    }
    return result;
  }

  private Object convertKey(Object mapKey, boolean toIceberg, Type keyType) {
    if (mapKey == null) {
      throw new FieldFailure("map key is null, but Iceberg map keys are required");
    }
    return toIceberg ? key.toIceberg(mapKey, keyType) : key.fromIceberg(mapKey, keyType);
  }
}
