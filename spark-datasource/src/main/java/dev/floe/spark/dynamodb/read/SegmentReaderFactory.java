package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Shipped to the executors; opens one {@link SegmentReader} per partition. */
final class SegmentReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final DynamoDbSparkOptions options;
  private final ReadSpec spec;
  private final ItemRowConverter converter;

  SegmentReaderFactory(DynamoDbSparkOptions options, ReadSpec spec, ItemRowConverter converter) {
    this.options = options;
    this.spec = spec;
    this.converter = converter;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new SegmentReader(options, spec, ((SegmentPartition) partition).segment(), converter);
  }
}
