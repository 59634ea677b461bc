package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path to an attribute through nested maps, e.g. {@code ["address", "city"]}. Each element is a
 * map field name taken literally: it may be a DynamoDB reserved word ({@code name}, {@code status})
 * or contain dots, dashes or spaces, because {@link DynamoDbExpressions} always sends names through
 * ExpressionAttributeNames placeholders, never inline. Immutable.
 */
public final class AttributePath implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> names;

  private AttributePath(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("Cannot build an attribute path without names");
    }
    for (String name : names) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot build attribute path " + names + ": names cannot be null or empty");
      }
    }
    this.names = Collections.unmodifiableList(new ArrayList<>(names));
  }

  /** A top-level attribute or a nested one: {@code of("address", "city")}. */
  public static AttributePath of(String name, String... nested) {
    List<String> names = new ArrayList<>(1 + nested.length);
    names.add(name);
    Collections.addAll(names, nested);
    return new AttributePath(names);
  }

  /** A path from its names, outermost first. */
  public static AttributePath of(List<String> names) {
    return new AttributePath(names);
  }

  /** The names, outermost first. */
  public List<String> names() {
    return names;
  }

  /** The top-level attribute name. */
  public String topLevel() {
    return names.get(0);
  }

  /** Whether this is a top-level attribute (a single name). */
  public boolean isTopLevel() {
    return names.size() == 1;
  }

  /** Whether this path lies strictly inside {@code outer}: address.city inside address. */
  public boolean isInside(AttributePath outer) {
    return names.size() > outer.names.size()
        && names.subList(0, outer.names.size()).equals(outer.names);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AttributePath that && names.equals(that.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  /** The names joined with dots, each quoted when it holds a dot: {@code address.city}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      if (text.length() > 0) {
        text.append('.');
      }
      text.append(name.contains(".") ? "`" + name + "`" : name);
    }
    return text.toString();
  }
}
