package dev.floe.spark.dynamodb.write;

import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.TableInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * Plans a write: {@code mode("append")} (and {@code INSERT INTO}) puts every row, replacing the
 * item with the same key. Before any item is written it describes the table and checks that the
 * DataFrame has the table's key attributes, with types DynamoDB accepts for them.
 */
public final class DynamoDbWriteBuilder implements WriteBuilder, SupportsTruncate {
  private final DynamoDbSparkOptions options;
  private final StructType schema;

  public DynamoDbWriteBuilder(DynamoDbSparkOptions options, StructType schema) {
    this.options = options;
    this.schema = schema;
  }

  @Override
  public Write build() {
    RowWriter rows = RowWriter.plan(options, schema, TableInfo.describe(options));
    return new DynamoDbWrite(options, rows);
  }

  /** {@code mode("overwrite")}, {@code INSERT OVERWRITE}: refused, with what they would mean. */
  @Override
  public WriteBuilder truncate() {
    throw new UnsupportedOperationException(
        "Cannot write to DynamoDB table '"
            + options.tableName()
            + "' with SaveMode.Overwrite (INSERT OVERWRITE): here it would delete every item of"
            + " the table before writing, which format(\"dynamodb\") never does. Use"
            + " mode(\"append\") (INSERT INTO): each row is put by its key, replacing the item with"
            + " the same key and leaving the others; use option "
            + DynamoDbSparkOptions.DELETE_FLAG_COLUMN
            + " to delete items");
  }
}
