package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One segment of a parallel Scan (or the single segment of a Query) and how far it has been read:
 * the split of a Flink source or the partition of a Spark scan. Immutable and serializable: an
 * engine checkpoints the segment it holds and resumes with {@link PageReader#read(ScanSegment)}
 * after a restart, without gap or duplicate.
 */
public final class ScanSegment implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int segment;
  private final int totalSegments;
  private final Map<String, AttributeValue> exclusiveStartKey;
  private final boolean finished;
  private final long itemsRead;

  private ScanSegment(
      int segment,
      int totalSegments,
      Map<String, AttributeValue> exclusiveStartKey,
      boolean finished,
      long itemsRead) {
    if (totalSegments < 1 || segment < 0 || segment >= totalSegments) {
      throw new IllegalArgumentException(
          "Cannot build scan segment "
              + segment
              + " of "
              + totalSegments
              + ": need 0 <= segment < totalSegments");
    }
    this.segment = segment;
    this.totalSegments = totalSegments;
    // A LinkedHashMap, so the segment serializes whatever map the SDK handed in.
    this.exclusiveStartKey =
        exclusiveStartKey == null
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(exclusiveStartKey));
    this.finished = finished;
    this.itemsRead = itemsRead;
  }

  /** Segment {@code segment} of {@code totalSegments}, not read yet. */
  public static ScanSegment start(int segment, int totalSegments) {
    return new ScanSegment(segment, totalSegments, null, false, 0);
  }

  /** The segment read up to (excluding) {@code exclusiveStartKey}, with {@code itemsRead} read. */
  public static ScanSegment resumeAt(
      int segment,
      int totalSegments,
      Map<String, AttributeValue> exclusiveStartKey,
      long itemsRead) {
    return new ScanSegment(
        segment, totalSegments, Objects.requireNonNull(exclusiveStartKey), false, itemsRead);
  }

  /**
   * The position after {@code page} was read from this segment: finished when the page has no last
   * evaluated key.
   */
  public ScanSegment after(Page page) {
    long read = itemsRead + page.items().size();
    return page.lastEvaluatedKey() == null
        ? new ScanSegment(segment, totalSegments, null, true, read)
        : new ScanSegment(segment, totalSegments, page.lastEvaluatedKey(), false, read);
  }

  /**
   * The position right after item {@code index} of {@code page}, which was read from this position:
   * where a reader that stopped after emitting that item continues, without gap or duplicate, even
   * if the table changed meanwhile. After the page's last item, this is {@link #after(Page)}.
   *
   * @throws IllegalStateException if the page has no item positions
   */
  public ScanSegment afterItem(Page page, int index) {
    if (index < 0 || index >= page.items().size()) {
      throw new IndexOutOfBoundsException(
          "Cannot position "
              + id()
              + " after item "
              + index
              + " of a page of "
              + page.items().size());
    }
    if (index == page.items().size() - 1) {
      return after(page);
    }
    if (page.itemKeys() == null) {
      throw new IllegalStateException(
          "Cannot position "
              + id()
              + " after an item: the page was read without item positions"
              + " (use PageReader.trackingItemPositions)");
    }
    return new ScanSegment(
        segment, totalSegments, page.itemKeys().get(index), false, itemsRead + index + 1);
  }

  /** The segment read to its end, with {@code itemsRead} read. */
  public static ScanSegment finished(int segment, int totalSegments, long itemsRead) {
    return new ScanSegment(segment, totalSegments, null, true, itemsRead);
  }

  public int segment() {
    return segment;
  }

  public int totalSegments() {
    return totalSegments;
  }

  /** Where the next page starts (exclusive); null at the start and once finished. */
  public Map<String, AttributeValue> exclusiveStartKey() {
    return exclusiveStartKey;
  }

  /** Whether every item of the segment has been read. */
  public boolean isFinished() {
    return finished;
  }

  /** Items returned from this segment so far (what {@link ReadSpec#itemLimit()} counts). */
  public long itemsRead() {
    return itemsRead;
  }

  /** A split id for engines: {@code segment-3-of-16}. */
  public String id() {
    return "segment-" + segment + "-of-" + totalSegments;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScanSegment that
        && segment == that.segment
        && totalSegments == that.totalSegments
        && finished == that.finished
        && itemsRead == that.itemsRead
        && Objects.equals(exclusiveStartKey, that.exclusiveStartKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(segment, totalSegments, exclusiveStartKey, finished, itemsRead);
  }

  /** Without the start key's values (they are user data). */
  @Override
  public String toString() {
    return "ScanSegment{"
        + id()
        + (finished ? ", finished" : exclusiveStartKey == null ? ", at start" : ", resumed")
        + ", itemsRead="
        + itemsRead
        + "}";
  }
}
