package dev.floe.spark.dynamodb;

import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.DynamoDbTableException;
import dev.floe.core.dynamodb.ReadRateLimit;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.core.dynamodb.WriteRateLimit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What the driver learns from one DescribeTable: the key schemas of the table and its indexes with
 * the key attributes' types, and the table size that sizes a parallel scan. Serializable, so tasks
 * need no DescribeTable of their own.
 */
public final class TableInfo implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String tableName;
  private final TableKeySchema keySchema;
  private final Map<String, ScalarAttributeType> keyTypes;
  private final Map<String, TableKeySchema> globalIndexes;
  private final Map<String, TableKeySchema> localIndexes;
  private final long sizeBytes;

  /** For rate limits in percent of provisioned capacity; resolved on the driver only. */
  private final transient TableDescription description;

  private TableInfo(TableDescription table) {
    this.description = table;
    this.tableName = table.tableName();
    this.keySchema = TableKeySchema.from(table);
    // DynamoDB defines exactly the key attributes of the table and of its indexes.
    this.keyTypes = new LinkedHashMap<>();
    for (AttributeDefinition definition : table.attributeDefinitions()) {
      keyTypes.put(definition.attributeName(), definition.attributeType());
    }
    this.globalIndexes = new LinkedHashMap<>();
    for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
      globalIndexes.put(index.indexName(), keySchemaOf(index.keySchema()));
    }
    this.localIndexes = new LinkedHashMap<>();
    for (LocalSecondaryIndexDescription index : table.localSecondaryIndexes()) {
      localIndexes.put(index.indexName(), keySchemaOf(index.keySchema()));
    }
    this.sizeBytes = table.tableSizeBytes() == null ? 0 : table.tableSizeBytes();
  }

  private static TableKeySchema keySchemaOf(List<KeySchemaElement> elements) {
    String hash = null;
    String range = null;
    for (KeySchemaElement element : elements) {
      if (element.keyType() == KeyType.HASH) {
        hash = element.attributeName();
      } else if (element.keyType() == KeyType.RANGE) {
        range = element.attributeName();
      }
    }
    return TableKeySchema.of(hash, range);
  }

  /**
   * Describes the table of {@code options}.
   *
   * @throws IllegalArgumentException naming the table and region, if it does not exist
   */
  public static TableInfo describe(DynamoDbSparkOptions options) {
    try (DynamoDbClient client = DynamoDbClientFactory.createSync(options.clientConfig())) {
      return describe(client, options);
    }
  }

  /** {@link #describe(DynamoDbSparkOptions)} with a client the caller holds. */
  public static TableInfo describe(DynamoDbClient client, DynamoDbSparkOptions options) {
    try {
      return new TableInfo(
          client
              .describeTable(DescribeTableRequest.builder().tableName(options.tableName()).build())
              .table());
    } catch (ResourceNotFoundException e) {
      throw new IllegalArgumentException(
          "DynamoDB table '"
              + options.tableName()
              + "' does not exist in region "
              + options.region()
              + options.endpointUrl().map(uri -> " at " + uri).orElse("")
              + ": create it first (format(\"dynamodb\") never creates tables), or check option "
              + DynamoDbSparkOptions.TABLE_NAME,
          e);
    }
  }

  public TableKeySchema keySchema() {
    return keySchema;
  }

  /**
   * The key schema of what {@code options} read: the table's, or that of its index {@code
   * index_name}.
   *
   * @throws IllegalArgumentException naming the table and its indexes, if it has no such index, or
   *     if a global secondary index is to be read with {@code consistent_read}
   */
  public TableKeySchema readKeySchema(DynamoDbSparkOptions options) {
    if (options.indexName().isEmpty()) {
      return keySchema;
    }
    String index = options.indexName().get();
    TableKeySchema global = globalIndexes.get(index);
    if (global != null) {
      if (options.consistentRead()) {
        throw new IllegalArgumentException(
            "Cannot read global secondary index '"
                + index
                + "' of DynamoDB table '"
                + tableName
                + "' with option "
                + DynamoDbSparkOptions.CONSISTENT_READ
                + "=true: DynamoDB reads global secondary indexes only eventually consistently;"
                + " remove the option, or read the table or a local secondary index");
      }
      return global;
    }
    TableKeySchema local = localIndexes.get(index);
    if (local != null) {
      return local;
    }
    List<String> names = new ArrayList<>(globalIndexes.keySet());
    names.addAll(localIndexes.keySet());
    throw new IllegalArgumentException(
        "DynamoDB table '"
            + tableName
            + "' has no index '"
            + index
            + "' (option "
            + DynamoDbSparkOptions.INDEX_NAME
            + "); its indexes are "
            + (names.isEmpty() ? "none" : String.join(", ", names)));
  }

  /** The DynamoDB type (S, N or B) of key attribute {@code name}, of the table or an index. */
  public ScalarAttributeType keyType(String name) {
    return keyTypes.get(name);
  }

  /**
   * {@code limit} in read capacity units per second for this table: a percentage is resolved
   * against its provisioned read capacity, here on the driver, so tasks need no DescribeTable.
   *
   * @throws IllegalArgumentException naming option {@code read_throughput}, for a percentage of an
   *     on-demand table
   */
  public ReadRateLimit resolve(ReadRateLimit limit) {
    return ReadRateLimit.unitsPerSecond(
        resolve(
            DynamoDbSparkOptions.READ_THROUGHPUT,
            "read",
            limit.isPercentOfProvisioned(),
            () -> limit.resolve(description)));
  }

  /** {@link #resolve(ReadRateLimit)} for writes and option {@code write_throughput}. */
  public WriteRateLimit resolve(WriteRateLimit limit) {
    return WriteRateLimit.unitsPerSecond(
        resolve(
            DynamoDbSparkOptions.WRITE_THROUGHPUT,
            "write",
            limit.isPercentOfProvisioned(),
            () -> limit.resolve(description)));
  }

  private double resolve(String option, String access, boolean percent, DoubleSupplier resolve) {
    if (percent && description == null) {
      throw new IllegalStateException(
          "Cannot resolve option "
              + option
              + " of DynamoDB table '"
              + tableName
              + "' on an executor: resolve it on the driver");
    }
    try {
      return resolve.getAsDouble();
    } catch (DynamoDbTableException e) {
      throw new IllegalArgumentException(
          "Cannot apply option "
              + option
              + " as a percentage to DynamoDB table '"
              + tableName
              + "': it is on-demand (PAY_PER_REQUEST) and has no provisioned "
              + access
              + " capacity; give capacity units per second instead, e.g. "
              + option
              + "=100",
          e);
    }
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  /** {@code pk (S), sk (N)}, for messages. */
  public String describeKey() {
    StringBuilder text = new StringBuilder();
    for (String name : keySchema.attributeNames()) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(name).append(" (").append(keyTypes.get(name)).append(')');
    }
    return text.toString();
  }
}
