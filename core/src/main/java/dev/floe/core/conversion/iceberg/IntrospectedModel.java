package dev.floe.core.conversion.iceberg;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.TypeUtil;

/**
 * A model class read once: its {@link StructModel} and its Iceberg schema. Cached per class, so
 * reflection happens once per class, not once per record.
 */
record IntrospectedModel(StructModel root, Schema schema) {

  private static final ClassValue<IntrospectedModel> CACHE =
      new ClassValue<>() {
        @Override
        protected IntrospectedModel computeValue(Class<?> type) {
          return introspect(type);
        }
      };

  /** Throws {@link FieldFailure} when the class cannot be mapped; failures are not cached. */
  static IntrospectedModel forClass(Class<?> type) {
    return CACHE.get(type);
  }

  private static IntrospectedModel introspect(Class<?> type) {
    if (ScalarModels.forClass(type, null) != null) {
      throw new FieldFailure(
          String.format(
              "expected a record or a JavaBean class, found %s, which maps to a single Iceberg"
                  + " value rather than a struct",
              type.getName()));
    }
    StructModel root = ModelIntrospector.introspect(type);
    AtomicInteger placeholders = new AtomicInteger();
    Schema draft = new Schema(root.icebergType(placeholders::incrementAndGet).fields());
    // The ids Iceberg itself assigns when it creates a table from this schema: top-level
    // columns 1..n, then each struct's fields before anything nested inside them.
    AtomicInteger ids = new AtomicInteger();
    return new IntrospectedModel(root, TypeUtil.assignFreshIds(draft, ids::incrementAndGet));
  }
}
