package dev.floe.core.dynamodb;

/**
 * A ceiling on the read capacity units per second one {@link PageReader} or {@link BatchGetReader}
 * consumes: either an absolute number, or a percentage of the table's provisioned read capacity,
 * resolved with DescribeTable when the reader is created. The limit is per reader: with n parallel
 * readers (Flink subtasks, Spark tasks) give each 1/n of the table's share ({@link
 * #sharedAmong(int)}). {@link WriteRateLimit} is the same rule for writes.
 */
public final class ReadRateLimit extends CapacityRateLimit {
  private static final long serialVersionUID = 1L;

  private ReadRateLimit(CapacityLimit limit) {
    super(limit);
  }

  /** At most {@code units} read capacity units per second. */
  public static ReadRateLimit unitsPerSecond(double units) {
    return new ReadRateLimit(CapacityLimit.unitsPerSecond(CapacityLimit.Access.READ, units));
  }

  /**
   * At most {@code percent}% (0 < percent <= 100) of the table's provisioned read capacity per
   * second. On-demand tables have none: use {@link #unitsPerSecond(double)} for them.
   */
  public static ReadRateLimit percentOfProvisioned(double percent) {
    return new ReadRateLimit(
        CapacityLimit.percentOfProvisioned(CapacityLimit.Access.READ, percent));
  }

  /**
   * This limit shared evenly among {@code readers} parallel readers, so together they stay within
   * it: each gets 1/n of the units or of the percentage.
   */
  public ReadRateLimit sharedAmong(int readers) {
    return new ReadRateLimit(limit.sharedAmong(readers, "readers"));
  }
}
