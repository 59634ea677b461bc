package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.ScanSegment;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item on its way from the fetcher thread to the emitter, with where it stands in its page; or,
 * with a null item, a marker that moves the split past a page that gave nothing to emit.
 *
 * @param item the item, or null for a marker
 * @param page the page the item belongs to
 * @param index the item's index in the whole page (skipped items included)
 */
record ScannedItem(Map<String, AttributeValue> item, PageBounds page, int index) {

  /**
   * One page of a segment.
   *
   * @param start the segment positioned at the page
   * @param end the segment positioned after the page
   * @param size the items in the page
   */
  record PageBounds(ScanSegment start, ScanSegment end, int size) {}

  /** Whether the split is past the page once this is emitted. */
  boolean endsPage() {
    return item == null || index + 1 >= page.size();
  }
}
