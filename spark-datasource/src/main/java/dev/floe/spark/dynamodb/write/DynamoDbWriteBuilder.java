package dev.floe.spark.dynamodb.write;

import dev.floe.core.dynamodb.WriteRateLimit;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.TableInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.internal.connector.SupportsStreamingUpdateAsAppend;
import org.apache.spark.sql.types.StructType;

/**
 * Plans a write: {@code mode("append")} (and {@code INSERT INTO}, and the append and update output
 * modes of a streaming query) puts every row, replacing the item with the same key. Before any item
 * is written it describes the table, checks that the DataFrame has the table's key attributes, with
 * types DynamoDB accepts for them, and resolves a write throughput given in percent.
 *
 * <p>{@link SupportsStreamingUpdateAsAppend}: in update output mode a streaming query emits the
 * rows that changed in a micro-batch, e.g. the new count of each key of an aggregation; putting
 * them by key is exactly an update of the table. The interface is a marker that Spark 3.5 and 4.x
 * both check for before accepting a sink in update mode.
 */
public final class DynamoDbWriteBuilder
    implements WriteBuilder, SupportsTruncate, SupportsStreamingUpdateAsAppend {
  private final DynamoDbSparkOptions options;
  private final StructType schema;

  public DynamoDbWriteBuilder(DynamoDbSparkOptions options, StructType schema) {
    this.options = options;
    this.schema = schema;
  }

  @Override
  public Write build() {
    TableInfo table = TableInfo.describe(options);
    RowWriter rows = RowWriter.plan(options, schema, table);
    WriteRateLimit limit = options.writeThroughput().map(table::resolve).orElse(null);
    return new DynamoDbWrite(options, rows, limit);
  }

  /**
   * {@code mode("overwrite")}, {@code INSERT OVERWRITE}, a streaming query's complete output mode:
   * refused, with what they would mean.
   */
  @Override
  public WriteBuilder truncate() {
    throw new UnsupportedOperationException(
        "Cannot write to DynamoDB table '"
            + options.tableName()
            + "' with SaveMode.Overwrite (INSERT OVERWRITE, or a streaming query's complete output"
            + " mode): here it would delete every item of the table before writing, which"
            + " format(\"dynamodb\") never does. Use mode(\"append\") (INSERT INTO; output mode"
            + " append or update when streaming): each row is put by its key, replacing the item"
            + " with the same key and leaving the others; use option "
            + DynamoDbSparkOptions.DELETE_FLAG_COLUMN
            + " to delete items");
  }
}
