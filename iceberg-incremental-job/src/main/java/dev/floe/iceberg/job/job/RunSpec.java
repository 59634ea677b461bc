package dev.floe.iceberg.job.job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * One run of the incremental job, in the terms of the engine: where the tables are and what to do.
 * The YAML configuration maps onto it; tests and the embedding API build it directly.
 *
 * @param catalog loads the Iceberg catalog of the sources and the target (in every task)
 * @param sources the source tables, in priority order (the first wins ties on equal datetimes)
 * @param target the target table
 * @param upsert one row per index value (true) or a new row per newer record (false, history)
 * @param timeFilter only records at most this old are read (the seed's time_filter_hours); null for
 *     all
 * @param maxRecords cap on records per source and run (the seed's max_records); the rest is the
 *     next run's
 * @param hooks test hooks
 */
public record RunSpec(
    CatalogLoader catalog,
    List<Source> sources,
    TargetTable.Settings target,
    boolean upsert,
    Duration timeFilter,
    OptionalLong maxRecords,
    RunHooks hooks) {

  /** An Iceberg source table. */
  public record Source(TableIdentifier table, String indexField, String datetimeField) {
    /** Its name in positions and logs. */
    public String name() {
      return table.toString();
    }
  }

  public RunSpec {
    Objects.requireNonNull(catalog, "catalog");
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("Cannot run without source tables");
    }
    Objects.requireNonNull(target, "target");
    maxRecords = maxRecords == null ? OptionalLong.empty() : maxRecords;
    hooks = hooks == null ? RunHooks.NONE : hooks;
  }
}
