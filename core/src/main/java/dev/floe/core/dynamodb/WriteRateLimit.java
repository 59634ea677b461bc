package dev.floe.core.dynamodb;

/**
 * A ceiling on the write capacity units per second one {@link DynamoDbBatchWriter} consumes: either
 * an absolute number, or a percentage of the table's provisioned write capacity, resolved with
 * DescribeTable when the writer starts. The limit is per writer: with n parallel writers (Flink
 * subtasks, Spark tasks) give each 1/n of the table's share. {@link ReadRateLimit} is the same rule
 * for reads.
 */
public final class WriteRateLimit extends CapacityRateLimit {
  private static final long serialVersionUID = 1L;

  private WriteRateLimit(CapacityLimit limit) {
    super(limit);
  }

  /** At most {@code units} write capacity units per second. */
  public static WriteRateLimit unitsPerSecond(double units) {
    return new WriteRateLimit(CapacityLimit.unitsPerSecond(CapacityLimit.Access.WRITE, units));
  }

  /**
   * At most {@code percent}% (0 < percent <= 100) of the table's provisioned write capacity per
   * second. On-demand tables have none: use {@link #unitsPerSecond(double)} for them.
   */
  public static WriteRateLimit percentOfProvisioned(double percent) {
    return new WriteRateLimit(
        CapacityLimit.percentOfProvisioned(CapacityLimit.Access.WRITE, percent));
  }

  /**
   * This limit shared evenly among {@code writers} parallel writers, so together they stay within
   * it: each gets 1/n of the units or of the percentage.
   */
  public WriteRateLimit sharedAmong(int writers) {
    return new WriteRateLimit(limit.sharedAmong(writers, "writers"));
  }
}
