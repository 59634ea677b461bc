package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import dev.floe.iceberg.job.plan.IcebergSourcePlan;
import dev.floe.iceberg.job.plan.IcebergSourcePlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The rules for Iceberg source tables that hold before a run reads anything and while it reads: the
 * table exists and holds its index and datetime fields, and the time filter ({@code
 * time_filter_hours}) as an Iceberg expression and as a cut-off. Plain Java, for the embedding API.
 */
public final class IcebergSources {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private IcebergSources() {}

  /**
   * Loads {@code source}.
   *
   * @throws IllegalArgumentException naming the table and field, if the table is missing, lacks its
   *     index or datetime field, or the datetime field is not a date or timestamp
   */
  public static Table load(Catalog catalog, RunSpec.Source source) {
    if (!catalog.tableExists(source.table())) {
      throw new IllegalArgumentException(
          "Cannot read source table " + source.name() + ": it does not exist in the catalog");
    }
    Table table = catalog.loadTable(source.table());
    checkFields(source, table.schema());
    return table;
  }

  private static void checkFields(RunSpec.Source source, Schema schema) {
    if (schema.findField(source.indexField()) == null) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read source table %s: it has no index field '%s'; its columns are %s",
              source.name(), source.indexField(), columnNames(schema)));
    }
    NestedField datetime = schema.findField(source.datetimeField());
    if (datetime == null) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read source table %s: it has no datetime field '%s'; its columns are %s",
              source.name(), source.datetimeField(), columnNames(schema)));
    }
    Type.TypeID type = datetime.type().typeId();
    if (type != Type.TypeID.TIMESTAMP && type != Type.TypeID.DATE) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read source table %s: datetime field '%s' is %s, not a date or timestamp."
                  + " Set datetime_field to a date or timestamp column.",
              source.name(), source.datetimeField(), datetime.type()));
    }
  }

  /**
   * The oldest datetime a run started at {@code now} reads, in microseconds since the epoch; null
   * without a time filter.
   */
  public static Long minMicros(Duration timeFilter, Instant now) {
    return timeFilter == null
        ? null
        : Math.multiplyExact(now.minus(timeFilter).toEpochMilli(), 1000L);
  }

  /** The time filter on {@code source}'s datetime field, for planning and row groups. */
  public static Expression timeFilter(RunSpec.Source source, Schema schema, Long minMicros) {
    if (minMicros == null) {
      return Expressions.alwaysTrue();
    }
    if (schema.findField(source.datetimeField()).type().typeId() == Type.TypeID.DATE) {
      return Expressions.greaterThanOrEqual(
          source.datetimeField(), (int) Math.floorDiv(minMicros, MICROS_PER_DAY));
    }
    return Expressions.greaterThanOrEqual(source.datetimeField(), minMicros);
  }

  /** The failure for a source record without a datetime, which cannot be compared. */
  public static IllegalStateException nullDatetime(
      String sourceName, String indexField, String datetimeField, String key) {
    return new IllegalStateException(
        String.format(
            "Cannot copy the record with %s = %s of source %s: its datetime field '%s' is"
                + " null, so it cannot be compared with what the target holds. Fill the field"
                + " in the source, or choose a datetime field every record has.",
            indexField, key, sourceName, datetimeField));
  }

  /** The failure for a record without an index value, which cannot be keyed. */
  public static IllegalStateException nullIndex(String sourceName, String indexField) {
    return new IllegalStateException(
        String.format(
            "Cannot copy a record of %s: its index field '%s' is null. Every record needs an"
                + " index value.",
            sourceName, indexField));
  }

  static List<String> columnNames(Schema schema) {
    List<String> names = new ArrayList<>();
    for (NestedField field : schema.columns()) {
      names.add(field.name());
    }
    return names;
  }

  /**
   * What {@code source} gained since the position {@code consumed} holds for it, under the run's
   * {@code max_records} and time filter ({@code minMicros}, null for none).
   */
  public static IcebergSourcePlan plan(
      RunSpec.Source source,
      Table table,
      ConsumedPositions consumed,
      OptionalLong maxRecords,
      Long minMicros) {
    return IcebergSourcePlanner.plan(
        source.name(),
        table,
        consumed.position(source.name()),
        maxRecords,
        timeFilter(source, table.schema(), minMicros));
  }
}
