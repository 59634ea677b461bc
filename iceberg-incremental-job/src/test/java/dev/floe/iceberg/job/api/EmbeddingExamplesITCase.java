package dev.floe.iceberg.job.api;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.iceberg.job.config.JobConfigException;
import dev.floe.iceberg.job.config.JobConfigParser;
import dev.floe.iceberg.job.job.LocalWarehouse;
import dev.floe.iceberg.job.job.RunSpecs;
import dev.floe.testing.S3ProxyExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The embedding API with YAML configurations: the documented example (configuration and code, as
 * docs/incremental-job.md shows them) and the seed's configuration with its S3 target location.
 */
class EmbeddingExamplesITCase {
  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final Path DOCUMENT = Path.of("..", "docs", "incremental-job.md");
  private static final Path THIS_FILE =
      Path.of("src", "test", "java", "dev", "floe", "iceberg", "job", "api")
          .resolve("EmbeddingExamplesITCase.java");

  @TempDir Path dir;

  // docs:begin
  public record Order(String id, String customer, Double amount, LocalDateTime updated_at) {}

  public static WriteReport copyNewOrders(Path config) {
    try (IncrementalConnector connector = IncrementalConnector.open(config);
        VectorSchemaRoot batch = connector.read()) {
      List<Order> orders = new ArrayList<>();
      for (int row = 0; row < batch.getRowCount(); row++) {
        orders.add(
            new Order(
                batch.getVector("id").getObject(row).toString(),
                batch.getVector("customer").getObject(row).toString().trim(),
                (Double) batch.getVector("amount").getObject(row),
                (LocalDateTime) batch.getVector("updated_at").getObject(row)));
      }
      return connector.write(orders, Order.class);
    }
  }

  // docs:end

  /** The first block of {@code language} after the heading {@code section} of the document. */
  private static String documented(String section, String language) throws IOException {
    String document = Files.readString(DOCUMENT);
    int at = document.indexOf("\n## " + section + "\n");
    assertThat(at).as("section %s of %s", section, DOCUMENT).isPositive();
    Matcher block =
        Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(document);
    assertThat(block.find(at)).as("a %s block in section %s", language, section).isTrue();
    return block.group(1);
  }

  @Test
  void theDocumentedCodeIsTheCodeThisTestRuns() throws IOException {
    String source = Files.readString(THIS_FILE);
    String code =
        source.substring(
            source.indexOf("// docs:begin\n") + "// docs:begin\n".length(),
            source.indexOf("  // docs:end"));
    StringBuilder unindented = new StringBuilder();
    for (String line : code.split("\n", -1)) {
      unindented.append(line.startsWith("  ") ? line.substring(2) : line).append('\n');
    }
    assertThat(documented("Embedding API", "java") + "\n")
        .isEqualTo(unindented.toString().stripTrailing() + "\n\n");
  }

  @Test
  void theDocumentedExampleCopiesTheNewOrdersOnce() throws IOException {
    String yaml =
        documented("Embedding API", "yaml")
            .replace(
                "warehouse: data/warehouse", "warehouse: \"" + dir.resolve("warehouse") + "\"");
    assertThat(yaml).contains(dir.resolve("warehouse").toString());
    Path config = dir.resolve("job.yaml");
    Files.writeString(config, yaml);
    Catalog catalog = RunSpecs.from(JobConfigParser.parse(config)).catalog().loadCatalog();
    TableIdentifier sourceId = TableIdentifier.of("shop", "orders");
    ((SupportsNamespaces) catalog).createNamespace(sourceId.namespace());
    Schema schema =
        new Schema(
            required(1, "id", Types.StringType.get()),
            optional(2, "customer", Types.StringType.get()),
            optional(3, "amount", Types.DoubleType.get()),
            optional(4, "updated_at", Types.TimestampType.withoutZone()));
    Table source = catalog.createTable(sourceId, schema);
    // Within time_filter_hours (48) of now.
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    LocalWarehouse.append(
        source,
        List.of(
            order(schema, "o1", "  ada ", 12.5, now.minusHours(2)),
            order(schema, "o2", "bob", 20.0, now.minusHours(1))));

    WriteReport first = copyNewOrders(config);
    assertThat(first.written()).isEqualTo(2);
    assertThat(first.snapshotId()).isNotNull();
    WriteReport second = copyNewOrders(config);
    assertThat(second.written()).isZero();
    assertThat(second.snapshotId()).as("nothing new: no commit").isNull();

    Table target = catalog.loadTable(TableIdentifier.of("dw", "orders"));
    List<String> rows = new ArrayList<>();
    for (Record row : LocalWarehouse.rows(target, r -> (String) r.getField("id"))) {
      rows.add(row.getField("id") + "|" + row.getField("customer") + "|" + row.getField("amount"));
    }
    assertThat(rows).containsExactly("o1|ada|12.5", "o2|bob|20.0");
    assertThat(target.spec().fields().get(0).transform().toString()).isEqualTo("day");
    assertThat(target.snapshots()).hasSize(1);
  }

  private static Record order(
      Schema schema, String id, String customer, double amount, LocalDateTime updatedAt) {
    Record record = GenericRecord.create(schema);
    record.setField("id", id);
    record.setField("customer", customer);
    record.setField("amount", amount);
    record.setField("updated_at", updatedAt);
    return record;
  }

  /** A record class for the seed's source columns. */
  public record SeedRow(String id, String name, LocalDateTime updated_at) {}

  @Test
  void aStreamingConfigurationIsRefusedNamingTheMode() throws IOException {
    String yaml =
        documented("Embedding API", "yaml")
            .replace("connector:\n", "connector:\n  mode: streaming\n")
            .replace(
                "warehouse: data/warehouse", "warehouse: \"" + dir.resolve("warehouse") + "\"");

    assertThatThrownBy(() -> IncrementalConnector.open(JobConfigParser.parse(yaml, "job.yaml")))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.mode is streaming, which the embedding API does"
                + " not run: it reads and writes when its caller asks, each write one run. Remove"
                + " the key (or set mode: batch) here, and run a streaming configuration on Flink"
                + " with IncrementalJobMain.");
  }

  @Test
  void theSeedConfigurationOpensAndWritesToItsS3Location() throws IOException {
    try {
      S3.s3Client().createBucket(request -> request.bucket("bucket"));
    } catch (BucketAlreadyOwnedByYouException e) {
      // Another test of this JVM made it.
    }
    StringBuilder yaml = new StringBuilder(documented("Configuration reference", "yaml"));
    assertThat(yaml.toString()).startsWith("connector:\n  region: eu-central-1\n");
    yaml.append("  catalog:\n")
        .append("    warehouse: \"")
        .append(dir.resolve("warehouse"))
        .append("\"\n")
        .append("    properties:\n")
        // Source tables in the local warehouse, the seed's target location on S3 (s3proxy).
        .append("      io-impl: org.apache.iceberg.io.ResolvingFileIO\n");
    S3.s3FileIoProperties()
        .forEach(
            (key, value) ->
                yaml.append("      ").append(key).append(": \"").append(value).append("\"\n"));
    Path config = dir.resolve("seed.yaml");
    Files.writeString(config, yaml);
    Catalog catalog = RunSpecs.from(JobConfigParser.parse(config)).catalog().loadCatalog();
    TableIdentifier sourceId = TableIdentifier.of("source_db", "source_table");
    ((SupportsNamespaces) catalog).createNamespace(sourceId.namespace());
    Schema schema =
        new Schema(
            required(1, "id", Types.StringType.get()),
            optional(2, "name", Types.StringType.get()),
            optional(3, "updated_at", Types.TimestampType.withoutZone()));
    Table source = catalog.createTable(sourceId, schema);
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    List<Record> records = new ArrayList<>();
    String[][] rows = {{"1", "ada", "2"}, {"2", "bob", "1"}, {"3", "cy", "30"}};
    for (String[] row : rows) {
      Record record = GenericRecord.create(schema);
      record.setField("id", row[0]);
      record.setField("name", row[1]);
      record.setField("updated_at", now.minusHours(Long.parseLong(row[2])));
      records.add(record);
    }
    LocalWarehouse.append(source, records);

    try (IncrementalConnector connector = IncrementalConnector.open(config);
        VectorSchemaRoot batch = connector.read()) {
      // time_filter_hours: 24 leaves out the record of 30 hours ago.
      assertThat(batch.getRowCount()).isEqualTo(2);
      List<SeedRow> read = new ArrayList<>();
      for (int i = 0; i < batch.getRowCount(); i++) {
        read.add(
            new SeedRow(
                batch.getVector("id").getObject(i).toString(),
                batch.getVector("name").getObject(i).toString(),
                (LocalDateTime) batch.getVector("updated_at").getObject(i)));
      }
      assertThat(read).extracting(SeedRow::id).containsExactly("1", "2");
      assertThat(connector.write(read, SeedRow.class).written()).isEqualTo(2);
    }

    Table target = catalog.loadTable(TableIdentifier.of("target_db", "target_table"));
    assertThat(target.location()).isEqualTo("s3://bucket/path");
    assertThat(LocalWarehouse.rows(target, r -> (String) r.getField("id")))
        .extracting(r -> r.getField("id") + "|" + r.getField("name"))
        .containsExactly("1|ada", "2|bob");
    List<S3Object> objects =
        S3.s3Client().listObjectsV2(request -> request.bucket("bucket").prefix("path/")).contents();
    assertThat(objects).extracting(S3Object::key).anyMatch(key -> key.startsWith("path/data/"));
  }
}
