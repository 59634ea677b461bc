package dev.floe.core.conversion;

import java.math.BigDecimal;

/**
 * DynamoDB's number rules, applied in one place: an N value is a decimal string with at most 38
 * significant digits and a magnitude between 1E-130 and 9.99...E+125 (or zero). Floe rejects what
 * DynamoDB would reject before sending it, and never rounds.
 *
 * <p>The one-argument methods throw a {@link ConversionException} whose message says what is wrong
 * with the value only; the {@code where} variants prefix it with the attribute and item.
 */
public final class DynamoDbNumbers {
  public static final int MAX_SIGNIFICANT_DIGITS = 38;
  public static final int MAX_EXPONENT = 125;
  public static final int MIN_EXPONENT = -130;

  private DynamoDbNumbers() {}

  /** Parses an N string exactly. */
  public static BigDecimal parse(String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new ConversionException(
          "'" + text + "' is not a number (expected a decimal string such as 12.5 or 1E+3)", e);
    }
    // Plain notation in at most 38 characters has at most 38 digits and a magnitude between
    // 1E-37 and 1E+38, inside DynamoDB's limits: the common case needs no further check.
    if (text.length() > MAX_SIGNIFICANT_DIGITS
        || text.indexOf('E') >= 0
        || text.indexOf('e') >= 0) {
      check(value);
    }
    return value;
  }

  /** Parses an N string exactly; {@code where} names the attribute and item for the error. */
  public static BigDecimal parse(String text, String where) {
    try {
      return parse(text);
    } catch (ConversionException e) {
      throw located(where, e);
    }
  }

  /** The N string for {@code value}, after checking DynamoDB can store it without rounding. */
  public static String format(BigDecimal value) {
    check(value);
    return value.toString();
  }

  /** The N string for a double: its shortest decimal that reads back as the same double. */
  public static String format(double value) {
    checkFinite(value);
    String shortest = Double.toString(value);
    // Plain notation (no exponent) means at most 17 digits between 1E-3 and 1E+7: always valid.
    if (shortest.indexOf('E') < 0) {
      return shortest;
    }
    return format(new BigDecimal(shortest));
  }

  /** The N string for a float: its shortest decimal that reads back as the same float. */
  public static String format(float value) {
    checkFinite(value);
    String shortest = Float.toString(value);
    if (shortest.indexOf('E') < 0) {
      return shortest;
    }
    return format(new BigDecimal(shortest));
  }

  /** The N string for any {@link Number}, exactly. */
  public static String format(Number number) {
    if (number instanceof BigDecimal decimal) {
      return format(decimal);
    }
    if (number instanceof Double value) {
      return format(value.doubleValue());
    }
    if (number instanceof Float value) {
      return format(value.floatValue());
    }
    if (number instanceof java.math.BigInteger integer) {
      return format(new BigDecimal(integer));
    }
    return format(new BigDecimal(number.toString()));
  }

  /** {@link #format(Number)}; {@code where} names the attribute and item for the error. */
  public static String format(Number number, String where) {
    try {
      return format(number);
    } catch (ConversionException e) {
      throw located(where, e);
    }
  }

  private static ConversionException located(String where, ConversionException e) {
    return new ConversionException("Cannot convert " + where + ": " + e.getMessage(), e);
  }

  private static void checkFinite(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new ConversionException(
          value + " has no DynamoDB number form; DynamoDB numbers are finite decimals");
    }
  }

  private static void check(BigDecimal value) {
    if (value.signum() == 0) {
      return;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.precision() > MAX_SIGNIFICANT_DIGITS) {
      throw new ConversionException(
          value.toPlainString()
              + " has "
              + stripped.precision()
              + " significant digits; DynamoDB numbers hold at most 38");
    }
    int exponent = stripped.precision() - stripped.scale() - 1;
    if (exponent > MAX_EXPONENT || exponent < MIN_EXPONENT) {
      throw new ConversionException(
          value + " is outside DynamoDB's number range (magnitude 1E-130 to 9.99E+125)");
    }
  }
}
