package dev.floe.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splits a BatchWriteItem / BatchGetItem request body into the part to forward and the part to
 * answer as unprocessed, and merges the unprocessed part into DynamoDB's answer, as DynamoDB does
 * when it processes only part of a batch.
 *
 * <p>Writes (keys) are taken in request order across tables; the last ones are held back. For
 * BatchGetItem each table's other settings (ProjectionExpression, ConsistentRead, ...) are kept
 * with both parts, as UnprocessedKeys carries them in real answers.
 */
final class PartialBatchSplitter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PartialBatchSplitter() {}

  /**
   * The split of {@code requestBody}, or empty when nothing would be held back (a batch of one, an
   * operation that is not a batch, a body that is not the expected JSON).
   */
  static Optional<Split> split(String operation, byte[] requestBody, Fault.PartialBatch fault) {
    ObjectNode request;
    try {
      JsonNode parsed = JSON.readTree(requestBody);
      if (!(parsed instanceof ObjectNode) || !(parsed.get("RequestItems") instanceof ObjectNode)) {
        return Optional.empty();
      }
      request = (ObjectNode) parsed;
    } catch (IOException e) {
      return Optional.empty();
    }
    ObjectNode requestItems = (ObjectNode) request.get("RequestItems");
    switch (operation) {
      case "BatchWriteItem":
        return splitWrites(request, requestItems, fault);
      case "BatchGetItem":
        return splitKeys(request, requestItems, fault);
      default:
        return Optional.empty();
    }
  }

  private static Optional<Split> splitWrites(
      ObjectNode request, ObjectNode requestItems, Fault.PartialBatch fault) {
    List<TableEntry> writes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> table : requestItems.properties()) {
      table.getValue().forEach(write -> writes.add(new TableEntry(table.getKey(), write)));
    }
    int keep = fault.keepCount(writes.size());
    if (keep >= writes.size()) {
      return Optional.empty();
    }
    ObjectNode forwarded = JSON.createObjectNode();
    ObjectNode unprocessed = JSON.createObjectNode();
    for (int i = 0; i < writes.size(); i++) {
      TableEntry write = writes.get(i);
      ObjectNode target = i < keep ? forwarded : unprocessed;
      arrayOf(target, write.table()).add(write.node());
    }
    request.set("RequestItems", forwarded);
    return Optional.of(
        new Split(toBytes(request), "UnprocessedItems", unprocessed, writes.size() - keep, false));
  }

  private static Optional<Split> splitKeys(
      ObjectNode request, ObjectNode requestItems, Fault.PartialBatch fault) {
    List<TableEntry> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> table : requestItems.properties()) {
      table.getValue().path("Keys").forEach(key -> keys.add(new TableEntry(table.getKey(), key)));
    }
    int keep = fault.keepCount(keys.size());
    if (keep >= keys.size()) {
      return Optional.empty();
    }
    ObjectNode forwarded = JSON.createObjectNode();
    ObjectNode unprocessed = JSON.createObjectNode();
    for (int i = 0; i < keys.size(); i++) {
      TableEntry key = keys.get(i);
      ObjectNode target = i < keep ? forwarded : unprocessed;
      keysOf(target, key.table(), (ObjectNode) requestItems.get(key.table())).add(key.node());
    }
    request.set("RequestItems", forwarded);
    return Optional.of(
        new Split(toBytes(request), "UnprocessedKeys", unprocessed, keys.size() - keep, true));
  }

  /** The array of writes for {@code table} under {@code parent}, created when missing. */
  private static ArrayNode arrayOf(ObjectNode parent, String table) {
    JsonNode existing = parent.get(table);
    return existing instanceof ArrayNode ? (ArrayNode) existing : parent.putArray(table);
  }

  /**
   * The Keys array of {@code table}'s KeysAndAttributes under {@code parent}, created as a copy of
   * the request's settings for that table (without its keys) when missing.
   */
  private static ArrayNode keysOf(ObjectNode parent, String table, ObjectNode requestSettings) {
    JsonNode existing = parent.get(table);
    if (existing instanceof ObjectNode && existing.get("Keys") instanceof ArrayNode) {
      return (ArrayNode) existing.get("Keys");
    }
    ObjectNode settings = requestSettings.deepCopy();
    settings.remove("Keys");
    parent.set(table, settings);
    return settings.putArray("Keys");
  }

  private static byte[] toBytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + node, e);
    }
  }

  /** One write or key with the table it belongs to. */
  private record TableEntry(String table, JsonNode node) {}

  /**
   * A split request: the body to forward and what to add to the answer's {@code unprocessedField}.
   */
  record Split(
      byte[] forwardedBody,
      String unprocessedField,
      ObjectNode unprocessed,
      int unprocessedCount,
      boolean keys) {

    /** DynamoDB's answer to the forwarded part, with the held-back part added as unprocessed. */
    byte[] mergeInto(byte[] responseBody) throws IOException {
      JsonNode parsed = JSON.readTree(responseBody);
      ObjectNode response =
          parsed instanceof ObjectNode ? (ObjectNode) parsed : JSON.createObjectNode();
      JsonNode field = response.get(unprocessedField);
      ObjectNode merged =
          field instanceof ObjectNode ? (ObjectNode) field : response.putObject(unprocessedField);
      for (Map.Entry<String, JsonNode> table : unprocessed.properties()) {
        if (keys) {
          ArrayNode target = keysOf(merged, table.getKey(), (ObjectNode) table.getValue());
          target.addAll((ArrayNode) table.getValue().get("Keys"));
        } else {
          arrayOf(merged, table.getKey()).addAll((ArrayNode) table.getValue());
        }
      }
      return toBytes(response);
    }
  }
}
