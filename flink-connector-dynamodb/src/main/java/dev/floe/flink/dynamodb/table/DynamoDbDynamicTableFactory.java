package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.TimestampEncoding;
import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.ReadRateLimit;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.core.dynamodb.WriteRateLimit;
import dev.floe.flink.dynamodb.source.RowDataItemDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code dynamodb} SQL connector: {@code CREATE TABLE t (...) WITH ('connector' = 'dynamodb',
 * 'table-name' = '...', 'aws.region' = '...')}. It accepts every option of the Apache Flink
 * DynamoDB connector with the same meaning and default, plus Floe's (see {@link
 * DynamoDbConnectorOptions}); options are checked and the table's key schema is compared with the
 * declared PRIMARY KEY / PARTITIONED BY when the statement is planned, before any write.
 */
public final class DynamoDbDynamicTableFactory
    implements DynamicTableSinkFactory, DynamicTableSourceFactory {

  @Override
  public String factoryIdentifier() {
    return DynamoDbConnectorOptions.IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(DynamoDbConnectorOptions.TABLE_NAME);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    Set<ConfigOption<?>> options = new HashSet<>();
    for (java.lang.reflect.Field field : DynamoDbConnectorOptions.class.getFields()) {
      if (ConfigOption.class.isAssignableFrom(field.getType())) {
        try {
          options.add((ConfigOption<?>) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    options.remove(DynamoDbConnectorOptions.TABLE_NAME);
    options.add(FactoryUtil.SINK_PARALLELISM);
    options.add(LookupOptions.CACHE_TYPE);
    options.add(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS);
    options.add(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE);
    options.add(LookupOptions.PARTIAL_CACHE_MAX_ROWS);
    options.add(LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY);
    options.add(LookupOptions.MAX_RETRIES);
    return options;
  }

  @Override
  public Set<ConfigOption<?>> forwardOptions() {
    return Set.of();
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    ResolvedCatalogTable table = context.getCatalogTable();
    String tableName = options.get(DynamoDbConnectorOptions.TABLE_NAME);
    AwsClientConfig clientConfig = AwsClientOptions.clientConfig(options);
    DynamoDbWriterConfig writerConfig = writerConfig(options, tableName);
    ResolvedSchema schema = table.getResolvedSchema();
    String deleteFlagColumn =
        options.getOptional(DynamoDbConnectorOptions.SINK_DELETE_FLAG_COLUMN).orElse(null);
    checkColumn(schema, deleteFlagColumn, DynamoDbConnectorOptions.SINK_DELETE_FLAG_COLUMN);
    checkColumn(
        schema,
        writerConfig.conditionAttribute().orElse(null),
        DynamoDbConnectorOptions.SINK_CONDITION_ATTRIBUTE);
    DocumentAndSetColumns documentAndSetColumns = documentAndSetColumns(options, table);

    TableKeySchema keySchema = describeKeySchema(clientConfig, tableName);
    checkKeysAgree(table, schema, keySchema, tableName);
    checkNotKeyAttributes(options, keySchema, tableName);

    return new DynamoDbDynamicTableSink(
        clientConfig,
        writerConfig,
        keySchema,
        schema,
        documentAndSetColumns,
        conversionOptions(options),
        deleteFlagColumn,
        options.get(DynamoDbConnectorOptions.SINK_DELETE_FLAG_VALUE),
        !schema.getPrimaryKey().isEmpty(),
        options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    String tableName = options.get(DynamoDbConnectorOptions.TABLE_NAME);
    AwsClientConfig clientConfig = AwsClientOptions.clientConfig(options);
    ReadSpec spec = readSpec(options, tableName);
    Integer segments = options.getOptional(DynamoDbConnectorOptions.SCAN_SEGMENTS).orElse(null);
    if (segments != null && (segments < 1 || segments > 1_000_000)) {
      throw new ValidationException(
          "Option 'scan.segments' must be 1 to 1000000 (DynamoDB's TotalSegments), but is "
              + segments
              + ".");
    }
    LookupOptions.LookupCacheType cacheType = options.get(LookupOptions.CACHE_TYPE);
    if (cacheType == LookupOptions.LookupCacheType.FULL) {
      throw new ValidationException(
          "Option 'lookup.cache' = 'FULL' is not supported by the dynamodb connector; use"
              + " 'PARTIAL' or 'NONE'.");
    }
    int lookupMaxRetries = options.get(LookupOptions.MAX_RETRIES);
    if (lookupMaxRetries < 0) {
      throw new ValidationException(
          "Option 'lookup.max-retries' must be 0 or more, but is " + lookupMaxRetries + ".");
    }

    Duration lookupBatchMaxWait = options.get(DynamoDbConnectorOptions.LOOKUP_BATCH_MAX_WAIT);
    if (lookupBatchMaxWait.isNegative()) {
      throw new ValidationException(
          "Option 'lookup.batch.max-wait' must be 0 or more, but is " + lookupBatchMaxWait + ".");
    }

    DocumentAndSetColumns documentAndSetColumns =
        documentAndSetColumns(options, context.getCatalogTable());

    TableKeySchema keySchema = describeKeySchema(clientConfig, tableName);
    checkNotKeyAttributes(options, keySchema, tableName);
    RowDataItemDeserializer.OnTypeMismatch onTypeMismatch =
        RowDataItemDeserializer.OnTypeMismatch.valueOf(
            options.get(DynamoDbConnectorOptions.SCAN_ON_TYPE_MISMATCH).name());
    return new DynamoDbDynamicTableSource(
        clientConfig,
        spec,
        segments,
        keySchema,
        context.getPhysicalRowDataType(),
        documentAndSetColumns,
        conversionOptions(options),
        onTypeMismatch,
        options.get(DynamoDbConnectorOptions.SCAN_FILTER_PUSHDOWN_ENABLED),
        cacheType == LookupOptions.LookupCacheType.PARTIAL ? lookupCache(options) : null,
        lookupMaxRetries,
        options.get(DynamoDbConnectorOptions.LOOKUP_ASYNC),
        lookupBatchMaxWait);
  }

  private static DefaultLookupCache lookupCache(ReadableConfig options) {
    try {
      return DefaultLookupCache.fromConfig(options);
    } catch (IllegalArgumentException e) {
      // Flink's message names the options: a partial cache needs an eviction rule.
      throw new ValidationException("Invalid lookup cache options: " + e.getMessage(), e);
    }
  }

  static ReadSpec readSpec(ReadableConfig options, String tableName) {
    ReadSpec.Builder builder =
        ReadSpec.builder(tableName)
            .consistentRead(options.get(DynamoDbConnectorOptions.SCAN_CONSISTENT_READ))
            .indexName(options.getOptional(DynamoDbConnectorOptions.SCAN_INDEX_NAME).orElse(null))
            .pageSize(options.getOptional(DynamoDbConnectorOptions.SCAN_PAGE_SIZE).orElse(null));
    options
        .getOptional(DynamoDbConnectorOptions.SCAN_READ_RATE_LIMIT)
        .ifPresent(limit -> builder.readRateLimit(readRateLimit(limit)));
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ValidationException("Invalid scan options: " + e.getMessage(), e);
    }
  }

  private static ReadRateLimit readRateLimit(String text) {
    String trimmed = text.trim();
    try {
      if (trimmed.endsWith("%")) {
        return ReadRateLimit.percentOfProvisioned(
            Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim()));
      }
      return ReadRateLimit.unitsPerSecond(Double.parseDouble(trimmed));
    } catch (RuntimeException e) {
      throw new ValidationException(
          "Option 'scan.read-rate-limit' must be read capacity units per second ('500') or a"
              + " percentage of the provisioned read capacity ('50%'), but is '"
              + text
              + "'.");
    }
  }

  static DynamoDbWriterConfig writerConfig(ReadableConfig options, String tableName) {
    int batchSize = options.get(DynamoDbConnectorOptions.SINK_BATCH_MAX_SIZE);
    if (batchSize < 1 || batchSize > 25) {
      throw new ValidationException(
          "Option 'sink.batch.max-size' must be 1 to 25 (DynamoDB's BatchWriteItem limit), but is "
              + batchSize
              + ".");
    }
    boolean failOnError = options.get(DynamoDbConnectorOptions.SINK_FAIL_ON_ERROR);
    DynamoDbWriterConfig.Builder builder =
        DynamoDbWriterConfig.builder(tableName)
            .maxBatchSize(batchSize)
            .maxInFlightRequests(
                positive(options, DynamoDbConnectorOptions.SINK_REQUESTS_MAX_INFLIGHT))
            .maxBufferedRequests(
                positive(options, DynamoDbConnectorOptions.SINK_REQUESTS_MAX_BUFFERED))
            .maxBatchBytes(
                Math.min(
                    options.get(DynamoDbConnectorOptions.SINK_FLUSH_BUFFER_SIZE),
                    16L * 1024 * 1024))
            .flushInterval(
                Duration.ofMillis(options.get(DynamoDbConnectorOptions.SINK_FLUSH_BUFFER_TIMEOUT)))
            .maxRetries(options.get(DynamoDbConnectorOptions.SINK_RETRY_MAX_RETRIES))
            .failOnRequestError(failOnError)
            .initialBackoff(options.get(DynamoDbConnectorOptions.SINK_RETRY_INITIAL_BACKOFF))
            .maxBackoff(options.get(DynamoDbConnectorOptions.SINK_RETRY_MAX_BACKOFF));
    options
        .getOptional(DynamoDbConnectorOptions.SINK_CONDITION_ATTRIBUTE)
        .ifPresent(builder::conditionAttribute);
    options
        .getOptional(DynamoDbConnectorOptions.SINK_WRITE_RATE_LIMIT)
        .ifPresent(limit -> builder.writeRateLimit(rateLimit(limit)));
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The core builder names the option in its message (e.g. sink.requests.max-buffered).
      throw new ValidationException("Invalid sink options: " + e.getMessage(), e);
    }
  }

  private static int positive(ReadableConfig options, ConfigOption<Integer> option) {
    int value = options.get(option);
    if (value < 1) {
      throw new ValidationException(
          "Option '" + option.key() + "' must be at least 1, but is " + value + ".");
    }
    return value;
  }

  private static WriteRateLimit rateLimit(String text) {
    String trimmed = text.trim();
    try {
      if (trimmed.endsWith("%")) {
        return WriteRateLimit.percentOfProvisioned(
            Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim()));
      }
      return WriteRateLimit.unitsPerSecond(Double.parseDouble(trimmed));
    } catch (NumberFormatException | ConversionException e) {
      throw new ValidationException(
          "Option 'sink.write-rate-limit' must be write capacity units per second ('500') or a"
              + " percentage of the provisioned write capacity ('50%'), but is '"
              + text
              + "'.");
    }
  }

  static ConversionOptions conversionOptions(ReadableConfig options) {
    String encoding = options.get(DynamoDbConnectorOptions.SINK_TIMESTAMP_ENCODING);
    TimestampEncoding parsed;
    try {
      parsed = TimestampEncoding.valueOf(encoding.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException(
          "Option 'sink.timestamp-encoding' must be one of "
              + Arrays.toString(TimestampEncoding.values())
              + ", but is '"
              + encoding
              + "'.");
    }
    return ConversionOptions.builder()
        .timestampEncoding(parsed)
        .ignoreNulls(options.get(DynamoDbConnectorOptions.SINK_IGNORE_NULLS))
        .build();
  }

  /**
   * The columns of {@code document-columns} and {@code set-columns}, checked against the declared
   * schema: physical, not in the declared key, of a type that holds documents (STRING) or sets
   * (ARRAY or MULTISET of a string, numeric or binary type), and in one list only.
   */
  static DocumentAndSetColumns documentAndSetColumns(
      ReadableConfig options, ResolvedCatalogTable table) {
    List<String> documentColumns =
        options.getOptional(DynamoDbConnectorOptions.DOCUMENT_COLUMNS).orElse(List.of());
    List<String> setColumns =
        options.getOptional(DynamoDbConnectorOptions.SET_COLUMNS).orElse(List.of());
    if (documentColumns.isEmpty() && setColumns.isEmpty()) {
      return DocumentAndSetColumns.NONE;
    }
    ResolvedSchema schema = table.getResolvedSchema();
    Set<String> declaredKey = new LinkedHashSet<>(table.getPartitionKeys());
    schema.getPrimaryKey().ifPresent(key -> declaredKey.addAll(key.getColumns()));
    for (String column : documentColumns) {
      LogicalType type =
          physicalColumnType(schema, column, DynamoDbConnectorOptions.DOCUMENT_COLUMNS);
      checkNotDeclaredKey(declaredKey, column, DynamoDbConnectorOptions.DOCUMENT_COLUMNS);
      if (!FlinkTypeMapping.holdsDocuments(type)) {
        throw new ValidationException(
            "Option 'document-columns' names column '"
                + column
                + "' of type "
                + type.asSummaryString()
                + ", but a document column must be STRING (or VARCHAR, CHAR): it holds the"
                + " attribute as DynamoDB JSON text such as {\"N\":\"7\"}.");
      }
      if (setColumns.contains(column)) {
        throw new ValidationException(
            "Column '"
                + column
                + "' is named by both 'document-columns' and 'set-columns'; a column holds either"
                + " a DynamoDB document or a set.");
      }
    }
    for (String column : setColumns) {
      LogicalType type = physicalColumnType(schema, column, DynamoDbConnectorOptions.SET_COLUMNS);
      checkNotDeclaredKey(declaredKey, column, DynamoDbConnectorOptions.SET_COLUMNS);
      if (!FlinkTypeMapping.holdsSets(type)) {
        throw new ValidationException(
            "Option 'set-columns' names column '"
                + column
                + "' of type "
                + type.asSummaryString()
                + ", but a set column must be an ARRAY or MULTISET of a string, numeric or binary"
                + " type (stored as a DynamoDB SS, NS or BS), e.g. ARRAY<STRING>.");
      }
    }
    return DocumentAndSetColumns.of(documentColumns, setColumns);
  }

  private static LogicalType physicalColumnType(
      ResolvedSchema schema, String column, ConfigOption<?> option) {
    checkColumn(schema, column, option);
    Column found = schema.getColumn(column).orElseThrow();
    if (!found.isPhysical()) {
      throw new ValidationException(
          "Option '"
              + option.key()
              + "' names column '"
              + column
              + "', which is a "
              + (found instanceof Column.ComputedColumn ? "computed" : "metadata")
              + " column; only physical columns are stored in DynamoDB.");
    }
    return found.getDataType().getLogicalType();
  }

  private static void checkNotDeclaredKey(
      Set<String> declaredKey, String column, ConfigOption<?> option) {
    if (declaredKey.contains(column)) {
      throw new ValidationException(
          "Option '"
              + option.key()
              + "' names column '"
              + column
              + "', which is in the declared PRIMARY KEY or PARTITIONED BY; DynamoDB key"
              + " attributes are strings, numbers or binary, so name only non-key columns.");
    }
  }

  /** The table's real key, known after DescribeTable, may differ from a missing declared one. */
  private static void checkNotKeyAttributes(
      ReadableConfig options, TableKeySchema keySchema, String tableName) {
    for (ConfigOption<List<String>> option :
        List.of(DynamoDbConnectorOptions.DOCUMENT_COLUMNS, DynamoDbConnectorOptions.SET_COLUMNS)) {
      for (String column : options.getOptional(option).orElse(List.of())) {
        if (keySchema.attributeNames().contains(column)) {
          throw new ValidationException(
              "Option '"
                  + option.key()
                  + "' names column '"
                  + column
                  + "', which is a key attribute of DynamoDB table '"
                  + tableName
                  + "'; DynamoDB key attributes are strings, numbers or binary, so name only"
                  + " non-key columns.");
        }
      }
    }
  }

  private static void checkColumn(ResolvedSchema schema, String column, ConfigOption<?> option) {
    if (column != null && !schema.getColumnNames().contains(column)) {
      throw new ValidationException(
          "Option '"
              + option.key()
              + "' names column '"
              + column
              + "', which the table does not have; its columns are "
              + schema.getColumnNames()
              + ".");
    }
  }

  private static TableKeySchema describeKeySchema(AwsClientConfig clientConfig, String tableName) {
    try (DynamoDbClient client = DynamoDbClientFactory.createSync(clientConfig)) {
      return TableKeySchema.describe(client, tableName);
    } catch (RuntimeException e) {
      throw new ValidationException(
          "Cannot read the key schema of DynamoDB table '" + tableName + "': " + e.getMessage(), e);
    }
  }

  /**
   * The declared PRIMARY KEY and PARTITIONED BY columns, when present, must be the DynamoDB table's
   * key attributes, and those must be columns: a delete is sent by exactly that key.
   */
  private static void checkKeysAgree(
      ResolvedCatalogTable table, ResolvedSchema schema, TableKeySchema keys, String tableName) {
    List<String> dynamoKeys = keys.attributeNames();
    for (String key : dynamoKeys) {
      if (!schema.getColumnNames().contains(key)) {
        throw new ValidationException(
            "DynamoDB table '"
                + tableName
                + "' has key "
                + dynamoKeys
                + ", but the Flink table has no column '"
                + key
                + "'; its columns are "
                + schema.getColumnNames()
                + ".");
      }
    }
    List<String> primaryKey =
        schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
    if (!primaryKey.isEmpty() && !new HashSet<>(primaryKey).equals(new HashSet<>(dynamoKeys))) {
      throw new ValidationException(
          "PRIMARY KEY "
              + primaryKey
              + " does not match the key of DynamoDB table '"
              + tableName
              + "', which is "
              + dynamoKeys
              + " (partition key first). Declare PRIMARY KEY ("
              + String.join(", ", dynamoKeys)
              + ") NOT ENFORCED.");
    }
    List<String> partitionKeys = new ArrayList<>(table.getPartitionKeys());
    if (!partitionKeys.isEmpty()
        && !new HashSet<>(partitionKeys).equals(new HashSet<>(dynamoKeys))) {
      throw new ValidationException(
          "PARTITIONED BY "
              + partitionKeys
              + " does not match the key of DynamoDB table '"
              + tableName
              + "', which is "
              + dynamoKeys
              + ". Writes are deduplicated by the table's key; partition by ("
              + String.join(", ", dynamoKeys)
              + ") or leave PARTITIONED BY out.");
    }
  }
}
