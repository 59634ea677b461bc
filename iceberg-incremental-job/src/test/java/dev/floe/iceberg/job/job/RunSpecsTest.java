package dev.floe.iceberg.job.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.TimestampEncoding;
import dev.floe.iceberg.job.config.JobConfig;
import dev.floe.iceberg.job.config.JobConfigException;
import dev.floe.iceberg.job.config.JobConfigParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSpecsTest {
  @TempDir Path dir;

  private JobConfig parse(String yaml) {
    return JobConfigParser.parse(yaml, "job.yaml");
  }

  private String catalog() {
    return "  catalog:\n    warehouse: \"" + dir.resolve("lake/warehouse") + "\"\n";
  }

  @Test
  void theSeedMapsOntoARun() {
    JobConfig config = parse(IncrementalJobMainITCase.seed() + catalog());

    RunSpec spec = RunSpecs.from(config);

    assertThat(spec.sources())
        .containsExactly(
            new RunSpec.Source(
                TableIdentifier.of("source_db", "source_table"), "id", "updated_at"));
    assertThat(spec.target())
        .isEqualTo(
            new TargetTable.Settings(
                TableIdentifier.of("target_db", "target_table"),
                "id",
                "processed_at",
                "s3://bucket/path",
                List.of("year", "month", "day")));
    assertThat(spec.upsert()).isFalse();
    assertThat(spec.timeFilter()).isEqualTo(Duration.ofHours(24));
    assertThat(spec.maxRecords()).isEqualTo(OptionalLong.of(1000));
    // The default SQLite catalog lives in the warehouse, which did not exist.
    assertThat(dir.resolve("lake/warehouse")).isDirectory();
  }

  @Test
  void sourcesKeepTheirOrderAndUpsertAndNoLimitsMap() {
    JobConfig config =
        parse(
            String.join(
                    "\n",
                    "connector:",
                    "  source:",
                    "    tables:",
                    "      - {database: b, table: second, index_field: k, datetime_field: t}",
                    "      - {database: a, table: first, index_field: id, datetime_field: ts}",
                    "  target:",
                    "    database: out",
                    "    table: t",
                    "    index_field: id",
                    "    datetime_field: at",
                    "    write_mode: upsert",
                    "")
                + catalog());

    RunSpec spec = RunSpecs.from(config);

    assertThat(spec.sources())
        .extracting(RunSpec.SourceTable::name)
        .containsExactly("b.second", "a.first");
    assertThat(spec.upsert()).isTrue();
    assertThat(spec.timeFilter()).isNull();
    assertThat(spec.maxRecords()).isEmpty();
    assertThat(spec.target().location()).isNull();
    assertThat(spec.target().partitionBy()).isEmpty();
  }

  @Test
  void aDynamoDbSourceGetsTheRegionEndpointAndDatetimeEncoding() {
    JobConfig config =
        parse(
            IncrementalJobMainITCase.seed()
                    .replace(
                        "    time_filter_hours: 24\n",
                        "      - type: dynamodb\n"
                            + "        table: orders\n"
                            + "        index_field: id\n"
                            + "        datetime_field: updated_at\n"
                            + "    dynamodb:\n"
                            + "      endpoint_url: http://localhost:8000\n"
                            + "      segments: 3\n"
                            + "      datetime_encoding: epoch_millis\n"
                            + "    time_filter_hours: 24\n")
                + catalog());

    RunSpec spec = RunSpecs.from(config);

    assertThat(spec.sources())
        .extracting(RunSpec.SourceTable::name)
        .containsExactly("source_db.source_table", "dynamodb:orders");
    RunSpec.DynamoDbSource orders = (RunSpec.DynamoDbSource) spec.sources().get(1);
    assertThat(orders.tableName()).isEqualTo("orders");
    assertThat(orders.indexField()).isEqualTo("id");
    assertThat(orders.datetimeField()).isEqualTo("updated_at");
    assertThat(orders.client().region()).isEqualTo("eu-central-1");
    assertThat(orders.client().endpoint()).contains(URI.create("http://localhost:8000"));
    assertThat(orders.segments()).isEqualTo(3);
    assertThat(orders.datetimeEncoding()).isEqualTo(TimestampEncoding.EPOCH_MILLIS);
  }

  @Test
  void streamingModeMapsOntoTheSameRunAndItsIntervals() {
    JobConfig config =
        parse(
            IncrementalJobMainITCase.seed()
                + catalog()
                + "  mode: streaming\n"
                + "  streaming:\n"
                + "    poll_interval: 2s\n"
                + "    checkpoint_interval: 30s\n");

    RunSpec spec = RunSpecs.from(config);

    assertThat(spec.sources())
        .containsExactly(
            new RunSpec.Source(
                TableIdentifier.of("source_db", "source_table"), "id", "updated_at"));
    assertThat(RunSpecs.streaming(config))
        .isEqualTo(new StreamingRun.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30)));
    assertThat(RunSpecs.streaming(parse(IncrementalJobMainITCase.seed() + catalog())))
        .as("the defaults")
        .isEqualTo(new StreamingRun.Settings(Duration.ofSeconds(10), Duration.ofSeconds(60)));
  }

  @Test
  void aDynamoDbSourceInStreamingModeIsRefusedNamingItsType() {
    JobConfig config =
        parse(
            IncrementalJobMainITCase.seed()
                    .replace(
                        "    time_filter_hours: 24\n",
                        "      - type: dynamodb\n"
                            + "        table: orders\n"
                            + "        index_field: id\n"
                            + "        datetime_field: updated_at\n"
                            + "    time_filter_hours: 24\n")
                + catalog()
                + "  mode: streaming\n");

    assertThatThrownBy(() -> RunSpecs.from(config))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.source.tables[1].type is dynamodb (table"
                + " orders) with connector.mode streaming, which cannot read it: a streaming job"
                + " follows each source's new commits, which for a DynamoDB table takes a DynamoDB"
                + " Streams change feed that the incremental job does not read yet. Use mode:"
                + " batch for DynamoDB sources (each run continues where the last one ended), or"
                + " stream only Iceberg sources.");
    // Nothing was created: the check comes before the local directories.
    assertThat(dir.resolve("lake")).doesNotExist();
  }

  @Test
  void aWarehouseThatCannotBeCreatedIsNamed() throws Exception {
    Files.writeString(dir.resolve("lake"), "a file, not a directory");
    JobConfig config = parse(IncrementalJobMainITCase.seed() + catalog());

    assertThatThrownBy(() -> RunSpecs.from(config))
        .isInstanceOf(JobConfigException.class)
        .hasMessageStartingWith(
            "Invalid job configuration: connector.catalog.warehouse names the local directory "
                + dir.resolve("lake/warehouse")
                + ", which cannot be created");
  }

  @Test
  void aJdbcCatalogWithoutItsDriverNamesTheDriverToAddBeforeTouchingAnything() throws Exception {
    String yaml =
        IncrementalJobMainITCase.seed()
            + "  catalog:\n"
            + "    uri: jdbc:postgresql://db:5432/iceberg?user=floe&password=hunter2\n"
            + "    warehouse: \""
            + dir.resolve("lake")
            + "\"\n";
    Path file = Files.writeString(dir.resolve("job.yaml"), yaml);
    String expected =
        "Invalid job configuration: connector.catalog.uri is"
            + " jdbc:postgresql://db:5432/iceberg?user=floe&password=****, but no JDBC driver on"
            + " the job's classpath accepts it. Add the jar of the PostgreSQL JDBC driver (Maven:"
            + " org.postgresql:postgresql) to the lib/ directory of the Flink cluster (before it"
            + " starts) for flink run, or to the classpath of java (java -cp <standalone"
            + " jar>:<driver jar> dev.floe.iceberg.job.job.IncrementalJobMain --config"
            + " <job.yaml>). The job jar bundles only the SQLite driver.";

    assertThatThrownBy(() -> RunSpecs.from(parse(yaml)).catalog().loadCatalog())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(expected);

    // The command line: exit code 2, the message alone, nothing created.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        IncrementalJobMain.run(
            new String[] {"--config", file.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            StreamExecutionEnvironment::getExecutionEnvironment);
    assertThat(code).isEqualTo(IncrementalJobMain.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected + System.lineSeparator());
    assertThat(dir.resolve("lake")).isEmptyDirectory();
  }

  @Test
  void anUnknownJdbcSubprotocolIsNamedAsWritten() {
    JobConfig config =
        parse(IncrementalJobMainITCase.seed() + "  catalog:\n    uri: jdbc:db2://db:50000/ice\n");

    assertThatThrownBy(() -> RunSpecs.catalogLoader(config).loadCatalog())
        .hasMessageContaining(
            "connector.catalog.uri is jdbc:db2://db:50000/ice, but no JDBC driver on the job's"
                + " classpath accepts it. Add the jar of the JDBC driver for jdbc:db2 URLs to");
  }
}
