package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A condition on items, rendered as a DynamoDB FilterExpression by {@link DynamoDbExpressions}. An
 * immutable tree: comparisons, {@code between}, {@code in}, null checks and {@code begins_with} on
 * {@link AttributePath}s, combined with {@code and}, {@code or} and {@code not}. Comparisons follow
 * DynamoDB's rules: an item whose attribute is missing or of another type than the operand does not
 * match (so {@code not(eq(...))} does match it).
 */
public abstract class FilterPredicate implements Serializable {
  private static final long serialVersionUID = 1L;

  /** DynamoDB's limit on the operands of one IN. */
  public static final int MAX_IN_OPERANDS = 100;

  /** A comparison operator. */
  public enum Comparison {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }
  }

  private FilterPredicate() {}

  /** Writes this predicate, taking placeholders from {@code placeholders}. */
  abstract String render(Placeholders placeholders);

  /** Whether {@link #render} yields a top-level AND or OR, which needs parentheses inside NOT. */
  boolean isJunction() {
    return false;
  }

  public static FilterPredicate eq(AttributePath path, AttributeValue value) {
    return compare(path, Comparison.EQ, value);
  }

  public static FilterPredicate ne(AttributePath path, AttributeValue value) {
    return compare(path, Comparison.NE, value);
  }

  public static FilterPredicate lt(AttributePath path, AttributeValue value) {
    return compare(path, Comparison.LT, value);
  }

  public static FilterPredicate le(AttributePath path, AttributeValue value) {
    return compare(path, Comparison.LE, value);
  }

  public static FilterPredicate gt(AttributePath path, AttributeValue value) {
    return compare(path, Comparison.GT, value);
  }

  public static FilterPredicate ge(AttributePath path, AttributeValue value) {
    return compare(path, Comparison.GE, value);
  }

  /** {@code path <op> value}. */
  public static FilterPredicate compare(AttributePath path, Comparison op, AttributeValue value) {
    return new Compare(path, op, value);
  }

  /** {@code low <= path <= high}. */
  public static FilterPredicate between(
      AttributePath path, AttributeValue low, AttributeValue high) {
    return new Between(path, low, high);
  }

  /**
   * {@code path IN (values)}. More than {@link #MAX_IN_OPERANDS} values are rendered as an OR of
   * INs of at most 100 values each, which DynamoDB accepts as long as the whole expression stays
   * within its 4 KB limit.
   */
  public static FilterPredicate in(AttributePath path, List<AttributeValue> values) {
    return new In(path, values);
  }

  /**
   * The attribute is missing or holds NULL: {@code (attribute_not_exists(p) OR attribute_type(p,
   * :NULL))}, since a null value may be written either way.
   */
  public static FilterPredicate isNull(AttributePath path) {
    return new NullCheck(path, true);
  }

  /** The attribute exists and is not NULL: the negation of {@link #isNull}. */
  public static FilterPredicate isNotNull(AttributePath path) {
    return new NullCheck(path, false);
  }

  /** {@code begins_with(path, prefix)}; a string (S) or binary (B) prefix. */
  public static FilterPredicate beginsWith(AttributePath path, AttributeValue prefix) {
    return new BeginsWith(path, prefix);
  }

  /** All of {@code predicates} (at least one). */
  public static FilterPredicate and(FilterPredicate... predicates) {
    return and(List.of(predicates));
  }

  /** All of {@code predicates} (at least one). */
  public static FilterPredicate and(List<FilterPredicate> predicates) {
    return predicates.size() == 1 ? predicates.get(0) : new Junction("AND", predicates);
  }

  /** Any of {@code predicates} (at least one). */
  public static FilterPredicate or(FilterPredicate... predicates) {
    return or(List.of(predicates));
  }

  /** Any of {@code predicates} (at least one). */
  public static FilterPredicate or(List<FilterPredicate> predicates) {
    return predicates.size() == 1 ? predicates.get(0) : new Junction("OR", predicates);
  }

  /** The negation of {@code predicate}. */
  public static FilterPredicate not(FilterPredicate predicate) {
    return new Not(predicate);
  }

  /** The expression with the real names and values in place of placeholders, for messages. */
  @Override
  public String toString() {
    Placeholders placeholders = new Placeholders();
    return placeholders.withNames(render(placeholders));
  }

  @Override
  public boolean equals(Object other) {
    // Two predicates are equal when they render alike, placeholders and operands included.
    if (!(other instanceof FilterPredicate that) || other.getClass() != getClass()) {
      return false;
    }
    Placeholders mine = new Placeholders();
    Placeholders theirs = new Placeholders();
    return render(mine).equals(that.render(theirs))
        && mine.names().equals(theirs.names())
        && mine.values().equals(theirs.values());
  }

  @Override
  public int hashCode() {
    Placeholders placeholders = new Placeholders();
    return Objects.hash(render(placeholders), placeholders.names(), placeholders.values());
  }

  private static AttributeValue requireValue(AttributeValue value, AttributePath path) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Cannot compare attribute " + path + " with null: use isNull or isNotNull");
    }
    return value;
  }

  private static final class Compare extends FilterPredicate {
    private static final long serialVersionUID = 1L;
    private final AttributePath path;
    private final Comparison op;
    private final AttributeValue value;

    Compare(AttributePath path, Comparison op, AttributeValue value) {
      this.path = Objects.requireNonNull(path, "path");
      this.op = Objects.requireNonNull(op, "op");
      this.value = requireValue(value, path);
    }

    @Override
    String render(Placeholders p) {
      return p.path(path) + " " + op.symbol + " " + p.value(value);
    }
  }

  private static final class Between extends FilterPredicate {
    private static final long serialVersionUID = 1L;
    private final AttributePath path;
    private final AttributeValue low;
    private final AttributeValue high;

    Between(AttributePath path, AttributeValue low, AttributeValue high) {
      this.path = Objects.requireNonNull(path, "path");
      this.low = requireValue(low, path);
      this.high = requireValue(high, path);
    }

    @Override
    String render(Placeholders p) {
      return p.path(path) + " BETWEEN " + p.value(low) + " AND " + p.value(high);
    }
  }

  private static final class In extends FilterPredicate {
    private static final long serialVersionUID = 1L;
    private final AttributePath path;
    private final List<AttributeValue> values;

    In(AttributePath path, List<AttributeValue> values) {
      this.path = Objects.requireNonNull(path, "path");
      if (values == null || values.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot filter attribute " + path + " with an empty IN list: it matches no item");
      }
      for (AttributeValue value : values) {
        requireValue(value, path);
      }
      this.values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    @Override
    boolean isJunction() {
      return values.size() > MAX_IN_OPERANDS;
    }

    @Override
    String render(Placeholders p) {
      String name = p.path(path);
      List<String> groups = new ArrayList<>();
      for (int start = 0; start < values.size(); start += MAX_IN_OPERANDS) {
        StringBuilder group = new StringBuilder(name).append(" IN (");
        int end = Math.min(values.size(), start + MAX_IN_OPERANDS);
        for (int i = start; i < end; i++) {
          group.append(i > start ? ", " : "").append(p.value(values.get(i)));
        }
        groups.add(group.append(')').toString());
      }
      // More than one group is an OR: isJunction() tells enclosing operators to parenthesise it.
      return String.join(" OR ", groups);
    }
  }

  private static final class NullCheck extends FilterPredicate {
    private static final long serialVersionUID = 1L;
    private final AttributePath path;
    private final boolean isNull;

    NullCheck(AttributePath path, boolean isNull) {
      this.path = Objects.requireNonNull(path, "path");
      this.isNull = isNull;
    }

    @Override
    String render(Placeholders p) {
      String name = p.path(path);
      String type = p.value(AttributeValue.fromS("NULL"));
      return isNull
          ? "(attribute_not_exists(" + name + ") OR attribute_type(" + name + ", " + type + "))"
          : "(attribute_exists(" + name + ") AND NOT attribute_type(" + name + ", " + type + "))";
    }
  }

  private static final class BeginsWith extends FilterPredicate {
    private static final long serialVersionUID = 1L;
    private final AttributePath path;
    private final AttributeValue prefix;

    BeginsWith(AttributePath path, AttributeValue prefix) {
      this.path = Objects.requireNonNull(path, "path");
      this.prefix = requireValue(prefix, path);
      if (prefix.type() != AttributeValue.Type.S && prefix.type() != AttributeValue.Type.B) {
        throw new IllegalArgumentException(
            "Cannot filter attribute "
                + path
                + " with begins_with on a "
                + prefix.type()
                + ": DynamoDB's begins_with takes a string (S) or binary (B) prefix");
      }
    }

    @Override
    String render(Placeholders p) {
      return "begins_with(" + p.path(path) + ", " + p.value(prefix) + ")";
    }
  }

  private static final class Junction extends FilterPredicate {
    private static final long serialVersionUID = 1L;
    private final String operator;
    private final List<FilterPredicate> operands;

    Junction(String operator, List<FilterPredicate> operands) {
      if (operands.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot combine no predicates with " + operator + ": give at least one");
      }
      for (FilterPredicate operand : operands) {
        Objects.requireNonNull(operand, "predicate");
      }
      this.operator = operator;
      this.operands = Collections.unmodifiableList(new ArrayList<>(operands));
    }

    @Override
    boolean isJunction() {
      return true;
    }

    @Override
    String render(Placeholders p) {
      StringBuilder text = new StringBuilder();
      for (FilterPredicate operand : operands) {
        if (text.length() > 0) {
          text.append(' ').append(operator).append(' ');
        }
        String inner = operand.render(p);
        // AND binds tighter than OR in DynamoDB; parentheses make every nesting explicit.
        text.append(operand.isJunction() ? "(" + inner + ")" : inner);
      }
      return text.toString();
    }
  }

  private static final class Not extends FilterPredicate {
    private static final long serialVersionUID = 1L;
    private final FilterPredicate operand;

    Not(FilterPredicate operand) {
      this.operand = Objects.requireNonNull(operand, "predicate");
    }

    @Override
    String render(Placeholders p) {
      String inner = operand.render(p);
      return "NOT " + (operand.isJunction() ? "(" + inner + ")" : inner);
    }
  }
}
