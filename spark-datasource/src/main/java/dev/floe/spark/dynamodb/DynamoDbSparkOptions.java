package dev.floe.spark.dynamodb;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.AwsCredentialsConfig;
import dev.floe.core.dynamodb.ReadRateLimit;
import dev.floe.core.dynamodb.WriteRateLimit;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of {@code format("dynamodb")}, typed and validated before any call to DynamoDB.
 * Option names are case-insensitive; the first ten keep the names of the Python data source this
 * one replaces, so existing jobs keep their options. Immutable and serializable (it travels to the
 * executors); {@link #toString()} never shows the secret key or the session token.
 */
public final class DynamoDbSparkOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The DynamoDB table to read or write. Required. */
  public static final String TABLE_NAME = "table_name";

  /** The AWS region of the table, e.g. {@code us-east-1}. Required. */
  public static final String AWS_REGION = "aws_region";

  /** Access key id of static credentials; without it the SDK's default credential chain is used. */
  public static final String AWS_ACCESS_KEY_ID = "aws_access_key_id";

  /** Secret access key of static credentials; required with {@link #AWS_ACCESS_KEY_ID}. */
  public static final String AWS_SECRET_ACCESS_KEY = "aws_secret_access_key";

  /** Session token of temporary static credentials. */
  public static final String AWS_SESSION_TOKEN = "aws_session_token";

  /** An endpoint replacing the region's, e.g. {@code http://localhost:8000} for DynamoDB Local. */
  public static final String ENDPOINT_URL = "endpoint_url";

  /** Segments of the parallel scan, one Spark partition each (default: from table size). */
  public static final String TOTAL_SEGMENTS = "total_segments";

  /** Strongly consistent reads: {@code true} or {@code false} (default). */
  public static final String CONSISTENT_READ = "consistent_read";

  /** A column whose value {@link #DELETE_FLAG_VALUE} turns the row into a delete of its key. */
  public static final String DELETE_FLAG_COLUMN = "delete_flag_column";

  /** The value of {@link #DELETE_FLAG_COLUMN} that means delete (default {@code true}). */
  public static final String DELETE_FLAG_VALUE = "delete_flag_value";

  /** Items sampled across scan segments to infer a schema (default 1000). */
  public static final String SCHEMA_SAMPLE_SIZE = "schema_sample_size";

  /** Read capacity per second for the whole read: units ({@code 100}) or percent ({@code 50%}). */
  public static final String READ_THROUGHPUT = "read_throughput";

  /** Write capacity per second for the whole write: units ({@code 100}) or percent. */
  public static final String WRITE_THROUGHPUT = "write_throughput";

  /** Whether Spark filters become DynamoDB FilterExpressions and key Queries (default true). */
  public static final String FILTER_PUSHDOWN = "filter_pushdown";

  /** A global or local secondary index to read instead of the table. */
  public static final String INDEX_NAME = "index_name";

  /** A role to assume with STS, using the credentials the other options give. */
  public static final String ASSUME_ROLE_ARN = "assume_role_arn";

  /** Default of {@link #SCHEMA_SAMPLE_SIZE}. */
  public static final int DEFAULT_SCHEMA_SAMPLE_SIZE = 1000;

  /** Default of {@link #DELETE_FLAG_VALUE}. */
  public static final String DEFAULT_DELETE_FLAG_VALUE = "true";

  /** Every option, in the order of the docs table. */
  public static final List<String> ALL =
      List.of(
          TABLE_NAME,
          AWS_REGION,
          AWS_ACCESS_KEY_ID,
          AWS_SECRET_ACCESS_KEY,
          AWS_SESSION_TOKEN,
          ENDPOINT_URL,
          TOTAL_SEGMENTS,
          CONSISTENT_READ,
          DELETE_FLAG_COLUMN,
          DELETE_FLAG_VALUE,
          SCHEMA_SAMPLE_SIZE,
          READ_THROUGHPUT,
          WRITE_THROUGHPUT,
          FILTER_PUSHDOWN,
          INDEX_NAME,
          ASSUME_ROLE_ARN);

  /**
   * Keys Spark itself adds to a catalog table's options ({@code path} for a managed location), that
   * DataFrame readers add, or that a streaming query passes on to its sink ({@code
   * checkpointLocation}, Spark's own); they are accepted and ignored. Lower case.
   */
  private static final Set<String> SPARK_KEYS = Set.of("path", "paths", "checkpointlocation");

  /** Where a catalog table's properties hold its options (Spark's TableCatalog.OPTION_PREFIX). */
  static final String CATALOG_OPTION_PREFIX = "option.";

  private final String tableName;
  private final String region;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final URI endpointUrl;
  private final Integer totalSegments;
  private final boolean consistentRead;
  private final String deleteFlagColumn;
  private final String deleteFlagValue;
  private final int schemaSampleSize;
  private final ReadRateLimit readThroughput;
  private final WriteRateLimit writeThroughput;
  private final boolean filterPushdown;
  private final String indexName;
  private final String assumeRoleArn;

  private DynamoDbSparkOptions(Builder b) {
    this.tableName = b.tableName;
    this.region = b.region;
    this.accessKeyId = b.accessKeyId;
    this.secretAccessKey = b.secretAccessKey;
    this.sessionToken = b.sessionToken;
    this.endpointUrl = b.endpointUrl;
    this.totalSegments = b.totalSegments;
    this.consistentRead = b.consistentRead;
    this.deleteFlagColumn = b.deleteFlagColumn;
    this.deleteFlagValue = b.deleteFlagValue;
    this.schemaSampleSize = b.schemaSampleSize;
    this.readThroughput = b.readThroughput;
    this.writeThroughput = b.writeThroughput;
    this.filterPushdown = b.filterPushdown;
    this.indexName = b.indexName;
    this.assumeRoleArn = b.assumeRoleArn;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The options of a DataFrame reader or writer or of a catalog table, keys in any case.
   *
   * @throws IllegalArgumentException naming the option, if one is unknown, missing or invalid; the
   *     message lists the valid options
   */
  public static DynamoDbSparkOptions parse(Map<String, String> options) {
    Map<String, String> byName = new LinkedHashMap<>();
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, String> entry : catalogTableOptions(options).entrySet()) {
      String name = entry.getKey().toLowerCase(Locale.ROOT);
      if (ALL.contains(name)) {
        byName.put(name, entry.getValue());
      } else if (!SPARK_KEYS.contains(name)) {
        unknown.add(entry.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      throw invalid(
          "Unknown option"
              + (unknown.size() == 1 ? " " : "s ")
              + String.join(", ", unknown)
              + " for format(\"dynamodb\")");
    }
    for (String required : List.of(TABLE_NAME, AWS_REGION)) {
      String value = byName.get(required);
      if (value == null || value.isBlank()) {
        throw invalid("Missing option " + required + " for format(\"dynamodb\")");
      }
    }
    Builder b =
        builder()
            .tableName(byName.get(TABLE_NAME).trim())
            .region(byName.get(AWS_REGION).trim())
            .accessKeyId(byName.get(AWS_ACCESS_KEY_ID))
            .secretAccessKey(byName.get(AWS_SECRET_ACCESS_KEY))
            .sessionToken(byName.get(AWS_SESSION_TOKEN))
            .deleteFlagColumn(byName.get(DELETE_FLAG_COLUMN))
            .indexName(byName.get(INDEX_NAME))
            .assumeRoleArn(byName.get(ASSUME_ROLE_ARN));
    if (byName.containsKey(DELETE_FLAG_VALUE)) {
      b.deleteFlagValue(byName.get(DELETE_FLAG_VALUE));
    }
    String endpoint = byName.get(ENDPOINT_URL);
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpointUrl(parseUri(endpoint.trim()));
    }
    String segments = byName.get(TOTAL_SEGMENTS);
    if (segments != null) {
      b.totalSegments(parseInt(TOTAL_SEGMENTS, segments, "a whole number from 1 to 1000000"));
    }
    if (byName.containsKey(CONSISTENT_READ)) {
      b.consistentRead(parseBoolean(CONSISTENT_READ, byName.get(CONSISTENT_READ)));
    }
    if (byName.containsKey(FILTER_PUSHDOWN)) {
      b.filterPushdown(parseBoolean(FILTER_PUSHDOWN, byName.get(FILTER_PUSHDOWN)));
    }
    if (byName.containsKey(SCHEMA_SAMPLE_SIZE)) {
      b.schemaSampleSize(
          parseInt(SCHEMA_SAMPLE_SIZE, byName.get(SCHEMA_SAMPLE_SIZE), "a whole number >= 1"));
    }
    String read = byName.get(READ_THROUGHPUT);
    if (read != null) {
      Throughput t = Throughput.parse(READ_THROUGHPUT, read);
      b.readThroughput(
          t.percent
              ? ReadRateLimit.percentOfProvisioned(t.value)
              : ReadRateLimit.unitsPerSecond(t.value));
    }
    String write = byName.get(WRITE_THROUGHPUT);
    if (write != null) {
      Throughput t = Throughput.parse(WRITE_THROUGHPUT, write);
      b.writeThroughput(
          t.percent
              ? WriteRateLimit.percentOfProvisioned(t.value)
              : WriteRateLimit.unitsPerSecond(t.value));
    }
    return b.build();
  }

  /**
   * The options among {@code properties}: a catalog table's properties hold its {@code OPTIONS
   * (...)} under the prefix {@value #CATALOG_OPTION_PREFIX}, next to Spark's own entries (provider,
   * owner, location, table properties, and on some Spark versions the options once more without
   * prefix); only the prefixed ones are options. Properties without any prefixed key are the
   * options of a DataFrame reader or writer, taken whole.
   */
  static Map<String, String> catalogTableOptions(Map<String, String> properties) {
    Map<String, String> prefixed = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      String key = entry.getKey();
      if (key.regionMatches(true, 0, CATALOG_OPTION_PREFIX, 0, CATALOG_OPTION_PREFIX.length())) {
        prefixed.put(key.substring(CATALOG_OPTION_PREFIX.length()), entry.getValue());
      }
    }
    return prefixed.isEmpty() ? properties : prefixed;
  }

  /** The DynamoDB table. */
  public String tableName() {
    return tableName;
  }

  public String region() {
    return region;
  }

  /** The access key id of static credentials, if given. */
  public Optional<String> accessKeyId() {
    return Optional.ofNullable(accessKeyId);
  }

  public Optional<URI> endpointUrl() {
    return Optional.ofNullable(endpointUrl);
  }

  /** The scan segments asked for; empty to derive them from the table size and parallelism. */
  public OptionalInt totalSegments() {
    return totalSegments == null ? OptionalInt.empty() : OptionalInt.of(totalSegments);
  }

  public boolean consistentRead() {
    return consistentRead;
  }

  public Optional<String> deleteFlagColumn() {
    return Optional.ofNullable(deleteFlagColumn);
  }

  public String deleteFlagValue() {
    return deleteFlagValue;
  }

  public int schemaSampleSize() {
    return schemaSampleSize;
  }

  /** The read rate limit for the whole read (all partitions together). */
  public Optional<ReadRateLimit> readThroughput() {
    return Optional.ofNullable(readThroughput);
  }

  /** The write rate limit for the whole write (all partitions together). */
  public Optional<WriteRateLimit> writeThroughput() {
    return Optional.ofNullable(writeThroughput);
  }

  public boolean filterPushdown() {
    return filterPushdown;
  }

  public Optional<String> indexName() {
    return Optional.ofNullable(indexName);
  }

  public Optional<String> assumeRoleArn() {
    return Optional.ofNullable(assumeRoleArn);
  }

  /** The credentials these options describe, as core understands them. */
  public AwsCredentialsConfig credentials() {
    AwsCredentialsConfig base =
        accessKeyId == null
            ? AwsCredentialsConfig.defaultChain()
            : AwsCredentialsConfig.basic(accessKeyId, secretAccessKey, sessionToken);
    return assumeRoleArn == null
        ? base
        : AwsCredentialsConfig.assumeRole(assumeRoleArn, null, null, base);
  }

  /** How to reach DynamoDB, as core's client factory takes it. */
  public AwsClientConfig clientConfig() {
    return AwsClientConfig.builder()
        .region(region)
        .endpoint(endpointUrl)
        .credentials(credentials())
        .build();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DynamoDbSparkOptions that
        && tableName.equals(that.tableName)
        && region.equals(that.region)
        && Objects.equals(accessKeyId, that.accessKeyId)
        && Objects.equals(secretAccessKey, that.secretAccessKey)
        && Objects.equals(sessionToken, that.sessionToken)
        && Objects.equals(endpointUrl, that.endpointUrl)
        && Objects.equals(totalSegments, that.totalSegments)
        && consistentRead == that.consistentRead
        && Objects.equals(deleteFlagColumn, that.deleteFlagColumn)
        && deleteFlagValue.equals(that.deleteFlagValue)
        && schemaSampleSize == that.schemaSampleSize
        && Objects.equals(readThroughput, that.readThroughput)
        && Objects.equals(writeThroughput, that.writeThroughput)
        && filterPushdown == that.filterPushdown
        && Objects.equals(indexName, that.indexName)
        && Objects.equals(assumeRoleArn, that.assumeRoleArn);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, region, accessKeyId, endpointUrl, indexName);
  }

  /** Without the secret access key and the session token. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    parts.add(TABLE_NAME + "=" + tableName);
    parts.add(AWS_REGION + "=" + region);
    if (accessKeyId != null) {
      parts.add(AWS_ACCESS_KEY_ID + "=" + accessKeyId);
      parts.add(AWS_SECRET_ACCESS_KEY + "=****");
    }
    if (sessionToken != null) {
      parts.add(AWS_SESSION_TOKEN + "=****");
    }
    if (endpointUrl != null) {
      parts.add(ENDPOINT_URL + "=" + endpointUrl);
    }
    if (totalSegments != null) {
      parts.add(TOTAL_SEGMENTS + "=" + totalSegments);
    }
    if (consistentRead) {
      parts.add(CONSISTENT_READ + "=true");
    }
    if (deleteFlagColumn != null) {
      parts.add(DELETE_FLAG_COLUMN + "=" + deleteFlagColumn);
      parts.add(DELETE_FLAG_VALUE + "=" + deleteFlagValue);
    }
    parts.add(SCHEMA_SAMPLE_SIZE + "=" + schemaSampleSize);
    if (readThroughput != null) {
      parts.add(READ_THROUGHPUT + "=" + readThroughput);
    }
    if (writeThroughput != null) {
      parts.add(WRITE_THROUGHPUT + "=" + writeThroughput);
    }
    if (!filterPushdown) {
      parts.add(FILTER_PUSHDOWN + "=false");
    }
    if (indexName != null) {
      parts.add(INDEX_NAME + "=" + indexName);
    }
    if (assumeRoleArn != null) {
      parts.add(ASSUME_ROLE_ARN + "=" + assumeRoleArn);
    }
    return "DynamoDbSparkOptions{" + String.join(", ", parts) + "}";
  }

  static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException(
        problem + ". Valid options (case-insensitive): " + String.join(", ", ALL));
  }

  private static URI parseUri(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw invalid(
            "Invalid option "
                + ENDPOINT_URL
                + "='"
                + value
                + "': expected a URL such as http://localhost:8000");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid(
          "Invalid option "
              + ENDPOINT_URL
              + "='"
              + value
              + "': expected a URL such as http://localhost:8000");
    }
  }

  private static int parseInt(String option, String value, String expected) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw invalid("Invalid option " + option + "='" + value + "': expected " + expected);
    }
  }

  private static boolean parseBoolean(String option, String value) {
    String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    throw invalid("Invalid option " + option + "='" + value + "': expected true or false");
  }

  /** A throughput option: {@code 100} capacity units per second, or {@code 50%} of provisioned. */
  private static final class Throughput {
    final double value;
    final boolean percent;

    private Throughput(double value, boolean percent) {
      this.value = value;
      this.percent = percent;
    }

    static Throughput parse(String option, String text) {
      String trimmed = text == null ? "" : text.trim();
      boolean percent = trimmed.endsWith("%");
      String number = percent ? trimmed.substring(0, trimmed.length() - 1).trim() : trimmed;
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!(value > 0) || Double.isInfinite(value) || (percent && value > 100)) {
        throw invalid(
            "Invalid option "
                + option
                + "='"
                + text
                + "': expected capacity units per second (a number > 0, e.g. 100) or a"
                + " percentage of the table's provisioned capacity (0 < p <= 100, e.g. 50%)");
      }
      return new Throughput(value, percent);
    }
  }

  /** Builds {@link DynamoDbSparkOptions}; {@link #build()} checks every setting. */
  public static final class Builder {
    private String tableName;
    private String region;
    private String accessKeyId;
    private String secretAccessKey;
    private String sessionToken;
    private URI endpointUrl;
    private Integer totalSegments;
    private boolean consistentRead;
    private String deleteFlagColumn;
    private String deleteFlagValue = DEFAULT_DELETE_FLAG_VALUE;
    private int schemaSampleSize = DEFAULT_SCHEMA_SAMPLE_SIZE;
    private ReadRateLimit readThroughput;
    private WriteRateLimit writeThroughput;
    private boolean filterPushdown = true;
    private String indexName;
    private String assumeRoleArn;

    private Builder() {}

    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder accessKeyId(String accessKeyId) {
      this.accessKeyId = blankToNull(accessKeyId);
      return this;
    }

    public Builder secretAccessKey(String secretAccessKey) {
      this.secretAccessKey = blankToNull(secretAccessKey);
      return this;
    }

    public Builder sessionToken(String sessionToken) {
      this.sessionToken = blankToNull(sessionToken);
      return this;
    }

    public Builder endpointUrl(URI endpointUrl) {
      this.endpointUrl = endpointUrl;
      return this;
    }

    /** Null to derive the segments from the table size and Spark's parallelism. */
    public Builder totalSegments(Integer totalSegments) {
      this.totalSegments = totalSegments;
      return this;
    }

    public Builder consistentRead(boolean consistentRead) {
      this.consistentRead = consistentRead;
      return this;
    }

    public Builder deleteFlagColumn(String deleteFlagColumn) {
      this.deleteFlagColumn = blankToNull(deleteFlagColumn);
      return this;
    }

    public Builder deleteFlagValue(String deleteFlagValue) {
      this.deleteFlagValue = deleteFlagValue;
      return this;
    }

    public Builder schemaSampleSize(int schemaSampleSize) {
      this.schemaSampleSize = schemaSampleSize;
      return this;
    }

    public Builder readThroughput(ReadRateLimit readThroughput) {
      this.readThroughput = readThroughput;
      return this;
    }

    public Builder writeThroughput(WriteRateLimit writeThroughput) {
      this.writeThroughput = writeThroughput;
      return this;
    }

    public Builder filterPushdown(boolean filterPushdown) {
      this.filterPushdown = filterPushdown;
      return this;
    }

    public Builder indexName(String indexName) {
      this.indexName = blankToNull(indexName);
      return this;
    }

    public Builder assumeRoleArn(String assumeRoleArn) {
      this.assumeRoleArn = blankToNull(assumeRoleArn);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the option, if a setting is missing or invalid
     */
    public DynamoDbSparkOptions build() {
      if (tableName == null || tableName.isBlank()) {
        throw invalid("Missing option " + TABLE_NAME + " for format(\"dynamodb\")");
      }
      if (region == null || region.isBlank()) {
        throw invalid("Missing option " + AWS_REGION + " for format(\"dynamodb\")");
      }
      if ((accessKeyId == null) != (secretAccessKey == null)) {
        throw invalid(
            "Options "
                + AWS_ACCESS_KEY_ID
                + " and "
                + AWS_SECRET_ACCESS_KEY
                + " go together: "
                + (accessKeyId == null ? AWS_ACCESS_KEY_ID : AWS_SECRET_ACCESS_KEY)
                + " is missing");
      }
      if (sessionToken != null && accessKeyId == null) {
        throw invalid(
            "Option "
                + AWS_SESSION_TOKEN
                + " needs "
                + AWS_ACCESS_KEY_ID
                + " and "
                + AWS_SECRET_ACCESS_KEY);
      }
      if (totalSegments != null && (totalSegments < 1 || totalSegments > 1_000_000)) {
        throw invalid(
            "Invalid option "
                + TOTAL_SEGMENTS
                + "='"
                + totalSegments
                + "': expected a whole number from 1 to 1000000");
      }
      if (schemaSampleSize < 1) {
        throw invalid(
            "Invalid option "
                + SCHEMA_SAMPLE_SIZE
                + "='"
                + schemaSampleSize
                + "': expected a whole number >= 1");
      }
      if (deleteFlagValue == null) {
        throw invalid("Invalid option " + DELETE_FLAG_VALUE + ": it must not be null");
      }
      return new DynamoDbSparkOptions(this);
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.trim();
    }
  }
}
