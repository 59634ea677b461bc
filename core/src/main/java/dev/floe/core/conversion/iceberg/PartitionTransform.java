package dev.floe.core.conversion.iceberg;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Type.TypeID;

/**
 * The partition transforms a configuration entry may name, with the source types each accepts (the
 * same as Iceberg's) and how it is added to a {@link PartitionSpec.Builder}.
 */
enum PartitionTransform {
  IDENTITY("identity", 0, null, null, "a primitive"),
  YEAR(
      "year",
      1,
      null,
      EnumSet.of(TypeID.DATE, TypeID.TIMESTAMP, TypeID.TIMESTAMP_NANO),
      "a date, timestamp or timestamptz"),
  MONTH(
      "month",
      2,
      null,
      EnumSet.of(TypeID.DATE, TypeID.TIMESTAMP, TypeID.TIMESTAMP_NANO),
      "a date, timestamp or timestamptz"),
  DAY(
      "day",
      3,
      null,
      EnumSet.of(TypeID.DATE, TypeID.TIMESTAMP, TypeID.TIMESTAMP_NANO),
      "a date, timestamp or timestamptz"),
  HOUR(
      "hour",
      4,
      null,
      EnumSet.of(TypeID.TIMESTAMP, TypeID.TIMESTAMP_NANO),
      "a timestamp or timestamptz"),
  BUCKET(
      "bucket",
      0,
      "number of buckets",
      EnumSet.of(
          TypeID.INTEGER,
          TypeID.LONG,
          TypeID.DECIMAL,
          TypeID.DATE,
          TypeID.TIME,
          TypeID.TIMESTAMP,
          TypeID.TIMESTAMP_NANO,
          TypeID.STRING,
          TypeID.UUID,
          TypeID.FIXED,
          TypeID.BINARY),
      "an int, long, decimal, date, time, timestamp, timestamptz, string, uuid, fixed or binary"),
  TRUNCATE(
      "truncate",
      0,
      "width",
      EnumSet.of(TypeID.INTEGER, TypeID.LONG, TypeID.DECIMAL, TypeID.STRING, TypeID.BINARY),
      "an int, long, decimal, string or binary");

  /** Iceberg and Spark SQL spell the time transforms in the plural too ({@code days(ts)}). */
  private static final Map<String, PartitionTransform> PLURALS =
      Map.of("years", YEAR, "months", MONTH, "days", DAY, "hours", HOUR);

  static final String NAMES = "identity, year, month, day, hour, bucket, truncate";

  private final String label;
  private final int timeRank;
  private final String parameterName;
  private final Set<TypeID> accepted;
  private final String acceptedText;

  PartitionTransform(
      String label, int timeRank, String parameterName, Set<TypeID> accepted, String acceptedText) {
    this.label = label;
    this.timeRank = timeRank;
    this.parameterName = parameterName;
    this.accepted = accepted == null ? null : Set.copyOf(accepted);
    this.acceptedText = acceptedText;
  }

  /** The transform for a name in any case, singular or plural; null when there is none. */
  static PartitionTransform named(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    PartitionTransform plural = PLURALS.get(lower);
    if (plural != null) {
      return plural;
    }
    for (PartitionTransform transform : values()) {
      if (transform.label.equals(lower)) {
        return transform;
      }
    }
    return null;
  }

  /** The time granularity a bare word names ({@code year}, {@code days}, ...), or null. */
  static PartitionTransform granularity(String word) {
    PartitionTransform transform = named(word);
    return transform != null && transform.isTime() ? transform : null;
  }

  String label() {
    return label;
  }

  boolean isTime() {
    return timeRank > 0;
  }

  /** Finer granularities rank higher: hour determines day, day determines month and year. */
  int timeRank() {
    return timeRank;
  }

  boolean takesParameter() {
    return parameterName != null;
  }

  /** How the documentation writes the number: N for buckets, W for widths. */
  String parameterSymbol() {
    return this == TRUNCATE ? "W" : "N";
  }

  /** What the number means, e.g. "number of buckets"; null for transforms without one. */
  String parameterName() {
    return parameterName;
  }

  boolean accepts(Type type) {
    if (!type.isPrimitiveType()) {
      return false;
    }
    return accepted == null || accepted.contains(type.typeId());
  }

  String acceptedText() {
    return acceptedText;
  }

  /** The canonical text, e.g. {@code day(ts)} or {@code bucket[16](id)}. */
  String render(String column, int parameter) {
    return takesParameter()
        ? String.format("%s[%d](%s)", label, parameter, column)
        : String.format("%s(%s)", label, column);
  }

  void addTo(PartitionSpec.Builder builder, String column, int parameter) {
    switch (this) {
      case IDENTITY -> builder.identity(column);
      case YEAR -> builder.year(column);
      case MONTH -> builder.month(column);
      case DAY -> builder.day(column);
      case HOUR -> builder.hour(column);
      case BUCKET -> builder.bucket(column, parameter);
      case TRUNCATE -> builder.truncate(column, parameter);
    }
  }
}
