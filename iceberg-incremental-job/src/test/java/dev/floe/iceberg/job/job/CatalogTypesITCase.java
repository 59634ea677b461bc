package dev.floe.iceberg.job.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.iceberg.job.config.JobConfigParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's configuration run twice with {@code connector.catalog.type: rest} and {@code hadoop}:
 * the job loads each catalog by its type, reads the source through it and creates, writes and
 * commits the target through it. The default {@code jdbc} catalog runs in {@link
 * IncrementalJobMainITCase}.
 */
class CatalogTypesITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final TableIdentifier SOURCE = TableIdentifier.of("source_db", "source_table");
  private static final TableIdentifier TARGET = TableIdentifier.of("target_db", "target_table");
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.StringType.get()),
          optional(2, "name", Types.StringType.get()),
          optional(3, "updated_at", Types.TimestampType.withoutZone()));

  @TempDir Path dir;

  private final LocalDateTime now =
      LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

  @Test
  void aRestCatalogServerHoldsTheSourceAndTheTargetOfTwoRuns() throws Exception {
    try (RestCatalogServer server = RestCatalogServer.start(dir.resolve("server"))) {
      Path file = writeConfig("  catalog:\n    type: rest\n    uri: \"" + server.uri() + "\"\n");
      try (RESTCatalog catalog =
          (RESTCatalog) RunSpecs.from(JobConfigParser.parse(file)).catalog().loadCatalog()) {
        runTwice(file, catalog);

        // The REST client's view is the server's catalog: same rows, same current snapshot.
        Table throughServer = server.backend().loadTable(TARGET);
        assertThat(rows(throughServer)).containsExactly("1|ada v2|10", "2|bob|60", "3|cy|5");
        assertThat(throughServer.currentSnapshot().snapshotId())
            .isEqualTo(catalog.loadTable(TARGET).currentSnapshot().snapshotId());
      }
      assertThat(server.requests())
          .contains(
              "GET v1/config",
              "POST v1/namespaces/target_db/tables", // the target created
              "POST v1/namespaces/target_db/tables/target_table"); // a commit to it
    }
  }

  @Test
  void aHadoopCatalogKeepsTheSourceAndTheTargetUnderItsWarehouse() throws Exception {
    Path warehouse = dir.resolve("hadoop-warehouse");
    Path file = writeConfig("  catalog:\n    type: hadoop\n    warehouse: \"" + warehouse + "\"\n");
    try (HadoopCatalog catalog =
        (HadoopCatalog) RunSpecs.from(JobConfigParser.parse(file)).catalog().loadCatalog()) {
      runTwice(file, catalog);
    }

    // No catalog service: the table is its directory, found again by a catalog of its own.
    assertThat(warehouse.resolve("target_db/target_table/metadata/version-hint.text"))
        .isRegularFile();
    try (HadoopCatalog reopened = new HadoopCatalog()) {
      reopened.setConf(new Configuration());
      reopened.initialize("reopened", Map.of("warehouse", warehouse.toUri().toString()));
      assertThat(rows(reopened.loadTable(TARGET)))
          .containsExactly("1|ada v2|10", "2|bob|60", "3|cy|5");
    }
  }

  /** The seed without its S3 location, upserting, with {@code catalogSection} appended. */
  private Path writeConfig(String catalogSection) throws Exception {
    String yaml =
        IncrementalJobMainITCase.seed()
                .replace("    location: s3://bucket/path\n", "    write_mode: upsert\n")
            + catalogSection;
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /**
   * Creates the source through {@code catalog}, runs the job, adds newer, late and new records,
   * runs it again and checks the target's rows as the catalog shows them.
   */
  private void runTwice(Path file, Catalog catalog) {
    ((SupportsNamespaces) catalog).createNamespace(SOURCE.namespace());
    Table source = catalog.createTable(SOURCE, SCHEMA);
    LocalWarehouse.append(
        source,
        List.of(
            record("1", "ada", now.minusHours(2)),
            record("2", "bob", now.minusHours(1)),
            record("4", "old", now.minusHours(30)))); // older than time_filter_hours: 24

    Outcome first = main(file);
    assertThat(first.err()).isEmpty();
    assertThat(first.code()).isZero();
    assertThat(first.out())
        .contains(
            "2 record(s) read",
            "kept and written: 2, not newer than the target: 0, replaced rows: 0");
    assertThat(rows(catalog.loadTable(TARGET))).containsExactly("1|ada|120", "2|bob|60");

    LocalWarehouse.append(
        source,
        List.of(
            record("1", "ada v2", now.minusMinutes(10)), // newer: replaces its row
            record("2", "bob late", now.minusHours(5)), // older than the target's: not applied
            record("3", "cy", now.minusMinutes(5)))); // new
    Outcome second = main(file);
    assertThat(second.err()).isEmpty();
    assertThat(second.code()).isZero();
    assertThat(second.out())
        .contains(
            "3 record(s) read",
            "kept and written: 2, not newer than the target: 1, replaced rows: 1");
    assertThat(rows(catalog.loadTable(TARGET)))
        .containsExactly("1|ada v2|10", "2|bob|60", "3|cy|5");
  }

  /** The target's rows as id|name|minutes before the test started, sorted. */
  private List<String> rows(Table target) {
    List<String> rows = new ArrayList<>();
    for (Record row : LocalWarehouse.rows(target, r -> (String) r.getField("id"))) {
      assertThat(row.getField("processed_at")).as("processed_at of %s", row).isNotNull();
      rows.add(
          row.getField("id")
              + "|"
              + row.getField("name")
              + "|"
              + Duration.between((LocalDateTime) row.getField("updated_at"), now).toMinutes());
    }
    return rows;
  }

  private static Record record(String id, String name, LocalDateTime updatedAt) {
    Record record = GenericRecord.create(SCHEMA);
    record.setField("id", id);
    record.setField("name", name);
    record.setField("updated_at", updatedAt);
    return record;
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome main(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        IncrementalJobMain.run(
            new String[] {"--config", file.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            () -> {
              StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
              env.setParallelism(2);
              return env;
            });
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
