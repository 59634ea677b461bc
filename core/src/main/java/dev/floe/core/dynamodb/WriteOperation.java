package dev.floe.core.dynamodb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One write for a {@link DynamoDbBatchWriter}: put a whole item, delete an item by key, or update
 * an item by key with an update expression. Immutable: the maps are copied.
 */
public final class WriteOperation {

  /** What the operation does. */
  public enum Kind {
    /** Writes the whole item, replacing any item with the same key. */
    PUT,
    /** Deletes the item with the key; deleting a missing item is not an error. */
    DELETE,
    /**
     * Changes attributes of the item with the key (creating it if missing) with an update
     * expression. Sent as a single UpdateItem call, as BatchWriteItem cannot carry updates.
     */
    UPDATE
  }

  private final Kind kind;
  private final Map<String, AttributeValue> item;
  private final String updateExpression;
  private final Map<String, String> expressionAttributeNames;
  private final Map<String, AttributeValue> expressionAttributeValues;

  private WriteOperation(
      Kind kind,
      Map<String, AttributeValue> item,
      String updateExpression,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    this.kind = kind;
    this.item = copy(item, "item");
    this.updateExpression = updateExpression;
    this.expressionAttributeNames = names == null ? Map.of() : copy(names, "names");
    this.expressionAttributeValues = values == null ? Map.of() : copy(values, "values");
  }

  /** Puts {@code item}, which must hold the table's key attributes. */
  public static WriteOperation put(Map<String, AttributeValue> item) {
    return new WriteOperation(Kind.PUT, requireNonEmpty(item, "put"), null, null, null);
  }

  /**
   * Deletes the item with {@code key}. The map may be a whole item: only its key attributes are
   * sent.
   */
  public static WriteOperation delete(Map<String, AttributeValue> key) {
    return new WriteOperation(Kind.DELETE, requireNonEmpty(key, "delete"), null, null, null);
  }

  /**
   * Updates the item with {@code key} (only its key attributes are sent) with {@code
   * updateExpression}, e.g. {@code SET #n = :n ADD #c :one}, using {@code names} as
   * ExpressionAttributeNames and {@code values} as ExpressionAttributeValues (either may be null).
   *
   * <p>A retried update runs again if DynamoDB applied it but its answer was lost: prefer
   * idempotent expressions (SET) over counters (ADD) where that matters.
   */
  public static WriteOperation update(
      Map<String, AttributeValue> key,
      String updateExpression,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    if (updateExpression == null || updateExpression.isBlank()) {
      throw new IllegalArgumentException(
          "Cannot build an update without an update expression (e.g. SET #a = :a)");
    }
    return new WriteOperation(
        Kind.UPDATE, requireNonEmpty(key, "update"), updateExpression, names, values);
  }

  /** What the operation does. */
  public Kind kind() {
    return kind;
  }

  /** For PUT the item; for DELETE and UPDATE the key (as given: may hold more than the key). */
  public Map<String, AttributeValue> item() {
    return item;
  }

  /** The update expression of an UPDATE; null for PUT and DELETE. */
  public String updateExpression() {
    return updateExpression;
  }

  /** ExpressionAttributeNames of an UPDATE; empty for PUT and DELETE. */
  public Map<String, String> expressionAttributeNames() {
    return expressionAttributeNames;
  }

  /** ExpressionAttributeValues of an UPDATE; empty for PUT and DELETE. */
  public Map<String, AttributeValue> expressionAttributeValues() {
    return expressionAttributeValues;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WriteOperation that
        && kind == that.kind
        && item.equals(that.item)
        && Objects.equals(updateExpression, that.updateExpression)
        && expressionAttributeNames.equals(that.expressionAttributeNames)
        && expressionAttributeValues.equals(that.expressionAttributeValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind, item, updateExpression, expressionAttributeNames, expressionAttributeValues);
  }

  /** The kind and attribute names only: values stay out of logs. */
  @Override
  public String toString() {
    return "WriteOperation{"
        + kind
        + " attributes="
        + item.keySet()
        + (updateExpression == null ? "" : " update=" + updateExpression)
        + "}";
  }

  private static Map<String, AttributeValue> requireNonEmpty(
      Map<String, AttributeValue> item, String what) {
    if (item == null || item.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot build a " + what + " without attributes: give at least the key attributes");
    }
    return item;
  }

  private static <V> Map<String, V> copy(Map<String, V> map, String what) {
    Map<String, V> copy = new LinkedHashMap<>(map);
    copy.forEach(
        (name, value) -> {
          if (name == null || value == null) {
            throw new IllegalArgumentException(
                "Cannot build a write with a null name or value in its "
                    + what
                    + " ("
                    + name
                    + ")");
          }
        });
    return Collections.unmodifiableMap(copy);
  }
}
