package dev.floe.core.conversion;

import dev.floe.core.conversion.LogicalType.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Infers a {@link LogicalSchema} from sampled DynamoDB items. The rules (also in
 * docs/type-mapping.md):
 *
 * <ul>
 *   <li>S is STRING, B is BINARY, BOOL is BOOLEAN, SS is SET&lt;STRING&gt;, BS is
 *       SET&lt;BINARY&gt;.
 *   <li>Numbers: integers are INT, widening to BIGINT and then DECIMAL(38, 0) as values grow. Once
 *       any value has a fraction the column is DECIMAL(38, s) with s the largest scale seen, as
 *       long as every sampled value fits 38 digits at that scale; otherwise DOUBLE. NS is a SET of
 *       the same numeric type.
 *   <li>M is a ROW whose fields are the union of the keys seen (sorted by name), unless it has more
 *       than {@link Builder#maxStructFields(int)} distinct keys, when it is a MAP&lt;STRING, v&gt;
 *       with v unified over all values. L is an ARRAY of its elements' unified type.
 *   <li>Types that cannot be unified (a string in one item, a number in another; a map and a list)
 *       fall back to DOCUMENT, which keeps any value whole as DynamoDB JSON: nothing is lost.
 *   <li>An attribute that is only ever NULL, or a list that is always empty, is STRING.
 *   <li>Key attributes are NOT NULL. Any other attribute is nullable when it is absent from or NULL
 *       in some sampled item, and NOT NULL when every sampled item has a value for it.
 *   <li>Columns: the key attributes first (partition key, sort key), then the rest by name.
 * </ul>
 *
 * <p>The result depends only on the sampled items' content, not on attribute order within items.
 */
public final class SchemaInference {
  private final int sampleSize;
  private final int maxStructFields;

  private SchemaInference(Builder builder) {
    this.sampleSize = builder.sampleSize;
    this.maxStructFields = builder.maxStructFields;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int sampleSize() {
    return sampleSize;
  }

  /**
   * Infers the schema of at most {@link #sampleSize()} items.
   *
   * @param keyAttributes the table's partition key and optional sort key, in that order
   */
  public LogicalSchema infer(
      Iterable<Map<String, AttributeValue>> items, List<String> keyAttributes) {
    Map<String, Shape> columns = new TreeMap<>();
    int sampled = 0;
    Iterator<Map<String, AttributeValue>> iterator = items.iterator();
    while (sampled < sampleSize && iterator.hasNext()) {
      Map<String, AttributeValue> item = iterator.next();
      for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
        columns.computeIfAbsent(attribute.getKey(), name -> new Shape()).add(attribute.getValue());
      }
      sampled++;
    }
    for (String key : keyAttributes) {
      if (!columns.containsKey(key)) {
        // An empty table still has its key schema; DynamoDB keys are S, N or B, so STRING is only a
        // placeholder until items are seen.
        columns.put(key, new Shape());
      }
    }
    List<Field> fields = new ArrayList<>();
    for (String key : keyAttributes) {
      fields.add(Field.required(key, columns.remove(key).type()));
    }
    for (Map.Entry<String, Shape> column : columns.entrySet()) {
      Shape shape = column.getValue();
      boolean nullable = shape.present < sampled || shape.nulls > 0;
      fields.add(new Field(column.getKey(), shape.type(), nullable));
    }
    return LogicalSchema.of(fields, keyAttributes);
  }

  /**
   * What has been seen of one attribute, list element or map value across items: the kinds of
   * value, number statistics, and the shapes of nested fields and elements.
   */
  private final class Shape {
    private int present;
    private int nulls;
    private final Set<AttributeValue.Type> kinds = new LinkedHashSet<>();
    private final Numbers numbers = new Numbers();
    private Shape element;
    private Map<String, Shape> fields;
    private int maps;

    void add(AttributeValue value) {
      present++;
      AttributeValue.Type kind = value.type();
      if (kind == AttributeValue.Type.NUL) {
        nulls++;
        return;
      }
      kinds.add(kind);
      switch (kind) {
        case N -> numbers.add(value.n());
        case NS -> value.ns().forEach(numbers::add);
        case L -> value.l().forEach(e -> element().add(e));
        case M -> {
          maps++;
          if (fields == null) {
            fields = new TreeMap<>();
          }
          value.m().forEach((name, v) -> fields.computeIfAbsent(name, n -> new Shape()).add(v));
        }
        default -> {}
      }
    }

    private Shape element() {
      if (element == null) {
        element = new Shape();
      }
      return element;
    }

    LogicalType type() {
      if (kinds.isEmpty()) {
        return LogicalTypes.STRING;
      }
      if (kinds.size() > 1) {
        return LogicalTypes.DOCUMENT;
      }
      return switch (kinds.iterator().next()) {
        case S -> LogicalTypes.STRING;
        case B -> LogicalTypes.BINARY;
        case BOOL -> LogicalTypes.BOOLEAN;
        case N -> numbers.type();
        case SS -> LogicalTypes.set(LogicalTypes.STRING);
        case BS -> LogicalTypes.set(LogicalTypes.BINARY);
        case NS -> LogicalTypes.set(numbers.type());
        case L ->
            element == null
                ? LogicalTypes.list(LogicalTypes.STRING)
                : LogicalTypes.list(element.type());
        case M -> structOrMap();
        default -> LogicalTypes.DOCUMENT;
      };
    }

    private LogicalType structOrMap() {
      if (fields.size() > maxStructFields) {
        Shape values = new Shape();
        for (Shape field : fields.values()) {
          values.merge(field);
        }
        return LogicalTypes.map(LogicalTypes.STRING, values.type());
      }
      List<Field> struct = new ArrayList<>();
      for (Map.Entry<String, Shape> field : fields.entrySet()) {
        Shape shape = field.getValue();
        boolean nullable = shape.present < maps || shape.nulls > 0;
        struct.add(new Field(field.getKey(), shape.type(), nullable));
      }
      return LogicalTypes.struct(struct);
    }

    private void merge(Shape other) {
      present += other.present;
      nulls += other.nulls;
      kinds.addAll(other.kinds);
      numbers.merge(other.numbers);
      if (other.element != null) {
        element().merge(other.element);
      }
      if (other.fields != null) {
        if (fields == null) {
          fields = new TreeMap<>();
        }
        other.fields.forEach(
            (name, shape) -> fields.computeIfAbsent(name, n -> new Shape()).merge(shape));
        maps += other.maps;
      }
    }
  }

  /** The narrowest numeric type that holds every number seen, by the rules in the class comment. */
  private static final class Numbers {
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private boolean seen;
    private boolean beyondInt;
    private boolean beyondLong;
    private int maxScale;
    private int maxIntegerDigits;

    void add(String text) {
      BigDecimal value;
      try {
        value = DynamoDbNumbers.parse(text).stripTrailingZeros();
      } catch (ConversionException e) {
        // A malformed number cannot come from DynamoDB; leave its error to the reader.
        return;
      }
      seen = true;
      int scale = Math.max(value.scale(), 0);
      maxScale = Math.max(maxScale, scale);
      maxIntegerDigits = Math.max(maxIntegerDigits, value.precision() - value.scale());
      if (scale == 0) {
        beyondInt |= value.compareTo(INT_MIN) < 0 || value.compareTo(INT_MAX) > 0;
        beyondLong |= value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0;
      }
    }

    void merge(Numbers other) {
      if (!other.seen) {
        return;
      }
      seen = true;
      beyondInt |= other.beyondInt;
      beyondLong |= other.beyondLong;
      maxScale = Math.max(maxScale, other.maxScale);
      maxIntegerDigits = Math.max(maxIntegerDigits, other.maxIntegerDigits);
    }

    LogicalType type() {
      if (!seen) {
        return LogicalTypes.STRING;
      }
      if (maxIntegerDigits + maxScale > LogicalType.DecimalType.MAX_PRECISION) {
        return LogicalTypes.DOUBLE;
      }
      if (maxScale > 0) {
        return LogicalTypes.decimal(LogicalType.DecimalType.MAX_PRECISION, maxScale);
      }
      if (beyondLong) {
        return LogicalTypes.decimal(LogicalType.DecimalType.MAX_PRECISION, 0);
      }
      return beyondInt ? LogicalTypes.BIGINT : LogicalTypes.INT;
    }
  }

  /** Builds a {@link SchemaInference}. */
  public static final class Builder {
    private int sampleSize = 1000;
    private int maxStructFields = 500;

    private Builder() {}

    /** How many items to look at, at most (default 1000). */
    public Builder sampleSize(int sampleSize) {
      if (sampleSize < 1) {
        throw new ConversionException(
            "Cannot infer a schema from a sample size of "
                + sampleSize
                + ": it must be at least 1");
      }
      this.sampleSize = sampleSize;
      return this;
    }

    /** Maps with more distinct keys than this are MAPs rather than ROWs (default 500). */
    public Builder maxStructFields(int maxStructFields) {
      if (maxStructFields < 1) {
        throw new ConversionException(
            "Cannot use maxStructFields " + maxStructFields + ": it must be at least 1");
      }
      this.maxStructFields = maxStructFields;
      return this;
    }

    public SchemaInference build() {
      return new SchemaInference(this);
    }
  }

  @Override
  public String toString() {
    return "SchemaInference{sampleSize="
        + sampleSize
        + ", maxStructFields="
        + maxStructFields
        + "}";
  }
}
