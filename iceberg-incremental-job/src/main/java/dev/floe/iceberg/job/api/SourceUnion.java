package dev.floe.iceberg.job.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * The columns {@link IncrementalConnector#read()} returns: the union of the sources' columns by
 * name, as the target gets them. Columns appear in the order of the first source that has them;
 * every top-level column is optional (a record of one source lacks another's columns); structs are
 * merged by field name at every level; where the sources' types differ, the wider one Iceberg can
 * promote to (int to long, float to double, a decimal's precision) is taken.
 */
final class SourceUnion {
  private SourceUnion() {}

  /**
   * @param names the sources' names, for error messages
   * @throws IllegalArgumentException naming the column and both sources if two sources give a
   *     column types that neither widens into the other
   */
  static Schema of(List<String> names, List<Schema> schemas) {
    AtomicInteger ids = new AtomicInteger();
    List<Types.NestedField> columns = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (int s = 0; s < schemas.size(); s++) {
      for (Types.NestedField column : schemas.get(s).columns()) {
        int at = indexOf(columns, column.name());
        if (at < 0) {
          columns.add(column.asOptional());
          owners.add(names.get(s));
        } else {
          Type merged =
              merge(
                  columns.get(at).type(),
                  column.type(),
                  column.name(),
                  owners.get(at),
                  names.get(s),
                  ids);
          columns.set(
              at,
              Types.NestedField.optional(
                  columns.get(at).fieldId(), column.name(), merged, columns.get(at).doc()));
        }
      }
    }
    // The columns still carry the sources' ids, which may repeat: number them afresh.
    AtomicInteger fresh = new AtomicInteger();
    Type union = TypeUtil.assignFreshIds(Types.StructType.of(columns), fresh::incrementAndGet);
    return new Schema(union.asStructType().fields());
  }

  private static int indexOf(List<Types.NestedField> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static Type merge(
      Type a, Type b, String path, String aSource, String bSource, AtomicInteger ids) {
    if (a.equals(b)) {
      return a;
    }
    if (a.isPrimitiveType() && b.isPrimitiveType()) {
      if (TypeUtil.isPromotionAllowed(a, b.asPrimitiveType())) {
        return b;
      }
      if (TypeUtil.isPromotionAllowed(b, a.asPrimitiveType())) {
        return a;
      }
    } else if (a.typeId() == b.typeId()) {
      switch (a.typeId()) {
        case STRUCT:
          return mergeStructs(a.asStructType(), b.asStructType(), path, aSource, bSource, ids);
        case LIST:
          Types.ListType la = a.asListType();
          Types.ListType lb = b.asListType();
          Type element =
              merge(la.elementType(), lb.elementType(), path + ".element", aSource, bSource, ids);
          return la.isElementOptional() || lb.isElementOptional()
              ? Types.ListType.ofOptional(ids.incrementAndGet(), element)
              : Types.ListType.ofRequired(ids.incrementAndGet(), element);
        case MAP:
          Types.MapType ma = a.asMapType();
          Types.MapType mb = b.asMapType();
          Type key = merge(ma.keyType(), mb.keyType(), path + ".key", aSource, bSource, ids);
          Type value =
              merge(ma.valueType(), mb.valueType(), path + ".value", aSource, bSource, ids);
          return ma.isValueOptional() || mb.isValueOptional()
              ? Types.MapType.ofOptional(ids.incrementAndGet(), ids.incrementAndGet(), key, value)
              : Types.MapType.ofRequired(ids.incrementAndGet(), ids.incrementAndGet(), key, value);
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            "Cannot read source tables %s and %s together: column '%s' is %s in %s and %s in %s,"
                + " and neither type widens into the other. Give the column the same type in every"
                + " source.",
            aSource, bSource, path, a, aSource, b, bSource));
  }

  private static Type mergeStructs(
      Types.StructType a,
      Types.StructType b,
      String path,
      String aSource,
      String bSource,
      AtomicInteger ids) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (Types.NestedField field : a.fields()) {
      Types.NestedField other = b.field(field.name());
      if (other == null) {
        fields.add(field.asOptional());
      } else {
        Type merged =
            merge(field.type(), other.type(), path + "." + field.name(), aSource, bSource, ids);
        fields.add(
            Types.NestedField.builder()
                .withId(ids.incrementAndGet())
                .isOptional(field.isOptional() || other.isOptional())
                .withName(field.name())
                .ofType(merged)
                .withDoc(field.doc())
                .build());
      }
    }
    for (Types.NestedField field : b.fields()) {
      if (a.field(field.name()) == null) {
        fields.add(field.asOptional());
      }
    }
    return Types.StructType.of(fields);
  }
}
