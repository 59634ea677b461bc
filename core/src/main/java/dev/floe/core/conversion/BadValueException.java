package dev.floe.core.conversion;

/**
 * Raised deep inside a conversion with the attribute path and what is wrong; the entry point that
 * knows the item adds its key and turns it into a {@link ConversionException}. No stack trace: it
 * never escapes this package.
 */
final class BadValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient AttributePath path;

  BadValueException(AttributePath path, String detail) {
    super(detail, null, false, false);
    this.path = path;
  }

  AttributePath path() {
    return path;
  }

  String detail() {
    return getMessage();
  }
}
