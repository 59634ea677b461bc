package dev.floe.core.dynamodb;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One answered Scan or Query request.
 *
 * @param items the items, projected and filtered by DynamoDB (possibly none even when more follow)
 * @param lastEvaluatedKey where the next page starts; null when the segment is done
 */
public record Page(
    List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey) {

  /** Whether the segment has more pages. */
  public boolean hasMore() {
    return lastEvaluatedKey != null;
  }
}
