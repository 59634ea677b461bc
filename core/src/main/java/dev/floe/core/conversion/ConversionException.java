package dev.floe.core.conversion;

/**
 * A value, type or configuration string that cannot be converted. The message always names the
 * thing at fault (attribute path, column, option or item key), what was expected and what was
 * found, so a user can fix the input without reading code.
 */
public class ConversionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConversionException(String message) {
    super(message);
  }

  public ConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
