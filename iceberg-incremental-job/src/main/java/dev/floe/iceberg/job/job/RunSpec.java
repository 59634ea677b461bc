package dev.floe.iceberg.job.job;

import dev.floe.core.conversion.TimestampEncoding;
import dev.floe.core.dynamodb.AwsClientConfig;
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
 * @param sources the source tables, Iceberg or DynamoDB, in priority order (the first wins ties on
 *     equal datetimes)
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
    List<SourceTable> sources,
    TargetTable.Settings target,
    boolean upsert,
    Duration timeFilter,
    OptionalLong maxRecords,
    RunHooks hooks) {

  /** A source table: where its records are, which field identifies and which orders them. */
  public sealed interface SourceTable permits Source, DynamoDbSource {
    /** Its name in positions and logs; unique among a run's sources. */
    String name();

    String indexField();

    String datetimeField();
  }

  /** An Iceberg source table, read exactly from the snapshot after the last one consumed. */
  public record Source(TableIdentifier table, String indexField, String datetimeField)
      implements SourceTable {
    @Override
    public String name() {
      return table.toString();
    }
  }

  /**
   * A DynamoDB source table, read by a parallel scan of the items whose datetime is at or after the
   * high-water mark of the last run (see {@code plan.DynamoDbSourcePlanner}).
   *
   * @param segments parallel scan segments; null to let the source choose from the table's size
   * @param datetimeEncoding how the items store the datetime field
   */
  public record DynamoDbSource(
      String tableName,
      String indexField,
      String datetimeField,
      AwsClientConfig client,
      Integer segments,
      TimestampEncoding datetimeEncoding)
      implements SourceTable {
    public DynamoDbSource {
      Objects.requireNonNull(tableName, "tableName");
      Objects.requireNonNull(client, "client");
      datetimeEncoding = datetimeEncoding == null ? TimestampEncoding.ISO_8601 : datetimeEncoding;
    }

    /** {@code dynamodb:<table>}: apart from Iceberg sources' {@code namespace.table} names. */
    @Override
    public String name() {
      return "dynamodb:" + tableName;
    }
  }

  public RunSpec {
    Objects.requireNonNull(catalog, "catalog");
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("Cannot run without source tables");
    }
    if (sources.stream().map(SourceTable::name).distinct().count() < sources.size()) {
      throw new IllegalArgumentException(
          "Cannot run with a source table listed twice: "
              + sources.stream().map(SourceTable::name).toList());
    }
    Objects.requireNonNull(target, "target");
    maxRecords = maxRecords == null ? OptionalLong.empty() : maxRecords;
    hooks = hooks == null ? RunHooks.NONE : hooks;
  }
}
