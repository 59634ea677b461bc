package dev.floe.core.dynamodb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items to one DynamoDB table, the way both the Flink sink and the Spark writer need it:
 *
 * <ul>
 *   <li>{@link #write} buffers; puts and deletes go out in BatchWriteItem calls of at most {@code
 *       maxBatchSize} writes and {@code maxBatchBytes}, as soon as a batch is full, when {@code
 *       flushInterval} has passed, or on {@link #flush}; conditional puts and updates go out alone
 *       (PutItem with a condition, UpdateItem);
 *   <li>writes of one key are deduplicated while buffered (last write wins) and never two are in
 *       flight at once, so they reach DynamoDB in order;
 *   <li>unprocessed items, throttling and transient errors are retried with exponential backoff and
 *       full jitter, up to {@code maxRetries}; other errors fail the writer at once;
 *   <li>at most {@code maxInFlightRequests} calls are in flight, {@code write} blocks while {@code
 *       maxBufferedRequests} writes are buffered or in flight, and an optional rate limit caps the
 *       write capacity consumed per second.
 * </ul>
 *
 * <p>A failure is kept: every later {@link #write} and {@link #flush} throws a {@link
 * DynamoDbWriteException} naming the table, an item key and the reason. Thread-safe. The client is
 * the caller's: create it with {@link DynamoDbClientFactory#createAsync} (which disables SDK
 * retries, so the writer sees and counts every throttle), and close it after this writer.
 */
public final class DynamoDbBatchWriter implements AutoCloseable {

  private static final AtomicInteger WRITER_COUNTER = new AtomicInteger();

  /** How many keys an error message lists before it says "and n more". */
  private static final int KEYS_IN_MESSAGES = 3;

  private final DynamoDbAsyncClient client;
  private final DynamoDbWriterConfig config;
  private final TableKeySchema keySchema;
  private final WriteMetrics metrics;
  private final String tableName;
  private final String conditionAttribute;
  private final WriteRequests requests;
  private final Backoff backoff;
  private final CapacityTokenBucket rateLimit;
  private final ScheduledThreadPoolExecutor timers;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled whenever buffered or in-flight writes finish, or the writer fails or closes. */
  private final Condition changed = lock.newCondition();

  // Guarded by lock.
  private final WriteBuffer buffer = new WriteBuffer();
  private int callsInFlight;
  private int activeFlushes;
  private boolean flushTimerArmed;
  private boolean rateWakeupArmed;
  private boolean rateWakeupDrains;
  private DynamoDbWriteException failure;
  private boolean closed;

  /**
   * A writer to {@code config.tableName()}. With a rate limit in percent of provisioned capacity it
   * calls DescribeTable once, here.
   *
   * @param keySchema the table's key, e.g. from {@link TableKeySchema#describe}
   * @param metrics where to report; {@link WriteMetrics#NONE} for nowhere
   * @throws DynamoDbTableException if the rate limit cannot be resolved for the table
   */
  public DynamoDbBatchWriter(
      DynamoDbAsyncClient client,
      DynamoDbWriterConfig config,
      TableKeySchema keySchema,
      WriteMetrics metrics) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.keySchema = Objects.requireNonNull(keySchema, "keySchema");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tableName = config.tableName();
    this.conditionAttribute = config.conditionAttribute().orElse(null);
    this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    this.rateLimit =
        config
            .writeRateLimit()
            .map(limit -> new CapacityTokenBucket(resolve(limit), System::nanoTime))
            .orElse(null);
    this.requests = new WriteRequests(tableName, keySchema, conditionAttribute, rateLimit != null);
    int number = WRITER_COUNTER.incrementAndGet();
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "floe-dynamodb-writer-" + number + "-" + tableName);
              thread.setDaemon(true);
              return thread;
            });
    timers.setRemoveOnCancelPolicy(true);
  }

  private double resolve(WriteRateLimit limit) {
    if (!limit.isPercentOfProvisioned()) {
      return limit.value();
    }
    return limit.resolve(TableKeySchema.TableDescriptions.describe(client, tableName));
  }

  /**
   * Buffers {@code operation}; sends full batches and writes that go alone at once. Blocks while
   * {@code maxBufferedRequests} writes are buffered or in flight.
   *
   * @throws DynamoDbWriteException if the write is invalid (no key, over 400 KB, no version for a
   *     conditional put), nothing sent; or if an earlier write failed
   * @throws IllegalStateException if the writer is closed
   */
  public void write(WriteOperation operation) throws InterruptedException {
    PendingWrite write = prepare(Objects.requireNonNull(operation, "operation"));
    List<Call> calls;
    lock.lockInterruptibly();
    try {
      while (true) {
        checkUsable();
        if (buffer.bufferedCount() + buffer.inFlightCount() < config.maxBufferedRequests()) {
          break;
        }
        // Full: partial batches must go too, or a buffer of waiting keys could wait forever.
        List<Call> forced = takeCalls(true);
        if (forced.isEmpty()) {
          changed.await();
        } else {
          sendUnlocked(forced);
        }
      }
      WriteBuffer.Added added = buffer.add(write);
      if (added.replaced() > 0) {
        metrics.itemsDeduplicated(added.replaced());
      }
      if (added.skippedByCondition() > 0) {
        metrics.itemsSkippedByCondition(added.skippedByCondition());
      }
      armFlushTimer();
      calls = takeCalls(false);
    } finally {
      lock.unlock();
    }
    sendAll(calls);
  }

  /**
   * Sends everything buffered and waits until nothing is buffered or in flight: when it returns,
   * DynamoDB holds every write made before the call (or skipped it by condition).
   *
   * @throws DynamoDbWriteException if a write failed
   * @throws IllegalStateException if the writer is closed
   */
  public void flush() throws InterruptedException {
    lock.lockInterruptibly();
    activeFlushes++;
    try {
      while (true) {
        checkUsable();
        if (buffer.isEmpty()) {
          return;
        }
        List<Call> calls = takeCalls(true);
        if (calls.isEmpty()) {
          changed.await();
        } else {
          sendUnlocked(calls);
        }
      }
    } finally {
      activeFlushes--;
      lock.unlock();
    }
  }

  /** Writes buffered and not yet sent. */
  public long bufferedCount() {
    lock.lock();
    try {
      return buffer.bufferedCount();
    } finally {
      lock.unlock();
    }
  }

  /** Writes sent and not yet finished (including those waiting for a retry). */
  public long inFlightCount() {
    lock.lock();
    try {
      return buffer.inFlightCount();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the timers and refuses further use. Does not flush: buffered writes are dropped (engines
   * flush at checkpoints and commits, and replay what was not flushed). Calls in flight finish in
   * the client, which the caller closes.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    timers.shutdownNow();
  }

  // ---- checking writes -------------------------------------------------------------------------

  private PendingWrite prepare(WriteOperation operation) {
    Map<String, AttributeValue> item = operation.item();
    ItemKey key;
    try {
      key = keySchema.keyOf(item);
    } catch (DynamoDbWriteException e) {
      throw new DynamoDbWriteException(
          "Cannot write to DynamoDB table '" + tableName + "': " + e.getMessage(), e);
    }
    Map<String, AttributeValue> keyAttributes = keySchema.keyAttributes(key);
    try {
      return prepare(operation, item, key, keyAttributes);
    } catch (NumberFormatException e) {
      throw new DynamoDbWriteException(
          "Cannot write item "
              + keySchema.describeKey(item)
              + " to DynamoDB table '"
              + tableName
              + "': it holds a number that is not a decimal ("
              + e.getMessage()
              + "); DynamoDB N values are decimal strings such as 12.5",
          e);
    }
  }

  private PendingWrite prepare(
      WriteOperation operation,
      Map<String, AttributeValue> item,
      ItemKey key,
      Map<String, AttributeValue> keyAttributes) {
    long bytes;
    AttributeValue version = null;
    switch (operation.kind()) {
      case PUT:
        bytes = ItemSize.of(item);
        if (bytes > ItemSize.MAX_ITEM_SIZE) {
          throw new DynamoDbWriteException(
              "Cannot write item "
                  + keySchema.describeKey(item)
                  + " to DynamoDB table '"
                  + tableName
                  + "': it is "
                  + bytes
                  + " bytes, over DynamoDB's item limit of "
                  + ItemSize.MAX_ITEM_SIZE
                  + " bytes (400 KB); make it smaller, e.g. keep large values in S3 and store"
                  + " their location");
        }
        if (conditionAttribute != null) {
          version = item.get(conditionAttribute);
          if (version == null || !VersionOrder.isComparable(version)) {
            throw new DynamoDbWriteException(
                "Cannot write item "
                    + keySchema.describeKey(item)
                    + " to DynamoDB table '"
                    + tableName
                    + "': conditional puts compare attribute '"
                    + conditionAttribute
                    + "', which the item "
                    + (version == null ? "lacks" : "holds as " + typeName(version))
                    + "; give every item a '"
                    + conditionAttribute
                    + "' of type N or S (e.g. an ISO-8601 UTC timestamp), or write without a"
                    + " condition attribute");
          }
        }
        break;
      case DELETE:
        bytes = ItemSize.of(keyAttributes);
        break;
      case UPDATE:
      default:
        bytes = ItemSize.of(keyAttributes);
        for (AttributeValue value : operation.expressionAttributeValues().values()) {
          bytes += ItemSize.valueSize(value);
        }
        break;
    }
    return new PendingWrite(operation, key, keyAttributes, bytes, version);
  }

  private static String typeName(AttributeValue value) {
    return value.type() == AttributeValue.Type.NUL ? "NULL" : value.type().toString();
  }

  private void checkUsable() {
    if (failure != null) {
      // A new exception, so the caller's stack shows; the cause is the original failure.
      throw new DynamoDbWriteException(failure.getMessage(), failure);
    }
    if (closed) {
      throw new IllegalStateException(
          "Cannot use the writer of DynamoDB table '" + tableName + "': it is closed");
    }
  }

  // ---- sending ---------------------------------------------------------------------------------

  /**
   * Takes the calls that may go now: writes that go alone, full batches, and, when {@code force} or
   * a flush is waiting, partial batches; within the in-flight and rate limits. Under the lock.
   */
  private List<Call> takeCalls(boolean force) {
    if (failure != null || closed) {
      return List.of();
    }
    boolean drain = force || activeFlushes > 0;
    List<Call> calls = null;
    while (callsInFlight < config.maxInFlightRequests()) {
      boolean alone = buffer.hasReadyAlone();
      boolean batch =
          !alone
              && (buffer.readyBatchableCount() >= config.maxBatchSize()
                  || buffer.readyBatchableBytes() >= config.maxBatchBytes()
                  || (drain && buffer.readyBatchableCount() > 0));
      if (!alone && !batch) {
        break;
      }
      if (rateLimit != null) {
        long wait = rateLimit.nanosUntilAvailable();
        if (wait > 0) {
          armRateWakeup(wait, drain);
          break;
        }
      }
      Call call =
          alone
              ? new Call(List.of(buffer.takeAlone()), false, 0)
              : new Call(buffer.takeBatch(config.maxBatchSize(), config.maxBatchBytes()), true, 0);
      if (rateLimit != null) {
        rateLimit.take(call.estimatedUnits());
      }
      callsInFlight++;
      if (calls == null) {
        calls = new ArrayList<>();
      }
      calls.add(call);
    }
    return calls == null ? List.of() : calls;
  }

  /** Sends {@code calls} without holding the lock, which is held before and after. */
  private void sendUnlocked(List<Call> calls) {
    lock.unlock();
    try {
      sendAll(calls);
    } finally {
      lock.lock();
    }
  }

  private void sendAll(List<Call> calls) {
    for (Call call : calls) {
      send(call);
    }
  }

  /** Sends one attempt of {@code call}. Never under the lock: an answer may come back at once. */
  private void send(Call call) {
    long started = System.nanoTime();
    CompletableFuture<? extends DynamoDbResponse> answer;
    try {
      if (call.batch) {
        answer = client.batchWriteItem(requests.batch(call.writes));
      } else if (call.first().kind() == WriteOperation.Kind.UPDATE) {
        answer = client.updateItem(requests.update(call.first()));
      } else {
        answer = client.putItem(requests.conditionalPut(call.first()));
      }
    } catch (RuntimeException | Error e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (response, error) -> onAnswer(call, System.nanoTime() - started, response, error));
  }

  private void onAnswer(Call call, long latencyNanos, DynamoDbResponse response, Throwable error) {
    List<Call> next;
    lock.lock();
    try {
      try {
        metrics.requestLatency(latencyNanos);
        if (error == null) {
          onSuccess(call, response);
        } else {
          onFailure(call, error);
        }
      } catch (RuntimeException | Error e) {
        // The books may be off now; failing loudly beats a flush that waits forever.
        failWith(
            new DynamoDbWriteException(
                "Cannot write to DynamoDB table '"
                    + tableName
                    + "': the writer failed handling an answer: "
                    + e,
                e));
      }
      next = takeCalls(false);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    sendAll(next);
  }

  private void onSuccess(Call call, DynamoDbResponse response) {
    correctRate(call, consumedUnits(response, call));
    if (!(response instanceof BatchWriteItemResponse batch)) {
      finish(call.writes);
      callsInFlight--;
      return;
    }
    List<WriteRequest> unprocessed =
        batch.hasUnprocessedItems()
            ? batch.unprocessedItems().getOrDefault(tableName, List.of())
            : List.of();
    if (unprocessed.isEmpty()) {
      finish(call.writes);
      callsInFlight--;
      return;
    }
    Set<ItemKey> again = new HashSet<>();
    for (WriteRequest request : unprocessed) {
      again.add(
          keySchema.keyOf(
              request.putRequest() != null
                  ? request.putRequest().item()
                  : request.deleteRequest().key()));
    }
    List<PendingWrite> done = new ArrayList<>(call.writes.size());
    List<PendingWrite> retry = new ArrayList<>(again.size());
    for (PendingWrite write : call.writes) {
      (again.contains(write.key()) ? retry : done).add(write);
    }
    finish(done);
    if (retry.isEmpty()) {
      callsInFlight--;
    } else {
      retryOrGiveUp(call.retry(retry), null);
    }
  }

  private void onFailure(Call call, Throwable error) {
    Throwable cause = WriteErrors.unwrap(error);
    if (cause instanceof ConditionalCheckFailedException && call.first().isConditionalPut()) {
      // The table holds this key at the same or a newer version: skipping is the point. DynamoDB
      // charges the write all the same, so the estimate stands.
      metrics.itemsSkippedByCondition(1);
      buffer.complete(call.first());
      callsInFlight--;
      return;
    }
    // A refused call consumed nothing.
    correctRate(call, 0);
    WriteErrors.Kind kind = WriteErrors.classify(cause);
    if (kind == WriteErrors.Kind.FATAL) {
      giveUp(
          call,
          new DynamoDbWriteException(
              "Cannot write to DynamoDB table '"
                  + tableName
                  + "': "
                  + describe(call.writes)
                  + " failed with "
                  + WriteErrors.describe(cause)
                  + "; "
                  + WriteErrors.advice(cause),
              cause));
      return;
    }
    if (kind == WriteErrors.Kind.THROTTLED) {
      metrics.requestsThrottled(1);
    }
    if (config.failOnRequestError()) {
      giveUp(
          call,
          new DynamoDbWriteException(
              "Cannot write to DynamoDB table '"
                  + tableName
                  + "': "
                  + describe(call.writes)
                  + " failed with "
                  + WriteErrors.describe(cause)
                  + ", and failed requests are not retried (fail-on-error)",
              cause));
      return;
    }
    retryOrGiveUp(call.retry(call.writes), cause);
  }

  /**
   * Schedules the next attempt of {@code next}, or fails the writer when it has used up its
   * retries; {@code cause} is the last error (null: the writes came back unprocessed).
   */
  private void retryOrGiveUp(Call next, Throwable cause) {
    if (next.retries > config.maxRetries()) {
      String reason =
          cause == null
              ? "were returned as UnprocessedItems (DynamoDB had no capacity for them)"
              : "failed with " + WriteErrors.describe(cause);
      giveUp(
          next,
          new DynamoDbWriteException(
              "Cannot write to DynamoDB table '"
                  + tableName
                  + "': "
                  + describe(next.writes)
                  + " still "
                  + reason
                  + " after "
                  + config.maxRetries()
                  + " retries; "
                  + (cause == null ? WriteErrors.THROTTLING_ADVICE : WriteErrors.advice(cause)),
              cause));
      return;
    }
    metrics.itemsRetried(next.writes.size());
    scheduleRetry(next, backoff.delayNanos(next.retries));
  }

  private void scheduleRetry(Call call, long delayNanos) {
    try {
      timers.schedule(() -> resend(call), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: nobody waits for these writes any more.
      abandon(call);
    }
  }

  private void resend(Call call) {
    lock.lock();
    try {
      if (failure != null || closed) {
        abandon(call);
        changed.signalAll();
        return;
      }
      if (rateLimit != null) {
        long wait = rateLimit.nanosUntilAvailable();
        if (wait > 0) {
          scheduleRetry(call, wait);
          return;
        }
        rateLimit.take(call.estimatedUnits());
      }
    } finally {
      lock.unlock();
    }
    send(call);
  }

  /** Counts and releases writes DynamoDB confirmed. */
  private void finish(List<PendingWrite> writes) {
    int written = 0;
    long writtenBytes = 0;
    int deleted = 0;
    for (PendingWrite write : writes) {
      if (write.kind() == WriteOperation.Kind.DELETE) {
        deleted++;
      } else {
        written++;
        writtenBytes += write.bytes();
      }
      buffer.complete(write);
    }
    if (written > 0) {
      metrics.itemsWritten(written, writtenBytes);
    }
    if (deleted > 0) {
      metrics.itemsDeleted(deleted);
    }
  }

  private void giveUp(Call call, DynamoDbWriteException error) {
    failWith(error);
    abandon(call);
  }

  private void abandon(Call call) {
    for (PendingWrite write : call.writes) {
      buffer.complete(write);
    }
    callsInFlight--;
  }

  private void failWith(DynamoDbWriteException error) {
    if (failure == null) {
      failure = error;
    }
  }

  // ---- timers and rate
  // ---------------------------------------------------------------------------

  /** Makes sure a partial batch does not wait longer than flushInterval. Under the lock. */
  private void armFlushTimer() {
    if (flushTimerArmed || closed || buffer.bufferedCount() == 0) {
      return;
    }
    try {
      timers.schedule(this::onFlushTimer, config.flushInterval().toNanos(), TimeUnit.NANOSECONDS);
      flushTimerArmed = true;
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  private void onFlushTimer() {
    List<Call> calls;
    lock.lock();
    try {
      flushTimerArmed = false;
      calls = takeCalls(true);
      // Writes left behind (their key is in flight, or no call may go yet) get the next round.
      armFlushTimer();
    } finally {
      lock.unlock();
    }
    sendAll(calls);
  }

  /** Comes back when the rate limit lets calls go again. Under the lock. */
  private void armRateWakeup(long delayNanos, boolean drain) {
    rateWakeupDrains |= drain;
    if (rateWakeupArmed) {
      return;
    }
    try {
      timers.schedule(this::onRateWakeup, delayNanos, TimeUnit.NANOSECONDS);
      rateWakeupArmed = true;
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  private void onRateWakeup() {
    List<Call> calls;
    lock.lock();
    try {
      rateWakeupArmed = false;
      boolean drain = rateWakeupDrains;
      rateWakeupDrains = false;
      calls = takeCalls(drain);
    } finally {
      lock.unlock();
    }
    sendAll(calls);
  }

  private void correctRate(Call call, double consumed) {
    if (rateLimit != null) {
      rateLimit.correct(call.estimatedUnits(), consumed);
    }
  }

  /** Units DynamoDB reported for the call; the estimate if it reported none (limit off). */
  private double consumedUnits(DynamoDbResponse response, Call call) {
    if (rateLimit == null) {
      return call.estimatedUnits();
    }
    Double units = null;
    if (response instanceof BatchWriteItemResponse batch && batch.hasConsumedCapacity()) {
      double sum = 0;
      for (ConsumedCapacity capacity : batch.consumedCapacity()) {
        sum += capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
      }
      units = sum;
    } else if (response instanceof PutItemResponse put && put.consumedCapacity() != null) {
      units = put.consumedCapacity().capacityUnits();
    } else if (response instanceof UpdateItemResponse update && update.consumedCapacity() != null) {
      units = update.consumedCapacity().capacityUnits();
    }
    if (units == null) {
      return call.estimatedUnits();
    }
    metrics.capacityConsumed(units);
    return units;
  }

  /** E.g. {@code item {id=S:1}} or {@code 25 items {id=S:1}, {id=S:2}, {id=S:3} and 22 more}. */
  private String describe(List<PendingWrite> writes) {
    if (writes.size() == 1) {
      PendingWrite write = writes.get(0);
      return write.kind() + " of item " + keySchema.describeKey(write.keyAttributes());
    }
    StringBuilder text = new StringBuilder().append(writes.size()).append(" writes of items ");
    for (int i = 0; i < Math.min(KEYS_IN_MESSAGES, writes.size()); i++) {
      text.append(i == 0 ? "" : ", ").append(keySchema.describeKey(writes.get(i).keyAttributes()));
    }
    if (writes.size() > KEYS_IN_MESSAGES) {
      text.append(" and ").append(writes.size() - KEYS_IN_MESSAGES).append(" more");
    }
    return text.toString();
  }

  /** One call to DynamoDB, with its retries: a batch, or a single write that goes alone. */
  private static final class Call {
    final List<PendingWrite> writes;
    final boolean batch;

    /** Attempts made before this one. */
    final int retries;

    Call(List<PendingWrite> writes, boolean batch, int retries) {
      this.writes = writes;
      this.batch = batch;
      this.retries = retries;
    }

    PendingWrite first() {
      return writes.get(0);
    }

    /** The next attempt, for {@code writes} (all of this call's, or its unprocessed ones). */
    Call retry(List<PendingWrite> writes) {
      return new Call(writes, batch, retries + 1);
    }

    double estimatedUnits() {
      double units = 0;
      for (PendingWrite write : writes) {
        units += write.estimatedUnits();
      }
      return units;
    }
  }
}
