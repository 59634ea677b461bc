package dev.floe.core.dynamodb;

import dev.floe.core.dynamodb.KeyCondition.SortOperator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Chooses the KeyConditionExpression of a Query from the comparisons an engine found among the
 * conjuncts of its WHERE clause: an equality on the partition key, and at most one condition on the
 * sort key (an equality, else a {@code >= ... <=} pair as BETWEEN, else one bound, else a prefix).
 * Engines translate their own expressions into {@link Bound}s and keep evaluating every conjunct
 * the plan does not use; the rule which comparisons a Query can take lives here, once.
 */
public final class KeyConditionPlanner {

  private KeyConditionPlanner() {}

  /**
   * A comparison {@code attribute op value} among the conjuncts of a filter (a top-level attribute,
   * with the constant on the right), as a candidate for the key condition.
   */
  public record Bound(String attribute, SortOperator op, AttributeValue value) {
    public Bound {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
      if (op == SortOperator.BETWEEN) {
        throw new IllegalArgumentException(
            "Cannot use BETWEEN as one bound on "
                + attribute
                + ": give its two ends as a GE and an LE bound");
      }
    }
  }

  /**
   * The key condition chosen, and the positions (in the list given to {@link #plan}) of the bounds
   * it expresses; the caller may drop those from what it still evaluates.
   */
  public record Plan(KeyCondition condition, List<Integer> usedBounds) {
    public Plan {
      Objects.requireNonNull(condition, "condition");
      usedBounds = List.copyOf(usedBounds);
    }
  }

  /**
   * The key condition for {@code bounds} on a table or index with {@code keySchema}, or empty when
   * no bound is an equality on the partition key (then the read is a Scan). Only bounds whose value
   * is a key type (S, N or B) are used.
   */
  public static Optional<Plan> plan(List<Bound> bounds, TableKeySchema keySchema) {
    Objects.requireNonNull(keySchema, "keySchema");
    int partition = -1;
    for (int i = 0; i < bounds.size(); i++) {
      Bound bound = bounds.get(i);
      if (bound.attribute().equals(keySchema.partitionKey())
          && bound.op() == SortOperator.EQ
          && isKeyType(bound.value())) {
        partition = i;
        break;
      }
    }
    if (partition < 0) {
      return Optional.empty();
    }
    Bound key = bounds.get(partition);
    KeyCondition condition = KeyCondition.partitionKeyEquals(key.attribute(), key.value());
    List<Integer> used = new ArrayList<>();
    used.add(partition);
    Optional<String> sortKey = keySchema.sortKey();
    if (sortKey.isEmpty()) {
      return Optional.of(new Plan(condition, used));
    }
    int eq = -1;
    int lower = -1;
    int upper = -1;
    int prefix = -1;
    for (int i = 0; i < bounds.size(); i++) {
      Bound bound = bounds.get(i);
      if (!bound.attribute().equals(sortKey.get()) || !isKeyType(bound.value())) {
        continue;
      }
      switch (bound.op()) {
        case EQ:
          eq = eq < 0 ? i : eq;
          break;
        case GT:
        case GE:
          lower = lower < 0 ? i : lower;
          break;
        case LT:
        case LE:
          upper = upper < 0 ? i : upper;
          break;
        case BEGINS_WITH:
          // DynamoDB's begins_with takes a string or binary prefix, never a number.
          if (bound.value().type() != AttributeValue.Type.N) {
            prefix = prefix < 0 ? i : prefix;
          }
          break;
        default:
          break;
      }
    }
    if (eq >= 0) {
      Bound bound = bounds.get(eq);
      used.add(eq);
      return Optional.of(
          new Plan(condition.sortKey(bound.attribute(), bound.op(), bound.value()), used));
    }
    if (lower >= 0
        && upper >= 0
        && bounds.get(lower).op() == SortOperator.GE
        && bounds.get(upper).op() == SortOperator.LE
        && notAbove(bounds.get(lower).value(), bounds.get(upper).value())) {
      used.add(lower);
      used.add(upper);
      return Optional.of(
          new Plan(
              condition.sortKeyBetween(
                  sortKey.get(), bounds.get(lower).value(), bounds.get(upper).value()),
              used));
    }
    int single = lower >= 0 ? lower : upper >= 0 ? upper : prefix;
    if (single < 0) {
      return Optional.of(new Plan(condition, used));
    }
    Bound bound = bounds.get(single);
    used.add(single);
    return Optional.of(
        new Plan(condition.sortKey(bound.attribute(), bound.op(), bound.value()), used));
  }

  /**
   * Whether {@code lower <= upper} as DynamoDB orders sort keys (it refuses a BETWEEN whose bounds
   * are reversed); false when unsure, so that only one bound is used.
   */
  private static boolean notAbove(AttributeValue lower, AttributeValue upper) {
    if (lower.n() != null && upper.n() != null) {
      return new BigDecimal(lower.n()).compareTo(new BigDecimal(upper.n())) <= 0;
    }
    if (lower.s() != null && upper.s() != null) {
      byte[] a = lower.s().getBytes(StandardCharsets.UTF_8);
      byte[] b = upper.s().getBytes(StandardCharsets.UTF_8);
      return Arrays.compareUnsigned(a, b) <= 0;
    }
    if (lower.b() != null && upper.b() != null) {
      return Arrays.compareUnsigned(lower.b().asByteArrayUnsafe(), upper.b().asByteArrayUnsafe())
          <= 0;
    }
    return false;
  }

  private static boolean isKeyType(AttributeValue value) {
    AttributeValue.Type type = value.type();
    return type == AttributeValue.Type.S
        || type == AttributeValue.Type.N
        || type == AttributeValue.Type.B;
  }
}
