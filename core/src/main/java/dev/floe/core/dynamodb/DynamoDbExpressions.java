package dev.floe.core.dynamodb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The expressions of one Scan, Query or BatchGetItem request, built from a projection, a filter and
 * a key condition. Every attribute name goes through an ExpressionAttributeNames placeholder
 * ({@code #n0, #n1, ...}; one per distinct name, so {@code address.city} and {@code address.zip}
 * share the placeholder of {@code address}), every operand through an ExpressionAttributeValues
 * placeholder ({@code :v0, :v1, ...}). Placeholders are numbered in the order key condition,
 * filter, projection, so the same input always gives the same strings. Immutable.
 */
public final class DynamoDbExpressions {
  private final String projectionExpression;
  private final String filterExpression;
  private final String keyConditionExpression;
  private final Map<String, String> expressionAttributeNames;
  private final Map<String, AttributeValue> expressionAttributeValues;

  private DynamoDbExpressions(Builder builder) {
    Placeholders placeholders = new Placeholders();
    this.keyConditionExpression =
        builder.keyCondition == null ? null : builder.keyCondition.render(placeholders);
    this.filterExpression = builder.filter == null ? null : builder.filter.render(placeholders);
    if (builder.projection.isEmpty()) {
      this.projectionExpression = null;
    } else {
      List<String> paths = new ArrayList<>();
      for (AttributePath path : withoutOverlaps(builder.projection)) {
        paths.add(placeholders.path(path));
      }
      this.projectionExpression = String.join(", ", paths);
    }
    this.expressionAttributeNames = placeholders.names();
    this.expressionAttributeValues = placeholders.values();
  }

  /**
   * The paths to send: DynamoDB refuses a ProjectionExpression in which one path repeats or lies
   * inside another ("Two document paths overlap"), and the outer path already returns the inner
   * one, so only the first of equal paths and the outermost of nested ones are kept, in order.
   */
  private static List<AttributePath> withoutOverlaps(List<AttributePath> projection) {
    List<AttributePath> kept = new ArrayList<>();
    for (int i = 0; i < projection.size(); i++) {
      AttributePath path = projection.get(i);
      boolean covered = false;
      for (int j = 0; j < projection.size() && !covered; j++) {
        AttributePath other = projection.get(j);
        covered = other.equals(path) ? j < i : path.isInside(other);
      }
      if (!covered) {
        kept.add(path);
      }
    }
    return kept;
  }

  /** A builder with no projection (all attributes), no filter and no key condition. */
  public static Builder builder() {
    return new Builder();
  }

  /** The expressions of {@code spec}. */
  public static DynamoDbExpressions of(ReadSpec spec) {
    return builder()
        .projection(spec.projection())
        .filter(spec.filter().orElse(null))
        .keyCondition(spec.keyCondition().orElse(null))
        .build();
  }

  /** E.g. {@code #n0, #n1.#n2}; empty when all attributes are read. */
  public Optional<String> projectionExpression() {
    return Optional.ofNullable(projectionExpression);
  }

  public Optional<String> filterExpression() {
    return Optional.ofNullable(filterExpression);
  }

  public Optional<String> keyConditionExpression() {
    return Optional.ofNullable(keyConditionExpression);
  }

  /** Placeholder to attribute name, in placeholder order; empty when no name is used. */
  public Map<String, String> expressionAttributeNames() {
    return expressionAttributeNames;
  }

  /** Placeholder to operand, in placeholder order; empty when no operand is used. */
  public Map<String, AttributeValue> expressionAttributeValues() {
    return expressionAttributeValues;
  }

  /** ExpressionAttributeNames for a request: null when empty, as DynamoDB refuses an empty map. */
  Map<String, String> namesOrNull() {
    return expressionAttributeNames.isEmpty() ? null : expressionAttributeNames;
  }

  /** ExpressionAttributeValues for a request: null when empty. */
  Map<String, AttributeValue> valuesOrNull() {
    return expressionAttributeValues.isEmpty() ? null : expressionAttributeValues;
  }

  @Override
  public String toString() {
    return "DynamoDbExpressions{keyCondition="
        + keyConditionExpression
        + ", filter="
        + filterExpression
        + ", projection="
        + projectionExpression
        + ", names="
        + expressionAttributeNames
        + ", values="
        + expressionAttributeValues.keySet()
        + "}";
  }

  /** Builds {@link DynamoDbExpressions}. */
  public static final class Builder {
    private List<AttributePath> projection = List.of();
    private FilterPredicate filter;
    private KeyCondition keyCondition;

    private Builder() {}

    /**
     * The attributes to read; empty (the default) reads all. Duplicates are sent once, and a path
     * inside another one (address.city with address) not at all.
     */
    public Builder projection(List<AttributePath> paths) {
      this.projection = Collections.unmodifiableList(new ArrayList<>(paths));
      return this;
    }

    /** The attributes to read. */
    public Builder projection(AttributePath... paths) {
      return projection(List.of(paths));
    }

    /** The filter; null for none. */
    public Builder filter(FilterPredicate filter) {
      this.filter = filter;
      return this;
    }

    /** The key condition of a Query; null for none. */
    public Builder keyCondition(KeyCondition keyCondition) {
      this.keyCondition = keyCondition;
      return this;
    }

    public DynamoDbExpressions build() {
      return new DynamoDbExpressions(this);
    }
  }
}
