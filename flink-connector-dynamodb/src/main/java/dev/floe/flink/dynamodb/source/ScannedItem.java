package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.Page;
import dev.floe.core.dynamodb.ScanSegment;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item on its way from the fetcher thread to the emitter, with where it stands in its page; or,
 * with a null item, a marker that moves the split past a page that gave nothing to emit.
 *
 * @param item the item, or null for a marker
 * @param pageStart the segment positioned at the item's page
 * @param page the page
 * @param index the item's index in the page
 */
record ScannedItem(Map<String, AttributeValue> item, ScanSegment pageStart, Page page, int index) {

  /** A marker for a page without items. */
  static ScannedItem emptyPage(ScanSegment pageStart, Page page) {
    return new ScannedItem(null, pageStart, page, -1);
  }

  /**
   * The segment positioned right after this item (after the page for a marker). Computed only when
   * a checkpoint asks, so emitting an item costs no position object.
   */
  ScanSegment positionAfter() {
    return item == null ? pageStart.after(page) : pageStart.afterItem(page, index);
  }
}
