package dev.floe.spark.dynamodb.read;

import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.SparkTypes;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/** Shipped to the executors; opens one {@link SegmentReader} per partition. */
final class SegmentReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final DynamoDbSparkOptions options;
  private final ReadSpec spec;
  private final StructType schema;
  private final ItemConverter converter;

  SegmentReaderFactory(DynamoDbSparkOptions options, ReadSpec spec, StructType schema) {
    this.options = options;
    this.spec = spec;
    this.schema = schema;
    // Key attributes only name items in messages; a projection may leave them out.
    this.converter = ItemConverter.of(SparkTypes.toLogical(schema, List.of()));
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new SegmentReader(
        options, spec, ((SegmentPartition) partition).segment(), schema, converter);
  }
}
