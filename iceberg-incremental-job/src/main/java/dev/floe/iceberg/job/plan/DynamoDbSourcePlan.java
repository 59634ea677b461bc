package dev.floe.iceberg.job.plan;

import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.core.dynamodb.TableKeySchema;
import java.time.Instant;
import org.apache.iceberg.Schema;

/**
 * What a run reads of a DynamoDB source table (see {@link DynamoDbSourcePlanner}).
 *
 * @param schema the columns inferred from sampled items, the datetime field as a timestamp with
 *     zone; null when the table has no items
 * @param icebergSchema the same columns as an Iceberg schema, for the target's columns; null when
 *     the table has no items
 * @param keys the table's key attributes
 * @param committedMark the high-water mark the last run committed; null before the first run
 * @param fromMicros records with an older datetime are left out (the last run's high-water mark, or
 *     the time filter's bound if later); null to read every record
 * @param pushedFilter the filter sent with the scan; null for none
 */
public record DynamoDbSourcePlan(
    LogicalSchema schema,
    Schema icebergSchema,
    TableKeySchema keys,
    Long committedMark,
    Long fromMicros,
    FilterPredicate pushedFilter) {

  /** What the run reads, for logs and reports. */
  public String describe() {
    if (isEmpty()) {
      return "no items";
    }
    return fromMicros == null
        ? "every item (first run)"
        : "items with a datetime at or after " + Instant.EPOCH.plusNanos(fromMicros * 1000L);
  }

  /** True when the table had no items to sample, so there is nothing to read. */
  public boolean isEmpty() {
    return schema == null;
  }
}
