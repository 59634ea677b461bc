package dev.floe.flink.dynamodb.table;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the {@code dynamodb} SQL connector. Every option of the Apache Flink DynamoDB
 * connector is here with the same name and default, so its DDL runs unchanged; Floe's own options
 * follow. {@code docs/flink-sink.md} lists them side by side.
 */
public final class DynamoDbConnectorOptions {

  /** The identifier used in {@code WITH ('connector' = 'dynamodb')}. */
  public static final String IDENTIFIER = "dynamodb";

  // ------------------------------------------------------------------ common (official)

  public static final ConfigOption<String> TABLE_NAME =
      ConfigOptions.key("table-name")
          .stringType()
          .noDefaultValue()
          .withDescription("Name of the DynamoDB table to read from or write to.");

  public static final ConfigOption<String> AWS_REGION =
      ConfigOptions.key("aws.region")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "AWS region of the table, for example 'us-east-1'. When unset, the AWS default"
                  + " region chain (AWS_REGION, the profile, instance metadata) decides when the"
                  + " statement is planned.");

  public static final ConfigOption<String> AWS_ENDPOINT =
      ConfigOptions.key("aws.endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Endpoint override for DynamoDB, e.g. http://localhost:8000 for DynamoDB Local.");

  public static final ConfigOption<Boolean> AWS_TRUST_ALL_CERTIFICATES =
      ConfigOptions.key("aws.trust.all.certificates")
          .booleanType()
          .defaultValue(false)
          .withDescription("If true, accepts all SSL certificates (for test endpoints only).");

  // ------------------------------------------------------------------ credentials (official)

  public static final ConfigOption<CredentialsProviderType> AWS_CREDENTIALS_PROVIDER =
      ConfigOptions.key("aws.credentials.provider")
          .enumType(CredentialsProviderType.class)
          .defaultValue(CredentialsProviderType.AUTO)
          .withDescription(
              "Where credentials come from: AUTO (the default chain), BASIC, ENV_VAR, SYS_PROP,"
                  + " PROFILE, ASSUME_ROLE, WEB_IDENTITY_TOKEN or CUSTOM.");

  public static final ConfigOption<String> AWS_ACCESS_KEY_ID =
      ConfigOptions.key("aws.credentials.basic.accesskeyid")
          .stringType()
          .noDefaultValue()
          .withDescription("Access key ID for the BASIC provider.");

  public static final ConfigOption<String> AWS_SECRET_ACCESS_KEY =
      ConfigOptions.key("aws.credentials.basic.secretkey")
          .stringType()
          .noDefaultValue()
          .withDescription("Secret access key for the BASIC provider. Never logged.");

  public static final ConfigOption<String> AWS_SESSION_TOKEN =
      ConfigOptions.key("aws.credentials.basic.sessiontoken")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Session token for temporary BASIC credentials (Floe's addition). Never logged.");

  public static final ConfigOption<String> AWS_PROFILE_PATH =
      ConfigOptions.key("aws.credentials.profile.path")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Credentials file for the PROFILE provider (default: ~/.aws/credentials).");

  public static final ConfigOption<String> AWS_PROFILE_NAME =
      ConfigOptions.key("aws.credentials.profile.name")
          .stringType()
          .noDefaultValue()
          .withDescription("Profile name for the PROFILE provider (default: 'default').");

  public static final ConfigOption<String> AWS_ROLE_ARN =
      ConfigOptions.key("aws.credentials.role.arn")
          .stringType()
          .noDefaultValue()
          .withDescription("Role to assume for ASSUME_ROLE and WEB_IDENTITY_TOKEN.");

  public static final ConfigOption<String> AWS_ROLE_SESSION_NAME =
      ConfigOptions.key("aws.credentials.role.sessionName")
          .stringType()
          .noDefaultValue()
          .withDescription("Session name for ASSUME_ROLE and WEB_IDENTITY_TOKEN.");

  public static final ConfigOption<String> AWS_ROLE_EXTERNAL_ID =
      ConfigOptions.key("aws.credentials.role.externalId")
          .stringType()
          .noDefaultValue()
          .withDescription("External ID for ASSUME_ROLE.");

  public static final ConfigOption<CredentialsProviderType> AWS_ROLE_CREDENTIALS_PROVIDER =
      ConfigOptions.key("aws.credentials.role.provider")
          .enumType(CredentialsProviderType.class)
          .defaultValue(CredentialsProviderType.AUTO)
          .withDescription(
              "Where the credentials that assume the role come from, for ASSUME_ROLE: AUTO,"
                  + " ENV_VAR, SYS_PROP, BASIC or PROFILE, with their options under"
                  + " 'aws.credentials.role.provider.' as in the Apache Flink AWS connectors.");

  public static final ConfigOption<String> AWS_ROLE_PROVIDER_ACCESS_KEY_ID =
      ConfigOptions.key("aws.credentials.role.provider.basic.accesskeyid")
          .stringType()
          .noDefaultValue()
          .withDescription("Access key ID that assumes the role when the role provider is BASIC.");

  public static final ConfigOption<String> AWS_ROLE_PROVIDER_SECRET_ACCESS_KEY =
      ConfigOptions.key("aws.credentials.role.provider.basic.secretkey")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Secret access key that assumes the role when the role provider is BASIC. Never"
                  + " logged.");

  public static final ConfigOption<String> AWS_ROLE_PROVIDER_PROFILE_PATH =
      ConfigOptions.key("aws.credentials.role.provider.profile.path")
          .stringType()
          .noDefaultValue()
          .withDescription("Credentials file when the role provider is PROFILE.");

  public static final ConfigOption<String> AWS_ROLE_PROVIDER_PROFILE_NAME =
      ConfigOptions.key("aws.credentials.role.provider.profile.name")
          .stringType()
          .noDefaultValue()
          .withDescription("Profile name when the role provider is PROFILE.");

  public static final ConfigOption<String> AWS_ROLE_STS_ENDPOINT =
      ConfigOptions.key("aws.credentials.role.stsEndpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Accepted for compatibility; STS is reached through its regional endpoint.");

  public static final ConfigOption<String> AWS_WEB_IDENTITY_TOKEN_FILE =
      ConfigOptions.key("aws.credentials.webIdentityToken.file")
          .stringType()
          .noDefaultValue()
          .withDescription("Web identity token file for WEB_IDENTITY_TOKEN.");

  public static final ConfigOption<String> AWS_CUSTOM_CREDENTIALS_PROVIDER_CLASS =
      ConfigOptions.key("aws.credentials.custom.class")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "For CUSTOM: a class implementing the AWS SDK v2 AwsCredentialsProvider with a public"
                  + " no-argument constructor or a static create() method.");

  // ------------------------------------------------------------------ sink (official)

  public static final ConfigOption<Integer> SINK_BATCH_MAX_SIZE =
      ConfigOptions.key("sink.batch.max-size")
          .intType()
          .defaultValue(25)
          .withDescription("Most items in one BatchWriteItem request (1 to 25).");

  public static final ConfigOption<Integer> SINK_REQUESTS_MAX_INFLIGHT =
      ConfigOptions.key("sink.requests.max-inflight")
          .intType()
          .defaultValue(50)
          .withDescription("Most requests in flight at once per sink subtask.");

  public static final ConfigOption<Integer> SINK_REQUESTS_MAX_BUFFERED =
      ConfigOptions.key("sink.requests.max-buffered")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Most writes buffered or in flight per subtask before the sink applies backpressure.");

  public static final ConfigOption<Long> SINK_FLUSH_BUFFER_SIZE =
      ConfigOptions.key("sink.flush-buffer.size")
          .longType()
          .defaultValue(16L * 1024 * 1024)
          .withDescription(
              "Most bytes in one request, as DynamoDB computes item sizes (at most 16 MiB, the"
                  + " BatchWriteItem limit).");

  public static final ConfigOption<Long> SINK_FLUSH_BUFFER_TIMEOUT =
      ConfigOptions.key("sink.flush-buffer.timeout")
          .longType()
          .defaultValue(5_000L)
          .withDescription("Milliseconds a write may wait in the buffer before it is sent.");

  public static final ConfigOption<Boolean> SINK_FAIL_ON_ERROR =
      ConfigOptions.key("sink.fail-on-error")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "If true, a failed request (throttled, 5xx, connection reset) is not retried and"
                  + " fails the job; items DynamoDB returns as unprocessed are still retried, as"
                  + " in the Apache Flink connector. If false, failed requests are retried with"
                  + " backoff too. Errors no retry can fix (validation, missing table,"
                  + " credentials) always fail.");

  public static final ConfigOption<Boolean> SINK_IGNORE_NULLS =
      ConfigOptions.key("sink.ignore-nulls")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "If true, null columns are left out of the item; if false they are written as"
                  + " DynamoDB NULL.");

  public static final ConfigOption<Integer> SINK_HTTP_CLIENT_MAX_CONCURRENCY =
      ConfigOptions.key("sink.http-client.max-concurrency")
          .intType()
          .defaultValue(10_000)
          .withDescription("Most concurrent HTTP requests of the sink's client.");

  public static final ConfigOption<Integer> SINK_HTTP_CLIENT_READ_TIMEOUT =
      ConfigOptions.key("sink.http-client.read-timeout")
          .intType()
          .defaultValue(360_000)
          .withDescription("Socket read timeout of the sink's client, in milliseconds.");

  public static final ConfigOption<String> SINK_HTTP_CLIENT_PROTOCOL_VERSION =
      ConfigOptions.key("sink.http-client.protocol.version")
          .stringType()
          .noDefaultValue()
          .withDescription("Accepted for compatibility; DynamoDB is reached over HTTP/1.1.");

  // ------------------------------------------------------------------ sink (Floe)

  public static final ConfigOption<String> SINK_CONDITION_ATTRIBUTE =
      ConfigOptions.key("sink.condition.attribute")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "A version or datetime column: a row is written only if the stored item is absent or"
                  + " holds a strictly lower value there (numbers compare numerically, ISO-8601 UTC"
                  + " strings in time order). Skipped rows are counted, not failed, so replays and"
                  + " late data are safe.");

  public static final ConfigOption<String> SINK_DELETE_FLAG_COLUMN =
      ConfigOptions.key("sink.delete-flag.column")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "A column that turns a row into a delete of its key when it holds"
                  + " 'sink.delete-flag.value'. The column itself is never written.");

  public static final ConfigOption<String> SINK_DELETE_FLAG_VALUE =
      ConfigOptions.key("sink.delete-flag.value")
          .stringType()
          .defaultValue("true")
          .withDescription("The value of 'sink.delete-flag.column' that means delete.");

  public static final ConfigOption<String> SINK_TIMESTAMP_ENCODING =
      ConfigOptions.key("sink.timestamp-encoding")
          .stringType()
          .defaultValue("ISO_8601")
          .withDescription(
              "How TIMESTAMP and TIMESTAMP_LTZ are stored: ISO_8601 strings (as the Apache Flink"
                  + " connector writes), or EPOCH_SECONDS, EPOCH_MILLIS, EPOCH_MICROS, EPOCH_NANOS"
                  + " numbers.");

  public static final ConfigOption<String> SINK_WRITE_RATE_LIMIT =
      ConfigOptions.key("sink.write-rate-limit")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Most write capacity units per second the whole sink consumes, as a number ('500')"
                  + " or a percentage of the table's provisioned write capacity ('50%'); each"
                  + " subtask takes an equal share.");

  public static final ConfigOption<Integer> SINK_RETRY_MAX_RETRIES =
      ConfigOptions.key("sink.retry.max-retries")
          .intType()
          .defaultValue(50)
          .withDescription("Retries of one write before the job fails with its key.");

  public static final ConfigOption<Duration> SINK_RETRY_INITIAL_BACKOFF =
      ConfigOptions.key("sink.retry.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(50))
          .withDescription("First retry delay; it doubles each retry, with full jitter.");

  public static final ConfigOption<Duration> SINK_RETRY_MAX_BACKOFF =
      ConfigOptions.key("sink.retry.max-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Longest retry delay.");

  // ------------------------------------------------------------------ scan (Floe)

  public static final ConfigOption<Integer> SCAN_SEGMENTS =
      ConfigOptions.key("scan.segments")
          .intType()
          .noDefaultValue()
          .withDescription(
              "TotalSegments of the parallel Scan. When unset, max(parallelism, table size / 128"
                  + " MiB), at most 1,000,000. A Query (the partition key bound by an equality"
                  + " filter) is always one segment.");

  public static final ConfigOption<Integer> SCAN_PAGE_SIZE =
      ConfigOptions.key("scan.page-size")
          .intType()
          .noDefaultValue()
          .withDescription(
              "DynamoDB's Limit: items evaluated (before the filter) per Scan or Query request."
                  + " When unset, DynamoDB's 1 MB page.");

  public static final ConfigOption<Boolean> SCAN_CONSISTENT_READ =
      ConfigOptions.key("scan.consistent-read")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Strongly consistent reads for scans and lookups (twice the read capacity; not on"
                  + " global secondary indexes).");

  public static final ConfigOption<String> SCAN_INDEX_NAME =
      ConfigOptions.key("scan.index-name")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "A global or local secondary index to scan instead of the table. Lookups always read"
                  + " the table by its primary key.");

  public static final ConfigOption<String> SCAN_READ_RATE_LIMIT =
      ConfigOptions.key("scan.read-rate-limit")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Read capacity units per second ('500') or a percentage of the table's provisioned"
                  + " read capacity ('50%'): for a scan, the whole source's, shared equally among"
                  + " its readers; for lookups, each lookup function's.");

  public static final ConfigOption<OnTypeMismatchOption> SCAN_ON_TYPE_MISMATCH =
      ConfigOptions.key("scan.on-type-mismatch")
          .enumType(OnTypeMismatchOption.class)
          .defaultValue(OnTypeMismatchOption.FAIL)
          .withDescription(
              "What to do with an attribute whose DynamoDB value does not fit its column: 'fail'"
                  + " the job naming the item key and attribute, read it as 'null', or 'skip' the"
                  + " item (counted in a metric). Applies to scans and lookups.");

  public static final ConfigOption<Boolean> SCAN_FILTER_PUSHDOWN_ENABLED =
      ConfigOptions.key("scan.filter-pushdown.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Whether WHERE predicates that DynamoDB evaluates exactly as Flink does are sent as"
                  + " FilterExpression / KeyConditionExpression (equality on the partition key"
                  + " makes the read a Query). Set false to filter only in Flink.");

  // ------------------------------------------------------------------ lookup (Floe)

  public static final ConfigOption<Boolean> LOOKUP_ASYNC =
      ConfigOptions.key("lookup.async")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Whether lookup joins use the asynchronous lookup function, which batches the keys"
                  + " of concurrent lookups into BatchGetItem requests of up to 100 keys; false"
                  + " sends one BatchGetItem per lookup.");

  public static final ConfigOption<Duration> LOOKUP_BATCH_MAX_WAIT =
      ConfigOptions.key("lookup.batch.max-wait")
          .durationType()
          .defaultValue(Duration.ofMillis(5))
          .withDescription(
              "With 'lookup.async', how long a batch waits for more keys after its first one"
                  + " before it is read (it is read at once when it has 100 distinct keys).");

  // ------------------------------------------------------------------ columns (Floe)

  public static final ConfigOption<List<String>> DOCUMENT_COLUMNS =
      ConfigOptions.key("document-columns")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription(
              "STRING columns that hold their attribute whatever its DynamoDB type, as DynamoDB"
                  + " JSON text such as '{\"N\":\"7\"}' or '{\"M\":{\"k\":{\"S\":\"v\"}}}':"
                  + " reading renders the attribute as that text, writing parses the text back"
                  + " into the attribute, so nothing is lost either way. Separate columns with"
                  + " ';'. Not a key column. The dynamodb catalog sets it for attributes of"
                  + " conflicting types.");

  public static final ConfigOption<List<String>> SET_COLUMNS =
      ConfigOptions.key("set-columns")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription(
              "ARRAY (or MULTISET) columns stored as DynamoDB sets: written as a string, number"
                  + " or binary set (SS, NS or BS, after the element type) and read from one."
                  + " Without it an ARRAY is a DynamoDB list (L). Separate columns with ';'. Not a"
                  + " key column. The dynamodb catalog sets it for set attributes.");

  /** Values of {@link #SCAN_ON_TYPE_MISMATCH}. */
  public enum OnTypeMismatchOption {
    FAIL,
    NULL,
    SKIP
  }

  /** Values of {@link #AWS_CREDENTIALS_PROVIDER}, as the Apache Flink AWS connectors name them. */
  public enum CredentialsProviderType {
    AUTO,
    BASIC,
    ENV_VAR,
    SYS_PROP,
    PROFILE,
    ASSUME_ROLE,
    WEB_IDENTITY_TOKEN,
    CUSTOM
  }

  private DynamoDbConnectorOptions() {}
}
