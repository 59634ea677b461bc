package dev.floe.core.conversion.iceberg;

import java.util.Optional;
import java.util.function.IntSupplier;
import org.apache.iceberg.types.Type;

/**
 * {@code Optional<T>}: the Iceberg type of {@code T}, always optional; an empty {@code Optional} is
 * a null value. A null {@code Optional} reference is read as empty rather than rejected.
 */
record OptionalModel(ModelType inner) implements ModelType {

  @Override
  public Type icebergType(IntSupplier ids) {
    return inner.icebergType(ids);
  }

  @Override
  public Object toIceberg(Object value, Type type) {
    return inner.toIcebergOrNull(((Optional<?>) value).orElse(null), type);
  }

  @Override
  public Object fromIceberg(Object value, Type type) {
    return Optional.ofNullable(inner.fromIceberg(value, type));
  }

  @Override
  public Object fromIcebergOrNull(Object value, Type type) {
    return value == null ? Optional.empty() : fromIceberg(value, type);
  }
}
