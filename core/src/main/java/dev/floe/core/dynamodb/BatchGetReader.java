package dev.floe.core.dynamodb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads items by key with BatchGetItem, for lookup joins: deduplicates the keys ({@link ItemKey}:
 * typed and numeric, as DynamoDB compares keys), sends at most 100 per request, resends
 * UnprocessedKeys after a backoff and retries throttled or failed requests (with the same
 * classification, backoff and rate limit as {@link PageReader}). Missing items are absent from the
 * result. With a projection, the table's key attributes are added to it so answers can be matched
 * to their keys; they are part of the returned items.
 *
 * <p>The spec gives the table, projection, consistent read, retries and rate limit; it must not
 * have a filter, key condition or index (BatchGetItem reads the table by key only). Blocking, like
 * {@link PageReader}, for the same reasons; one reader per task.
 */
public final class BatchGetReader {

  /** DynamoDB's limit on keys per BatchGetItem request. */
  public static final int MAX_KEYS_PER_REQUEST = 100;

  private final DynamoDbClient client;
  private final ReadSpec spec;
  private final TableKeySchema keySchema;
  private final ReadMetrics metrics;
  private final DynamoDbExpressions expressions;
  private final ReadCalls calls;

  /**
   * A reader of the items of {@code spec}'s table by key.
   *
   * @throws IllegalArgumentException if the spec has a filter, key condition or index
   */
  public BatchGetReader(
      DynamoDbClient client, ReadSpec spec, TableKeySchema keySchema, ReadMetrics metrics) {
    this.client = Objects.requireNonNull(client, "client");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.keySchema = Objects.requireNonNull(keySchema, "keySchema");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    if (spec.filter().isPresent()
        || spec.keyCondition().isPresent()
        || spec.indexName().isPresent()) {
      throw new IllegalArgumentException(
          "Cannot read "
              + spec.describeTarget()
              + " by key with a filter, key condition or index: BatchGetItem reads the table's"
              + " items by primary key only; filter the results instead");
    }
    List<AttributePath> projection = new ArrayList<>(spec.projection());
    if (!projection.isEmpty()) {
      for (String key : keySchema.attributeNames()) {
        AttributePath path = AttributePath.of(key);
        if (!projection.contains(path)) {
          projection.add(path);
        }
      }
    }
    this.expressions = DynamoDbExpressions.builder().projection(projection).build();
    this.calls = new ReadCalls(client, spec, metrics);
  }

  /** The expressions every request carries (the projection with the key attributes). */
  public DynamoDbExpressions expressions() {
    return expressions;
  }

  /**
   * The items with the given keys, by key, in the order DynamoDB returned them. Keys may be whole
   * items (only the key attributes are sent) and may repeat.
   *
   * @throws IllegalArgumentException if a key lacks a key attribute or has an invalid value
   * @throws DynamoDbReadException if DynamoDB refuses a request, or keeps throttling or leaving a
   *     key unprocessed after the spec's retries
   */
  public Map<ItemKey, Map<String, AttributeValue>> get(
      Collection<Map<String, AttributeValue>> keys) {
    Deque<ItemKey> pending = new ArrayDeque<>();
    Map<ItemKey, Integer> retries = new HashMap<>();
    for (Map<String, AttributeValue> key : keys) {
      ItemKey itemKey = keyOf(key);
      if (retries.putIfAbsent(itemKey, 0) == null) {
        pending.add(itemKey);
      }
    }
    Map<ItemKey, Map<String, AttributeValue>> result = new LinkedHashMap<>();
    int partialRounds = 0;
    while (!pending.isEmpty()) {
      List<Map<String, AttributeValue>> chunk = new ArrayList<>(MAX_KEYS_PER_REQUEST);
      while (chunk.size() < MAX_KEYS_PER_REQUEST && !pending.isEmpty()) {
        chunk.add(keySchema.keyAttributes(pending.poll()));
      }
      BatchGetItemRequest request = request(chunk);
      String what = "BatchGetItem of " + chunk.size() + " keys";
      BatchGetItemResponse response =
          calls.call(
              what,
              chunk.size() * (spec.consistentRead() ? 1.0 : 0.5),
              chunk.size(),
              () -> client.batchGetItem(request),
              BatchGetReader::units);
      List<Map<String, AttributeValue>> items =
          response.responses().getOrDefault(spec.tableName(), List.of());
      for (Map<String, AttributeValue> item : items) {
        result.put(keySchema.keyOf(item), item);
      }
      metrics.pagesRead(1);
      metrics.itemsRead(items.size());
      KeysAndAttributes unprocessed = response.unprocessedKeys().get(spec.tableName());
      if (unprocessed == null || !unprocessed.hasKeys() || unprocessed.keys().isEmpty()) {
        partialRounds = 0;
        continue;
      }
      List<Map<String, AttributeValue>> left = unprocessed.keys();
      for (int i = left.size() - 1; i >= 0; i--) {
        ItemKey key = keySchema.keyOf(left.get(i));
        int count = retries.merge(key, 1, Integer::sum);
        if (count > spec.maxRetries()) {
          throw new DynamoDbReadException(
              "Cannot read "
                  + spec.describeTarget()
                  + ": key "
                  + keySchema.describeKey(left.get(i))
                  + " was still returned unprocessed by BatchGetItem after "
                  + spec.maxRetries()
                  + " retries; "
                  + WriteErrors.READ_THROTTLING_ADVICE);
        }
        // Unprocessed keys go first, so a key is not overtaken by later ones indefinitely.
        pending.addFirst(key);
      }
      metrics.keysRetried(left.size());
      partialRounds++;
      calls.backoff(partialRounds, what);
    }
    return Collections.unmodifiableMap(result);
  }

  private BatchGetItemRequest request(List<Map<String, AttributeValue>> keys) {
    KeysAndAttributes.Builder table =
        KeysAndAttributes.builder()
            .keys(keys)
            .projectionExpression(expressions.projectionExpression().orElse(null))
            .expressionAttributeNames(expressions.namesOrNull())
            .consistentRead(spec.consistentRead() ? Boolean.TRUE : null);
    BatchGetItemRequest.Builder request =
        BatchGetItemRequest.builder().requestItems(Map.of(spec.tableName(), table.build()));
    if (calls.wantsConsumedCapacity()) {
      request.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    }
    return request.build();
  }

  private ItemKey keyOf(Map<String, AttributeValue> key) {
    try {
      return keySchema.keyOf(key);
    } catch (DynamoDbWriteException e) {
      // TableKeySchema reports key problems as write errors; here the key is a lookup key.
      throw new IllegalArgumentException(
          "Cannot read " + spec.describeTarget() + " by key: " + e.getMessage(), e);
    }
  }

  private static double units(BatchGetItemResponse response) {
    double sum = 0;
    if (response.hasConsumedCapacity()) {
      for (ConsumedCapacity capacity : response.consumedCapacity()) {
        sum += PageReader.units(capacity);
      }
    }
    return sum;
  }
}
