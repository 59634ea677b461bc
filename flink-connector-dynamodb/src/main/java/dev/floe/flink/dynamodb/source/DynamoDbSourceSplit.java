package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.ScanSegment;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One scan segment (or the one segment of a Query) and how far it has been emitted: the page that
 * is being emitted starts at {@link #segment()}'s position, and its first {@link #itemsToSkip()}
 * items have already been emitted. A reader that resumes the split reads that page again and skips
 * them, so nothing is emitted twice or lost.
 */
public final class DynamoDbSourceSplit implements SourceSplit {
  private final ScanSegment segment;
  private final int itemsToSkip;

  public DynamoDbSourceSplit(ScanSegment segment, int itemsToSkip) {
    this.segment = Objects.requireNonNull(segment, "segment");
    if (itemsToSkip < 0) {
      throw new IllegalArgumentException(
          "Cannot build split " + segment.id() + ": itemsToSkip " + itemsToSkip + " < 0");
    }
    this.itemsToSkip = itemsToSkip;
  }

  /** A split that reads {@code segment} from its position. */
  public static DynamoDbSourceSplit of(ScanSegment segment) {
    return new DynamoDbSourceSplit(segment, 0);
  }

  /** The segment, positioned at the start of the page being emitted. */
  public ScanSegment segment() {
    return segment;
  }

  /** Items at the start of that page that were emitted already. */
  public int itemsToSkip() {
    return itemsToSkip;
  }

  /** The segment index. */
  @Override
  public String splitId() {
    return Integer.toString(segment.segment());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DynamoDbSourceSplit that
        && itemsToSkip == that.itemsToSkip
        && segment.equals(that.segment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(segment, itemsToSkip);
  }

  @Override
  public String toString() {
    return "DynamoDbSourceSplit{" + segment + ", itemsToSkip=" + itemsToSkip + "}";
  }
}
