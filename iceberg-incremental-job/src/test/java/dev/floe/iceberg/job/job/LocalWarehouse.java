package dev.floe.iceberg.job.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** An Iceberg JDBC catalog on a SQLite file in a temporary directory, with table helpers. */
public final class LocalWarehouse {
  public final CatalogLoader loader;
  public final Catalog catalog;

  public LocalWarehouse(Path dir) {
    this(dir, Map.of());
  }

  /** With {@code extra} catalog properties, such as an {@code io-impl}. */
  public LocalWarehouse(Path dir, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
    properties.put("warehouse", dir.resolve("warehouse").toUri().toString());
    properties.put("jdbc.schema-version", "V1");
    loader =
        CatalogLoader.custom("floe", properties, new Configuration(), JdbcCatalog.class.getName());
    catalog = loader.loadCatalog();
  }

  public Table create(TableIdentifier id, Schema schema) {
    SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
    Namespace namespace = id.namespace();
    if (!namespaces.namespaceExists(namespace)) {
      namespaces.createNamespace(namespace);
    }
    return catalog.createTable(
        id, schema, PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
  }

  /** Appends {@code records} as one data file in one snapshot. */
  public static void append(Table table, List<Record> records) {
    IncrementalJobDemo.appendRecords(table, records);
  }

  /** Every row of the table's current snapshot, sorted by {@code order}. */
  public static List<Record> rows(Table table, Function<Record, String> order) {
    table.refresh();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
      read.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(Comparator.comparing(order));
    return rows;
  }
}
