package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link DynamoDbBatchWriter}. Immutable and serializable; built with {@link
 * #builder(String)}, validated by {@link Builder#build()}. Defaults follow the options of the
 * Apache Flink DynamoDB connector (named in parentheses).
 */
public final class DynamoDbWriterConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** DynamoDB's limit of writes in one BatchWriteItem call. */
  public static final int MAX_BATCH_SIZE_LIMIT = 25;

  /** DynamoDB's limit of the size of one BatchWriteItem call: 16 MB. */
  public static final long MAX_BATCH_BYTES_LIMIT = 16L * 1024 * 1024;

  /** Default of {@link #maxBatchSize()}: {@code sink.batch.max-size}. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 25;

  /** Default of {@link #maxInFlightRequests()}: {@code sink.requests.max-inflight}. */
  public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 50;

  /** Default of {@link #maxBufferedRequests()}: {@code sink.requests.max-buffered}. */
  public static final int DEFAULT_MAX_BUFFERED_REQUESTS = 10_000;

  /** Default of {@link #flushInterval()}: {@code sink.flush-buffer.timeout}. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(5);

  /** Default of {@link #maxRetries()}. */
  public static final int DEFAULT_MAX_RETRIES = 50;

  /** Default of {@link #initialBackoff()}. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(50);

  /** Default of {@link #maxBackoff()}. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  private final String tableName;
  private final int maxBatchSize;
  private final int maxInFlightRequests;
  private final int maxBufferedRequests;
  private final Duration flushInterval;
  private final long maxBatchBytes;
  private final int maxRetries;
  private final boolean failOnRequestError;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final String conditionAttribute;
  private final WriteRateLimit writeRateLimit;

  private DynamoDbWriterConfig(Builder builder) {
    this.tableName = builder.tableName;
    this.maxBatchSize = builder.maxBatchSize;
    this.maxInFlightRequests = builder.maxInFlightRequests;
    this.maxBufferedRequests = builder.maxBufferedRequests;
    this.flushInterval = builder.flushInterval;
    this.maxBatchBytes = builder.maxBatchBytes;
    this.maxRetries = builder.maxRetries;
    this.failOnRequestError = builder.failOnRequestError;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.conditionAttribute = builder.conditionAttribute;
    this.writeRateLimit = builder.writeRateLimit;
  }

  /** Starts the settings of a writer to {@code tableName}. */
  public static Builder builder(String tableName) {
    return new Builder(tableName);
  }

  /** A builder holding these settings, to change some. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The table written to. */
  public String tableName() {
    return tableName;
  }

  /** Writes per BatchWriteItem call, 1..25 ({@code sink.batch.max-size}, default 25). */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** Calls in flight at once ({@code sink.requests.max-inflight}, default 50). */
  public int maxInFlightRequests() {
    return maxInFlightRequests;
  }

  /**
   * Writes buffered or in flight before {@code write} blocks ({@code sink.requests.max-buffered},
   * default 10,000).
   */
  public int maxBufferedRequests() {
    return maxBufferedRequests;
  }

  /**
   * How long a partial batch waits for more writes before it is sent ({@code
   * sink.flush-buffer.timeout}, default 5 s).
   */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** Bytes ({@link ItemSize}) per BatchWriteItem call, at most DynamoDB's 16 MB (the default). */
  public long maxBatchBytes() {
    return maxBatchBytes;
  }

  /** Retries of one write before the writer fails (default 50). */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Whether a request that fails (throttled, 5xx, connection reset) fails the writer at once
   * instead of being retried (default false; the {@code sink.fail-on-error} of the Apache Flink
   * connector). Items DynamoDB returns as UnprocessedItems are retried either way: a partial batch
   * is DynamoDB's normal answer under load, not a failed request.
   */
  public boolean failOnRequestError() {
    return failOnRequestError;
  }

  /** Upper bound of the first retry's random delay (default 50 ms); doubles with each retry. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Cap of the retry delay's upper bound (default 10 s). */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The version attribute of conditional puts: a put applies only if the table holds no item with
   * its key, or the stored item's attribute is strictly lower than the put item's. Empty: puts are
   * unconditional.
   */
  public Optional<String> conditionAttribute() {
    return Optional.ofNullable(conditionAttribute);
  }

  /** The write capacity ceiling, if any. */
  public Optional<WriteRateLimit> writeRateLimit() {
    return Optional.ofNullable(writeRateLimit);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DynamoDbWriterConfig that
        && tableName.equals(that.tableName)
        && maxBatchSize == that.maxBatchSize
        && maxInFlightRequests == that.maxInFlightRequests
        && maxBufferedRequests == that.maxBufferedRequests
        && flushInterval.equals(that.flushInterval)
        && maxBatchBytes == that.maxBatchBytes
        && maxRetries == that.maxRetries
        && failOnRequestError == that.failOnRequestError
        && initialBackoff.equals(that.initialBackoff)
        && maxBackoff.equals(that.maxBackoff)
        && Objects.equals(conditionAttribute, that.conditionAttribute)
        && Objects.equals(writeRateLimit, that.writeRateLimit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        tableName,
        maxBatchSize,
        maxInFlightRequests,
        maxBufferedRequests,
        flushInterval,
        maxBatchBytes,
        maxRetries,
        failOnRequestError,
        initialBackoff,
        maxBackoff,
        conditionAttribute,
        writeRateLimit);
  }

  @Override
  public String toString() {
    return "DynamoDbWriterConfig{tableName="
        + tableName
        + ", maxBatchSize="
        + maxBatchSize
        + ", maxInFlightRequests="
        + maxInFlightRequests
        + ", maxBufferedRequests="
        + maxBufferedRequests
        + ", flushInterval="
        + flushInterval
        + ", maxBatchBytes="
        + maxBatchBytes
        + ", maxRetries="
        + maxRetries
        + (failOnRequestError ? ", failOnRequestError=true" : "")
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + (conditionAttribute == null ? "" : ", conditionAttribute=" + conditionAttribute)
        + (writeRateLimit == null ? "" : ", writeRateLimit=" + writeRateLimit)
        + "}";
  }

  /** Builder of {@link DynamoDbWriterConfig}; every setting but the table name has a default. */
  public static final class Builder {
    private final String tableName;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
    private int maxBufferedRequests = DEFAULT_MAX_BUFFERED_REQUESTS;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private long maxBatchBytes = MAX_BATCH_BYTES_LIMIT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private boolean failOnRequestError;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private String conditionAttribute;
    private WriteRateLimit writeRateLimit;

    private Builder(String tableName) {
      if (tableName == null || tableName.isBlank()) {
        throw new IllegalArgumentException(
            "Cannot configure a DynamoDB writer without a table name (table-name)");
      }
      this.tableName = tableName;
    }

    private Builder(DynamoDbWriterConfig config) {
      this(config.tableName);
      this.maxBatchSize = config.maxBatchSize;
      this.maxInFlightRequests = config.maxInFlightRequests;
      this.maxBufferedRequests = config.maxBufferedRequests;
      this.flushInterval = config.flushInterval;
      this.maxBatchBytes = config.maxBatchBytes;
      this.maxRetries = config.maxRetries;
      this.failOnRequestError = config.failOnRequestError;
      this.initialBackoff = config.initialBackoff;
      this.maxBackoff = config.maxBackoff;
      this.conditionAttribute = config.conditionAttribute;
      this.writeRateLimit = config.writeRateLimit;
    }

    /** See {@link DynamoDbWriterConfig#maxBatchSize()}. */
    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#maxInFlightRequests()}. */
    public Builder maxInFlightRequests(int maxInFlightRequests) {
      this.maxInFlightRequests = maxInFlightRequests;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#maxBufferedRequests()}. */
    public Builder maxBufferedRequests(int maxBufferedRequests) {
      this.maxBufferedRequests = maxBufferedRequests;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#flushInterval()}. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#maxBatchBytes()}. */
    public Builder maxBatchBytes(long maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#maxRetries()}. */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#failOnRequestError()}. */
    public Builder failOnRequestError(boolean failOnRequestError) {
      this.failOnRequestError = failOnRequestError;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#initialBackoff()}. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#maxBackoff()}. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#conditionAttribute()}; null for unconditional puts. */
    public Builder conditionAttribute(String conditionAttribute) {
      this.conditionAttribute = conditionAttribute;
      return this;
    }

    /** See {@link DynamoDbWriterConfig#writeRateLimit()}; null for no limit. */
    public Builder writeRateLimit(WriteRateLimit writeRateLimit) {
      this.writeRateLimit = writeRateLimit;
      return this;
    }

    /**
     * Checks the settings and builds them.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public DynamoDbWriterConfig build() {
      check(
          maxBatchSize >= 1 && maxBatchSize <= MAX_BATCH_SIZE_LIMIT,
          "maxBatchSize (sink.batch.max-size)",
          maxBatchSize,
          "1..25, DynamoDB's limit per BatchWriteItem");
      check(
          maxInFlightRequests >= 1,
          "maxInFlightRequests (sink.requests.max-inflight)",
          maxInFlightRequests,
          ">= 1");
      check(
          maxBufferedRequests >= maxBatchSize,
          "maxBufferedRequests (sink.requests.max-buffered)",
          maxBufferedRequests,
          ">= maxBatchSize (" + maxBatchSize + ")");
      checkPositive(flushInterval, "flushInterval (sink.flush-buffer.timeout)");
      check(
          maxBatchBytes >= 1 && maxBatchBytes <= MAX_BATCH_BYTES_LIMIT,
          "maxBatchBytes",
          maxBatchBytes,
          "1.." + MAX_BATCH_BYTES_LIMIT + ", DynamoDB's 16 MB limit per BatchWriteItem");
      check(maxRetries >= 0, "maxRetries", maxRetries, ">= 0");
      checkPositive(initialBackoff, "initialBackoff");
      checkPositive(maxBackoff, "maxBackoff");
      check(
          maxBackoff.compareTo(initialBackoff) >= 0,
          "maxBackoff",
          maxBackoff,
          ">= initialBackoff (" + initialBackoff + ")");
      if (conditionAttribute != null && conditionAttribute.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid conditionAttribute for table "
                + tableName
                + ": empty; give the version attribute's name, or null for unconditional puts");
      }
      return new DynamoDbWriterConfig(this);
    }

    private void check(boolean valid, String setting, Object value, String expected) {
      if (!valid) {
        throw new IllegalArgumentException(
            "Invalid "
                + setting
                + " for DynamoDB table "
                + tableName
                + ": "
                + value
                + "; expected "
                + expected);
      }
    }

    private void checkPositive(Duration value, String setting) {
      check(
          value != null && !value.isNegative() && !value.isZero(),
          setting,
          value,
          "a duration > 0");
    }
  }
}
