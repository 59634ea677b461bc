package dev.floe.iceberg.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.TimestampEncoding;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigParserTest {

  /** The seed's document, unchanged. */
  static final String SEED =
      """
      connector:
        region: eu-central-1
        source:
          tables:
            - database: source_db
              table: source_table
              index_field: id
              datetime_field: updated_at
          time_filter_hours: 24
          max_records: 1000
        target:
          database: target_db
          table: target_table
          index_field: id
          datetime_field: processed_at
          location: s3://bucket/path
          partition_by:
            - year
            - month
            - day
      """;

  /** The smallest valid document: only required keys. */
  static final String MINIMAL =
      """
      connector:
        source:
          tables:
            - database: source_db
              table: source_table
              index_field: id
              datetime_field: updated_at
        target:
          database: target_db
          table: target_table
          index_field: id
          datetime_field: processed_at
      """;

  static String defaultWarehouse() {
    // What the default resolves against: the working directory, as a file: URI without the slash
    // that Path.toUri appends when the directory exists.
    String uri = Path.of("floe-warehouse").toAbsolutePath().toUri().toString();
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  @Test
  void readsTheSeedWithItsValuesAndEveryDefault() {
    JobConfig config = JobConfigParser.parse(SEED, "seed.yaml");

    assertThat(config.region()).isEqualTo("eu-central-1");
    assertThat(config.mode()).isEqualTo(RunMode.BATCH);
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(10));

    assertThat(config.source().tables())
        .containsExactly(
            new SourceTableConfig(
                SourceType.ICEBERG, "source_db", "source_table", "id", "updated_at"));
    assertThat(config.source().timeFilterHours()).isEqualTo(24);
    assertThat(config.source().maxRecords()).isEqualTo(1000L);
    assertThat(config.source().dynamodb()).isEqualTo(new DynamoDbSourceConfig(null, null, null));

    assertThat(config.target())
        .isEqualTo(
            new TargetConfig(
                "target_db",
                "target_table",
                "id",
                "processed_at",
                "s3://bucket/path",
                List.of("year", "month", "day"),
                WriteMode.APPEND));

    String warehouse = defaultWarehouse();
    assertThat(warehouse).startsWith("file:///").endsWith("/floe-warehouse");
    assertThat(config.catalog())
        .isEqualTo(
            new CatalogConfig(
                CatalogType.JDBC,
                "floe",
                warehouse,
                "jdbc:sqlite:" + Path.of(URI.create(warehouse)).resolve("catalog.db"),
                Map.of()));
  }

  @Test
  void seedEqualsTheSameConfigurationBuiltInCode() {
    JobConfig built =
        JobConfig.builder()
            .region("eu-central-1")
            .source(
                SourceConfig.builder()
                    .addTable(
                        SourceTableConfig.builder()
                            .database("source_db")
                            .table("source_table")
                            .indexField("id")
                            .datetimeField("updated_at")
                            .build())
                    .timeFilterHours(24)
                    .maxRecords(1000L)
                    .build())
            .target(
                TargetConfig.builder()
                    .database("target_db")
                    .table("target_table")
                    .indexField("id")
                    .datetimeField("processed_at")
                    .location("s3://bucket/path")
                    .partitionBy("year", "month", "day")
                    .build())
            .build();

    assertThat(JobConfigParser.parse(SEED, "seed.yaml")).isEqualTo(built);
    assertThat(built.toBuilder().build()).isEqualTo(built);
  }

  @Test
  void optionalKeysMayBeLeftOut() {
    JobConfig config = JobConfigParser.parse(MINIMAL, "minimal.yaml");

    assertThat(config.region()).isNull();
    assertThat(config.source().timeFilterHours()).isNull();
    assertThat(config.source().maxRecords()).isNull();
    assertThat(config.target().location()).isNull();
    assertThat(config.target().partitionBy()).isEmpty();
    assertThat(config.target().writeMode()).isEqualTo(WriteMode.APPEND);
    assertThat(config.catalog().type()).isEqualTo(CatalogType.JDBC);
  }

  @Test
  void keysWithoutValueReadAsAbsent() {
    String yaml =
        SEED.replace("time_filter_hours: 24", "time_filter_hours:")
            .replace("location: s3://bucket/path", "location: ~");

    JobConfig config = JobConfigParser.parse(yaml, "job.yaml");

    assertThat(config.source().timeFilterHours()).isNull();
    assertThat(config.target().location()).isNull();
  }

  @Test
  void readsACatalogSection() {
    String yaml =
        SEED.replace(
            "connector:\n",
            """
            connector:
              catalog:
                type: glue
                name: lake
                warehouse: s3://lake/warehouse
                properties:
                  io-impl: org.apache.iceberg.aws.s3.S3FileIO
                  client.assume-role.arn: arn:aws:iam::123456789012:role/reader
                  s3.path-style-access: true
            """);

    CatalogConfig catalog = JobConfigParser.parse(yaml, "job.yaml").catalog();

    assertThat(catalog)
        .isEqualTo(
            new CatalogConfig(
                CatalogType.GLUE,
                "lake",
                "s3://lake/warehouse",
                null,
                Map.of(
                    "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                    "client.assume-role.arn", "arn:aws:iam::123456789012:role/reader",
                    // Properties are strings for Iceberg: a YAML boolean reads as written.
                    "s3.path-style-access", "true")));
  }

  @Test
  void readsDynamoDbSourcesWithTheSectionDefaultAndPerTableOverrides() {
    String yaml =
        """
        connector:
          region: us-east-1
          source:
            type: dynamodb
            dynamodb:
              endpoint_url: http://localhost:8000
              segments: 4
              datetime_encoding: epoch_millis
            tables:
              - table: orders
                index_field: order_id
                datetime_field: updated_at
              - type: iceberg
                database: source_db
                table: customers
                index_field: id
                datetime_field: updated_at
              - database: ignored_for_dynamodb
                table: "2024"
                index_field: id
                datetime_field: ts
          target:
            database: target_db
            table: target_table
            index_field: id
            datetime_field: processed_at
        """;

    SourceConfig source = JobConfigParser.parse(yaml, "job.yaml").source();

    assertThat(source.tables())
        .containsExactly(
            new SourceTableConfig(SourceType.DYNAMODB, null, "orders", "order_id", "updated_at"),
            new SourceTableConfig(SourceType.ICEBERG, "source_db", "customers", "id", "updated_at"),
            new SourceTableConfig(SourceType.DYNAMODB, "ignored_for_dynamodb", "2024", "id", "ts"));
    assertThat(source.tables())
        .extracting(SourceTableConfig::qualifiedName)
        .containsExactly("orders", "source_db.customers", "2024");
    assertThat(source.dynamodb())
        .isEqualTo(
            new DynamoDbSourceConfig(
                URI.create("http://localhost:8000"), 4, TimestampEncoding.EPOCH_MILLIS));
  }

  @Test
  void readsTheWriteModeAndStreamingSection() {
    String yaml =
        SEED.replace(
                "  region: eu-central-1\n",
                """
                  region: eu-central-1
                  mode: streaming
                  streaming:
                    checkpoint_interval: 5m
                    poll_interval: 30s
                """)
            .replace("    location: s3://bucket/path\n", "    write_mode: upsert\n");

    JobConfig config = JobConfigParser.parse(yaml, "job.yaml");

    assertThat(config.mode()).isEqualTo(RunMode.STREAMING);
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.target().writeMode()).isEqualTo(WriteMode.UPSERT);
    assertThat(config.target().location()).isNull();
  }

  @Test
  void readsDurationsInEveryUnit() {
    assertThat(checkpointInterval("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(checkpointInterval("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(checkpointInterval("2 min")).isEqualTo(Duration.ofMinutes(2));
    assertThat(checkpointInterval("1h")).isEqualTo(Duration.ofHours(1));
  }

  private static Duration checkpointInterval(String text) {
    String yaml =
        SEED.replace(
            "  region: eu-central-1\n",
            "  region: eu-central-1\n  streaming:\n    checkpoint_interval: " + text + "\n");
    return JobConfigParser.parse(yaml, "job.yaml").checkpointInterval();
  }

  @Test
  void enumValuesAreReadInAnyCase() {
    String yaml = SEED.replace("    location: s3://bucket/path\n", "    write_mode: Upsert\n");

    assertThat(JobConfigParser.parse(yaml, "job.yaml").target().writeMode())
        .isEqualTo(WriteMode.UPSERT);
  }

  @Test
  void readsAFile(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("job.yaml");
    Files.writeString(file, SEED, StandardCharsets.UTF_8);

    assertThat(JobConfigParser.parse(file)).isEqualTo(JobConfigParser.parse(SEED, "seed.yaml"));
  }

  @Test
  void errorsNameTheFileTheyComeFrom(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("job.yaml");
    Files.writeString(file, SEED.replace("max_records: 1000", "max_records: 0"));

    assertThatThrownBy(() -> JobConfigParser.parse(file))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration in "
                + file
                + " at line 10, column 5: connector.source.max_records must be greater than 0,"
                + " but is 0. Set the most records one run reads, or remove the key for no"
                + " limit.");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path directory) {
    Path file = directory.resolve("missing.yaml");

    assertThatThrownBy(() -> JobConfigParser.parse(file))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration in "
                + file
                + ": the file does not exist (absolute path "
                + file.toAbsolutePath()
                + "). Pass the path of the job's YAML configuration file.");
  }

  @Test
  void aDirectoryIsNotAFile(@TempDir Path directory) {
    assertThatThrownBy(() -> JobConfigParser.parse(directory))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration in "
                + directory
                + ": the file is a directory, not a file. Pass the path of the YAML file itself.");
  }

  @Test
  void aFileThatIsNotUtf8IsNamed(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("latin1.yaml");
    Files.write(file, SEED.replace("source_db", "qu\u00e9").getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> JobConfigParser.parse(file))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration in "
                + file
                + ": the file is not UTF-8 text. Save it as UTF-8.");
  }
}
