package dev.floe.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The write baselines' raw SDK step: one BatchWriteItem, its unprocessed items sent again. */
public final class SdkBatchWrites {
  private SdkBatchWrites() {}

  /**
   * Sends one batch and resubmits its unprocessed items until none are left, then releases one
   * permit of {@code inFlight} (taken by the caller); the first error goes to {@code failure}.
   */
  public static void send(
      DynamoDbAsyncClient client,
      Map<String, List<WriteRequest>> requests,
      Semaphore inFlight,
      AtomicReference<Throwable> failure) {
    CompletableFuture<BatchWriteItemResponse> response =
        client.batchWriteItem(b -> b.requestItems(requests));
    response.whenComplete(
        (result, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
            inFlight.release();
          } else if (result.hasUnprocessedItems() && !result.unprocessedItems().isEmpty()) {
            send(client, result.unprocessedItems(), inFlight, failure);
          } else {
            inFlight.release();
          }
        });
  }
}
