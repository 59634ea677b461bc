package dev.floe.core.dynamodb;

import java.io.Serializable;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The rule behind {@link WriteRateLimit} and {@link ReadRateLimit}: a number of capacity units per
 * second, or a percentage of the table's provisioned read or write capacity resolved against its
 * description. One class, so that reads and writes validate, share and resolve limits alike.
 */
final class CapacityLimit implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Which capacity a limit is about. */
  enum Access {
    READ("reads", "read", "ReadRateLimit"),
    WRITE("writes", "write", "WriteRateLimit");

    final String plural;
    final String adjective;
    final String factoryClass;

    Access(String plural, String adjective, String factoryClass) {
      this.plural = plural;
      this.adjective = adjective;
      this.factoryClass = factoryClass;
    }
  }

  private final Access access;
  private final double value;
  private final boolean percentOfProvisioned;

  private CapacityLimit(Access access, double value, boolean percentOfProvisioned) {
    this.access = access;
    this.value = value;
    this.percentOfProvisioned = percentOfProvisioned;
  }

  static CapacityLimit unitsPerSecond(Access access, double units) {
    if (!(units > 0) || Double.isInfinite(units)) {
      throw new IllegalArgumentException(
          "Cannot limit "
              + access.plural
              + " to "
              + units
              + " capacity units per second: need a number > 0");
    }
    return new CapacityLimit(access, units, false);
  }

  static CapacityLimit percentOfProvisioned(Access access, double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException(
          "Cannot limit "
              + access.plural
              + " to "
              + percent
              + "% of the provisioned capacity: need 0 < percent <= 100");
    }
    return new CapacityLimit(access, percent, true);
  }

  CapacityLimit sharedAmong(int parties, String partyName) {
    if (parties < 1) {
      throw new IllegalArgumentException(
          "Cannot share a "
              + access.adjective
              + " rate limit among "
              + parties
              + " "
              + partyName
              + ": need at least 1");
    }
    return new CapacityLimit(access, value / parties, percentOfProvisioned);
  }

  boolean isPercentOfProvisioned() {
    return percentOfProvisioned;
  }

  double value() {
    return value;
  }

  double resolve(TableDescription table) {
    if (!percentOfProvisioned) {
      return value;
    }
    boolean onDemand =
        table.billingModeSummary() != null
            && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    Long provisioned = null;
    if (table.provisionedThroughput() != null) {
      provisioned =
          access == Access.READ
              ? table.provisionedThroughput().readCapacityUnits()
              : table.provisionedThroughput().writeCapacityUnits();
    }
    if (onDemand || provisioned == null || provisioned <= 0) {
      throw new DynamoDbTableException(
          "Cannot limit "
              + access.plural
              + " to "
              + value
              + "% of the provisioned "
              + access.adjective
              + " capacity of DynamoDB table '"
              + table.tableName()
              + "': it is an on-demand table, which has none; give the limit in absolute units"
              + " per second instead ("
              + access.factoryClass
              + ".unitsPerSecond)");
    }
    return provisioned * value / 100;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CapacityLimit that
        && access == that.access
        && value == that.value
        && percentOfProvisioned == that.percentOfProvisioned;
  }

  @Override
  public int hashCode() {
    return Objects.hash(access, value, percentOfProvisioned);
  }

  @Override
  public String toString() {
    return percentOfProvisioned
        ? value + "% of provisioned " + access.adjective + " capacity"
        : value + " " + access.adjective + " capacity units/s";
  }
}
