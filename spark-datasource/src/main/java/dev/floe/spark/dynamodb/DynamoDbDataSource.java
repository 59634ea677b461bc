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
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

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

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    DynamoDbSparkOptions parsed = DynamoDbSparkOptions.parse(options);
    try (DynamoDbClient client = DynamoDbClientFactory.createSync(parsed.clientConfig())) {
      TableDescription table = TableInfo.describe(client, parsed);
      List<Map<String, AttributeValue>> sample =
          new ItemSampler(client).sample(parsed.tableName(), parsed.schemaSampleSize());
      LogicalSchema schema =
          SchemaInference.builder()
              .sampleSize(parsed.schemaSampleSize())
              .build()
              .infer(sample, TableInfo.of(table).keySchema().attributeNames());
      // Items beyond the sample may lack any non-key attribute.
      return SparkTypes.toSpark(schema.withNonKeyColumnsNullable());
    }
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    checkNoPartitioning(partitioning);
    return new DynamoDbTable(DynamoDbSparkOptions.parse(properties), schema);
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
