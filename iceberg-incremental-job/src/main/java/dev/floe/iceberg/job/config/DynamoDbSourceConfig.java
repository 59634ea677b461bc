package dev.floe.iceberg.job.config;

import dev.floe.core.conversion.TimestampEncoding;
import java.io.Serializable;
import java.net.URI;

/**
 * {@code connector.source.dynamodb}: how DynamoDB source tables are reached and scanned. Applies to
 * every DynamoDB source table; Iceberg source tables ignore it.
 *
 * @param endpointUrl the DynamoDB endpoint, e.g. {@code http://localhost:8000} for DynamoDB Local;
 *     null for the region's AWS endpoint
 * @param segments the number of parallel scan segments per table; null to let the job choose
 * @param datetimeEncoding how the tables store their datetime field: ISO-8601 strings (the default)
 *     or numbers since the epoch in a given unit; ISO-8601 strings are read under every encoding
 */
public record DynamoDbSourceConfig(
    URI endpointUrl, Integer segments, TimestampEncoding datetimeEncoding) implements Serializable {

  /** DynamoDB's own bound on {@code TotalSegments}. */
  static final int MAX_SEGMENTS = 1_000_000;

  public DynamoDbSourceConfig {
    if (datetimeEncoding == null) {
      datetimeEncoding = TimestampEncoding.ISO_8601;
    }
    if (endpointUrl != null
        && (!("http".equalsIgnoreCase(endpointUrl.getScheme())
                || "https".equalsIgnoreCase(endpointUrl.getScheme()))
            || endpointUrl.getHost() == null)) {
      throw badEndpoint(endpointUrl.toString());
    }
    if (segments != null && (segments < 1 || segments > MAX_SEGMENTS)) {
      throw new JobConfigException(
          "connector.source.dynamodb.segments",
          String.format(
              "must be between 1 and %d, but is %d. Set the number of parallel scan segments per"
                  + " table, or remove the key to let the job choose.",
              MAX_SEGMENTS, segments));
    }
  }

  static JobConfigException badEndpoint(String endpointUrl) {
    return new JobConfigException(
        "connector.source.dynamodb.endpoint_url",
        String.format(
            "must be an http or https URL with a host, such as http://localhost:8000, but is"
                + " \"%s\". Write the full URL, or remove the key to use the AWS endpoint of"
                + " connector.region.",
            endpointUrl));
  }

  /** No endpoint override, segments chosen by the job, ISO-8601 datetimes. */
  public static DynamoDbSourceConfig defaults() {
    return new DynamoDbSourceConfig(null, null, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .endpointUrl(endpointUrl)
        .segments(segments)
        .datetimeEncoding(datetimeEncoding);
  }

  public static final class Builder {
    private URI endpointUrl;
    private Integer segments;
    private TimestampEncoding datetimeEncoding;

    private Builder() {}

    public Builder endpointUrl(URI endpointUrl) {
      this.endpointUrl = endpointUrl;
      return this;
    }

    public Builder segments(Integer segments) {
      this.segments = segments;
      return this;
    }

    public Builder datetimeEncoding(TimestampEncoding datetimeEncoding) {
      this.datetimeEncoding = datetimeEncoding;
      return this;
    }

    /**
     * @throws JobConfigException when the endpoint is not an http(s) URL or segments is out of
     *     range
     */
    public DynamoDbSourceConfig build() {
      return new DynamoDbSourceConfig(endpointUrl, segments, datetimeEncoding);
    }
  }
}
