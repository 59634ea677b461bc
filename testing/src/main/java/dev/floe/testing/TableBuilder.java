package dev.floe.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Fluent definition of a test table; {@link #create()} creates it and waits until it is ACTIVE.
 *
 * <pre>{@code
 * TableDescription table = dynamo.table(dynamo.uniqueTableName("orders"))
 *     .hashKey("pk", ScalarAttributeType.S)
 *     .rangeKey("sk", ScalarAttributeType.N)
 *     .globalSecondaryIndex("by_customer", "customer", ScalarAttributeType.S)
 *     .stream(StreamViewType.NEW_AND_OLD_IMAGES)
 *     .create();
 * }</pre>
 *
 * Indexes project all attributes. Billing is PAY_PER_REQUEST unless {@link #provisioned(long,
 * long)} is called; provisioned capacity then applies to the table and every GSI.
 */
public final class TableBuilder {

  private final DynamoDbClient client;
  private final String tableName;
  private final Map<String, ScalarAttributeType> attributeTypes = new LinkedHashMap<>();
  private final List<KeySchemaElement> keySchema = new ArrayList<>();
  private final List<IndexDefinition> globalIndexes = new ArrayList<>();
  private final List<IndexDefinition> localIndexes = new ArrayList<>();
  private StreamViewType streamViewType;
  private ProvisionedThroughput throughput;

  TableBuilder(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
  }

  /** Sets the partition key. Required. */
  public TableBuilder hashKey(String attribute, ScalarAttributeType type) {
    if (keySchema.stream().anyMatch(k -> k.keyType() == KeyType.HASH)) {
      throw new IllegalStateException("Cannot set hash key " + attribute + ": already set");
    }
    declare(attribute, type);
    keySchema.add(0, key(attribute, KeyType.HASH));
    return this;
  }

  /** Sets the sort key. Optional. */
  public TableBuilder rangeKey(String attribute, ScalarAttributeType type) {
    if (keySchema.stream().anyMatch(k -> k.keyType() == KeyType.RANGE)) {
      throw new IllegalStateException("Cannot set range key " + attribute + ": already set");
    }
    declare(attribute, type);
    keySchema.add(key(attribute, KeyType.RANGE));
    return this;
  }

  /** Adds a global secondary index with a partition key only. */
  public TableBuilder globalSecondaryIndex(
      String indexName, String hashKey, ScalarAttributeType hashType) {
    declare(hashKey, hashType);
    globalIndexes.add(new IndexDefinition(indexName, hashKey, null));
    return this;
  }

  /** Adds a global secondary index with a partition and a sort key. */
  public TableBuilder globalSecondaryIndex(
      String indexName,
      String hashKey,
      ScalarAttributeType hashType,
      String rangeKey,
      ScalarAttributeType rangeType) {
    declare(hashKey, hashType);
    declare(rangeKey, rangeType);
    globalIndexes.add(new IndexDefinition(indexName, hashKey, rangeKey));
    return this;
  }

  /**
   * Adds a local secondary index: the table's partition key with another sort key. The table must
   * have a range key.
   */
  public TableBuilder localSecondaryIndex(
      String indexName, String rangeKey, ScalarAttributeType rangeType) {
    declare(rangeKey, rangeType);
    localIndexes.add(new IndexDefinition(indexName, null, rangeKey));
    return this;
  }

  /** Enables a DynamoDB stream with the given view type, e.g. NEW_AND_OLD_IMAGES. */
  public TableBuilder stream(StreamViewType viewType) {
    this.streamViewType = Objects.requireNonNull(viewType, "viewType");
    return this;
  }

  /** Uses on-demand billing (the default). */
  public TableBuilder payPerRequest() {
    this.throughput = null;
    return this;
  }

  /** Uses provisioned billing for the table and every GSI. */
  public TableBuilder provisioned(long readCapacityUnits, long writeCapacityUnits) {
    this.throughput =
        ProvisionedThroughput.builder()
            .readCapacityUnits(readCapacityUnits)
            .writeCapacityUnits(writeCapacityUnits)
            .build();
    return this;
  }

  /** Creates the table and waits until it is ACTIVE; returns its description. */
  public TableDescription create() {
    client.createTable(request());
    return client
        .waiter()
        .waitUntilTableExists(r -> r.tableName(tableName))
        .matched()
        .response()
        .orElseThrow(() -> new IllegalStateException("Table " + tableName + " did not appear"))
        .table();
  }

  /** The CreateTable request this builder describes; useful to create the table elsewhere. */
  public CreateTableRequest request() {
    KeySchemaElement hash =
        keySchema.stream()
            .filter(k -> k.keyType() == KeyType.HASH)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("Cannot create " + tableName + ": no hash key"));
    if (!localIndexes.isEmpty() && keySchema.size() < 2) {
      throw new IllegalStateException(
          "Cannot create " + tableName + ": local secondary indexes need a table range key");
    }
    CreateTableRequest.Builder request =
        CreateTableRequest.builder()
            .tableName(tableName)
            .keySchema(keySchema)
            .attributeDefinitions(
                attributeTypes.entrySet().stream()
                    .map(
                        e ->
                            AttributeDefinition.builder()
                                .attributeName(e.getKey())
                                .attributeType(e.getValue())
                                .build())
                    .toList());
    if (throughput == null) {
      request.billingMode(BillingMode.PAY_PER_REQUEST);
    } else {
      request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput);
    }
    if (!globalIndexes.isEmpty()) {
      request.globalSecondaryIndexes(
          globalIndexes.stream()
              .map(
                  index ->
                      GlobalSecondaryIndex.builder()
                          .indexName(index.name())
                          .keySchema(index.keySchema(index.hashKey()))
                          .projection(allAttributes())
                          .provisionedThroughput(throughput)
                          .build())
              .toList());
    }
    if (!localIndexes.isEmpty()) {
      request.localSecondaryIndexes(
          localIndexes.stream()
              .map(
                  index ->
                      LocalSecondaryIndex.builder()
                          .indexName(index.name())
                          .keySchema(index.keySchema(hash.attributeName()))
                          .projection(allAttributes())
                          .build())
              .toList());
    }
    if (streamViewType != null) {
      request.streamSpecification(
          StreamSpecification.builder().streamEnabled(true).streamViewType(streamViewType).build());
    }
    return request.build();
  }

  private void declare(String attribute, ScalarAttributeType type) {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(type, "type");
    ScalarAttributeType previous = attributeTypes.putIfAbsent(attribute, type);
    if (previous != null && previous != type) {
      throw new IllegalArgumentException(
          "Cannot declare attribute "
              + attribute
              + " as "
              + type
              + ": it is already declared as "
              + previous);
    }
  }

  private static KeySchemaElement key(String attribute, KeyType type) {
    return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
  }

  private static Projection allAttributes() {
    return Projection.builder().projectionType(ProjectionType.ALL).build();
  }

  /** An index's name and key attributes; a null range key means a hash-only index. */
  private record IndexDefinition(String name, String hashKey, String rangeKey) {

    List<KeySchemaElement> keySchema(String partitionKey) {
      return rangeKey == null
          ? List.of(key(partitionKey, KeyType.HASH))
          : List.of(key(partitionKey, KeyType.HASH), key(rangeKey, KeyType.RANGE));
    }
  }
}
