package dev.floe.iceberg.job.api;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * What a record class must have before {@link IncrementalConnector#write} touches the target: the
 * target's index field, of a type that can be an index; at least one of the sources' datetime
 * fields (by which versions of a record are ordered), each a date or timestamp; and, for an
 * existing target, top-level columns of the target's types or of types the target can be widened
 * to.
 */
final class ModelCheck {
  private ModelCheck() {}

  /**
   * @param datetimeColumns the sources' datetime fields
   * @param target the existing target; null if it is yet to be created
   * @return the datetime columns the class has
   * @throws IllegalArgumentException naming the class, the target and the field
   */
  static List<String> check(
      Class<?> type,
      Schema model,
      String targetName,
      String indexField,
      String targetDatetimeField,
      List<String> datetimeColumns,
      Table target) {
    String prefix =
        String.format("Cannot write records of %s to target %s: ", type.getName(), targetName);
    Types.NestedField index = model.findField(indexField);
    if (index == null) {
      throw new IllegalArgumentException(
          prefix
              + String.format(
                  "it has no index field '%s' (the target's index_field); its columns are %s. Add"
                      + " a component named %s, or name one so with @IcebergField(name = \"%s\").",
                  indexField, columnNames(model), indexField, indexField));
    }
    if (!IndexValues.isIndexType(index.type())) {
      throw new IllegalArgumentException(
          prefix
              + String.format(
                  "index field '%s' is %s; an index is a string, integer, decimal, date, uuid or"
                      + " binary component.",
                  indexField, index.type()));
    }
    List<String> present = new ArrayList<>();
    for (String column : datetimeColumns) {
      Types.NestedField field = model.findField(column);
      if (field == null) {
        continue;
      }
      if (!DatetimeValues.isDatetimeType(field.type())) {
        throw new IllegalArgumentException(
            prefix
                + String.format(
                    "datetime field '%s' is %s, not a date or timestamp. Declare it as LocalDate,"
                        + " LocalDateTime, Instant or OffsetDateTime.",
                    column, field.type()));
      }
      present.add(column);
    }
    if (present.isEmpty()) {
      throw new IllegalArgumentException(
          prefix
              + String.format(
                  "it has no datetime field: versions of a record are ordered by the sources'"
                      + " datetime_field %s, and its columns are %s. Add one of them as a"
                      + " LocalDate, LocalDateTime, Instant or OffsetDateTime component.",
                  datetimeColumns, columnNames(model)));
    }
    if (target != null) {
      for (Types.NestedField column : model.columns()) {
        Types.NestedField held = target.schema().findField(column.name());
        if (held == null || column.name().equals(targetDatetimeField)) {
          continue;
        }
        if (!fits(column.type(), held.type())) {
          throw new IllegalArgumentException(
              prefix
                  + String.format(
                      "column '%s' is %s in the target and %s in the class. Give the component"
                          + " the target column's type, or one Iceberg can widen it to.",
                      column.name(), held.type(), column.type()));
        }
      }
    }
    return present;
  }

  /**
   * Whether a class column of type {@code model} can be written to a target column of type held.
   */
  private static boolean fits(Type model, Type held) {
    if (model.isPrimitiveType() && held.isPrimitiveType()) {
      return model.equals(held)
          || TypeUtil.isPromotionAllowed(model, held.asPrimitiveType())
          || TypeUtil.isPromotionAllowed(held, model.asPrimitiveType());
    }
    // Nested columns are merged by name when the target evolves; Iceberg names a mismatch.
    return model.typeId() == held.typeId();
  }

  static List<String> columnNames(Schema schema) {
    List<String> names = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      names.add(field.name());
    }
    return names;
  }
}
