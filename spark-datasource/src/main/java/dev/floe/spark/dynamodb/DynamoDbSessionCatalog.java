package dev.floe.spark.dynamodb;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.DelegatingCatalogExtension;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableWritePrivilege;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Spark's session catalog ({@code spark_catalog}) with tables {@code USING dynamodb} read and
 * written as what they are. Spark 3.5's session catalog hands every table it stores back as a V1
 * table, which Spark then reads and writes as a V1 source, and {@code format("dynamodb")} is a
 * DataSource V2 only: without this catalog, {@code SELECT} and {@code INSERT INTO} of such a table
 * fail on Spark 3.5 ("dynamodb is not a valid Spark SQL Data Source"). Spark 4 loads them as V2
 * tables by itself and needs no configuration, but works with this catalog as well. Configure:
 *
 * <pre>{@code
 * spark.sql.catalog.spark_catalog=dev.floe.spark.dynamodb.DynamoDbSessionCatalog
 * }</pre>
 *
 * <p>Every other table, and every other operation, is the built-in session catalog's (it is the
 * delegate). {@code CREATE TABLE} without columns infers them from sampled items and stores them,
 * as Spark 4 does; the options are checked and the DynamoDB table described at {@code CREATE
 * TABLE}, so a typo fails there. {@code DROP TABLE} forgets the catalog entry only: the DynamoDB
 * table and its items stay.
 */
public final class DynamoDbSessionCatalog extends DelegatingCatalogExtension {

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    return asDynamoDb(super.loadTable(ident));
  }

  /** INSERT INTO loads its target with the privileges it needs (Spark 3.5.2 and later). */
  @Override
  public Table loadTable(Identifier ident, Set<TableWritePrivilege> writePrivileges)
      throws NoSuchTableException {
    return asDynamoDb(super.loadTable(ident, writePrivileges));
  }

  @Override
  public Table createTable(
      Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    Column[] stored = columns;
    if (isDynamoDb(properties.get(TableCatalog.PROP_PROVIDER))) {
      stored = checkedColumns(columns, partitions, properties);
    }
    Table created = super.createTable(ident, stored, partitions, properties);
    return created == null ? null : asDynamoDb(created);
  }

  /** The columns to store: those given, or those inferred from the table's items. */
  private static Column[] checkedColumns(
      Column[] columns, Transform[] partitions, Map<String, String> properties) {
    DynamoDbDataSource.checkNoPartitioning(partitions);
    DynamoDbSparkOptions options = DynamoDbSparkOptions.parse(properties);
    if (columns.length > 0) {
      TableInfo.describe(options);
      return columns;
    }
    StructType inferred =
        new DynamoDbDataSource().inferSchema(new CaseInsensitiveStringMap(properties));
    Column[] result = new Column[inferred.fields().length];
    for (int i = 0; i < result.length; i++) {
      StructField field = inferred.fields()[i];
      // The metadata marks DynamoDB JSON columns; the catalog keeps it with the column.
      String metadata = field.metadata().equals(Metadata.empty()) ? null : field.metadata().json();
      result[i] = Column.create(field.name(), field.dataType(), field.nullable(), null, metadata);
    }
    return result;
  }

  /**
   * A {@code USING dynamodb} table as our table, with the schema the catalog stored; any other
   * table as the built-in catalog loaded it.
   */
  @SuppressWarnings("deprecation") // Table.schema(): V1Table implements it on Spark 3.5 and 4.x
  private static Table asDynamoDb(Table table) {
    if (table instanceof DynamoDbTable
        || !isDynamoDb(table.properties().get(TableCatalog.PROP_PROVIDER))) {
      return table;
    }
    return new DynamoDbDataSource().getTable(table.schema(), new Transform[0], table.properties());
  }

  private static boolean isDynamoDb(String provider) {
    return provider != null
        && (provider.toLowerCase(Locale.ROOT).equals(DynamoDbDataSource.SHORT_NAME)
            || provider.equals(DynamoDbDataSource.class.getName()));
  }
}
