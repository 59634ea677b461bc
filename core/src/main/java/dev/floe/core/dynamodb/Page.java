package dev.floe.core.dynamodb;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One answered Scan or Query request.
 *
 * @param items the items, projected and filtered by DynamoDB (possibly none even when more follow)
 * @param lastEvaluatedKey where the next page starts; null when the segment is done
 * @param itemKeys per item, the start key that continues right after it (see {@link
 *     ScanSegment#afterItem}); null unless the reader tracks item positions ({@link
 *     PageReader#trackingItemPositions})
 */
public record Page(
    List<Map<String, AttributeValue>> items,
    Map<String, AttributeValue> lastEvaluatedKey,
    List<Map<String, AttributeValue>> itemKeys) {

  /** A page without item positions. */
  public Page(
      List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey) {
    this(items, lastEvaluatedKey, null);
  }

  /** Whether the segment has more pages. */
  public boolean hasMore() {
    return lastEvaluatedKey != null;
  }
}
