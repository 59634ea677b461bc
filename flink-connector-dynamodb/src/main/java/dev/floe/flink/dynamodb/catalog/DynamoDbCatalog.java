package dev.floe.flink.dynamodb.catalog;

import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalType.Kind;
import dev.floe.core.conversion.LogicalTypes;
import dev.floe.core.conversion.SchemaInference;
import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.ItemSampler;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions;
import dev.floe.flink.dynamodb.table.FlinkTypeMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A read-only Flink catalog of the DynamoDB tables of one account and region, in one database. Each
 * table's schema is its key plus the attributes inferred from sampled items ({@link
 * SchemaInference}, shown in Flink by {@link FlinkTypeMapping#toSchema}); its options are the
 * {@code dynamodb} connector's, with {@code document-columns} and {@code set-columns} naming the
 * columns Flink shows as STRING and ARRAY but DynamoDB holds as documents of any type and as sets,
 * so tables are read and written without DDL and without loss. Schemas are inferred once per table
 * and catalog instance. Tables are created, changed and dropped with DynamoDB tools, never through
 * the catalog.
 */
public final class DynamoDbCatalog extends AbstractCatalog {
  private final AwsClientConfig clientConfig;
  private final Map<String, String> connectionOptions;
  private final SchemaInference inference;
  private final Map<String, CatalogTable> tables = new ConcurrentHashMap<>();
  private volatile DynamoDbClient client;
  private volatile DynamoDbClient scanClient;

  /**
   * @param connectionOptions the connector's {@code aws.*} options, passed on to every table (they
   *     may hold secrets: they are never shown by this class)
   */
  public DynamoDbCatalog(
      String name,
      String defaultDatabase,
      int sampleSize,
      AwsClientConfig clientConfig,
      Map<String, String> connectionOptions) {
    super(name, defaultDatabase);
    this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
    this.connectionOptions = Map.copyOf(connectionOptions);
    this.inference = SchemaInference.builder().sampleSize(sampleSize).build();
  }

  @Override
  public void open() throws CatalogException {
    client();
  }

  @Override
  public synchronized void close() throws CatalogException {
    if (client != null) {
      client.close();
      client = null;
    }
    if (scanClient != null) {
      scanClient.close();
      scanClient = null;
    }
    tables.clear();
  }

  private DynamoDbClient client() {
    DynamoDbClient current = client;
    if (current == null) {
      synchronized (this) {
        if (client == null) {
          client = DynamoDbClientFactory.createSync(clientConfig);
        }
        current = client;
      }
    }
    return current;
  }

  /** Scans retry on their own (PageReader), so their client has no SDK retries. */
  private synchronized DynamoDbClient scanClient() {
    if (scanClient == null) {
      scanClient = DynamoDbClientFactory.createSyncWithoutRetries(clientConfig);
    }
    return scanClient;
  }

  // ---------------------------------------------------------------- databases

  @Override
  public List<String> listDatabases() {
    return List.of(getDefaultDatabase());
  }

  @Override
  public CatalogDatabase getDatabase(String databaseName) throws DatabaseNotExistException {
    checkDatabase(databaseName);
    return new CatalogDatabaseImpl(
        Map.of(), "The DynamoDB tables of region " + clientConfig.region());
  }

  @Override
  public boolean databaseExists(String databaseName) {
    return getDefaultDatabase().equals(databaseName);
  }

  private void checkDatabase(String databaseName) throws DatabaseNotExistException {
    if (!databaseExists(databaseName)) {
      throw new DatabaseNotExistException(getName(), databaseName);
    }
  }

  // ---------------------------------------------------------------- tables

  @Override
  public List<String> listTables(String databaseName) throws DatabaseNotExistException {
    checkDatabase(databaseName);
    try {
      List<String> names = new ArrayList<>();
      client().listTablesPaginator().tableNames().forEach(names::add);
      return names;
    } catch (SdkException e) {
      throw new CatalogException(
          "Cannot list the DynamoDB tables of catalog '" + getName() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> listViews(String databaseName) throws DatabaseNotExistException {
    checkDatabase(databaseName);
    return List.of();
  }

  @Override
  public CatalogBaseTable getTable(ObjectPath tablePath) throws TableNotExistException {
    if (!databaseExists(tablePath.getDatabaseName())) {
      throw new TableNotExistException(getName(), tablePath);
    }
    String tableName = tablePath.getObjectName();
    CatalogTable cached = tables.get(tableName);
    if (cached != null) {
      return cached;
    }
    TableDescription description = describe(tablePath);
    if (description == null) {
      throw new TableNotExistException(getName(), tablePath);
    }
    CatalogTable table = inferTable(tableName, description);
    CatalogTable raced = tables.putIfAbsent(tableName, table);
    return raced == null ? table : raced;
  }

  @Override
  public boolean tableExists(ObjectPath tablePath) {
    return databaseExists(tablePath.getDatabaseName())
        && (tables.containsKey(tablePath.getObjectName()) || describe(tablePath) != null);
  }

  /** The table's description, or null when it does not exist. */
  private TableDescription describe(ObjectPath tablePath) {
    try {
      return client()
          .describeTable(request -> request.tableName(tablePath.getObjectName()))
          .table();
    } catch (ResourceNotFoundException e) {
      return null;
    } catch (SdkException e) {
      throw new CatalogException(
          "Cannot describe DynamoDB table '"
              + tablePath.getObjectName()
              + "' of catalog '"
              + getName()
              + "': "
              + e.getMessage(),
          e);
    }
  }

  private CatalogTable inferTable(String tableName, TableDescription description) {
    TableKeySchema keySchema = TableKeySchema.from(description);
    List<Map<String, AttributeValue>> items;
    try {
      items = new ItemSampler(scanClient()).sample(tableName, inference.sampleSize());
    } catch (RuntimeException e) {
      throw new CatalogException(
          "Cannot sample items of DynamoDB table '"
              + tableName
              + "' to infer its schema: "
              + e.getMessage(),
          e);
    }
    LogicalSchema schema = inference.infer(items, keySchema.attributeNames());
    if (items.isEmpty()) {
      schema = withDeclaredKeyTypes(schema, description);
    }
    // The sample is not the table: an attribute every sampled item has may be missing elsewhere
    // (or in items written later), so only the key is NOT NULL.
    schema = schema.withNonKeyColumnsNullable();

    Map<String, String> options = new LinkedHashMap<>();
    options.put("connector", "dynamodb");
    options.put("table-name", tableName);
    options.putAll(new java.util.TreeMap<>(connectionOptions));
    options.putAll(documentAndSetColumnOptions(schema));
    return CatalogTable.newBuilder()
        .schema(FlinkTypeMapping.toSchema(schema))
        .comment(
            "DynamoDB table '"
                + tableName
                + "', schema inferred from "
                + items.size()
                + " sampled item(s)")
        .options(options)
        .build();
  }

  /**
   * Flink shows a DOCUMENT as STRING and a SET as ARRAY, and the connector would read and write
   * those as strings and lists; these options tell it which columns hold documents and sets. Only
   * top-level columns: a document or set inside a map attribute keeps its Flink type's mapping.
   */
  private static Map<String, String> documentAndSetColumnOptions(LogicalSchema schema) {
    List<String> documents = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    for (Field field : schema.fields()) {
      if (field.type().kind() == Kind.DOCUMENT) {
        documents.add(field.name());
      } else if (field.type().kind() == Kind.SET) {
        sets.add(field.name());
      }
    }
    // Flink writes the lists in its own syntax, quoting names that hold ';', ',' or quotes.
    Configuration options = new Configuration();
    if (!documents.isEmpty()) {
      options.set(DynamoDbConnectorOptions.DOCUMENT_COLUMNS, documents);
    }
    if (!sets.isEmpty()) {
      options.set(DynamoDbConnectorOptions.SET_COLUMNS, sets);
    }
    return options.toMap();
  }

  /**
   * An empty table shows no key values, so its key types come from the table's attribute
   * definitions (a number key as BIGINT) rather than inference's STRING placeholder.
   */
  private static LogicalSchema withDeclaredKeyTypes(
      LogicalSchema schema, TableDescription description) {
    Map<String, ScalarAttributeType> declared = new LinkedHashMap<>();
    for (AttributeDefinition definition : description.attributeDefinitions()) {
      declared.put(definition.attributeName(), definition.attributeType());
    }
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.fields()) {
      ScalarAttributeType type = declared.get(field.name());
      if (schema.keyAttributes().contains(field.name()) && type == ScalarAttributeType.N) {
        fields.add(Field.required(field.name(), LogicalTypes.BIGINT));
      } else if (schema.keyAttributes().contains(field.name()) && type == ScalarAttributeType.B) {
        fields.add(Field.required(field.name(), LogicalTypes.BINARY));
      } else {
        fields.add(field);
      }
    }
    return LogicalSchema.of(fields, schema.keyAttributes());
  }

  // ---------------------------------------------------------------- read-only

  private UnsupportedOperationException readOnly(String what) {
    return new UnsupportedOperationException(
        "Catalog '"
            + getName()
            + "' is read-only: it shows DynamoDB tables with schemas inferred from their items and"
            + " cannot "
            + what
            + ". Create, change and drop DynamoDB tables with DynamoDB tools (AWS console, AWS CLI,"
            + " CloudFormation, Terraform); new tables appear in the catalog by themselves. To"
            + " declare your own schema, use CREATE TABLE ... WITH ('connector' = 'dynamodb') in"
            + " another catalog.");
  }

  @Override
  public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists) {
    throw readOnly("create database '" + name + "'");
  }

  @Override
  public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade) {
    throw readOnly("drop database '" + name + "'");
  }

  @Override
  public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists) {
    throw readOnly("alter database '" + name + "'");
  }

  @Override
  public void dropTable(ObjectPath tablePath, boolean ignoreIfNotExists) {
    throw readOnly("drop table " + tablePath.getFullName());
  }

  @Override
  public void renameTable(ObjectPath tablePath, String newTableName, boolean ignoreIfNotExists) {
    throw readOnly("rename table " + tablePath.getFullName());
  }

  @Override
  public void createTable(ObjectPath tablePath, CatalogBaseTable table, boolean ignoreIfExists) {
    throw readOnly("create table " + tablePath.getFullName());
  }

  @Override
  public void alterTable(
      ObjectPath tablePath, CatalogBaseTable newTable, boolean ignoreIfNotExists) {
    throw readOnly("alter table " + tablePath.getFullName());
  }

  // ---------------------------------------------------------------- partitions: none

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath)
      throws TableNotPartitionedException {
    throw new TableNotPartitionedException(getName(), tablePath);
  }

  @Override
  public List<CatalogPartitionSpec> listPartitions(
      ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
      throws TableNotPartitionedException {
    throw new TableNotPartitionedException(getName(), tablePath);
  }

  @Override
  public List<CatalogPartitionSpec> listPartitionsByFilter(
      ObjectPath tablePath, List<Expression> filters) throws TableNotPartitionedException {
    throw new TableNotPartitionedException(getName(), tablePath);
  }

  @Override
  public CatalogPartition getPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
      throws PartitionNotExistException {
    throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
  }

  @Override
  public boolean partitionExists(ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
    return false;
  }

  @Override
  public void createPartition(
      ObjectPath tablePath,
      CatalogPartitionSpec partitionSpec,
      CatalogPartition partition,
      boolean ignoreIfExists) {
    throw readOnly("create a partition of table " + tablePath.getFullName());
  }

  @Override
  public void dropPartition(
      ObjectPath tablePath, CatalogPartitionSpec partitionSpec, boolean ignoreIfNotExists) {
    throw readOnly("drop a partition of table " + tablePath.getFullName());
  }

  @Override
  public void alterPartition(
      ObjectPath tablePath,
      CatalogPartitionSpec partitionSpec,
      CatalogPartition newPartition,
      boolean ignoreIfNotExists) {
    throw readOnly("alter a partition of table " + tablePath.getFullName());
  }

  // ---------------------------------------------------------------- functions: none

  @Override
  public List<String> listFunctions(String dbName) throws DatabaseNotExistException {
    checkDatabase(dbName);
    return List.of();
  }

  @Override
  public CatalogFunction getFunction(ObjectPath functionPath) throws FunctionNotExistException {
    throw new FunctionNotExistException(getName(), functionPath);
  }

  @Override
  public boolean functionExists(ObjectPath functionPath) {
    return false;
  }

  @Override
  public void createFunction(
      ObjectPath functionPath, CatalogFunction function, boolean ignoreIfExists) {
    throw readOnly("create function " + functionPath.getFullName());
  }

  @Override
  public void alterFunction(
      ObjectPath functionPath, CatalogFunction newFunction, boolean ignoreIfNotExists) {
    throw readOnly("alter function " + functionPath.getFullName());
  }

  @Override
  public void dropFunction(ObjectPath functionPath, boolean ignoreIfNotExists) {
    throw readOnly("drop function " + functionPath.getFullName());
  }

  // ---------------------------------------------------------------- statistics: unknown

  @Override
  public CatalogTableStatistics getTableStatistics(ObjectPath tablePath) {
    return CatalogTableStatistics.UNKNOWN;
  }

  @Override
  public CatalogColumnStatistics getTableColumnStatistics(ObjectPath tablePath) {
    return CatalogColumnStatistics.UNKNOWN;
  }

  @Override
  public CatalogTableStatistics getPartitionStatistics(
      ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
    return CatalogTableStatistics.UNKNOWN;
  }

  @Override
  public CatalogColumnStatistics getPartitionColumnStatistics(
      ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
    return CatalogColumnStatistics.UNKNOWN;
  }

  @Override
  public void alterTableStatistics(
      ObjectPath tablePath, CatalogTableStatistics tableStatistics, boolean ignoreIfNotExists) {
    throw readOnly("alter the statistics of table " + tablePath.getFullName());
  }

  @Override
  public void alterTableColumnStatistics(
      ObjectPath tablePath, CatalogColumnStatistics columnStatistics, boolean ignoreIfNotExists) {
    throw readOnly("alter the statistics of table " + tablePath.getFullName());
  }

  @Override
  public void alterPartitionStatistics(
      ObjectPath tablePath,
      CatalogPartitionSpec partitionSpec,
      CatalogTableStatistics partitionStatistics,
      boolean ignoreIfNotExists) {
    throw readOnly("alter the statistics of table " + tablePath.getFullName());
  }

  @Override
  public void alterPartitionColumnStatistics(
      ObjectPath tablePath,
      CatalogPartitionSpec partitionSpec,
      CatalogColumnStatistics columnStatistics,
      boolean ignoreIfNotExists) {
    throw readOnly("alter the statistics of table " + tablePath.getFullName());
  }

  /** Names the catalog, database and region; never the connection options, which hold secrets. */
  @Override
  public String toString() {
    return "DynamoDbCatalog{name="
        + getName()
        + ", database="
        + getDefaultDatabase()
        + ", region="
        + clientConfig.region()
        + ", sampleSize="
        + inference.sampleSize()
        + "}";
  }
}
