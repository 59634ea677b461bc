package dev.floe.core.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** A checked {@link WriteOperation} with what the writer needs to buffer, send and count it. */
final class PendingWrite {
  private static final double BYTES_PER_WRITE_UNIT = 1024;

  private final WriteOperation operation;
  private final ItemKey key;
  private final Map<String, AttributeValue> keyAttributes;
  private final long bytes;
  private final AttributeValue version;
  private final WriteRequest batchRequest;

  /**
   * @param version the condition attribute's value of a conditional put; null for other writes
   */
  PendingWrite(
      WriteOperation operation,
      ItemKey key,
      Map<String, AttributeValue> keyAttributes,
      long bytes,
      AttributeValue version) {
    this.operation = operation;
    this.key = key;
    this.keyAttributes = keyAttributes;
    this.bytes = bytes;
    this.version = version;
    this.batchRequest = isBatchable() ? toBatchRequest() : null;
  }

  WriteOperation operation() {
    return operation;
  }

  WriteOperation.Kind kind() {
    return operation.kind();
  }

  ItemKey key() {
    return key;
  }

  /** Only the key attributes: what deletes and updates send. */
  Map<String, AttributeValue> keyAttributes() {
    return keyAttributes;
  }

  /** {@link ItemSize} of what is written: the item of a put, the key of a delete. */
  long bytes() {
    return bytes;
  }

  /** The version of a conditional put, else null. */
  AttributeValue version() {
    return version;
  }

  boolean isConditionalPut() {
    return version != null;
  }

  /**
   * Whether BatchWriteItem can carry it: unconditional puts and deletes. These also replace every
   * earlier buffered write of their key, as their outcome does not depend on what was there.
   */
  boolean isBatchable() {
    return operation.kind() == WriteOperation.Kind.DELETE
        || (operation.kind() == WriteOperation.Kind.PUT && version == null);
  }

  /** Write capacity units it should consume: one per started KB. */
  double estimatedUnits() {
    return Math.max(1, Math.ceil(bytes / BYTES_PER_WRITE_UNIT));
  }

  /** Its form inside a BatchWriteItem; null for writes that go alone. */
  WriteRequest batchRequest() {
    return batchRequest;
  }

  private WriteRequest toBatchRequest() {
    return operation.kind() == WriteOperation.Kind.DELETE
        ? WriteRequest.builder()
            .deleteRequest(DeleteRequest.builder().key(keyAttributes).build())
            .build()
        : WriteRequest.builder()
            .putRequest(PutRequest.builder().item(operation.item()).build())
            .build();
  }
}
