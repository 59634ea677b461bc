package dev.floe.core.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue.Type;

/**
 * Orders version values as DynamoDB's {@code <} does in a condition: N numerically, S and B by
 * their unsigned bytes (UTF-8 for S, which orders ISO-8601 UTC timestamps by time). Values of
 * different types are not ordered (DynamoDB's {@code <} is then false).
 */
final class VersionOrder {
  private VersionOrder() {}

  /** Whether DynamoDB can compare values of this type with {@code <}. */
  static boolean isComparable(AttributeValue value) {
    Type type = value.type();
    return type == Type.N || type == Type.S || type == Type.B;
  }

  /** Negative, zero or positive as {@code a} is below, equal to or above {@code b}; or empty. */
  static Optional<Integer> compare(AttributeValue a, AttributeValue b) {
    if (a.type() != b.type()) {
      return Optional.empty();
    }
    switch (a.type()) {
      case N:
        return Optional.of(new BigDecimal(a.n().trim()).compareTo(new BigDecimal(b.n().trim())));
      case S:
        return Optional.of(
            Arrays.compareUnsigned(
                a.s().getBytes(StandardCharsets.UTF_8), b.s().getBytes(StandardCharsets.UTF_8)));
      case B:
        return Optional.of(
            Arrays.compareUnsigned(a.b().asByteArrayUnsafe(), b.b().asByteArrayUnsafe()));
      default:
        return Optional.empty();
    }
  }
}
