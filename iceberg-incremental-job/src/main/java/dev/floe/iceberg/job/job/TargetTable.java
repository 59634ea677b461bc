package dev.floe.iceberg.job.job;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.iceberg.PartitionSpecs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * Creates the target table when it is missing and evolves its schema when sources gain columns or
 * widen types, before a run reads anything: every column of every source has a place in the target,
 * so nothing a source holds is lost.
 *
 * <p>A new target is a format-v2 table whose columns are the union of the sources' columns (all
 * optional: a record of one source lacks another's columns) plus the target datetime column ({@code
 * processed_at}, a timestamp with time zone, set by each run), partitioned by {@code partition_by}
 * through {@link PartitionSpecs} (bare {@code year}, {@code month}, {@code day}, {@code hour} apply
 * to the target datetime column and collapse to the finest), sorted by the index column, with a
 * Parquet bloom filter on the index column so that the lookup of what the target holds for a few
 * keys skips row groups without them ({@link TargetLookup} reads it only for lookups of up to
 * {@value TargetLookup#BLOOM_KEYS} keys, where it can rule a row group out).
 */
public final class TargetTable {
  private TargetTable() {}

  /** The target's settings a run needs to create it. */
  public record Settings(
      TableIdentifier identifier,
      String indexField,
      String datetimeField,
      String location,
      List<String> partitionBy) {}

  /**
   * Loads the target, creating or evolving it to hold every column of {@code sourceSchemas}.
   *
   * @throws ConversionException if a partition entry does not fit the schema (before any write)
   * @throws IllegalArgumentException if the target would have no index field (before any write)
   */
  public static Table prepare(Catalog catalog, Settings settings, List<Schema> sourceSchemas) {
    if (!catalog.tableExists(settings.identifier())) {
      return create(catalog, settings, sourceSchemas);
    }
    Table table = catalog.loadTable(settings.identifier());
    UpdateSchema update = table.updateSchema();
    for (Schema source : sourceSchemas) {
      update.unionByNameWith(source);
    }
    if (table.schema().findField(settings.datetimeField()) == null) {
      update.addColumn(settings.datetimeField(), Types.TimestampType.withZone());
    }
    Schema evolved = update.apply();
    requireIndexField(settings, evolved);
    if (!evolved.sameSchema(table.schema())) {
      update.commit();
      table.refresh();
    }
    return table;
  }

  private static Table create(Catalog catalog, Settings settings, List<Schema> sourceSchemas) {
    Schema schema = allOptional(sourceSchemas.get(0));
    if (schema.findField(settings.datetimeField()) == null) {
      List<Types.NestedField> fields = new ArrayList<>(schema.columns());
      fields.add(
          Types.NestedField.optional(
              schema.highestFieldId() + 1,
              settings.datetimeField(),
              Types.TimestampType.withZone(),
              "When the incremental job wrote the row"));
      schema = new Schema(fields);
    }
    requireIndexField(settings, schema);
    PartitionSpec spec;
    try {
      spec = PartitionSpecs.parse(schema, settings.partitionBy(), settings.datetimeField());
    } catch (ConversionException e) {
      throw new ConversionException(
          "Cannot create target table " + settings.identifier() + ": " + e.getMessage(), e);
    }
    Map<String, String> properties = new HashMap<>();
    properties.put(TableProperties.FORMAT_VERSION, "2");
    properties.put(
        TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + settings.indexField(), "true");
    if (catalog instanceof SupportsNamespaces namespaces) {
      Namespace namespace = settings.identifier().namespace();
      if (!namespace.isEmpty() && !namespaces.namespaceExists(namespace)) {
        namespaces.createNamespace(namespace);
      }
    }
    Catalog.TableBuilder builder =
        catalog
            .buildTable(settings.identifier(), schema)
            .withPartitionSpec(spec)
            .withSortOrder(SortOrder.builderFor(schema).asc(settings.indexField()).build())
            .withProperties(properties);
    if (settings.location() != null) {
      builder = builder.withLocation(settings.location());
    }
    Table table = builder.create();
    if (sourceSchemas.size() > 1) {
      UpdateSchema update = table.updateSchema();
      for (Schema source : sourceSchemas.subList(1, sourceSchemas.size())) {
        update.unionByNameWith(source);
      }
      update.commit();
      table.refresh();
    }
    return table;
  }

  private static void requireIndexField(Settings settings, Schema schema) {
    if (schema.findField(settings.indexField()) == null) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot write target %s: it has no index field '%s'; its columns are %s",
              settings.identifier(), settings.indexField(), IcebergSources.columnNames(schema)));
    }
  }

  /** The top-level columns made optional: a record of one source lacks another's columns. */
  private static Schema allOptional(Schema schema) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      fields.add(field.asOptional());
    }
    return new Schema(fields);
  }
}
