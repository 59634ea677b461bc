package dev.floe.core.conversion;

import java.util.Objects;

/** How values are stored in DynamoDB where more than one form is reasonable. Immutable. */
public final class ConversionOptions implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private static final ConversionOptions DEFAULTS = builder().build();

  private final TimestampEncoding timestampEncoding;
  private final boolean ignoreNulls;

  private ConversionOptions(Builder builder) {
    this.timestampEncoding = builder.timestampEncoding;
    this.ignoreNulls = builder.ignoreNulls;
  }

  /** ISO-8601 timestamps; nulls written as DynamoDB NULL. */
  public static ConversionOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public TimestampEncoding timestampEncoding() {
    return timestampEncoding;
  }

  /**
   * Whether a null value leaves its attribute out of the item (true) or is written as {@code
   * {"NULL": true}} (false, the default, as the Apache Flink DynamoDB connector's {@code
   * sink.ignore-nulls=false}). Reading treats both as null.
   */
  public boolean ignoreNulls() {
    return ignoreNulls;
  }

  public Builder toBuilder() {
    return new Builder().timestampEncoding(timestampEncoding).ignoreNulls(ignoreNulls);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConversionOptions options
        && timestampEncoding == options.timestampEncoding
        && ignoreNulls == options.ignoreNulls;
  }

  @Override
  public int hashCode() {
    return Objects.hash(timestampEncoding, ignoreNulls);
  }

  @Override
  public String toString() {
    return "ConversionOptions{timestampEncoding="
        + timestampEncoding
        + ", ignoreNulls="
        + ignoreNulls
        + "}";
  }

  /** Builds {@link ConversionOptions}. */
  public static final class Builder {
    private TimestampEncoding timestampEncoding = TimestampEncoding.ISO_8601;
    private boolean ignoreNulls;

    private Builder() {}

    public Builder timestampEncoding(TimestampEncoding timestampEncoding) {
      this.timestampEncoding = Objects.requireNonNull(timestampEncoding, "timestampEncoding");
      return this;
    }

    public Builder ignoreNulls(boolean ignoreNulls) {
      this.ignoreNulls = ignoreNulls;
      return this;
    }

    public ConversionOptions build() {
      return new ConversionOptions(this);
    }
  }
}
