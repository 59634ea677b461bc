package dev.floe.core.dynamodb;

import java.io.Serializable;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What {@link ReadRateLimit} and {@link WriteRateLimit} share: a {@link CapacityLimit} and the ways
 * to read it. The two public types exist so a read limit cannot be passed where a write limit
 * belongs.
 */
abstract class CapacityRateLimit implements Serializable {
  private static final long serialVersionUID = 1L;

  final CapacityLimit limit;

  CapacityRateLimit(CapacityLimit limit) {
    this.limit = limit;
  }

  /** Whether the limit is a percentage of provisioned capacity (else absolute units). */
  public boolean isPercentOfProvisioned() {
    return limit.isPercentOfProvisioned();
  }

  /** Units per second, or the percentage. */
  public double value() {
    return limit.value();
  }

  /**
   * The limit in units per second for {@code table}.
   *
   * @throws DynamoDbTableException if the limit is a percentage and the table is on-demand
   */
  public double resolve(TableDescription table) {
    return limit.resolve(table);
  }

  @Override
  public boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && limit.equals(((CapacityRateLimit) other).limit);
  }

  @Override
  public int hashCode() {
    return limit.hashCode();
  }

  @Override
  public String toString() {
    return limit.toString();
  }
}
