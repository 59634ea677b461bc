package dev.floe.flink.dynamodb.source;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.ItemKeys;
import dev.floe.core.dynamodb.AttributePath;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where each column of a row sits in a DynamoDB item when some column is a field inside nested maps
 * (Flink SQL pushes {@code SELECT address.city} into the source as a column of its own) or an
 * attribute of another name: {@link #flatten} turns an item into one attribute per column, so the
 * item converter reads them as it reads top-level attributes. The flat attributes are named by
 * {@link #labels()}: a top-level column by its attribute, a nested one by its path ({@code
 * address.city}), so conversion errors name the path the user selected.
 */
final class ColumnPaths implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<AttributePath> paths;
  private final List<String> labels;

  private ColumnPaths(List<AttributePath> paths, List<String> labels) {
    this.paths = paths;
    this.labels = labels;
  }

  /**
   * The paths of the columns, in column order; null when every column is the top-level attribute of
   * its own name, which the item converter reads from the item as it is.
   */
  static ColumnPaths of(List<String> columns, List<AttributePath> paths) {
    boolean plain = true;
    for (int i = 0; i < paths.size() && plain; i++) {
      plain = paths.get(i).equals(AttributePath.of(columns.get(i)));
    }
    if (plain) {
      return null;
    }
    String[] labels = new String[paths.size()];
    Set<String> taken = new HashSet<>();
    // Top-level columns first: their label must be the attribute itself, as key attributes are
    // found by name to describe an item in errors.
    for (int i = 0; i < labels.length; i++) {
      if (paths.get(i).isTopLevel()) {
        labels[i] = unique(paths.get(i).topLevel(), taken);
      }
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == null) {
        labels[i] = unique(paths.get(i).toString(), taken);
      }
    }
    return new ColumnPaths(List.copyOf(paths), List.of(labels));
  }

  /** A label no other column has; only a top-level attribute named like a path, "a.b", clashes. */
  private static String unique(String label, Set<String> taken) {
    String candidate = label;
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = label + " (" + n + ")";
    }
    return candidate;
  }

  /** The attribute name of each column in a {@link #flatten flattened} item, in column order. */
  List<String> labels() {
    return labels;
  }

  /**
   * The item with one attribute per column, named by its label; a column whose path the item lacks
   * (a missing or NULL map on the way, or a missing field) is left out, which reads as null.
   *
   * @param strict whether a value that is not a map (M) where the path goes on is an error, or
   *     reads as null as a missing map does
   * @param keyAttributes name the item in errors
   * @throws ConversionException naming the path, when {@code strict}, for a value that is not a map
   *     where the path goes on
   */
  Map<String, AttributeValue> flatten(
      Map<String, AttributeValue> item, boolean strict, List<String> keyAttributes) {
    Map<String, AttributeValue> flat = new HashMap<>(labels.size() * 2);
    for (int i = 0; i < labels.size(); i++) {
      List<String> names = paths.get(i).names();
      AttributeValue value = item.get(names.get(0));
      for (int depth = 1; depth < names.size() && value != null; depth++) {
        if (value.type() == AttributeValue.Type.NUL) {
          value = null;
        } else if (value.type() == AttributeValue.Type.M) {
          value = value.m().get(names.get(depth));
        } else if (strict) {
          throw new ConversionException(
              "Cannot read attribute '"
                  + paths.get(i)
                  + "' of item "
                  + ItemKeys.describe(item, keyAttributes)
                  + ": expected M for the ROW '"
                  + AttributePath.of(names.subList(0, depth))
                  + "', found "
                  + ItemKeys.describe(value));
        } else {
          value = null;
        }
      }
      if (value != null) {
        flat.put(labels.get(i), value);
      }
    }
    return flat;
  }
}
