package dev.floe.core.conversion;

import java.util.Arrays;
import java.util.List;

/**
 * The value of a {@link LogicalType.StructType}: one value per field, by position. Immutable in
 * shape; values are whatever the field types say (see {@link LogicalType#javaClass()}), null for a
 * missing value.
 */
public final class Row {
  private final Object[] values;

  private Row(Object[] values) {
    this.values = values;
  }

  public static Row of(Object... values) {
    return new Row(values.clone());
  }

  /**
   * A row over {@code values} itself, for callers that built the array and never touch it again.
   */
  static Row wrap(Object[] values) {
    return new Row(values);
  }

  public static Row of(List<?> values) {
    return new Row(values.toArray());
  }

  public int size() {
    return values.length;
  }

  public Object get(int position) {
    return values[position];
  }

  public List<Object> values() {
    return Arrays.asList(values.clone());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Row row && Arrays.equals(values, row.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Row" + Arrays.toString(values);
  }
}
