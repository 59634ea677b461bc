package dev.floe.core.conversion;

import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalType.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The columns of a table and which of them form the DynamoDB primary key (partition key, then the
 * optional sort key). Items convert to and from {@link Row}s of {@link #asStruct()}.
 */
public final class LogicalSchema implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final StructType struct;
  private final List<String> keyAttributes;

  private LogicalSchema(StructType struct, List<String> keyAttributes) {
    this.struct = struct;
    this.keyAttributes = List.copyOf(keyAttributes);
    if (keyAttributes.size() > 2) {
      throw new ConversionException(
          "Cannot use key attributes "
              + keyAttributes
              + ": a DynamoDB primary key is a partition key and at most one sort key");
    }
    for (String key : keyAttributes) {
      int index = struct.indexOf(key);
      if (index < 0) {
        throw new ConversionException(
            "Cannot use key attribute '" + key + "': no such column in " + columnNames());
      }
    }
  }

  public static LogicalSchema of(List<Field> fields, List<String> keyAttributes) {
    return new LogicalSchema(new StructType(fields), keyAttributes);
  }

  public static LogicalSchema of(List<Field> fields) {
    return of(fields, List.of());
  }

  public StructType asStruct() {
    return struct;
  }

  public List<Field> fields() {
    return struct.fields();
  }

  /** The partition key, then the sort key if the table has one; empty when unknown. */
  public List<String> keyAttributes() {
    return keyAttributes;
  }

  public Field field(String name) {
    int index = struct.indexOf(name);
    if (index < 0) {
      throw new ConversionException(
          "Cannot find column '" + name + "': the columns are " + columnNames());
    }
    return struct.fields().get(index);
  }

  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    for (Field field : struct.fields()) {
      names.add(field.name());
    }
    return names;
  }

  /**
   * The same columns with every non-key column nullable: what an engine should expect when reading
   * items beyond the sample a schema was inferred from.
   */
  public LogicalSchema withNonKeyColumnsNullable() {
    List<Field> fields = new ArrayList<>();
    for (Field field : struct.fields()) {
      boolean key = keyAttributes.contains(field.name());
      fields.add(new Field(field.name(), field.type(), !key || field.nullable()));
    }
    return of(fields, keyAttributes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LogicalSchema schema
        && struct.equals(schema.struct)
        && keyAttributes.equals(schema.keyAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(struct, keyAttributes);
  }

  @Override
  public String toString() {
    return struct.sqlName() + (keyAttributes.isEmpty() ? "" : " KEY " + keyAttributes);
  }
}
