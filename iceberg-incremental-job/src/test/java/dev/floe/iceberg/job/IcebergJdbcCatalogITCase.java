package dev.floe.iceberg.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CollectionUtil;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-machine default stack of the job: an Iceberg JDBC catalog on a SQLite file, a table
 * created through the Iceberg Java API with a partition transform Flink DDL cannot declare, rows
 * written and read back by Flink SQL on a MiniCluster.
 */
class IcebergJdbcCatalogITCase {

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path tempDir;

  @Test
  void rowsInsertedByFlinkSqlAreReadBackExactly() throws Exception {
    Map<String, String> catalogProperties =
        Map.of(
            "catalog-impl",
            JdbcCatalog.class.getName(),
            "uri",
            "jdbc:sqlite:" + tempDir.resolve("catalog.db"),
            "warehouse",
            tempDir.resolve("warehouse").toUri().toString(),
            "jdbc.schema-version",
            "V1");
    Schema schema =
        new Schema(
            required(1, "pk", Types.StringType.get()), optional(2, "amount", Types.LongType.get()));
    TableIdentifier orders = TableIdentifier.of("shop", "orders");

    Catalog catalog =
        CatalogUtil.loadCatalog(
            JdbcCatalog.class.getName(), "floe", catalogProperties, new Configuration());
    try {
      ((SupportsNamespaces) catalog).createNamespace(Namespace.of("shop"));
      Table table =
          catalog.createTable(
              orders, schema, PartitionSpec.builderFor(schema).bucket("pk", 4).build());

      TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
      tableEnv.executeSql(IcebergCatalogDdl.createCatalog("floe", catalogProperties));
      tableEnv
          .executeSql(
              "INSERT INTO floe.shop.orders VALUES"
                  + " ('order#1', CAST(10 AS BIGINT)),"
                  + " ('order#2', CAST(NULL AS BIGINT)),"
                  + " ('order#3', CAST(30 AS BIGINT))")
          .await();

      List<Row> rows =
          CollectionUtil.iteratorToList(
              tableEnv.executeSql("SELECT pk, amount FROM floe.shop.orders").collect());

      assertThat(rows)
          .containsExactlyInAnyOrder(
              Row.of("order#1", 10L), Row.of("order#2", null), Row.of("order#3", 30L));
      table.refresh();
      assertThat(table.snapshots()).hasSize(1);
      assertThat(table.currentSnapshot().operation()).isEqualTo(DataOperations.APPEND);
      assertThat(table.currentSnapshot().summary()).containsEntry("added-records", "3");
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
