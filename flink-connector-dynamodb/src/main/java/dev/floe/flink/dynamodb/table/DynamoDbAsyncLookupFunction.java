package dev.floe.flink.dynamodb.table;

import dev.floe.core.dynamodb.BatchGetReader;
import dev.floe.core.dynamodb.ItemKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The asynchronous lookup ({@code 'lookup.async' = 'true'}): keys of concurrent lookups are batched
 * into one BatchGetItem read. A dedicated thread takes the first waiting key, collects the keys
 * that arrive within {@code lookup.batch.max-wait} (or until 100 distinct keys), reads them with
 * one {@link BatchGetReader#get} call (which retries throttling and UnprocessedKeys) and completes
 * each lookup's future with its row, or with no row for a missing item. While a batch is being
 * read, new keys queue up and form the next batch. Key rows are converted on the calling (task)
 * thread; items are deserialized on the batch thread. With a filter pushed into the dimension table
 * (BatchGetItem takes no filter) each key is read alone by a Query on that thread instead.
 */
public final class DynamoDbAsyncLookupFunction extends AsyncLookupFunction {
  private static final long serialVersionUID = 1L;

  private final DynamoDbLookupFunction reader;
  private final long maxWaitNanos;

  private transient BlockingQueue<Request> queue;
  private transient ExecutorService executor;
  private transient volatile boolean closed;

  DynamoDbAsyncLookupFunction(DynamoDbLookupFunction reader, Duration maxWait) {
    this.reader = reader;
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** One waiting lookup. */
  private static final class Request {
    final Map<String, AttributeValue> key;
    final ItemKey itemKey;
    final CompletableFuture<Collection<RowData>> future;

    Request(
        Map<String, AttributeValue> key,
        ItemKey itemKey,
        CompletableFuture<Collection<RowData>> future) {
      this.key = key;
      this.itemKey = itemKey;
      this.future = future;
    }
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    super.open(context);
    reader.open(context);
    queue = new LinkedBlockingQueue<>();
    String threadName = "dynamodb-lookup-" + reader.tableName();
    executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    closed = false;
    if (reader.batchesKeys()) {
      executor.execute(this::runBatches);
    }
  }

  @Override
  public CompletableFuture<Collection<RowData>> asyncLookup(RowData keyRow) {
    CompletableFuture<Collection<RowData>> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(
          new IOException(
              "Cannot look up DynamoDB table '" + reader.tableName() + "': the lookup is closed"));
      return future;
    }
    Map<String, AttributeValue> key;
    ItemKey itemKey;
    try {
      key = reader.keyOf(keyRow);
      itemKey = key == null ? null : reader.itemKeyOf(key);
    } catch (RuntimeException e) {
      future.completeExceptionally(failure(1, e));
      return future;
    }
    if (key == null) {
      future.complete(List.of());
    } else if (reader.batchesKeys()) {
      queue.add(new Request(key, itemKey, future));
      if (closed) {
        // close() may have drained the queue before this request arrived.
        failQueued();
      }
    } else {
      try {
        executor.execute(new SingleKeyLookup(key, future));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        failAll(List.of(new Request(key, itemKey, future)));
      }
    }
    return future;
  }

  /** One key read alone (a filter was pushed, which BatchGetItem cannot carry). */
  private final class SingleKeyLookup implements Runnable {
    private final Map<String, AttributeValue> key;
    private final CompletableFuture<Collection<RowData>> future;

    SingleKeyLookup(
        Map<String, AttributeValue> key, CompletableFuture<Collection<RowData>> future) {
      this.key = key;
      this.future = future;
    }

    @Override
    public void run() {
      try {
        future.complete(reader.lookupKey(key));
      } catch (Throwable e) {
        future.completeExceptionally(failure(1, e));
      }
    }
  }

  private void failQueued() {
    List<Request> left = new ArrayList<>();
    queue.drainTo(left);
    failAll(left);
  }

  private void runBatches() {
    List<Request> batch = new ArrayList<>();
    Map<ItemKey, Map<String, AttributeValue>> keys = new LinkedHashMap<>();
    try {
      while (!closed) {
        batch.clear();
        keys.clear();
        add(queue.take(), batch, keys);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (keys.size() < BatchGetReader.MAX_KEYS_PER_REQUEST) {
          long left = deadline - System.nanoTime();
          Request next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          add(next, batch, keys);
        }
        complete(batch, keys);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failAll(batch);
      failQueued();
    }
  }

  private static void add(
      Request request, List<Request> batch, Map<ItemKey, Map<String, AttributeValue>> keys) {
    batch.add(request);
    keys.putIfAbsent(request.itemKey, request.key);
  }

  private void complete(List<Request> batch, Map<ItemKey, Map<String, AttributeValue>> keys) {
    Map<ItemKey, Map<String, AttributeValue>> items;
    try {
      items = reader.readBatch(keys.values());
    } catch (Throwable e) {
      Exception error = failure(keys.size(), e);
      for (Request request : batch) {
        request.future.completeExceptionally(error);
      }
      return;
    }
    Map<ItemKey, List<RowData>> rows = new HashMap<>();
    for (Request request : batch) {
      try {
        List<RowData> found = rows.get(request.itemKey);
        if (found == null) {
          Map<String, AttributeValue> item = items.get(request.itemKey);
          found = item == null ? List.of() : reader.rowsOf(item);
          rows.put(request.itemKey, found);
        }
        request.future.complete(found);
      } catch (Throwable e) {
        request.future.completeExceptionally(failure(1, e));
      }
    }
  }

  private void failAll(List<Request> requests) {
    for (Request request : requests) {
      request.future.completeExceptionally(
          new IOException(
              "Cannot look up DynamoDB table '"
                  + reader.tableName()
                  + "': the lookup was closed before the key was read"));
    }
  }

  private IOException failure(int keyCount, Throwable cause) {
    return new IOException(
        "Async lookup of "
            + keyCount
            + (keyCount == 1 ? " key" : " keys")
            + " in DynamoDB table '"
            + reader.tableName()
            + "' failed: "
            + cause.getMessage(),
        cause);
  }

  @Override
  public void close() throws Exception {
    closed = true;
    if (executor != null) {
      // Every future gets an answer: single-key reads that never started fail here, and
      // requests queued after the batching thread stopped fail below.
      for (Runnable dropped : executor.shutdownNow()) {
        if (dropped instanceof SingleKeyLookup) {
          SingleKeyLookup lookup = (SingleKeyLookup) dropped;
          lookup.future.completeExceptionally(
              new IOException(
                  "Cannot look up DynamoDB table '"
                      + reader.tableName()
                      + "': the lookup was closed before the key was read"));
        }
      }
      executor.awaitTermination(30, TimeUnit.SECONDS);
      executor = null;
    }
    failQueued();
    reader.close();
    super.close();
  }
}
