package dev.floe.iceberg.job.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;

/**
 * A small run through the embedding API, as a Lambda function would do it: loaded by {@link
 * WithoutFlinkITCase} in a class loader that holds no Flink classes. Uses nothing of the test's
 * Flink-based helpers.
 */
public final class NoFlinkRun implements Function<String, String> {
  /** The record class the run writes. */
  public record Item(String id, String name, LocalDateTime updated_at) {}

  @Override
  public String apply(String directory) {
    String flink = "no Flink runtime";
    for (String runtime :
        List.of(
            "org.apache.flink.api.common.JobID",
            "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment")) {
      try {
        Class.forName(runtime);
        flink = "Flink runtime present: " + runtime;
      } catch (ClassNotFoundException e) {
        // as it should be
      }
    }
    Path dir = Path.of(directory);
    String yaml =
        String.join(
            "\n",
            "connector:",
            "  catalog:",
            "    warehouse: \"" + dir.resolve("warehouse") + "\"",
            "  source:",
            "    tables:",
            "      - database: src",
            "        table: items",
            "        index_field: id",
            "        datetime_field: updated_at",
            "  target:",
            "    database: dw",
            "    table: items",
            "    index_field: id",
            "    datetime_field: processed_at",
            "    write_mode: upsert",
            "");
    try {
      Path config = Files.writeString(dir.resolve("job.yaml"), yaml);
      try (IncrementalConnector connector = IncrementalConnector.open(config)) {
        createSource(dir);
        List<Item> items = new ArrayList<>();
        int read;
        try (VectorSchemaRoot batch = connector.read()) {
          read = batch.getRowCount();
          for (int i = 0; i < read; i++) {
            items.add(
                new Item(
                    batch.getVector("id").getObject(i).toString(),
                    batch.getVector("name").getObject(i).toString(),
                    (LocalDateTime) batch.getVector("updated_at").getObject(i)));
          }
        }
        long written = connector.write(items, Item.class).written();
        try (VectorSchemaRoot again = connector.read()) {
          return String.format(
              "%s; read %d; written %d; read again %d", flink, read, written, again.getRowCount());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source table src.items with two records, in the configuration's catalog. */
  private static void createSource(Path dir) throws IOException {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(
        "floe",
        java.util.Map.of(
            "uri",
            "jdbc:sqlite:" + dir.resolve("warehouse").resolve("catalog.db"),
            "warehouse",
            dir.resolve("warehouse").toUri().toString(),
            "jdbc.schema-version",
            "V1"));
    try (catalog) {
      create(catalog);
    }
  }

  private static void create(Catalog catalog) throws IOException {
    ((SupportsNamespaces) catalog).createNamespace(Namespace.of("src"));
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.StringType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "updated_at", Types.TimestampType.withoutZone()));
    Table table = catalog.createTable(TableIdentifier.of("src", "items"), schema);
    DataWriter<Record> writer =
        FormatModelRegistry.<Record, Object>dataWriteBuilder(
                FileFormat.PARQUET,
                Record.class,
                EncryptedFiles.plainAsEncryptedOutput(
                    table
                        .io()
                        .newOutputFile(table.locationProvider().newDataLocation("items.parquet"))))
            .schema(schema)
            .spec(table.spec())
            .build();
    try (writer) {
      for (int i = 1; i <= 2; i++) {
        Record record = GenericRecord.create(schema);
        record.setField("id", "i" + i);
        record.setField("name", "item " + i);
        record.setField("updated_at", LocalDateTime.of(2026, 11, 1, 10, i));
        writer.write(record);
      }
    }
    DataFile file = writer.toDataFile();
    table.newAppend().appendFile(file).commit();
  }
}
