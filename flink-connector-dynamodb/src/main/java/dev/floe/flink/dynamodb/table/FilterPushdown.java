package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.DynamoDbNumbers;
import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.DynamoDbExpressions;
import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.core.dynamodb.KeyCondition;
import dev.floe.core.dynamodb.KeyConditionPlanner;
import dev.floe.core.dynamodb.TableKeySchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.NestedFieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Translates Flink WHERE conjuncts into a DynamoDB FilterExpression and, when the partition key is
 * bound by an equality, a KeyConditionExpression (a Query instead of a Scan).
 *
 * <p>A conjunct is pushed only when DynamoDB keeps exactly the rows on which Flink's predicate is
 * TRUE. DynamoDB comparisons never match a missing attribute, a NULL or a value of another type, as
 * Flink's comparisons are UNKNOWN on null: so comparisons, IN and begins_with translate as they
 * are. DynamoDB's {@code NOT} and {@code <>} do match missing attributes, so they are never sent: a
 * negation is pushed down to the leaves instead ({@code NOT a < 3} is {@code a >= 3}, {@code a <>
 * 3} is {@code a < 3 OR a > 3}), which is exact under SQL's three-valued logic. Only columns whose
 * stored form orders as Flink orders them are compared: integers and DECIMAL (N), FLOAT and DOUBLE
 * against a literal of the same type (written with the same shortest form), STRING (S, UTF-8 byte
 * order in both), DATE (ISO-8601 S, years 1 to 9999 for ranges) and BOOLEAN (equality only).
 * TIMESTAMP, TIME, BYTES and ROW, ARRAY, MAP columns as a whole stay in Flink. A field of a ROW
 * column ({@code address.city}, or {@code address_city} once Flink has projected it on its own) is
 * compared at its path through the maps, {@code #n0.#n1}, by the same rules: DynamoDB's comparison
 * does not match an item whose path is missing or runs through a value that is not a map, and Flink
 * reads such an item's field as null.
 *
 * <p>With {@code scan.on-type-mismatch = null}, a stored value that does not fit its column reads
 * as null in Flink but is a value for DynamoDB: then only STRING columns (every S fits) are
 * compared and IS [NOT] NULL stays in Flink.
 *
 * <p>A document column ({@code document-columns}) is a STRING in Flink but any type in DynamoDB,
 * and Flink compares its DynamoDB JSON text ({@code {"S":"a"}}), not the value: it is never
 * compared in DynamoDB. IS [NOT] NULL is still exact there (null is a missing or NULL attribute).
 */
final class FilterPushdown {

  /** The split of the conjuncts: what DynamoDB evaluates, what Flink still has to. */
  static final class Result {
    final List<ResolvedExpression> accepted = new ArrayList<>();
    final List<ResolvedExpression> remaining = new ArrayList<>();
    FilterPredicate filter;
    KeyCondition keyCondition;
  }

  /** A term of the form {@code column op literal}, a candidate for the key condition. */
  private static final class Bound {
    final ResolvedExpression expression;
    final String column;
    final KeyCondition.SortOperator op;
    final AttributeValue value;

    Bound(
        ResolvedExpression expression,
        String column,
        KeyCondition.SortOperator op,
        AttributeValue value) {
      this.expression = expression;
      this.column = column;
      this.op = op;
      this.value = value;
    }
  }

  private final Function<String, AttributePath> columnPath;
  private final boolean typeMismatchReadsNull;
  private final Predicate<String> isDocumentColumn;

  private FilterPushdown(
      Function<String, AttributePath> columnPath,
      boolean typeMismatchReadsNull,
      Predicate<String> isDocumentColumn) {
    this.columnPath = columnPath;
    this.typeMismatchReadsNull = typeMismatchReadsNull;
    this.isDocumentColumn = isDocumentColumn;
  }

  /**
   * Splits {@code conjuncts} (the WHERE clause's top-level AND terms).
   *
   * @param columnPath where the source reads a column of its produced row from (a top-level
   *     attribute, or a path into maps after a nested projection), by the column's name in the
   *     produced row; null for a name it does not produce
   * @param keySchema the table's key, for a Query; null when reading an index (Scan only)
   * @param typeMismatchReadsNull whether {@code scan.on-type-mismatch} is {@code null}
   * @param isDocumentColumn whether a top-level attribute is one of {@code document-columns}
   */
  static Result apply(
      List<ResolvedExpression> conjuncts,
      Function<String, AttributePath> columnPath,
      TableKeySchema keySchema,
      boolean typeMismatchReadsNull,
      Predicate<String> isDocumentColumn) {
    FilterPushdown translator =
        new FilterPushdown(columnPath, typeMismatchReadsNull, isDocumentColumn);
    Result result = new Result();
    List<ResolvedExpression> translated = new ArrayList<>();
    List<FilterPredicate> predicates = new ArrayList<>();
    for (ResolvedExpression conjunct : conjuncts) {
      FilterPredicate predicate = translator.translate(conjunct, false);
      if (predicate == null) {
        result.remaining.add(conjunct);
      } else {
        translated.add(conjunct);
        predicates.add(predicate);
      }
    }
    KeyCondition keyCondition =
        keySchema == null ? null : translator.keyCondition(translated, keySchema, result);
    List<FilterPredicate> filter = new ArrayList<>();
    for (int i = 0; i < translated.size(); i++) {
      ResolvedExpression conjunct = translated.get(i);
      if (keyCondition != null && result.accepted.contains(conjunct)) {
        continue; // already in the key condition
      }
      if (keyCondition != null && referencesAny(conjunct, keySchema.attributeNames(), columnPath)) {
        // A Query's FilterExpression may not name key attributes: Flink keeps this one.
        result.remaining.add(conjunct);
        continue;
      }
      filter.add(predicates.get(i));
      if (!withinExpressionLimits(filter)) {
        // DynamoDB refuses expressions over 4 KB or with too many operands: Flink keeps the rest.
        filter.remove(filter.size() - 1);
        result.remaining.add(conjunct);
        continue;
      }
      result.accepted.add(conjunct);
    }
    result.keyCondition = keyCondition;
    result.filter =
        filter.isEmpty() ? null : filter.size() == 1 ? filter.get(0) : FilterPredicate.and(filter);
    return result;
  }

  /** Conservative bounds under DynamoDB's 4 KB expression size and 300 operators. */
  private static final int MAX_FILTER_CHARS = 3_000;

  private static final int MAX_FILTER_VALUES = 200;

  private static boolean withinExpressionLimits(List<FilterPredicate> filter) {
    DynamoDbExpressions expressions =
        DynamoDbExpressions.builder()
            .filter(filter.size() == 1 ? filter.get(0) : FilterPredicate.and(filter))
            .build();
    int chars = expressions.filterExpression().map(String::length).orElse(0);
    return chars <= MAX_FILTER_CHARS
        && expressions.expressionAttributeValues().size() <= MAX_FILTER_VALUES;
  }

  /** The key condition from the translated conjuncts; adds the ones it uses to accepted. */
  private KeyCondition keyCondition(
      List<ResolvedExpression> translated, TableKeySchema keySchema, Result result) {
    // Flink hands a two-sided range (sk >= 2 AND sk <= 3, or BETWEEN) over as one AND conjunct:
    // its terms are bounds too, and the conjunct is DynamoDB's only if all of them are used.
    List<Bound> bounds = new ArrayList<>();
    Map<ResolvedExpression, List<ResolvedExpression>> termsOf = new HashMap<>();
    for (ResolvedExpression conjunct : translated) {
      List<ResolvedExpression> terms = andTerms(conjunct);
      termsOf.put(conjunct, terms);
      for (ResolvedExpression term : terms) {
        Bound bound = bound(term);
        if (bound != null) {
          bounds.add(bound);
        }
      }
    }
    Set<ResolvedExpression> used = new HashSet<>();
    KeyCondition condition = keyCondition(bounds, keySchema, used);
    for (ResolvedExpression conjunct : translated) {
      if (used.containsAll(termsOf.get(conjunct))) {
        result.accepted.add(conjunct);
      }
    }
    return condition;
  }

  /** The terms of nested ANDs, or the expression itself. */
  private static List<ResolvedExpression> andTerms(ResolvedExpression expression) {
    if (expression instanceof CallExpression call
        && call.getFunctionDefinition() == BuiltInFunctionDefinitions.AND) {
      List<ResolvedExpression> terms = new ArrayList<>();
      for (ResolvedExpression child : call.getResolvedChildren()) {
        terms.addAll(andTerms(child));
      }
      return terms;
    }
    return List.of(expression);
  }

  /**
   * The key condition from {@code bounds} (core's rule); adds the terms it uses to {@code used}.
   */
  private static KeyCondition keyCondition(
      List<Bound> bounds, TableKeySchema keySchema, Set<ResolvedExpression> used) {
    List<KeyConditionPlanner.Bound> candidates = new ArrayList<>(bounds.size());
    for (Bound bound : bounds) {
      candidates.add(new KeyConditionPlanner.Bound(bound.column, bound.op, bound.value));
    }
    Optional<KeyConditionPlanner.Plan> plan = KeyConditionPlanner.plan(candidates, keySchema);
    if (plan.isEmpty()) {
      return null;
    }
    for (int index : plan.get().usedBounds()) {
      used.add(bounds.get(index).expression);
    }
    return plan.get().condition();
  }

  /** {@code column op literal} (either order) or {@code column LIKE 'prefix%'}, else null. */
  private Bound bound(ResolvedExpression expression) {
    if (!(expression instanceof CallExpression)) {
      return null;
    }
    CallExpression call = (CallExpression) expression;
    FunctionDefinition function = call.getFunctionDefinition();
    if (function == BuiltInFunctionDefinitions.LIKE) {
      AttributeValue prefix = likePrefix(call);
      String column = keyColumn(call.getResolvedChildren().get(0));
      return prefix == null || column == null
          ? null
          : new Bound(expression, column, KeyCondition.SortOperator.BEGINS_WITH, prefix);
    }
    KeyCondition.SortOperator op = sortOperator(function);
    if (op == null || call.getResolvedChildren().size() != 2) {
      return null;
    }
    ResolvedExpression left = call.getResolvedChildren().get(0);
    ResolvedExpression right = call.getResolvedChildren().get(1);
    if (left instanceof ValueLiteralExpression && isColumn(right)) {
      ResolvedExpression swap = left;
      left = right;
      right = swap;
      op = flip(op);
    }
    String column = keyColumn(left);
    if (column == null || !(right instanceof ValueLiteralExpression)) {
      return null;
    }
    AttributeValue value = literal(left, (ValueLiteralExpression) right, op);
    return value == null ? null : new Bound(expression, column, op, value);
  }

  /** The top-level attribute a column reference reads, which may be a key; else null. */
  private String keyColumn(ResolvedExpression expression) {
    AttributePath path = pathOf(expression);
    return path != null && path.isTopLevel() ? path.topLevel() : null;
  }

  private static KeyCondition.SortOperator sortOperator(FunctionDefinition function) {
    if (function == BuiltInFunctionDefinitions.EQUALS) {
      return KeyCondition.SortOperator.EQ;
    } else if (function == BuiltInFunctionDefinitions.LESS_THAN) {
      return KeyCondition.SortOperator.LT;
    } else if (function == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) {
      return KeyCondition.SortOperator.LE;
    } else if (function == BuiltInFunctionDefinitions.GREATER_THAN) {
      return KeyCondition.SortOperator.GT;
    } else if (function == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) {
      return KeyCondition.SortOperator.GE;
    }
    return null;
  }

  /** {@code a op b} as {@code b op' a}. */
  private static KeyCondition.SortOperator flip(KeyCondition.SortOperator op) {
    switch (op) {
      case LT:
        return KeyCondition.SortOperator.GT;
      case LE:
        return KeyCondition.SortOperator.GE;
      case GT:
        return KeyCondition.SortOperator.LT;
      case GE:
        return KeyCondition.SortOperator.LE;
      default:
        return op;
    }
  }

  /** {@code NOT (a op b)} for non-null a and b. */
  private static KeyCondition.SortOperator complement(KeyCondition.SortOperator op) {
    switch (op) {
      case LT:
        return KeyCondition.SortOperator.GE;
      case LE:
        return KeyCondition.SortOperator.GT;
      case GT:
        return KeyCondition.SortOperator.LE;
      case GE:
        return KeyCondition.SortOperator.LT;
      default:
        throw new IllegalArgumentException("no complement of " + op);
    }
  }

  /**
   * The predicate DynamoDB keeps an item by exactly when {@code expression} is TRUE (or, when
   * {@code negated}, exactly when it is FALSE); null when there is none.
   */
  private FilterPredicate translate(ResolvedExpression expression, boolean negated) {
    if (isColumn(expression)) {
      // WHERE flag: flag = TRUE
      if (root(expression) != LogicalTypeRoot.BOOLEAN || !columnSupported(expression)) {
        return null;
      }
      return FilterPredicate.eq(pathOf(expression), AttributeValue.fromBool(!negated));
    }
    if (!(expression instanceof CallExpression)) {
      return null;
    }
    CallExpression call = (CallExpression) expression;
    FunctionDefinition function = call.getFunctionDefinition();
    List<ResolvedExpression> children = call.getResolvedChildren();
    if (function == BuiltInFunctionDefinitions.AND || function == BuiltInFunctionDefinitions.OR) {
      List<FilterPredicate> parts = new ArrayList<>();
      for (ResolvedExpression child : children) {
        FilterPredicate part = translate(child, negated);
        if (part == null) {
          return null;
        }
        parts.add(part);
      }
      // De Morgan holds in three-valued logic: NOT (a AND b) is TRUE iff a or b is FALSE.
      boolean and = (function == BuiltInFunctionDefinitions.AND) != negated;
      return and ? FilterPredicate.and(parts) : FilterPredicate.or(parts);
    }
    if (function == BuiltInFunctionDefinitions.NOT && children.size() == 1) {
      return translate(children.get(0), !negated);
    }
    if (function == BuiltInFunctionDefinitions.IS_NULL
        || function == BuiltInFunctionDefinitions.IS_NOT_NULL) {
      if (typeMismatchReadsNull || children.size() != 1 || !isColumn(children.get(0))) {
        return null;
      }
      AttributePath path = pathOf(children.get(0));
      boolean isNull = (function == BuiltInFunctionDefinitions.IS_NULL) != negated;
      return isNull ? FilterPredicate.isNull(path) : FilterPredicate.isNotNull(path);
    }
    if (function == BuiltInFunctionDefinitions.IN) {
      return in(children, negated);
    }
    if (function == BuiltInFunctionDefinitions.LIKE) {
      AttributeValue prefix = likePrefix(call);
      if (prefix == null || negated) {
        // NOT begins_with also matches missing attributes and other types.
        return null;
      }
      return FilterPredicate.beginsWith(pathOf(children.get(0)), prefix);
    }
    if (function == BuiltInFunctionDefinitions.NOT_EQUALS) {
      return comparison(children, KeyCondition.SortOperator.EQ, !negated);
    }
    KeyCondition.SortOperator op = sortOperator(function);
    return op == null ? null : comparison(children, op, negated);
  }

  private FilterPredicate comparison(
      List<ResolvedExpression> children, KeyCondition.SortOperator op, boolean negated) {
    if (children.size() != 2) {
      return null;
    }
    ResolvedExpression left = children.get(0);
    ResolvedExpression right = children.get(1);
    if (left instanceof ValueLiteralExpression && isColumn(right)) {
      ResolvedExpression swap = left;
      left = right;
      right = swap;
      op = flip(op);
    }
    if (!isColumn(left) || !(right instanceof ValueLiteralExpression)) {
      return null;
    }
    ResolvedExpression field = left;
    AttributeValue value = literal(field, (ValueLiteralExpression) right, op);
    if (value == null) {
      return null;
    }
    AttributePath path = pathOf(field);
    if (op == KeyCondition.SortOperator.EQ) {
      return negated ? notEqual(field, path, value) : FilterPredicate.eq(path, value);
    }
    KeyCondition.SortOperator effective = negated ? complement(op) : op;
    switch (effective) {
      case LT:
        return FilterPredicate.lt(path, value);
      case LE:
        return FilterPredicate.le(path, value);
      case GT:
        return FilterPredicate.gt(path, value);
      case GE:
        return FilterPredicate.ge(path, value);
      default:
        return null;
    }
  }

  /** TRUE exactly when the column holds a value other than {@code value}: never DynamoDB's <>. */
  private static FilterPredicate notEqual(
      ResolvedExpression field, AttributePath path, AttributeValue value) {
    if (root(field) == LogicalTypeRoot.BOOLEAN) {
      return FilterPredicate.eq(path, AttributeValue.fromBool(!value.bool()));
    }
    return FilterPredicate.or(FilterPredicate.lt(path, value), FilterPredicate.gt(path, value));
  }

  private FilterPredicate in(List<ResolvedExpression> children, boolean negated) {
    if (children.size() < 2 || !isColumn(children.get(0))) {
      return null;
    }
    ResolvedExpression field = children.get(0);
    AttributePath path = pathOf(field);
    List<AttributeValue> values = new ArrayList<>();
    for (ResolvedExpression child : children.subList(1, children.size())) {
      if (!(child instanceof ValueLiteralExpression)) {
        return null;
      }
      AttributeValue value =
          literal(field, (ValueLiteralExpression) child, KeyCondition.SortOperator.EQ);
      if (value == null) {
        return null; // also a NULL in the list: x NOT IN (1, NULL) is never TRUE
      }
      values.add(value);
    }
    if (!negated) {
      return FilterPredicate.in(path, values);
    }
    List<FilterPredicate> parts = new ArrayList<>();
    for (AttributeValue value : values) {
      parts.add(notEqual(field, path, value));
    }
    return parts.size() == 1 ? parts.get(0) : FilterPredicate.and(parts);
  }

  /** The S prefix of {@code column LIKE 'prefix%'} on a string column, else null. */
  private AttributeValue likePrefix(CallExpression call) {
    List<ResolvedExpression> children = call.getResolvedChildren();
    if (children.size() != 2
        || !isColumn(children.get(0))
        || !(children.get(1) instanceof ValueLiteralExpression)) {
      return null;
    }
    ResolvedExpression field = children.get(0);
    if (!isString(root(field)) || !columnSupported(field)) {
      return null;
    }
    Optional<String> pattern = ((ValueLiteralExpression) children.get(1)).getValueAs(String.class);
    if (pattern.isEmpty() || !pattern.get().endsWith("%")) {
      return null;
    }
    String prefix = pattern.get().substring(0, pattern.get().length() - 1);
    // No other wildcard and no escape character; an empty prefix matches every string but is
    // refused by begins_with.
    if (prefix.isEmpty()
        || prefix.indexOf('%') >= 0
        || prefix.indexOf('_') >= 0
        || prefix.indexOf('\\') >= 0) {
      return null;
    }
    return AttributeValue.fromS(prefix);
  }

  /** The literal as the sink stores it for the column's type; null when not comparable. */
  private AttributeValue literal(
      ResolvedExpression field, ValueLiteralExpression literal, KeyCondition.SortOperator op) {
    if (!columnSupported(field) || literal.isNull()) {
      return null;
    }
    LogicalTypeRoot column = root(field);
    LogicalTypeRoot given = literal.getOutputDataType().getLogicalType().getTypeRoot();
    Object value =
        literal.getValueAs(literal.getOutputDataType().getConversionClass()).orElse(null);
    if (value == null) {
      return null;
    }
    switch (column) {
      case BOOLEAN:
        return given == LogicalTypeRoot.BOOLEAN && op == KeyCondition.SortOperator.EQ
            ? AttributeValue.fromBool((Boolean) value)
            : null;
      case CHAR:
      case VARCHAR:
        return isString(given) ? AttributeValue.fromS(value.toString()) : null;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case DECIMAL:
        if (!isExactNumber(given) || !(value instanceof Number)) {
          return null;
        }
        BigDecimal number =
            value instanceof BigDecimal
                ? (BigDecimal) value
                : BigDecimal.valueOf(((Number) value).longValue());
        return AttributeValue.fromN(DynamoDbNumbers.format(number));
      case FLOAT:
      case DOUBLE:
        // Flink reads a stored N as the nearest float/double, DynamoDB compares the exact N: the
        // two can disagree (N "0.10000000149011612" reads as 0.1f), so Flink compares these.
        return null;
      case DATE:
        // Stored dates are ISO strings, which order as dates only for four-digit years; a stored
        // "+10000-01-01" sorts before "2024-..." while Flink orders it after. Flink compares them.
        return null;
      default:
        return null;
    }
  }

  /** Whether comparisons on this column may be pushed at all (see the class comment). */
  private boolean columnSupported(ResolvedExpression field) {
    AttributePath path = pathOf(field);
    // The options name top-level attributes: a field inside a map is never a document column.
    return (!typeMismatchReadsNull || isString(root(field)))
        && !(path.isTopLevel() && isDocumentColumn.test(path.topLevel()));
  }

  private static boolean isString(LogicalTypeRoot root) {
    return root == LogicalTypeRoot.CHAR || root == LogicalTypeRoot.VARCHAR;
  }

  private static boolean isExactNumber(LogicalTypeRoot root) {
    return root == LogicalTypeRoot.TINYINT
        || root == LogicalTypeRoot.SMALLINT
        || root == LogicalTypeRoot.INTEGER
        || root == LogicalTypeRoot.BIGINT
        || root == LogicalTypeRoot.DECIMAL;
  }

  private static LogicalTypeRoot root(ResolvedExpression field) {
    LogicalType type = field.getOutputDataType().getLogicalType();
    return type.getTypeRoot();
  }

  private boolean isColumn(ResolvedExpression expression) {
    return pathOf(expression) != null;
  }

  private AttributePath pathOf(ResolvedExpression expression) {
    return pathOf(expression, columnPath);
  }

  /**
   * The attribute a column reference reads: a column of the produced row ({@code address_city}
   * after a nested projection reads {@code address.city}), or a field of a ROW column ({@code
   * address.city} before one); null for anything else, which is never pushed.
   */
  private static AttributePath pathOf(
      Expression expression, Function<String, AttributePath> columnPath) {
    if (expression instanceof FieldReferenceExpression) {
      return columnPath.apply(((FieldReferenceExpression) expression).getName());
    }
    if (expression instanceof NestedFieldReferenceExpression) {
      String[] names = ((NestedFieldReferenceExpression) expression).getFieldNames();
      AttributePath column = columnPath.apply(names[0]);
      if (column == null) {
        return null;
      }
      List<String> path = new ArrayList<>(column.names());
      path.addAll(Arrays.asList(names).subList(1, names.length));
      return AttributePath.of(path);
    }
    return null;
  }

  /** Whether {@code expression} reads one of the top-level attributes {@code attributes}. */
  static boolean referencesAny(
      Expression expression, List<String> attributes, Function<String, AttributePath> columnPath) {
    AttributePath path = pathOf(expression, columnPath);
    if (path != null && path.isTopLevel() && attributes.contains(path.topLevel())) {
      return true;
    }
    for (Expression child : expression.getChildren()) {
      if (referencesAny(child, attributes, columnPath)) {
        return true;
      }
    }
    return false;
  }
}
