package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What to read from one DynamoDB table or index: which attributes (projection), which items
 * (filter; a key condition turns the Scan into a Query), how (consistent read, page size, item
 * limit, read rate limit) and how hard to retry. Immutable and serializable, so engines can plan on
 * the coordinator and ship it to their tasks.
 */
public final class ReadSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default of {@link #maxRetries()}. */
  public static final int DEFAULT_MAX_RETRIES = 50;

  /** Default of {@link #initialBackoff()}. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(50);

  /** Default of {@link #maxBackoff()}. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  private final String tableName;
  private final String indexName;
  private final List<AttributePath> projection;
  private final FilterPredicate filter;
  private final KeyCondition keyCondition;
  private final boolean consistentRead;
  private final Integer pageSize;
  private final Long itemLimit;
  private final ReadRateLimit readRateLimit;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private ReadSpec(Builder b) {
    this.tableName = b.tableName;
    this.indexName = b.indexName;
    this.projection = Collections.unmodifiableList(new ArrayList<>(b.projection));
    this.filter = b.filter;
    this.keyCondition = b.keyCondition;
    this.consistentRead = b.consistentRead;
    this.pageSize = b.pageSize;
    this.itemLimit = b.itemLimit;
    this.readRateLimit = b.readRateLimit;
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
  }

  /** A spec reading every attribute of every item of {@code tableName} with a Scan. */
  public static Builder builder(String tableName) {
    return new Builder(tableName);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public String tableName() {
    return tableName;
  }

  /** The global or local secondary index to read instead of the table. */
  public Optional<String> indexName() {
    return Optional.ofNullable(indexName);
  }

  /** The attributes to read; empty reads all. */
  public List<AttributePath> projection() {
    return projection;
  }

  public Optional<FilterPredicate> filter() {
    return Optional.ofNullable(filter);
  }

  /** Present for a Query, absent for a Scan. */
  public Optional<KeyCondition> keyCondition() {
    return Optional.ofNullable(keyCondition);
  }

  /** Whether this spec is read with Query (it has a key condition) rather than Scan. */
  public boolean isQuery() {
    return keyCondition != null;
  }

  /** Strongly consistent reads (twice the read capacity; not on global secondary indexes). */
  public boolean consistentRead() {
    return consistentRead;
  }

  /** DynamoDB's Limit: items evaluated (before the filter) per request. */
  public OptionalInt pageSize() {
    return pageSize == null ? OptionalInt.empty() : OptionalInt.of(pageSize);
  }

  /**
   * The most items one segment returns (a Query has one segment, so there it is the overall limit).
   * Engines reading several segments still apply their overall limit on top.
   */
  public OptionalLong itemLimit() {
    return itemLimit == null ? OptionalLong.empty() : OptionalLong.of(itemLimit);
  }

  public Optional<ReadRateLimit> readRateLimit() {
    return Optional.ofNullable(readRateLimit);
  }

  /** Retries of one request before the read fails. */
  public int maxRetries() {
    return maxRetries;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Where the spec reads, for messages: {@code table 't'} or {@code index 'i' of table 't'}. */
  String describeTarget() {
    return indexName == null
        ? "DynamoDB table '" + tableName + "'"
        : "index '" + indexName + "' of DynamoDB table '" + tableName + "'";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReadSpec that
        && tableName.equals(that.tableName)
        && Objects.equals(indexName, that.indexName)
        && projection.equals(that.projection)
        && Objects.equals(filter, that.filter)
        && Objects.equals(keyCondition, that.keyCondition)
        && consistentRead == that.consistentRead
        && Objects.equals(pageSize, that.pageSize)
        && Objects.equals(itemLimit, that.itemLimit)
        && Objects.equals(readRateLimit, that.readRateLimit)
        && maxRetries == that.maxRetries
        && initialBackoff.equals(that.initialBackoff)
        && maxBackoff.equals(that.maxBackoff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        tableName,
        indexName,
        projection,
        filter,
        keyCondition,
        consistentRead,
        pageSize,
        itemLimit,
        readRateLimit,
        maxRetries,
        initialBackoff,
        maxBackoff);
  }

  /** The spec without operand values (they may be user data). */
  @Override
  public String toString() {
    return "ReadSpec{table="
        + tableName
        + (indexName == null ? "" : ", index=" + indexName)
        + (projection.isEmpty() ? "" : ", projection=" + projection)
        + (filter == null ? "" : ", filter=" + filter)
        + (keyCondition == null ? "" : ", keyCondition=" + keyCondition)
        + (consistentRead ? ", consistentRead" : "")
        + (pageSize == null ? "" : ", pageSize=" + pageSize)
        + (itemLimit == null ? "" : ", itemLimit=" + itemLimit)
        + (readRateLimit == null ? "" : ", readRateLimit=" + readRateLimit)
        + "}";
  }

  /** Builds a {@link ReadSpec}; {@link #build()} checks every setting. */
  public static final class Builder {
    private String tableName;
    private String indexName;
    private List<AttributePath> projection = List.of();
    private FilterPredicate filter;
    private KeyCondition keyCondition;
    private boolean consistentRead;
    private Integer pageSize;
    private Long itemLimit;
    private ReadRateLimit readRateLimit;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

    private Builder(String tableName) {
      this.tableName = tableName;
    }

    private Builder(ReadSpec spec) {
      this.tableName = spec.tableName;
      this.indexName = spec.indexName;
      this.projection = spec.projection;
      this.filter = spec.filter;
      this.keyCondition = spec.keyCondition;
      this.consistentRead = spec.consistentRead;
      this.pageSize = spec.pageSize;
      this.itemLimit = spec.itemLimit;
      this.readRateLimit = spec.readRateLimit;
      this.maxRetries = spec.maxRetries;
      this.initialBackoff = spec.initialBackoff;
      this.maxBackoff = spec.maxBackoff;
    }

    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    /** Reads this secondary index instead of the table; null for the table. */
    public Builder indexName(String indexName) {
      this.indexName = indexName;
      return this;
    }

    public Builder projection(List<AttributePath> projection) {
      this.projection = Objects.requireNonNull(projection, "projection");
      return this;
    }

    public Builder projection(AttributePath... projection) {
      return projection(List.of(projection));
    }

    public Builder filter(FilterPredicate filter) {
      this.filter = filter;
      return this;
    }

    public Builder keyCondition(KeyCondition keyCondition) {
      this.keyCondition = keyCondition;
      return this;
    }

    public Builder consistentRead(boolean consistentRead) {
      this.consistentRead = consistentRead;
      return this;
    }

    /** Items evaluated per request (DynamoDB's Limit), at least 1; null for DynamoDB's 1 MB. */
    public Builder pageSize(Integer pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /** The most items a segment returns, at least 1; null for no limit. */
    public Builder itemLimit(Long itemLimit) {
      this.itemLimit = itemLimit;
      return this;
    }

    public Builder readRateLimit(ReadRateLimit readRateLimit) {
      this.readRateLimit = readRateLimit;
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting, if one is invalid
     */
    public ReadSpec build() {
      if (tableName == null || tableName.isEmpty()) {
        throw new IllegalArgumentException("Cannot read DynamoDB: the table name is empty");
      }
      if (indexName != null && indexName.isEmpty()) {
        throw invalid("indexName", "''", "an index name, or null for the table");
      }
      for (AttributePath path : projection) {
        Objects.requireNonNull(path, "projection path");
      }
      if (pageSize != null && pageSize < 1) {
        throw invalid("pageSize", pageSize, "at least 1");
      }
      if (itemLimit != null && itemLimit < 1) {
        throw invalid("itemLimit", itemLimit, "at least 1");
      }
      if (maxRetries < 0) {
        throw invalid("maxRetries", maxRetries, "0 or more");
      }
      if (initialBackoff == null || initialBackoff.isNegative()) {
        throw invalid("initialBackoff", initialBackoff, "a duration >= 0");
      }
      if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
        throw invalid("maxBackoff", maxBackoff, "a duration >= initialBackoff " + initialBackoff);
      }
      return new ReadSpec(this);
    }

    private IllegalArgumentException invalid(String setting, Object value, String expected) {
      return new IllegalArgumentException(
          "Invalid "
              + setting
              + " for reading DynamoDB table "
              + tableName
              + ": "
              + value
              + "; expected "
              + expected);
    }
  }
}
