package dev.floe.spark.dynamodb;

import dev.floe.spark.dynamodb.read.DynamoDbScanBuilder;
import dev.floe.spark.dynamodb.write.DynamoDbWriteBuilder;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * One DynamoDB table as Spark sees it: readable with a parallel scan (or a Query when the partition
 * key is bound), writable with batched puts and deletes, in batch and in Structured Streaming.
 */
final class DynamoDbTable implements SupportsRead, SupportsWrite {

  /**
   * TRUNCATE is declared only so that {@code mode("overwrite")} reaches {@link
   * DynamoDbWriteBuilder#truncate()}, which refuses it with a message saying what it would mean
   * here, instead of Spark's generic one.
   */
  private static final Set<TableCapability> CAPABILITIES =
      EnumSet.of(
          TableCapability.BATCH_READ,
          TableCapability.BATCH_WRITE,
          TableCapability.STREAMING_WRITE,
          TableCapability.TRUNCATE);

  private final DynamoDbSparkOptions options;
  private final StructType schema;
  private final TableInfo described;

  /**
   * @param described the table as described when {@code schema} was inferred from sampled items, or
   *     null for a schema given by the user or a catalog (always the read's projection), when the
   *     table is described as a read is planned
   */
  DynamoDbTable(DynamoDbSparkOptions options, StructType schema, TableInfo described) {
    this.options = options;
    this.schema = schema;
    this.described = described;
  }

  @Override
  public String name() {
    return "dynamodb:" + options.tableName();
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return CAPABILITIES;
  }

  /** The table's options; those given again to a query are the same (Spark passes them twice). */
  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    return new DynamoDbScanBuilder(options, schema, described);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new DynamoDbWriteBuilder(options, info.schema());
  }
}
