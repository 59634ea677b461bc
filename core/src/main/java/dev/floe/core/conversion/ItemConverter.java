package dev.floe.core.conversion;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts DynamoDB items to {@link Row}s of a {@link LogicalSchema} and back, following
 * docs/type-mapping.md. Thread-safe and immutable; create one per schema and reuse it.
 *
 * <p>Reading: a missing or NULL attribute is null (an error for a NOT NULL column); attributes not
 * in the schema are ignored; a value that does not fit its column is an error naming the attribute,
 * the value and the item key. Nothing is rounded or truncated.
 *
 * <p>Writing: every column becomes an attribute of the same name; null is written as NULL or left
 * out (see {@link ConversionOptions#ignoreNulls()}); a null key attribute is an error.
 */
public final class ItemConverter implements java.io.Serializable {
  private static final long serialVersionUID = 2L;

  private final LogicalSchema schema;
  private final ConversionOptions options;
  private final AttributeValueCodec codec;
  private final List<String> itemKeyAttributes;

  private ItemConverter(
      LogicalSchema schema, ConversionOptions options, List<String> itemKeyAttributes) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.options = Objects.requireNonNull(options, "options");
    this.codec = new AttributeValueCodec(options);
    this.itemKeyAttributes = List.copyOf(itemKeyAttributes);
  }

  private ItemConverter(LogicalSchema schema, ConversionOptions options) {
    this(schema, options, schema.keyAttributes());
  }

  public static ItemConverter of(LogicalSchema schema) {
    return new ItemConverter(schema, ConversionOptions.defaults());
  }

  public static ItemConverter of(LogicalSchema schema, ConversionOptions options) {
    return new ItemConverter(schema, options);
  }

  /**
   * A converter that names the items it cannot read by {@code keyAttributes}, which need not be
   * columns of the schema: a read that projects fewer columns than the key still names the item, as
   * long as the item holds its key (project it along).
   */
  public ItemConverter namingItemsBy(List<String> keyAttributes) {
    return new ItemConverter(schema, options, keyAttributes);
  }

  public LogicalSchema schema() {
    return schema;
  }

  public ConversionOptions options() {
    return options;
  }

  /** The row for an item; see the class comment for the rules. */
  public Row toRow(Map<String, AttributeValue> item) {
    try {
      return codec.readStruct(item, schema.asStruct(), null);
    } catch (BadValueException e) {
      throw new ConversionException(
          "Cannot read attribute '"
              + e.path()
              + "' of item "
              + ItemKeys.describe(item, itemKeyAttributes)
              + ": "
              + e.detail());
    }
  }

  /** The item for a row; see the class comment for the rules. */
  public Map<String, AttributeValue> toItem(Row row) {
    try {
      for (String key : schema.keyAttributes()) {
        if (row.size() == schema.fields().size()
            && row.get(schema.asStruct().indexOf(key)) == null) {
          throw new BadValueException(
              AttributePath.of(key),
              "a key attribute cannot be null; every item needs its primary key");
        }
      }
      return codec.writeStruct(row, schema.asStruct(), null);
    } catch (BadValueException e) {
      throw new ConversionException(
          "Cannot write attribute '"
              + e.path()
              + "' of item "
              + describeKey(row)
              + ": "
              + e.detail());
    }
  }

  /**
   * The Java value of one attribute.
   *
   * @param attributeName names the attribute in error messages
   */
  public Object toValue(AttributeValue value, LogicalType type, String attributeName) {
    try {
      return codec.read(value, type, AttributePath.of(attributeName));
    } catch (BadValueException e) {
      throw new ConversionException("Cannot read attribute '" + e.path() + "': " + e.detail());
    }
  }

  /**
   * The DynamoDB value of one attribute; NULL for null (whatever {@link
   * ConversionOptions#ignoreNulls()} says, since a single value has no attribute to leave out).
   *
   * @param attributeName names the attribute in error messages
   */
  public AttributeValue toAttributeValue(Object value, LogicalType type, String attributeName) {
    try {
      AttributeValue converted = codec.write(value, type, AttributePath.of(attributeName));
      return converted == null ? AttributeValue.fromNul(true) : converted;
    } catch (BadValueException e) {
      throw new ConversionException("Cannot write attribute '" + e.path() + "': " + e.detail());
    }
  }

  private String describeKey(Row row) {
    List<String> keys = schema.keyAttributes();
    if (keys.isEmpty() || row.size() != schema.fields().size()) {
      return "(primary key not known)";
    }
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < keys.size(); i++) {
      text.append(i == 0 ? "" : ", ")
          .append(keys.get(i))
          .append('=')
          .append(row.get(schema.asStruct().indexOf(keys.get(i))));
    }
    return text.append('}').toString();
  }
}
