package dev.floe.core.dynamodb;

import dev.floe.core.conversion.DynamoDbNumbers;
import dev.floe.core.conversion.ItemKeys;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue.Type;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The primary key of a DynamoDB table: a partition key attribute and an optional sort key
 * attribute. Extracts and checks the key of items before they are sent, so a missing or mistyped
 * key is reported with the item's key rather than as DynamoDB's generic ValidationException.
 * Immutable and serializable (engines ship it to their tasks).
 */
public final class TableKeySchema implements Serializable {
  private static final long serialVersionUID = 1L;

  /** DynamoDB's limits on key values (bytes of S and B values). */
  static final int MAX_PARTITION_KEY_BYTES = 2048;

  static final int MAX_SORT_KEY_BYTES = 1024;

  private final String partitionKey;
  private final String sortKey;
  private final List<String> attributeNames;

  private TableKeySchema(String partitionKey, String sortKey) {
    this.partitionKey = requireName(partitionKey, "partition key");
    this.sortKey = sortKey == null ? null : requireName(sortKey, "sort key");
    if (partitionKey.equals(sortKey)) {
      throw new IllegalArgumentException(
          "Cannot use '" + partitionKey + "' as both partition key and sort key");
    }
    this.attributeNames = sortKey == null ? List.of(partitionKey) : List.of(partitionKey, sortKey);
  }

  /** A key schema with a partition key and, unless {@code sortKey} is null, a sort key. */
  public static TableKeySchema of(String partitionKey, String sortKey) {
    return new TableKeySchema(partitionKey, sortKey);
  }

  /** The key schema of a table description (as returned by DescribeTable). */
  public static TableKeySchema from(TableDescription table) {
    String hash = null;
    String range = null;
    for (KeySchemaElement element : table.keySchema()) {
      if (element.keyType() == KeyType.HASH) {
        hash = element.attributeName();
      } else if (element.keyType() == KeyType.RANGE) {
        range = element.attributeName();
      }
    }
    if (hash == null) {
      throw new DynamoDbTableException(
          "Cannot read the key schema of DynamoDB table '"
              + table.tableName()
              + "': its description has no HASH key");
    }
    return new TableKeySchema(hash, range);
  }

  /**
   * Reads the key schema of {@code tableName} with DescribeTable.
   *
   * @throws DynamoDbTableException if the table does not exist or cannot be described
   */
  public static TableKeySchema describe(DynamoDbClient client, String tableName) {
    return from(TableDescriptions.describe(client, tableName));
  }

  /** {@link #describe(DynamoDbClient, String)} with an async client; waits for the answer. */
  public static TableKeySchema describe(DynamoDbAsyncClient client, String tableName) {
    return from(TableDescriptions.describe(client, tableName));
  }

  /** Name of the partition (HASH) key attribute. */
  public String partitionKey() {
    return partitionKey;
  }

  /** Name of the sort (RANGE) key attribute, if the table has one. */
  public Optional<String> sortKey() {
    return Optional.ofNullable(sortKey);
  }

  /** The key attribute names: partition key, then sort key if any. */
  public List<String> attributeNames() {
    return attributeNames;
  }

  /**
   * The key of an item or of a key map (extra attributes are ignored).
   *
   * @throws DynamoDbWriteException if a key attribute is missing, NULL, not S/N/B, empty, or longer
   *     than DynamoDB allows; the message names the attribute and the item's key
   */
  public ItemKey keyOf(Map<String, AttributeValue> itemOrKey) {
    AttributeValue partition =
        keyValue(itemOrKey, partitionKey, "partition", MAX_PARTITION_KEY_BYTES);
    AttributeValue sort =
        sortKey == null ? null : keyValue(itemOrKey, sortKey, "sort", MAX_SORT_KEY_BYTES);
    return new ItemKey(partition, sort);
  }

  /**
   * Only the key attributes of {@code item}, partition key first: what DeleteItem, UpdateItem and
   * BatchWriteItem's DeleteRequest accept (they refuse non-key attributes).
   *
   * @throws DynamoDbWriteException as {@link #keyOf(Map)}
   */
  public Map<String, AttributeValue> keyAttributes(Map<String, AttributeValue> item) {
    return keyAttributes(keyOf(item));
  }

  /** The key attributes holding {@code key}, partition key first. */
  Map<String, AttributeValue> keyAttributes(ItemKey key) {
    Map<String, AttributeValue> attributes = new LinkedHashMap<>(4);
    attributes.put(partitionKey, key.partitionKey());
    if (sortKey != null) {
      attributes.put(sortKey, key.sortKey());
    }
    return Collections.unmodifiableMap(attributes);
  }

  /** Describes {@code item} by its key attributes for messages, e.g. {@code {id=S:u1}}. */
  public String describeKey(Map<String, AttributeValue> item) {
    return ItemKeys.describe(item, attributeNames);
  }

  private AttributeValue keyValue(
      Map<String, AttributeValue> item, String name, String role, int maxBytes) {
    AttributeValue value = item.get(name);
    if (value == null) {
      throw keyError(
          item,
          "has no "
              + role
              + " key attribute '"
              + name
              + "'; every item and every key needs "
              + keyNames());
    }
    Type type = value.type();
    if (type == Type.NUL) {
      throw keyError(
          item, "has NULL as " + role + " key '" + name + "'; key values cannot be null");
    }
    if (type != Type.S && type != Type.N && type != Type.B) {
      throw keyError(
          item,
          "has a "
              + type
              + " as "
              + role
              + " key '"
              + name
              + "'; DynamoDB key attributes are S, N or B");
    }
    long bytes =
        type == Type.S
            ? ItemSize.utf8Length(value.s())
            : type == Type.B ? value.b().asByteArrayUnsafe().length : 1;
    if (bytes == 0) {
      throw keyError(
          item,
          "has an empty "
              + (type == Type.S ? "string" : "binary")
              + " as "
              + role
              + " key '"
              + name
              + "'; DynamoDB key values cannot be empty");
    }
    if (bytes > maxBytes) {
      throw keyError(
          item,
          "has a "
              + role
              + " key '"
              + name
              + "' of "
              + bytes
              + " bytes; DynamoDB allows at most "
              + maxBytes);
    }
    if (type == Type.N) {
      try {
        DynamoDbNumbers.parse(value.n());
      } catch (IllegalArgumentException e) {
        throw keyError(item, "has an invalid " + role + " key '" + name + "': " + e.getMessage());
      }
    }
    return value;
  }

  private DynamoDbWriteException keyError(Map<String, AttributeValue> item, String problem) {
    return new DynamoDbWriteException("Item " + describeKey(item) + " " + problem);
  }

  private String keyNames() {
    return sortKey == null
        ? "'" + partitionKey + "'"
        : "'" + partitionKey + "' and '" + sortKey + "'";
  }

  private static String requireName(String name, String role) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot build a key schema: the " + role + " name is empty");
    }
    return name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableKeySchema that
        && partitionKey.equals(that.partitionKey)
        && Objects.equals(sortKey, that.sortKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionKey, sortKey);
  }

  @Override
  public String toString() {
    return "TableKeySchema{partitionKey="
        + partitionKey
        + (sortKey == null ? "" : ", sortKey=" + sortKey)
        + "}";
  }

  /** DescribeTable with errors that name the table and say what to check. */
  static final class TableDescriptions {
    private TableDescriptions() {}

    static TableDescription describe(DynamoDbClient client, String tableName) {
      try {
        return client.describeTable(r -> r.tableName(tableName)).table();
      } catch (SdkException e) {
        throw describeError(tableName, client.serviceClientConfiguration(), e);
      }
    }

    static TableDescription describe(DynamoDbAsyncClient client, String tableName) {
      try {
        return client.describeTable(r -> r.tableName(tableName)).join().table();
      } catch (CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof SdkException sdk) {
          throw describeError(tableName, client.serviceClientConfiguration(), sdk);
        }
        throw new DynamoDbTableException(
            "Cannot describe DynamoDB table '" + tableName + "': " + cause, cause);
      }
    }

    private static DynamoDbTableException describeError(
        String tableName, DynamoDbServiceClientConfiguration client, SdkException e) {
      String where =
          " in region "
              + client.region()
              + client.endpointOverride().map(uri -> " at " + uri).orElse("");
      if (e instanceof ResourceNotFoundException) {
        return new DynamoDbTableException(
            "Cannot find DynamoDB table '"
                + tableName
                + "'"
                + where
                + ": it does not exist; create it, or check the table name and the region",
            e);
      }
      return new DynamoDbTableException(
          "Cannot describe DynamoDB table '"
              + tableName
              + "'"
              + where
              + ": "
              + WriteErrors.describe(e)
              + "; "
              + WriteErrors.advice(e),
          e);
    }
  }
}
