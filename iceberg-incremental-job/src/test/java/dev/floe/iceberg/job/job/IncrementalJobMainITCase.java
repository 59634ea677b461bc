package dev.floe.iceberg.job.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.floe.iceberg.job.config.JobConfigParser;
import dev.floe.testing.S3ProxyExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
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

/** The job's command line: the demo, a run of the seed's configuration, and refused arguments. */
class IncrementalJobMainITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final Path DOCUMENT = Path.of("..", "docs", "incremental-job.md");
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  /** The seed's configuration: the first YAML block of docs/incremental-job.md, as written. */
  static String seed() {
    try {
      Matcher block = YAML_BLOCK.matcher(Files.readString(DOCUMENT));
      assertThat(block.find()).as("a yaml block in %s", DOCUMENT).isTrue();
      return block.group(1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    return env;
  }

  /** What a command line printed and returned. */
  private record Outcome(int code, String out, String err) {}

  private static Outcome main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        IncrementalJobMain.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            IncrementalJobMainITCase::environment);
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A demo row as id|customer|amount|minutes after the first record|coupon. */
  private static String demoRow(Record row, LocalDateTime base) {
    Object coupon =
        row.struct().field(IncrementalJobDemo.NEW_COLUMN) == null
            ? "absent"
            : row.getField(IncrementalJobDemo.NEW_COLUMN);
    return row.getField("id")
        + "|"
        + row.getField("customer")
        + "|"
        + row.getField("amount")
        + "|+"
        + ChronoUnit.MINUTES.between(base, (LocalDateTime) row.getField("updated_at"))
        + "|"
        + coupon;
  }

  @Test
  void theDemoCopiesEverythingFirstThenOnlyWhatIsNewer() throws Exception {
    List<IncrementalJobDemo.Round> told = new ArrayList<>();
    IncrementalJobDemo.Result result =
        IncrementalJobDemo.run(
            dir.resolve("demo"), IncrementalJobMainITCase::environment, told::add);

    assertThat(told).isEqualTo(result.rounds()).hasSize(2);
    LocalDateTime base = result.base();
    IncrementalJobDemo.Round first = result.rounds().get(0);
    assertThat(first.report().read())
        .containsExactly(entry("demo_src.orders_eu", 3L), entry("demo_src.orders_us", 3L));
    assertThat(first.report().written()).isEqualTo(5);
    assertThat(first.report().notNewer()).isZero();
    assertThat(first.report().replaced()).isZero();
    assertThat(first.report().snapshotId()).isNotNull();
    // orders_us holds an older version of id 3 than orders_eu: the newer one wins.
    assertThat(first.rows())
        .extracting(row -> demoRow(row, base))
        .containsExactly(
            "1|alice|10.00|+0|absent",
            "2|bob|20.00|+5|absent",
            "3|carol|30.00|+10|absent",
            "4|dave|40.00|+15|absent",
            "5|erin|50.00|+20|absent");

    IncrementalJobDemo.Round second = result.rounds().get(1);
    assertThat(second.report().read())
        .containsExactly(entry("demo_src.orders_eu", 2L), entry("demo_src.orders_us", 3L));
    assertThat(second.report().written()).isEqualTo(3);
    assertThat(second.report().notNewer()).as("the late and the equal-time record").isEqualTo(2);
    assertThat(second.report().replaced()).isEqualTo(2);
    assertThat(second.report().snapshotId()).isNotEqualTo(first.report().snapshotId());
    assertThat(second.rows())
        .extracting(row -> demoRow(row, base))
        .containsExactly(
            "1|alice|12.50|+60|null",
            "2|bob|20.00|+5|null",
            "3|carol|30.00|+10|null",
            "4|dave|40.00|+15|null",
            "5|erin|45.00|+70|SPRING10",
            "6|frank|60.00|+80|WELCOME");
    Map<Object, Object> processedAt = new HashMap<>();
    second.rows().forEach(row -> processedAt.put(row.getField("id"), row.getField("processed_at")));
    OffsetDateTime roundOne = (OffsetDateTime) processedAt.get(2L);
    assertThat(processedAt.get(3L)).isEqualTo(roundOne);
    assertThat(processedAt.get(4L)).isEqualTo(roundOne);
    for (long id : new long[] {1, 5, 6}) {
      assertThat((OffsetDateTime) processedAt.get(id))
          .as("processed_at of %d", id)
          .isAfter(roundOne);
    }

    // The demo ran its own configuration file, which parses and holds the seed's keys.
    assertThat(result.config()).isEqualTo(dir.resolve("demo").resolve("floe-demo.yaml"));
    assertThat(JobConfigParser.parse(result.config()).source().timeFilterHours()).isEqualTo(24);
    List<String> described = second.describe();
    assertThat(described.get(0)).startsWith("Round 2:");
    assertThat(described)
        .contains(
            "    id | customer | amount | updated_at       | coupon   | processed_at",
            "  kept and written: 3, not newer than the target: 2, replaced rows: 2");

    // Rerunning the configuration finds nothing new.
    Outcome rerun = main("--config", result.config().toString());
    assertThat(rerun.err()).isEmpty();
    assertThat(rerun.code()).isZero();
    assertThat(rerun.out()).contains("target unchanged: nothing new");

    // The command line deletes the demo warehouse and runs the demo again from scratch.
    Outcome again = main("--demo", "--warehouse", dir.resolve("demo").toString());
    assertThat(again.err()).isEmpty();
    assertThat(again.code()).isZero();
    assertThat(again.out())
        .contains(
            "Round 1: the first run creates demo_dw.orders",
            "kept and written: 5, not newer than the target: 0, replaced rows: 0",
            "Round 2: a rerun copies only what is newer than the target",
            "kept and written: 3, not newer than the target: 2, replaced rows: 2",
            "Run it again (nothing new is copied): --config " + result.config());
  }

  @Test
  void theSeedConfigurationRunsWithACatalogSection() throws Exception {
    try {
      S3.s3Client().createBucket(request -> request.bucket("bucket"));
    } catch (BucketAlreadyOwnedByYouException e) {
      // Another test of this JVM made it.
    }
    StringBuilder yaml = new StringBuilder(seed());
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
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, yaml);
    Catalog catalog = RunSpecs.from(JobConfigParser.parse(file)).catalog().loadCatalog();
    TableIdentifier sourceId = TableIdentifier.of("source_db", "source_table");
    ((SupportsNamespaces) catalog).createNamespace(sourceId.namespace());
    Schema schema =
        new Schema(
            required(1, "id", Types.StringType.get()),
            optional(2, "name", Types.StringType.get()),
            optional(3, "updated_at", Types.TimestampType.withoutZone()));
    Table source = catalog.createTable(sourceId, schema);
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    LocalWarehouse.append(
        source,
        List.of(
            record(schema, "1", "ada", now.minusHours(2)),
            record(schema, "2", "bob", now.minusHours(1)),
            record(schema, "3", "cy", now.minusHours(30)))); // older than time_filter_hours: 24

    Outcome first = main("--config", file.toString());
    assertThat(first.err()).isEmpty();
    assertThat(first.code()).isZero();
    assertThat(first.out())
        .contains(
            "2 record(s) read", // the time filter leaves out the third
            "kept and written: 2, not newer than the target: 0, replaced rows: 0",
            "target snapshot ");

    LocalWarehouse.append(
        source,
        List.of(
            record(schema, "1", "ada v2", now.minusMinutes(10)),
            record(schema, "2", "bob late", now.minusHours(5))));
    Outcome second = main("--config", file.toString());
    assertThat(second.code()).as(second.err()).isZero();

    // write_mode is append: a newer version adds a row, a late one is not applied.
    Table target = catalog.loadTable(TableIdentifier.of("target_db", "target_table"));
    assertThat(target.location()).isEqualTo("s3://bucket/path");
    assertThat(target.spec().fields()).extracting(Object::toString).hasSize(1);
    assertThat(target.spec().fields().get(0).transform().toString()).isEqualTo("day");
    List<String> rows = new ArrayList<>();
    for (Record row :
        LocalWarehouse.rows(target, r -> r.getField("id") + "|" + r.getField("updated_at"))) {
      assertThat(row.getField("processed_at")).isNotNull();
      rows.add(
          row.getField("id")
              + "|"
              + row.getField("name")
              + "|"
              + Duration.between((LocalDateTime) row.getField("updated_at"), now).toMinutes());
    }
    assertThat(rows).containsExactly("1|ada|120", "1|ada v2|10", "2|bob|60");
    List<S3Object> objects =
        S3.s3Client().listObjectsV2(request -> request.bucket("bucket").prefix("path/")).contents();
    assertThat(objects).extracting(S3Object::key).anyMatch(key -> key.startsWith("path/data/"));
  }

  private static Record record(Schema schema, String id, String name, LocalDateTime updatedAt) {
    Record record = GenericRecord.create(schema);
    record.setField("id", id);
    record.setField("name", name);
    record.setField("updated_at", updatedAt);
    return record;
  }

  @Test
  void aBadPartitionEntryIsAConfigurationErrorNamingTheKey() throws Exception {
    String yaml =
        seed()
                .replace("    location: s3://bucket/path\n", "")
                .replace("      - day\n", "      - bucket[16](no_such_column)\n")
            + "  catalog:\n    warehouse: \""
            + dir.resolve("warehouse")
            + "\"\n";
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, yaml);
    Catalog catalog = RunSpecs.from(JobConfigParser.parse(file)).catalog().loadCatalog();
    ((SupportsNamespaces) catalog).createNamespace(Namespace.of("source_db"));
    catalog.createTable(
        TableIdentifier.of("source_db", "source_table"),
        new Schema(
            required(1, "id", Types.StringType.get()),
            optional(2, "updated_at", Types.TimestampType.withoutZone())));

    Outcome outcome = main("--config", file.toString());

    assertThat(outcome.code()).isEqualTo(IncrementalJobMain.USAGE);
    assertThat(outcome.out()).isEmpty();
    assertThat(outcome.err())
        .startsWith(
            "Invalid job configuration: connector.target.partition_by cannot partition the target"
                + " table: Cannot create target table target_db.target_table: Cannot parse"
                + " partition entry 'bucket[16](no_such_column)'")
        .doesNotContain("\tat ");
    assertThat(catalog.tableExists(TableIdentifier.of("target_db", "target_table"))).isFalse();
  }

  @Test
  void badArgumentsExitWithTwoAndTheMessage() {
    Outcome unknown = main("--confg", "job.yaml");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err())
        .startsWith("Unknown argument '--confg'. Give --config <job.yaml>, or --demo.\nUsage:")
        .doesNotContain("\tat ");

    Outcome missingFile = main("--config", dir.resolve("nope.yaml").toString());
    assertThat(missingFile.code()).isEqualTo(2);
    assertThat(missingFile.err())
        .startsWith(
            "Invalid job configuration in "
                + dir.resolve("nope.yaml")
                + ": the file does not exist");

    Outcome help = main("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: IncrementalJobMain --config <job.yaml>");
  }

  @Test
  void theDemoRefusesToDeleteADirectoryThatIsNotADemoWarehouse() throws Exception {
    Path precious = Files.createDirectories(dir.resolve("precious"));
    Files.writeString(precious.resolve("thesis.txt"), "keep me");

    Outcome outcome = main("--demo", "--warehouse", precious.toString());

    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.err())
        .isEqualTo(
            "Cannot use --warehouse "
                + precious
                + ": it is neither empty nor a demo warehouse (it has no floe-demo.yaml). The demo"
                + " deletes its warehouse at start, so name a new or empty directory."
                + System.lineSeparator());
    assertThat(precious.resolve("thesis.txt")).hasContent("keep me");
  }

  @Test
  void withoutArgumentsTheRuntimePropertiesOfManagedFlinkNameTheConfiguration() throws Exception {
    Path job = dir.resolve("job.yaml");
    Files.writeString(job, seed().replace("  region:", "  regoin:"));
    Path properties = dir.resolve("application_properties.json");
    Files.writeString(
        properties,
        "[{\"PropertyGroupId\": \"FloeJob\", \"PropertyMap\": {\"config\": \""
            + job.toString().replace("\\", "\\\\")
            + "\"}}]");
    System.setProperty(JobConfigLocation.RUNTIME_PROPERTIES_PROPERTY, properties.toString());
    try {
      Outcome outcome = main();

      assertThat(outcome.code()).isEqualTo(IncrementalJobMain.USAGE);
      assertThat(outcome.err()).contains(job.toString(), "connector.regoin is not a known key");
    } finally {
      System.clearProperty(JobConfigLocation.RUNTIME_PROPERTIES_PROPERTY);
    }
    assertThat(main().err()).startsWith("Missing arguments. Give --config <job.yaml>, or --demo.");
  }

  @Test
  void argumentsAreParsedStrictly() {
    assertThat(IncrementalJobMain.parseArguments("--config", "job.yaml"))
        .isEqualTo(new IncrementalJobMain.Arguments("job.yaml", false, null, false));
    assertThat(IncrementalJobMain.parseArguments("--config=job.yaml").config())
        .isEqualTo("job.yaml");
    assertThat(IncrementalJobMain.parseArguments("--demo"))
        .isEqualTo(
            new IncrementalJobMain.Arguments(
                null, true, IncrementalJobDemo.DEFAULT_WAREHOUSE, false));
    assertThat(IncrementalJobMain.parseArguments("--demo", "--warehouse", "w").warehouse())
        .isEqualTo(Path.of("w"));

    assertThatThrownBy(() -> IncrementalJobMain.parseArguments())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Missing arguments. Give --config <job.yaml>, or --demo.");
    assertThatThrownBy(() -> IncrementalJobMain.parseArguments("--config"))
        .hasMessage("--config needs a value: --config <job.yaml>.");
    assertThatThrownBy(() -> IncrementalJobMain.parseArguments("--config", "--demo"))
        .hasMessage("--config needs a value: --config <job.yaml>.");
    assertThatThrownBy(() -> IncrementalJobMain.parseArguments("--config", "a", "--config", "b"))
        .hasMessage("--config is given twice. Give one configuration file.");
    assertThatThrownBy(() -> IncrementalJobMain.parseArguments("--demo", "--config", "a"))
        .hasMessage(
            "--demo and --config exclude each other. The demo writes its own configuration.");
    assertThatThrownBy(() -> IncrementalJobMain.parseArguments("--config", "a", "--warehouse", "w"))
        .hasMessage(
            "--warehouse belongs to --demo. A configuration file names its warehouse in"
                + " connector.catalog.warehouse.");
    assertThatThrownBy(() -> IncrementalJobMain.parseArguments("--demo=yes"))
        .hasMessage("--demo takes no value, but is given 'yes'.");
    assertThatThrownBy(() -> IncrementalJobMain.parseArguments("--warehouse", "w"))
        .hasMessage(
            "--warehouse belongs to --demo. A configuration file names its warehouse in"
                + " connector.catalog.warehouse.");
  }
}
