package dev.floe.spark.dynamodb.read;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.SparkTypes;
import dev.floe.spark.dynamodb.SparkValues;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a read does with each item: core's conversion to the logical values of the read schema
 * (docs/type-mapping.md; missing attributes are nulls), then Spark's internal form. Immutable and
 * thread-safe; shipped to the executors with the reader factory.
 */
public final class ItemRowConverter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final ItemConverter converter;
  private final int inferredFromSample;

  private ItemRowConverter(StructType schema, ItemConverter converter, int inferredFromSample) {
    this.schema = schema;
    this.converter = converter;
    this.inferredFromSample = inferredFromSample;
  }

  /**
   * A converter to rows of {@code schema}, a schema {@link SparkTypes} maps. An item it cannot read
   * is named by {@code keyAttributes} (the table's key, which the read projects along), whether or
   * not they are columns.
   */
  public static ItemRowConverter of(StructType schema, List<String> keyAttributes) {
    ItemConverter converter =
        ItemConverter.of(SparkTypes.toLogical(schema, List.of())).namingItemsBy(keyAttributes);
    return new ItemRowConverter(schema, converter, 0);
  }

  /**
   * The same converter, for a schema inferred from at most {@code sampleSize} items: an item that
   * does not fit it is an item the sample did not see, and the error says what to do about it.
   */
  public ItemRowConverter inferredFrom(int sampleSize) {
    return new ItemRowConverter(schema, converter, sampleSize);
  }

  /** The row of {@code item}. */
  public InternalRow toRow(Map<String, AttributeValue> item) {
    try {
      return SparkValues.toInternalRow(converter.toRow(item), schema);
    } catch (ConversionException e) {
      if (inferredFromSample == 0) {
        throw e;
      }
      // The message says all the cause does; it is not repeated below this one.
      throw new ConversionException(
          e.getMessage()
              + ". The schema was inferred from at most "
              + inferredFromSample
              + " sampled items, which did not include one like this: give the schema yourself"
              + " (spark.read.schema(...), or the columns of CREATE TABLE), or sample more items"
              + " with option "
              + DynamoDbSparkOptions.SCHEMA_SAMPLE_SIZE);
    }
  }
}
