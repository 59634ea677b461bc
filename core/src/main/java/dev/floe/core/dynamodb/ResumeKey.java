package dev.floe.core.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The attributes of an ExclusiveStartKey that continues a Scan or Query right after a given item:
 * the table's key, plus the index's key when an index is read. Any item's values of these
 * attributes are a valid start key, because DynamoDB orders a segment (and a Query's partition) by
 * key, not by the pages it happened to return.
 */
final class ResumeKey {
  private ResumeKey() {}

  /**
   * The start key attributes of reading {@code indexName} (or the table itself) of {@code table}.
   *
   * @throws DynamoDbTableException if the table has no such index
   */
  static List<String> attributes(TableDescription table, Optional<String> indexName) {
    List<String> names = new ArrayList<>(TableKeySchema.from(table).attributeNames());
    if (indexName.isEmpty()) {
      return List.copyOf(names);
    }
    List<KeySchemaElement> indexKey = null;
    List<String> indexes = new ArrayList<>();
    for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
      indexes.add(index.indexName());
      if (index.indexName().equals(indexName.get())) {
        indexKey = index.keySchema();
      }
    }
    for (LocalSecondaryIndexDescription index : table.localSecondaryIndexes()) {
      indexes.add(index.indexName());
      if (index.indexName().equals(indexName.get())) {
        indexKey = index.keySchema();
      }
    }
    if (indexKey == null) {
      throw new DynamoDbTableException(
          "Cannot read index '"
              + indexName.get()
              + "' of DynamoDB table '"
              + table.tableName()
              + "': the table has "
              + (indexes.isEmpty() ? "no secondary indexes" : "only the indexes " + indexes)
              + ". Set the index name to one of them, or leave it unset to read the table.");
    }
    for (KeySchemaElement element : indexKey) {
      if (!names.contains(element.attributeName())) {
        names.add(element.attributeName());
      }
    }
    return List.copyOf(names);
  }

  /**
   * The start key that continues after {@code item}.
   *
   * @throws DynamoDbReadException if the item lacks one of the attributes (DynamoDB returns every
   *     key attribute of a Scan or Query item, so this means the table is not what was described)
   */
  static Map<String, AttributeValue> of(
      Map<String, AttributeValue> item, List<String> attributes, ReadSpec spec) {
    Map<String, AttributeValue> key = new LinkedHashMap<>(attributes.size() * 2);
    for (String name : attributes) {
      AttributeValue value = item.get(name);
      if (value == null) {
        throw new DynamoDbReadException(
            "Cannot keep the read position of "
                + spec.describeTarget()
                + ": a returned item lacks key attribute '"
                + name
                + "' (item attributes: "
                + item.keySet()
                + "). The table's key schema changed while it was read; restart the read.");
      }
      key.put(name, value);
    }
    return key;
  }
}
