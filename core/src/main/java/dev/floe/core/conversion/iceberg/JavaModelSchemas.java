package dev.floe.core.conversion.iceberg;

import dev.floe.core.conversion.ConversionException;
import java.util.Objects;
import org.apache.iceberg.Schema;

/**
 * The Iceberg schema of a Java record or JavaBean class.
 *
 * <p>Columns follow the properties in order: a record's components in declaration order; a bean's
 * non-static, non-transient fields in declaration order, superclass fields first, each read through
 * a public getter ({@code getX}, or {@code isX} for booleans) or a public field and written through
 * a public setter or a public non-final field.
 *
 * <p>Field ids are the ones Iceberg assigns when it creates a table from the schema: top-level
 * columns 1..n in order, then the fields of each nested struct, list and map, each struct's fields
 * numbered together before anything nested inside them. The same class always yields the same ids,
 * and adding a column at the end never changes the ids of the existing top-level columns (nested
 * ids move up by one). A table evolves by name ({@code UpdateSchema.unionByNameWith}), not by these
 * ids.
 *
 * <p>Nullability: primitives are required; {@code Optional<T>} is optional; any other type is
 * optional unless marked {@code @IcebergField(required = true)} or carries a runtime-retained
 * annotation named {@code NotNull}, {@code NonNull} or {@code Nonnull}. List elements and map
 * values are optional; map keys are required.
 */
public final class JavaModelSchemas {
  private JavaModelSchemas() {}

  /**
   * Returns the Iceberg schema of a record or JavaBean class; cached per class.
   *
   * @throws ConversionException when a property has a type without an Iceberg mapping, naming the
   *     property path, the class, the type found and the supported types
   */
  public static Schema schemaFor(Class<?> type) {
    Objects.requireNonNull(type, "type");
    try {
      return IntrospectedModel.forClass(type).schema();
    } catch (FieldFailure failure) {
      throw failure.toConversionException("Cannot map", type, "");
    }
  }
}
