package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A ceiling on the write capacity units per second one {@link DynamoDbBatchWriter} consumes: either
 * an absolute number, or a percentage of the table's provisioned write capacity, resolved with
 * DescribeTable when the writer starts. The limit is per writer: with n parallel writers (Flink
 * subtasks, Spark tasks) give each 1/n of the table's share.
 */
public final class WriteRateLimit implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double value;
  private final boolean percentOfProvisioned;

  private WriteRateLimit(double value, boolean percentOfProvisioned) {
    this.value = value;
    this.percentOfProvisioned = percentOfProvisioned;
  }

  /** At most {@code units} write capacity units per second. */
  public static WriteRateLimit unitsPerSecond(double units) {
    if (!(units > 0) || Double.isInfinite(units)) {
      throw new IllegalArgumentException(
          "Cannot limit writes to " + units + " capacity units per second: need a number > 0");
    }
    return new WriteRateLimit(units, false);
  }

  /**
   * At most {@code percent}% (0 < percent <= 100) of the table's provisioned write capacity per
   * second. On-demand tables have none: use {@link #unitsPerSecond(double)} for them.
   */
  public static WriteRateLimit percentOfProvisioned(double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException(
          "Cannot limit writes to "
              + percent
              + "% of the provisioned capacity: need 0 < percent <= 100");
    }
    return new WriteRateLimit(percent, true);
  }

  /**
   * This limit shared evenly among {@code writers} parallel writers, so together they stay within
   * it: each gets 1/n of the units or of the percentage.
   */
  public WriteRateLimit sharedAmong(int writers) {
    if (writers < 1) {
      throw new IllegalArgumentException(
          "Cannot share a write rate limit among " + writers + " writers: need at least 1");
    }
    return new WriteRateLimit(value / writers, percentOfProvisioned);
  }

  /** Whether the limit is a percentage of provisioned capacity (else absolute units). */
  public boolean isPercentOfProvisioned() {
    return percentOfProvisioned;
  }

  /** Units per second, or the percentage. */
  public double value() {
    return value;
  }

  /**
   * The limit in units per second for {@code table}.
   *
   * @throws DynamoDbTableException if the limit is a percentage and the table is on-demand
   */
  public double resolve(TableDescription table) {
    if (!percentOfProvisioned) {
      return value;
    }
    boolean onDemand =
        table.billingModeSummary() != null
            && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    Long provisioned =
        table.provisionedThroughput() == null
            ? null
            : table.provisionedThroughput().writeCapacityUnits();
    if (onDemand || provisioned == null || provisioned <= 0) {
      throw new DynamoDbTableException(
          "Cannot limit writes to "
              + value
              + "% of the provisioned write capacity of DynamoDB table '"
              + table.tableName()
              + "': it is an on-demand table, which has none; give the limit in absolute units"
              + " per second instead (WriteRateLimit.unitsPerSecond)");
    }
    return provisioned * value / 100;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WriteRateLimit that
        && value == that.value
        && percentOfProvisioned == that.percentOfProvisioned;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, percentOfProvisioned);
  }

  @Override
  public String toString() {
    return percentOfProvisioned
        ? value + "% of provisioned write capacity"
        : value + " write capacity units/s";
  }
}
