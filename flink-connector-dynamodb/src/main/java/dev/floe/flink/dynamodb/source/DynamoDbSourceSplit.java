package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.ScanSegment;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One scan segment (or the one segment of a Query) and how far it has been emitted: its position is
 * right after the last item that went downstream (the start key of a resumed read is that item's
 * key), so a reader that resumes the split neither repeats nor skips an item, even if the table
 * changed in between.
 */
public final class DynamoDbSourceSplit implements SourceSplit {
  private final ScanSegment segment;

  private DynamoDbSourceSplit(ScanSegment segment) {
    this.segment = Objects.requireNonNull(segment, "segment");
  }

  /** A split that reads {@code segment} from its position. */
  public static DynamoDbSourceSplit of(ScanSegment segment) {
    return new DynamoDbSourceSplit(segment);
  }

  /** The segment, positioned after the last emitted item. */
  public ScanSegment segment() {
    return segment;
  }

  /** The segment index. */
  @Override
  public String splitId() {
    return Integer.toString(segment.segment());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DynamoDbSourceSplit that && segment.equals(that.segment);
  }

  @Override
  public int hashCode() {
    return segment.hashCode();
  }

  @Override
  public String toString() {
    return "DynamoDbSourceSplit{" + segment + "}";
  }
}
