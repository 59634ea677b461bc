package dev.floe.core.dynamodb;

import dev.floe.core.conversion.ItemKeys;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue.Type;

/**
 * The primary key of an item, compared as DynamoDB compares keys: by type and value. {@code S "1"}
 * and {@code N "1"} are different keys; {@code N "1"} and {@code N "1.0"} are the same key
 * (DynamoDB numbers are compared numerically, and a batch holding both is rejected as a duplicate).
 *
 * @param partitionKey the partition key value: S, N or B
 * @param sortKey the sort key value (S, N or B), or null when the table has no sort key
 */
public record ItemKey(AttributeValue partitionKey, AttributeValue sortKey) {

  /**
   * @throws IllegalArgumentException if a value is not S, N or B
   */
  public ItemKey {
    Objects.requireNonNull(partitionKey, "partitionKey");
    requireScalar(partitionKey, "partition key");
    if (sortKey != null) {
      requireScalar(sortKey, "sort key");
    }
  }

  /** A key of a table without sort key. */
  public static ItemKey of(AttributeValue partitionKey) {
    return new ItemKey(partitionKey, null);
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof ItemKey that)) {
      return false;
    }
    return sameValue(partitionKey, that.partitionKey) && sameValue(sortKey, that.sortKey);
  }

  @Override
  public int hashCode() {
    return 31 * hash(partitionKey) + hash(sortKey);
  }

  /** E.g. {@code ItemKey[S:user-1, N:5]}; values are cut as {@link ItemKeys} cuts them. */
  @Override
  public String toString() {
    return "ItemKey["
        + ItemKeys.describe(partitionKey)
        + (sortKey == null ? "" : ", " + ItemKeys.describe(sortKey))
        + "]";
  }

  private static void requireScalar(AttributeValue value, String role) {
    Type type = value.type();
    if (type != Type.S && type != Type.N && type != Type.B) {
      throw new IllegalArgumentException(
          "Cannot use "
              + ItemKeys.describe(value)
              + " as "
              + role
              + ": DynamoDB key attributes are S, N or B");
    }
  }

  private static boolean sameValue(AttributeValue a, AttributeValue b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.type() != b.type()) {
      return false;
    }
    switch (a.type()) {
      case N:
        return number(a).compareTo(number(b)) == 0;
      case S:
        return a.s().equals(b.s());
      default:
        return Arrays.equals(a.b().asByteArrayUnsafe(), b.b().asByteArrayUnsafe());
    }
  }

  private static int hash(AttributeValue value) {
    if (value == null) {
      return 0;
    }
    switch (value.type()) {
      case N:
        // 1.0 and 1 are one key, so they must hash alike.
        return 3 * number(value).stripTrailingZeros().hashCode() + 1;
      case S:
        return 3 * value.s().hashCode();
      default:
        return 3 * Arrays.hashCode(value.b().asByteArrayUnsafe()) + 2;
    }
  }

  private static BigDecimal number(AttributeValue value) {
    return new BigDecimal(value.n().trim());
  }
}
