package dev.floe.core.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Builds the DynamoDB requests of one writer's table from pending writes. */
final class WriteRequests {

  /**
   * A put applies when no item has its key yet, or the stored version is lower. Names go through
   * placeholders, as attribute names may be reserved words (version, date, ...).
   */
  static final String VERSION_CONDITION =
      "attribute_not_exists(#pk) OR attribute_not_exists(#v) OR #v < :v";

  private final String tableName;
  private final String partitionKey;
  private final String conditionAttribute;
  private final ReturnConsumedCapacity returnConsumedCapacity;

  /**
   * @param conditionAttribute the version attribute of conditional puts, or null
   * @param consumedCapacity whether to ask DynamoDB for the capacity each call consumed
   */
  WriteRequests(
      String tableName,
      TableKeySchema keySchema,
      String conditionAttribute,
      boolean consumedCapacity) {
    this.tableName = tableName;
    this.partitionKey = keySchema.partitionKey();
    this.conditionAttribute = conditionAttribute;
    this.returnConsumedCapacity =
        consumedCapacity ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE;
  }

  BatchWriteItemRequest batch(List<PendingWrite> writes) {
    List<WriteRequest> requests = new ArrayList<>(writes.size());
    for (PendingWrite write : writes) {
      requests.add(write.batchRequest());
    }
    return BatchWriteItemRequest.builder()
        .requestItems(Map.of(tableName, requests))
        .returnConsumedCapacity(returnConsumedCapacity)
        .build();
  }

  PutItemRequest conditionalPut(PendingWrite write) {
    return PutItemRequest.builder()
        .tableName(tableName)
        .item(write.operation().item())
        .conditionExpression(VERSION_CONDITION)
        .expressionAttributeNames(Map.of("#pk", partitionKey, "#v", conditionAttribute))
        .expressionAttributeValues(Map.of(":v", write.version()))
        .returnConsumedCapacity(returnConsumedCapacity)
        .build();
  }

  UpdateItemRequest update(PendingWrite write) {
    WriteOperation operation = write.operation();
    UpdateItemRequest.Builder request =
        UpdateItemRequest.builder()
            .tableName(tableName)
            .key(write.keyAttributes())
            .updateExpression(operation.updateExpression())
            .returnConsumedCapacity(returnConsumedCapacity);
    // DynamoDB refuses empty maps here, so they are left out rather than sent empty.
    if (!operation.expressionAttributeNames().isEmpty()) {
      request.expressionAttributeNames(operation.expressionAttributeNames());
    }
    if (!operation.expressionAttributeValues().isEmpty()) {
      request.expressionAttributeValues(operation.expressionAttributeValues());
    }
    return request.build();
  }
}
