package dev.floe.spark.dynamodb;

import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.TableKeySchema;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What the driver learns from one DescribeTable: the key schema with the key attributes' types, and
 * the table size that sizes a parallel scan. Serializable, so tasks need no DescribeTable of their
 * own.
 */
public final class TableInfo implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TableKeySchema keySchema;
  private final Map<String, ScalarAttributeType> keyTypes;
  private final long sizeBytes;

  private TableInfo(TableDescription table) {
    this.keySchema = TableKeySchema.from(table);
    this.keyTypes = new LinkedHashMap<>();
    for (AttributeDefinition definition : table.attributeDefinitions()) {
      if (keySchema.attributeNames().contains(definition.attributeName())) {
        keyTypes.put(definition.attributeName(), definition.attributeType());
      }
    }
    this.sizeBytes = table.tableSizeBytes() == null ? 0 : table.tableSizeBytes();
  }

  /**
   * Describes the table of {@code options}.
   *
   * @throws IllegalArgumentException naming the table and region, if it does not exist
   */
  public static TableInfo describe(DynamoDbSparkOptions options) {
    try (DynamoDbClient client = DynamoDbClientFactory.createSync(options.clientConfig())) {
      return new TableInfo(describe(client, options));
    }
  }

  public static TableDescription describe(DynamoDbClient client, DynamoDbSparkOptions options) {
    try {
      return client
          .describeTable(DescribeTableRequest.builder().tableName(options.tableName()).build())
          .table();
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

  public static TableInfo of(TableDescription table) {
    return new TableInfo(table);
  }

  public TableKeySchema keySchema() {
    return keySchema;
  }

  /** The DynamoDB type (S, N or B) of key attribute {@code name}. */
  public ScalarAttributeType keyType(String name) {
    return keyTypes.get(name);
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
