package dev.floe.core.conversion.iceberg;

import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import org.apache.iceberg.types.Type;

/**
 * A Java type that maps to one Iceberg primitive type, with the two value conversions. The
 * conversions throw {@link FieldFailure} for values that do not fit.
 */
record ScalarModel(
    String javaType,
    Type.PrimitiveType primitive,
    BiFunction<Object, Type, Object> toIcebergValue,
    BiFunction<Object, Type, Object> fromIcebergValue)
    implements ModelType {

  @Override
  public Type icebergType(IntSupplier ids) {
    return primitive;
  }

  @Override
  public Object toIceberg(Object value, Type type) {
    return toIcebergValue.apply(value, type);
  }

  @Override
  public Object fromIceberg(Object value, Type type) {
    return fromIcebergValue.apply(value, type);
  }
}
