package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.FilterPredicate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringStartsWith;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Translates Spark filters into DynamoDB filter predicates, where DynamoDB compares exactly as
 * Spark does: top-level string columns (both compare UTF-8 bytes) and integer and decimal columns
 * (exact numbers). Float and double columns, dates and timestamps (stored as text) and nested
 * columns stay with Spark. A translated filter keeps every row Spark's filter keeps; Spark still
 * evaluates every filter after the scan, so the result is the same with pushdown on or off.
 */
final class FilterTranslator {
  private final StructType schema;

  FilterTranslator(StructType schema) {
    this.schema = schema;
  }

  /** The predicate for {@code filter}, if DynamoDB can evaluate it exactly. */
  Optional<FilterPredicate> translate(Filter filter) {
    if (filter instanceof EqualTo) {
      EqualTo f = (EqualTo) filter;
      return comparable(f.attribute(), f.value())
          .map(v -> FilterPredicate.eq(AttributePath.of(f.attribute()), v));
    } else if (filter instanceof GreaterThan) {
      GreaterThan f = (GreaterThan) filter;
      return comparable(f.attribute(), f.value())
          .map(v -> FilterPredicate.gt(AttributePath.of(f.attribute()), v));
    } else if (filter instanceof GreaterThanOrEqual) {
      GreaterThanOrEqual f = (GreaterThanOrEqual) filter;
      return comparable(f.attribute(), f.value())
          .map(v -> FilterPredicate.ge(AttributePath.of(f.attribute()), v));
    } else if (filter instanceof LessThan) {
      LessThan f = (LessThan) filter;
      return comparable(f.attribute(), f.value())
          .map(v -> FilterPredicate.lt(AttributePath.of(f.attribute()), v));
    } else if (filter instanceof LessThanOrEqual) {
      LessThanOrEqual f = (LessThanOrEqual) filter;
      return comparable(f.attribute(), f.value())
          .map(v -> FilterPredicate.le(AttributePath.of(f.attribute()), v));
    } else if (filter instanceof In) {
      In f = (In) filter;
      List<AttributeValue> values = new ArrayList<>();
      for (Object value : f.values()) {
        if (value != null) {
          Optional<AttributeValue> v = comparable(f.attribute(), value);
          if (v.isEmpty()) {
            return Optional.empty();
          }
          values.add(v.get());
        }
      }
      return values.isEmpty()
          ? Optional.empty()
          : Optional.of(FilterPredicate.in(AttributePath.of(f.attribute()), values));
    } else if (filter instanceof IsNull) {
      String name = ((IsNull) filter).attribute();
      return topLevel(name)
          ? Optional.of(FilterPredicate.isNull(AttributePath.of(name)))
          : Optional.empty();
    } else if (filter instanceof IsNotNull) {
      String name = ((IsNotNull) filter).attribute();
      return topLevel(name)
          ? Optional.of(FilterPredicate.isNotNull(AttributePath.of(name)))
          : Optional.empty();
    } else if (filter instanceof StringStartsWith) {
      StringStartsWith f = (StringStartsWith) filter;
      return columnType(f.attribute()).filter(t -> t instanceof StringType).isPresent()
          ? Optional.of(
              FilterPredicate.beginsWith(
                  AttributePath.of(f.attribute()), AttributeValue.fromS(f.value())))
          : Optional.empty();
    } else if (filter instanceof And) {
      And f = (And) filter;
      Optional<FilterPredicate> left = translate(f.left());
      Optional<FilterPredicate> right = translate(f.right());
      // One side alone still keeps every row the conjunction keeps.
      if (left.isPresent() && right.isPresent()) {
        return Optional.of(FilterPredicate.and(left.get(), right.get()));
      }
      return left.isPresent() ? left : right;
    } else if (filter instanceof Or) {
      Or f = (Or) filter;
      Optional<FilterPredicate> left = translate(f.left());
      Optional<FilterPredicate> right = translate(f.right());
      return left.isPresent() && right.isPresent()
          ? Optional.of(FilterPredicate.or(left.get(), right.get()))
          : Optional.empty();
    }
    // NOT is left to Spark: DynamoDB's NOT keeps items missing the attribute, Spark's does not.
    return Optional.empty();
  }

  /** The value as DynamoDB compares it with column {@code name}, if exactly as Spark does. */
  Optional<AttributeValue> comparable(String name, Object value) {
    Optional<DataType> type = columnType(name);
    if (type.isEmpty() || value == null) {
      return Optional.empty();
    }
    DataType t = type.get();
    if (t instanceof StringType && value instanceof String) {
      return Optional.of(AttributeValue.fromS((String) value));
    }
    boolean exactNumber =
        t instanceof ByteType
            || t instanceof ShortType
            || t instanceof IntegerType
            || t instanceof LongType
            || t instanceof DecimalType;
    if (exactNumber) {
      if (value instanceof Byte
          || value instanceof Short
          || value instanceof Integer
          || value instanceof Long
          || value instanceof BigInteger) {
        return Optional.of(AttributeValue.fromN(value.toString()));
      }
      if (value instanceof BigDecimal) {
        return Optional.of(AttributeValue.fromN(((BigDecimal) value).toPlainString()));
      }
    }
    return Optional.empty();
  }

  private Optional<DataType> columnType(String name) {
    if (!topLevel(name)) {
      return Optional.empty();
    }
    return Optional.of(schema.apply(name).dataType());
  }

  /** Spark names nested fields {@code a.b} and quotes odd names with backticks. */
  private boolean topLevel(String name) {
    return java.util.Arrays.asList(schema.fieldNames()).contains(name);
  }
}
