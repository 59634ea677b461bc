package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a Query reads: the items of one partition key value, optionally narrowed by a condition on
 * the sort key ({@code =, <, <=, >, >=, BETWEEN, begins_with}), rendered as a
 * KeyConditionExpression by {@link DynamoDbExpressions}. The key names are those of the table, or
 * of the index when the {@link ReadSpec} names one. Immutable.
 */
public final class KeyCondition implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A sort key operator. */
  public enum SortOperator {
    EQ("="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    BETWEEN("BETWEEN"),
    BEGINS_WITH("begins_with");

    final String symbol;

    SortOperator(String symbol) {
      this.symbol = symbol;
    }
  }

  private final String partitionKey;
  private final AttributeValue partitionValue;
  private final String sortKey;
  private final SortOperator sortOperator;
  private final AttributeValue sortValue;
  private final AttributeValue sortHigh;

  private KeyCondition(
      String partitionKey,
      AttributeValue partitionValue,
      String sortKey,
      SortOperator sortOperator,
      AttributeValue sortValue,
      AttributeValue sortHigh) {
    this.partitionKey = partitionKey;
    this.partitionValue = partitionValue;
    this.sortKey = sortKey;
    this.sortOperator = sortOperator;
    this.sortValue = sortValue;
    this.sortHigh = sortHigh;
  }

  /** The items whose partition key {@code name} equals {@code value}. */
  public static KeyCondition partitionKeyEquals(String name, AttributeValue value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Cannot build a key condition without partition key name");
    }
    requireKeyValue(name, value);
    return new KeyCondition(name, value, null, null, null, null);
  }

  /** This condition narrowed to sort key {@code name <op> value} (op is not BETWEEN). */
  public KeyCondition sortKey(String name, SortOperator op, AttributeValue value) {
    Objects.requireNonNull(op, "op");
    if (op == SortOperator.BETWEEN) {
      throw new IllegalArgumentException(
          "Cannot use BETWEEN on sort key " + name + " with one value: use sortKeyBetween");
    }
    if (op == SortOperator.BEGINS_WITH && value != null && value.type() == AttributeValue.Type.N) {
      throw new IllegalArgumentException(
          "Cannot use begins_with on sort key "
              + name
              + " with a number: DynamoDB's begins_with takes a string (S) or binary (B) prefix");
    }
    return withSort(name, op, value, null);
  }

  /** This condition narrowed to {@code low <= sort key <= high}. */
  public KeyCondition sortKeyBetween(String name, AttributeValue low, AttributeValue high) {
    requireKeyValue(name, high);
    return withSort(name, SortOperator.BETWEEN, low, high);
  }

  private KeyCondition withSort(
      String name, SortOperator op, AttributeValue value, AttributeValue high) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Cannot build a key condition without sort key name");
    }
    if (name.equals(partitionKey)) {
      throw new IllegalArgumentException(
          "Cannot use '" + name + "' as both partition key and sort key of a key condition");
    }
    requireKeyValue(name, value);
    return new KeyCondition(partitionKey, partitionValue, name, op, value, high);
  }

  private static void requireKeyValue(String name, AttributeValue value) {
    if (value == null) {
      throw new IllegalArgumentException("Cannot compare key " + name + " with null");
    }
    AttributeValue.Type type = value.type();
    if (type != AttributeValue.Type.S
        && type != AttributeValue.Type.N
        && type != AttributeValue.Type.B) {
      throw new IllegalArgumentException(
          "Cannot compare key "
              + name
              + " with a "
              + type
              + ": DynamoDB key attributes are S, N or B");
    }
  }

  public String partitionKey() {
    return partitionKey;
  }

  public AttributeValue partitionValue() {
    return partitionValue;
  }

  /** The sort key name, or null without a sort key condition. */
  public String sortKeyName() {
    return sortKey;
  }

  /** The sort key operator, or null without a sort key condition. */
  public SortOperator sortOperator() {
    return sortOperator;
  }

  String render(Placeholders p) {
    String text = p.name(partitionKey) + " = " + p.value(partitionValue);
    if (sortKey == null) {
      return text;
    }
    String name = p.name(sortKey);
    switch (sortOperator) {
      case BETWEEN:
        return text
            + " AND "
            + name
            + " BETWEEN "
            + p.value(sortValue)
            + " AND "
            + p.value(sortHigh);
      case BEGINS_WITH:
        return text + " AND begins_with(" + name + ", " + p.value(sortValue) + ")";
      default:
        return text + " AND " + name + " " + sortOperator.symbol + " " + p.value(sortValue);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyCondition that
        && partitionKey.equals(that.partitionKey)
        && partitionValue.equals(that.partitionValue)
        && Objects.equals(sortKey, that.sortKey)
        && sortOperator == that.sortOperator
        && Objects.equals(sortValue, that.sortValue)
        && Objects.equals(sortHigh, that.sortHigh);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionKey, partitionValue, sortKey, sortOperator, sortValue, sortHigh);
  }

  @Override
  public String toString() {
    Placeholders placeholders = new Placeholders();
    return placeholders.withNames(render(placeholders));
  }
}
