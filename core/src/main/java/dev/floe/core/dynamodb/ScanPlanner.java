package dev.floe.core.dynamodb;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Splits a read into {@link ScanSegment}s: the segments of a parallel Scan, or the one segment of a
 * Query (a Query cannot be split).
 */
public final class ScanPlanner {

  /** Table bytes per segment: the size of a Spark input split, a few seconds of reading each. */
  public static final long BYTES_PER_SEGMENT = 128L * 1024 * 1024;

  /** DynamoDB's limit on TotalSegments. */
  public static final int MAX_SEGMENTS = 1_000_000;

  private ScanPlanner() {}

  /**
   * How many segments to scan {@code table} with: {@code max(parallelism, ceil(tableSizeBytes / 128
   * MiB))}, at least 1 and at most 1,000,000. Every reader gets at least one segment, and a large
   * table is cut into pieces small enough to spread evenly and to retry cheaply. DynamoDB updates
   * TableSizeBytes about every six hours, which is precise enough for this.
   *
   * @param parallelism the number of parallel readers, at least 1
   */
  public static int segmentsFor(TableDescription table, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException(
          "Cannot plan a scan for " + parallelism + " readers: need at least 1");
    }
    Long size = table.tableSizeBytes();
    long bySize =
        size == null || size <= 0 ? 1 : (size + BYTES_PER_SEGMENT - 1) / BYTES_PER_SEGMENT;
    long segments = Math.max(parallelism, bySize);
    return (int) Math.max(1, Math.min(MAX_SEGMENTS, segments));
  }

  /**
   * The segments to read {@code spec} with: {@code totalSegments} Scan segments, or one segment for
   * a Query whatever {@code totalSegments} says.
   */
  public static List<ScanSegment> plan(ReadSpec spec, int totalSegments) {
    if (spec.isQuery()) {
      return List.of(ScanSegment.start(0, 1));
    }
    if (totalSegments < 1 || totalSegments > MAX_SEGMENTS) {
      throw new IllegalArgumentException(
          "Cannot scan "
              + spec.describeTarget()
              + " in "
              + totalSegments
              + " segments: need 1.."
              + MAX_SEGMENTS);
    }
    List<ScanSegment> segments = new ArrayList<>(totalSegments);
    for (int i = 0; i < totalSegments; i++) {
      segments.add(ScanSegment.start(i, totalSegments));
    }
    return segments;
  }
}
