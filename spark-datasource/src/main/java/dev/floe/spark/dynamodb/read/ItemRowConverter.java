package dev.floe.spark.dynamodb.read;

import dev.floe.core.conversion.ItemConverter;
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

  private ItemRowConverter(StructType schema) {
    this.schema = schema;
    // Key attributes only name items in messages; a projection may leave them out.
    this.converter = ItemConverter.of(SparkTypes.toLogical(schema, List.of()));
  }

  /** A converter to rows of {@code schema}, a schema {@link SparkTypes} maps. */
  public static ItemRowConverter of(StructType schema) {
    return new ItemRowConverter(schema);
  }

  /** The row of {@code item}. */
  public InternalRow toRow(Map<String, AttributeValue> item) {
    return SparkValues.toInternalRow(converter.toRow(item), schema);
  }
}
