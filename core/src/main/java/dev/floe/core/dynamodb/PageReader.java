package dev.floe.core.dynamodb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

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

  /** Start key attributes of each item's position; null when positions are not tracked. */
  private final List<String> resumeKeyAttributes;

  /** Of those, the ones fetched only for positions: removed from items before they are returned. */
  private final Set<String> positionOnlyAttributes;

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
    this(client, spec, metrics, false);
  }

  /**
   * A reader whose pages carry each item's position ({@link Page#itemKeys()}), so an engine can
   * checkpoint a segment right after any item it emitted ({@link ScanSegment#afterItem}) and resume
   * exactly there, even if the table changed meanwhile. It calls DescribeTable once to learn the
   * key attributes (the table's, and the index's when one is read) and adds those missing from the
   * projection to every request; they are removed from the items again, so items hold exactly the
   * projection.
   *
   * @throws DynamoDbTableException if the table cannot be described or has no such index
   */
  public static PageReader trackingItemPositions(
      DynamoDbClient client, ReadSpec spec, ReadMetrics metrics) {
    return new PageReader(client, spec, metrics, true);
  }

  private PageReader(
      DynamoDbClient client, ReadSpec spec, ReadMetrics metrics, boolean trackPositions) {
    this.client = Objects.requireNonNull(client, "client");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    TableDescription described = null;
    if (trackPositions) {
      described = TableKeySchema.TableDescriptions.describe(client, spec.tableName());
      resumeKeyAttributes = ResumeKey.attributes(described, spec.indexName());
      positionOnlyAttributes = new LinkedHashSet<>();
      if (!spec.projection().isEmpty()) {
        for (String name : resumeKeyAttributes) {
          if (!spec.projection().contains(AttributePath.of(name))) {
            positionOnlyAttributes.add(name);
          }
        }
      }
    } else {
      resumeKeyAttributes = null;
      positionOnlyAttributes = Set.of();
    }
    this.expressions = DynamoDbExpressions.of(withProjected(spec, positionOnlyAttributes));
    this.calls = new ReadCalls(client, spec, metrics, described);
  }

  private static ReadSpec withProjected(ReadSpec spec, Set<String> extra) {
    if (extra.isEmpty()) {
      return spec;
    }
    List<AttributePath> projection = new ArrayList<>(spec.projection());
    for (String name : extra) {
      projection.add(AttributePath.of(name));
    }
    return spec.toBuilder().projection(projection).build();
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
    if (resumeKeyAttributes == null) {
      return new Page(List.copyOf(items), lastKey);
    }
    List<Map<String, AttributeValue>> projected = new ArrayList<>(items.size());
    List<Map<String, AttributeValue>> itemKeys = new ArrayList<>(items.size());
    for (Map<String, AttributeValue> item : items) {
      itemKeys.add(ResumeKey.of(item, resumeKeyAttributes, spec));
      if (positionOnlyAttributes.isEmpty()) {
        projected.add(item);
      } else {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.keySet().removeAll(positionOnlyAttributes);
        projected.add(copy);
      }
    }
    return new Page(
        Collections.unmodifiableList(projected), lastKey, Collections.unmodifiableList(itemKeys));
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
