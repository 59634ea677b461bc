package dev.floe.spark.dynamodb;

import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.SchemaInference;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.ItemSampler;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code format("dynamodb")}: the entry point Spark finds through {@code
 * META-INF/services/org.apache.spark.sql.sources.DataSourceRegister}. Without a schema from the
 * user it infers one from items sampled across scan segments; a user schema (or a DataFrame's
 * schema when writing) is taken as given, and for reads it is the projection.
 *
 * <p>It also serves tables of the session catalog ({@code CREATE TABLE ... USING dynamodb}): Spark
 * 4 loads them through {@link #getTable} with the schema the catalog stored (hence {@link
 * #supportsExternalMetadata()}); Spark 3.5 needs {@link DynamoDbSessionCatalog} for that.
 */
public final class DynamoDbDataSource implements TableProvider, DataSourceRegister {

  /** The name of {@code format("dynamodb")} and {@code USING dynamodb}. */
  public static final String SHORT_NAME = "dynamodb";

  /**
   * What {@link #inferSchema} learned, for the {@link #getTable} call Spark makes next on the same
   * instance with the schema just inferred (as Spark's own {@code SimpleTableProvider} relies on):
   * planning the read then needs no second DescribeTable.
   */
  private Inferred inferred;

  private record Inferred(StructType schema, String tableName, TableInfo table) {}

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    DynamoDbSparkOptions parsed = DynamoDbSparkOptions.parse(options);
    try (DynamoDbClient client = DynamoDbClientFactory.createSync(parsed.clientConfig())) {
      TableInfo info = TableInfo.describe(client, parsed);
      List<Map<String, AttributeValue>> sample =
          new ItemSampler(client).sample(parsed.tableName(), parsed.schemaSampleSize());
      LogicalSchema schema =
          SchemaInference.builder()
              .sampleSize(parsed.schemaSampleSize())
              .build()
              .infer(sample, info.keySchema().attributeNames());
      // Items beyond the sample may lack any non-key attribute.
      StructType inferredSchema = SparkTypes.toSpark(schema.withNonKeyColumnsNullable());
      inferred = new Inferred(inferredSchema, parsed.tableName(), info);
      return inferredSchema;
    }
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    checkNoPartitioning(partitioning);
    DynamoDbSparkOptions options = DynamoDbSparkOptions.parse(properties);
    Inferred last = inferred;
    if (last != null && last.schema() == schema && last.tableName().equals(options.tableName())) {
      return new DynamoDbTable(options, schema, last.table());
    }
    return new DynamoDbTable(options, schema, null);
  }

  static void checkNoPartitioning(Transform[] partitioning) {
    if (partitioning != null && partitioning.length > 0) {
      throw new IllegalArgumentException(
          "Cannot partition a DynamoDB table with Spark transforms: DynamoDB partitions by its"
              + " partition key; remove partitionBy/PARTITIONED BY");
    }
  }

  /** A schema given by the user is the projection of a read; a DataFrame's is that of a write. */
  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }
}
