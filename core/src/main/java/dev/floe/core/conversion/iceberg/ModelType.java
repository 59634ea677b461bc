package dev.floe.core.conversion.iceberg;

import java.util.function.IntSupplier;
import org.apache.iceberg.types.Type;

/**
 * How one Java type maps to Iceberg: its Iceberg type and the conversion of its values to and from
 * Iceberg's generic representation. Built once per model class by {@link ModelIntrospector};
 * immutable and shared between threads.
 *
 * <p>Conversions receive the Iceberg type of the position they fill, taken from the final schema,
 * so nested records carry the schema's real field ids without the model having to know them.
 */
sealed interface ModelType
    permits ScalarModel, CollectionModel, MapModel, OptionalModel, StructModel {

  /**
   * The Iceberg type, with field ids drawn from {@code ids}; they are placeholders that {@link
   * IntrospectedModel} replaces by Iceberg's fresh-id rule.
   */
  Type icebergType(IntSupplier ids);

  /** Converts a non-null Java value; throws {@link FieldFailure} when it does not fit. */
  Object toIceberg(Object value, Type type);

  /**
   * Converts a non-null Iceberg generic value; throws {@link FieldFailure} when it does not fit.
   */
  Object fromIceberg(Object value, Type type);

  default Object toIcebergOrNull(Object value, Type type) {
    return value == null ? null : toIceberg(value, type);
  }

  default Object fromIcebergOrNull(Object value, Type type) {
    return value == null ? null : fromIceberg(value, type);
  }

  /** Checks the class of an Iceberg value before a cast, so a wrong value names what it is. */
  static <V> V expect(Object value, Class<V> expected, Type type) {
    if (!expected.isInstance(value)) {
      throw new FieldFailure(
          String.format(
              "expected %s for Iceberg type %s, found %s",
              expected.getName(), type, value.getClass().getName()));
    }
    return expected.cast(value);
  }
}
