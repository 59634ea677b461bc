package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach DynamoDB: region, optional endpoint (DynamoDB Local, VPC endpoints), credentials and
 * HTTP settings. Immutable and serializable; {@link DynamoDbClientFactory} turns it into clients.
 * {@link #toString()} never shows secrets.
 */
public final class AwsClientConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** HTTP connections per client (Flink: {@code sink.http-client.max-concurrency}). */
  public static final int DEFAULT_MAX_CONCURRENCY = 50;

  /** The SDK's default time to open a connection. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  /** The SDK's default time to wait for data on an open connection. */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private final String region;
  private final URI endpoint;
  private final AwsCredentialsConfig credentials;
  private final int maxConcurrency;
  private final Duration connectionTimeout;
  private final Duration socketTimeout;
  private final Duration apiCallTimeout;
  private final boolean trustAllCertificates;

  private AwsClientConfig(Builder builder) {
    this.region = builder.region;
    this.endpoint = builder.endpoint;
    this.credentials = builder.credentials;
    this.maxConcurrency = builder.maxConcurrency;
    this.connectionTimeout = builder.connectionTimeout;
    this.socketTimeout = builder.socketTimeout;
    this.apiCallTimeout = builder.apiCallTimeout;
    this.trustAllCertificates = builder.trustAllCertificates;
  }

  /** Starts a configuration; the region is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The AWS region, e.g. {@code eu-west-1} ({@code aws.region}). */
  public String region() {
    return region;
  }

  /** An endpoint that replaces the region's, e.g. {@code http://localhost:8000}. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** Where credentials come from (default: the SDK's default chain). */
  public AwsCredentialsConfig credentials() {
    return credentials;
  }

  /** Maximum open HTTP connections of the async client (default 50). */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** Time to open a connection (default 2 s). */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /** Time to wait for reads and writes on an open connection (default 30 s). */
  public Duration socketTimeout() {
    return socketTimeout;
  }

  /**
   * Time for one whole call, if set. The async client makes one attempt per call (the writer
   * retries itself), so this bounds each attempt.
   */
  public Optional<Duration> apiCallTimeout() {
    return Optional.ofNullable(apiCallTimeout);
  }

  /**
   * Whether TLS certificates are accepted without checking ({@code aws.trust.all.certificates}):
   * for test endpoints with self-signed certificates only, never in production.
   */
  public boolean trustAllCertificates() {
    return trustAllCertificates;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AwsClientConfig that
        && region.equals(that.region)
        && Objects.equals(endpoint, that.endpoint)
        && credentials.equals(that.credentials)
        && maxConcurrency == that.maxConcurrency
        && connectionTimeout.equals(that.connectionTimeout)
        && socketTimeout.equals(that.socketTimeout)
        && Objects.equals(apiCallTimeout, that.apiCallTimeout)
        && trustAllCertificates == that.trustAllCertificates;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        region,
        endpoint,
        credentials,
        maxConcurrency,
        connectionTimeout,
        socketTimeout,
        apiCallTimeout,
        trustAllCertificates);
  }

  @Override
  public String toString() {
    return "AwsClientConfig{region="
        + region
        + (endpoint == null ? "" : ", endpoint=" + endpoint)
        + ", credentials="
        + credentials
        + ", maxConcurrency="
        + maxConcurrency
        + ", connectionTimeout="
        + connectionTimeout
        + ", socketTimeout="
        + socketTimeout
        + (apiCallTimeout == null ? "" : ", apiCallTimeout=" + apiCallTimeout)
        + (trustAllCertificates ? ", trustAllCertificates=true" : "")
        + "}";
  }

  /** Builder of {@link AwsClientConfig}. */
  public static final class Builder {
    private String region;
    private URI endpoint;
    private AwsCredentialsConfig credentials = AwsCredentialsConfig.defaultChain();
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    private Duration apiCallTimeout;
    private boolean trustAllCertificates;

    private Builder() {}

    private Builder(AwsClientConfig config) {
      this.region = config.region;
      this.endpoint = config.endpoint;
      this.credentials = config.credentials;
      this.maxConcurrency = config.maxConcurrency;
      this.connectionTimeout = config.connectionTimeout;
      this.socketTimeout = config.socketTimeout;
      this.apiCallTimeout = config.apiCallTimeout;
      this.trustAllCertificates = config.trustAllCertificates;
    }

    /** See {@link AwsClientConfig#region()}. Required. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** See {@link AwsClientConfig#endpoint()}; null for the region's endpoint. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** See {@link AwsClientConfig#credentials()}. */
    public Builder credentials(AwsCredentialsConfig credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** See {@link AwsClientConfig#maxConcurrency()}. */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /** See {@link AwsClientConfig#connectionTimeout()}. */
    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** See {@link AwsClientConfig#socketTimeout()}. */
    public Builder socketTimeout(Duration socketTimeout) {
      this.socketTimeout = socketTimeout;
      return this;
    }

    /** See {@link AwsClientConfig#apiCallTimeout()}; null for none. */
    public Builder apiCallTimeout(Duration apiCallTimeout) {
      this.apiCallTimeout = apiCallTimeout;
      return this;
    }

    /** See {@link AwsClientConfig#trustAllCertificates()}; default false. */
    public Builder trustAllCertificates(boolean trustAllCertificates) {
      this.trustAllCertificates = trustAllCertificates;
      return this;
    }

    /**
     * Checks the settings and builds them.
     *
     * @throws IllegalArgumentException naming the setting that is missing or out of range
     */
    public AwsClientConfig build() {
      if (region == null || region.isBlank()) {
        throw new IllegalArgumentException(
            "Cannot configure an AWS client without a region (aws.region), e.g. us-east-1");
      }
      if (endpoint != null
          && (endpoint.getScheme() == null
              || endpoint.getHost() == null
              || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
        throw new IllegalArgumentException(
            "Invalid endpoint (aws.endpoint) "
                + endpoint
                + ": expected an http or https URI with a host, e.g. http://localhost:8000");
      }
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException(
            "Invalid maxConcurrency " + maxConcurrency + ": expected >= 1");
      }
      checkPositive(connectionTimeout, "connectionTimeout");
      checkPositive(socketTimeout, "socketTimeout");
      if (apiCallTimeout != null) {
        checkPositive(apiCallTimeout, "apiCallTimeout");
      }
      return new AwsClientConfig(this);
    }

    private static void checkPositive(Duration value, String setting) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "Invalid " + setting + " " + value + ": expected a duration > 0");
      }
    }
  }
}
