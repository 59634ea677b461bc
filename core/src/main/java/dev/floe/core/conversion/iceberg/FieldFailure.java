package dev.floe.core.conversion.iceberg;

import dev.floe.core.conversion.ConversionException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Raised deep inside introspection or conversion with what is wrong; every enclosing field, list or
 * map adds its segment on the way out, so the path costs nothing unless something fails. The public
 * entry points, which know the model class, turn it into a {@link ConversionException}. No stack
 * trace: it never escapes this package.
 */
final class FieldFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Deque<String> segments = new ArrayDeque<>();

  FieldFailure(String detail) {
    super(detail, null, false, false);
  }

  FieldFailure(String detail, Throwable cause) {
    super(detail, cause, false, false);
  }

  /** Prepends a field name; the caller rethrows. */
  FieldFailure inField(String name) {
    segments.addFirst(name);
    return this;
  }

  /** Prepends a list position or map key, written as {@code [3]}. */
  FieldFailure inElement(Object indexOrKey) {
    segments.addFirst("[" + indexOrKey + "]");
    return this;
  }

  /** The dotted path, e.g. {@code orders[2].items[0].price}; empty for the model class itself. */
  String path() {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      if (path.length() > 0 && !segment.startsWith("[")) {
        path.append('.');
      }
      path.append(segment);
    }
    return path.toString();
  }

  String detail() {
    return getMessage();
  }

  /**
   * The public form: {@code "<action> field 'a.b' of com.x.Order<suffix>: <detail>"}, or {@code
   * "<action> com.x.Order<suffix>: <detail>"} when the class itself is at fault.
   */
  ConversionException toConversionException(String action, Class<?> model, String suffix) {
    String where =
        segments.isEmpty()
            ? model.getName()
            : String.format("field '%s' of %s", path(), model.getName());
    return new ConversionException(
        String.format("%s %s%s: %s", action, where, suffix, detail()), getCause());
  }
}
