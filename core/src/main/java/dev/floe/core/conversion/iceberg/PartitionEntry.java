package dev.floe.core.conversion.iceberg;

import dev.floe.core.conversion.ConversionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One partition entry as written, checked for syntax only; {@link PartitionSpecs} resolves its
 * column against the schema.
 *
 * @param text the entry as the user wrote it, for messages
 * @param transform null for a bare word, which is either a column (identity) or a time granularity
 *     for the default time column: only the schema can tell
 * @param parameter the number of buckets or the truncation width; 0 when the transform has none
 * @param column the source column, or the bare word
 */
record PartitionEntry(String text, PartitionTransform transform, int parameter, String column) {

  private static final Pattern CALL =
      Pattern.compile("([A-Za-z_]+)\\s*(?:\\[([^\\]]*)\\])?\\s*\\((.*)\\)", Pattern.DOTALL);
  private static final Pattern BARE = Pattern.compile("[^()\\[\\],]+");

  private static final String FORMS =
      "expected column, transform(column), bucket[N](column) or truncate[W](column), where"
          + " transform is one of "
          + PartitionTransform.NAMES;

  boolean isBare() {
    return transform == null;
  }

  static PartitionEntry parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text, "the entry is empty; " + FORMS);
    }
    String entry = text.strip();
    if (BARE.matcher(entry).matches()) {
      return new PartitionEntry(text, null, 0, entry);
    }
    Matcher call = CALL.matcher(entry);
    if (!call.matches()) {
      throw invalid(text, "malformed; " + FORMS);
    }
    PartitionTransform transform = PartitionTransform.named(call.group(1));
    if (transform == null) {
      throw invalid(
          text,
          String.format(
              "unknown transform '%s'; expected one of %s",
              call.group(1), PartitionTransform.NAMES));
    }
    String bracket = call.group(2);
    String[] arguments = call.group(3).split(",", -1);
    String label = transform.label();
    String parameterText;
    String column;
    if (!transform.takesParameter()) {
      if (bracket != null || arguments.length != 1) {
        throw invalid(
            text,
            String.format(
                "malformed; %s takes exactly one column: write %s(column)", label, label));
      }
      parameterText = null;
      column = arguments[0];
    } else if (bracket != null && arguments.length == 1) {
      parameterText = bracket;
      column = arguments[0];
    } else if (bracket == null && arguments.length == 2) {
      parameterText = arguments[0];
      column = arguments[1];
    } else {
      throw invalid(
          text,
          String.format(
              "malformed; %s needs a %s and one column: write %s[%s](column) or %s(%s, column)",
              label,
              transform.parameterName(),
              label,
              transform.parameterSymbol(),
              label,
              transform.parameterSymbol()));
    }
    column = column.strip();
    if (column.isEmpty() || !BARE.matcher(column).matches()) {
      throw invalid(text, String.format("malformed; missing or invalid column in '%s'", entry));
    }
    int parameter = parameterText == null ? 0 : parameter(text, transform, parameterText.strip());
    return new PartitionEntry(text, transform, parameter, column);
  }

  private static int parameter(String text, PartitionTransform transform, String value) {
    int parameter;
    try {
      parameter = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      parameter = 0;
    }
    if (parameter <= 0) {
      throw invalid(
          text,
          String.format(
              "the %s must be a positive integer, found '%s'", transform.parameterName(), value));
    }
    return parameter;
  }

  /** The canonical text of a resolved entry, e.g. {@code day(ts)}. */
  String render(String sourceColumn) {
    return transform.render(sourceColumn, parameter);
  }

  static ConversionException invalid(String entry, String detail) {
    return new ConversionException(
        String.format(
            "Cannot parse partition entry %s: %s",
            entry == null ? "null" : "'" + entry + "'", detail));
  }
}
