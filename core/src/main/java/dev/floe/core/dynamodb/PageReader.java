package dev.floe.core.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads {@link ScanSegment}s page by page: one Scan (with Segment/TotalSegments) or Query request
 * per {@link #read(ScanSegment)}, from the segment's position, with the spec's projection, filter
 * and key condition. One reader per task (Flink split reader, Spark partition reader).
 *
 * <p>It uses the sync client on purpose: a segment's next page needs the previous page's
 * LastEvaluatedKey, so a segment never has more than one request in flight, and engines call
 * readers from a thread of their own that may block (Flink's fetcher thread, Spark's task thread).
 * Blocking calls keep retries, backoff and the rate limit plain sequential code. Give it a client
 * without SDK retries ({@link DynamoDbClientFactory#createSyncWithoutRetries}) so every throttled
 * request is seen and counted here; the client belongs to the caller.
 */
public final class PageReader {
  private final DynamoDbClient client;
  private final ReadSpec spec;
  private final ReadMetrics metrics;
  private final DynamoDbExpressions expressions;
  private final ReadCalls calls;
  private double lastPageUnits = 1;

  /** A reader of {@code spec} without metrics. */
  public PageReader(DynamoDbClient client, ReadSpec spec) {
    this(client, spec, ReadMetrics.NONE);
  }

  /**
   * A reader of {@code spec}. With a rate limit in percent of provisioned capacity, this calls
   * DescribeTable.
   *
   * @throws DynamoDbTableException if the table cannot be described, or is on-demand with a
   *     percentage rate limit
   */
  public PageReader(DynamoDbClient client, ReadSpec spec, ReadMetrics metrics) {
    this.client = Objects.requireNonNull(client, "client");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.expressions = DynamoDbExpressions.of(spec);
    this.calls = new ReadCalls(client, spec, metrics);
  }

  /** The expressions every request carries. */
  public DynamoDbExpressions expressions() {
    return expressions;
  }

  /**
   * Reads the next page of {@code segment}; continue with {@code segment.after(page)}. A finished
   * segment, or one that reached the spec's item limit, gives an empty last page without a request.
   *
   * @throws DynamoDbReadException if DynamoDB refuses the request (missing table, invalid
   *     expression, no permission) or keeps failing after the spec's retries
   */
  public Page read(ScanSegment segment) {
    if (segment.isFinished()) {
      return new Page(List.of(), null);
    }
    if (spec.isQuery() && segment.totalSegments() != 1) {
      throw new IllegalArgumentException(
          "Cannot read "
              + segment.id()
              + " of a Query on "
              + spec.describeTarget()
              + ": a Query has one segment (ScanPlanner.plan)");
    }
    Integer limit = spec.pageSize().isPresent() ? spec.pageSize().getAsInt() : null;
    long remaining = Long.MAX_VALUE;
    if (spec.itemLimit().isPresent()) {
      remaining = spec.itemLimit().getAsLong() - segment.itemsRead();
      if (remaining <= 0) {
        return new Page(List.of(), null);
      }
      // Limit caps the items evaluated, so a page never returns more than what is left.
      limit = (int) Math.min(limit == null ? Integer.MAX_VALUE : limit, remaining);
    }
    double estimate = lastPageUnits;
    List<Map<String, AttributeValue>> items;
    Map<String, AttributeValue> lastKey;
    if (spec.isQuery()) {
      QueryRequest request = queryRequest(segment, limit);
      QueryResponse response =
          calls.call(
              "Query", estimate, 0, () -> client.query(request), r -> units(r.consumedCapacity()));
      items = response.items();
      lastKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
      lastPageUnits = Math.max(0.5, units(response.consumedCapacity()));
    } else {
      ScanRequest request = scanRequest(segment, limit);
      ScanResponse response =
          calls.call(
              "Scan of " + segment.id(),
              estimate,
              0,
              () -> client.scan(request),
              r -> units(r.consumedCapacity()));
      items = response.items();
      lastKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
      lastPageUnits = Math.max(0.5, units(response.consumedCapacity()));
    }
    if (lastKey != null && lastKey.isEmpty()) {
      lastKey = null;
    }
    if (items.size() >= remaining) {
      // The item limit is reached: the segment is done for this read.
      items = items.subList(0, (int) remaining);
      lastKey = null;
    }
    metrics.pagesRead(1);
    metrics.itemsRead(items.size());
    return new Page(List.copyOf(items), lastKey);
  }

  private ScanRequest scanRequest(ScanSegment segment, Integer limit) {
    ScanRequest.Builder request =
        ScanRequest.builder()
            .tableName(spec.tableName())
            .indexName(spec.indexName().orElse(null))
            .projectionExpression(expressions.projectionExpression().orElse(null))
            .filterExpression(expressions.filterExpression().orElse(null))
            .expressionAttributeNames(expressions.namesOrNull())
            .expressionAttributeValues(expressions.valuesOrNull())
            .consistentRead(spec.consistentRead() ? Boolean.TRUE : null)
            .limit(limit)
            .exclusiveStartKey(segment.exclusiveStartKey());
    if (segment.totalSegments() > 1) {
      request.segment(segment.segment()).totalSegments(segment.totalSegments());
    }
    if (calls.wantsConsumedCapacity()) {
      request.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    }
    return request.build();
  }

  private QueryRequest queryRequest(ScanSegment segment, Integer limit) {
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(spec.tableName())
            .indexName(spec.indexName().orElse(null))
            .keyConditionExpression(expressions.keyConditionExpression().orElseThrow())
            .projectionExpression(expressions.projectionExpression().orElse(null))
            .filterExpression(expressions.filterExpression().orElse(null))
            .expressionAttributeNames(expressions.namesOrNull())
            .expressionAttributeValues(expressions.valuesOrNull())
            .consistentRead(spec.consistentRead() ? Boolean.TRUE : null)
            .limit(limit)
            .exclusiveStartKey(segment.exclusiveStartKey());
    if (calls.wantsConsumedCapacity()) {
      request.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    }
    return request.build();
  }

  static double units(ConsumedCapacity capacity) {
    return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
  }
}
