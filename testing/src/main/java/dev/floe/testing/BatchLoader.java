package dev.floe.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loads test items with BatchWriteItem: 25 items per call, a few calls in flight, and every
 * UnprocessedItems answer resubmitted until nothing is left, so the table ends with every item.
 */
final class BatchLoader {

  /** DynamoDB's limit of write requests per BatchWriteItem call. */
  static final int MAX_BATCH_SIZE = 25;

  /** DynamoDB Local is CPU-bound on small machines; more calls in flight only queue up there. */
  private static final int MAX_IN_FLIGHT = 4;

  /** A resubmit loop that never makes progress means a bug, not a slow server. */
  private static final int MAX_RESUBMITS = 100;

  private final DynamoDbAsyncClient client;

  BatchLoader(DynamoDbAsyncClient client) {
    this.client = client;
  }

  /**
   * Writes every item; items in one call of 25 must have distinct keys, as DynamoDB rejects a batch
   * that writes one key twice.
   */
  void putItems(String tableName, List<Map<String, AttributeValue>> items) {
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    List<CompletableFuture<Void>> batches = new ArrayList<>();
    for (int start = 0; start < items.size(); start += MAX_BATCH_SIZE) {
      List<WriteRequest> writes =
          items.subList(start, Math.min(items.size(), start + MAX_BATCH_SIZE)).stream()
              .map(
                  item ->
                      WriteRequest.builder()
                          .putRequest(PutRequest.builder().item(item).build())
                          .build())
              .toList();
      inFlight.acquireUninterruptibly();
      CompletableFuture<Void> batch = write(Map.of(tableName, writes), 0);
      batch.whenComplete((ignored, failure) -> inFlight.release());
      batches.add(batch);
    }
    try {
      CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw new IllegalStateException("Cannot load items into " + tableName, e.getCause());
    }
  }

  private CompletableFuture<Void> write(
      Map<String, List<WriteRequest>> requestItems, int resubmit) {
    if (resubmit > MAX_RESUBMITS) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "Items still unprocessed after " + MAX_RESUBMITS + " resubmits: " + requestItems));
    }
    return client
        .batchWriteItem(r -> r.requestItems(requestItems))
        .thenCompose(response -> resubmitUnprocessed(response, resubmit));
  }

  private CompletableFuture<Void> resubmitUnprocessed(
      BatchWriteItemResponse response, int resubmit) {
    if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    // A short, growing pause: resubmitting at once would only meet the same pushback again.
    long pauseMillis = Math.min(resubmit + 1, 10) * 10L;
    return CompletableFuture.supplyAsync(
            () -> response.unprocessedItems(),
            CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS))
        .thenCompose(unprocessed -> write(unprocessed, resubmit + 1));
  }
}
