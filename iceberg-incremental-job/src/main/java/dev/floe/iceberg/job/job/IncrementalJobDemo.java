package dev.floe.iceberg.job.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.floe.iceberg.job.config.JobConfig;
import dev.floe.iceberg.job.config.JobConfigParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;

/**
 * The job on embedded defaults, in two rounds: a local warehouse with a SQLite JDBC catalog, two
 * Iceberg source tables of orders, and a configuration file that the rounds run through exactly as
 * {@code --config} would. Round 1 creates the target and copies everything; round 2 shows what a
 * rerun copies: newer versions replace rows, a late record and a record with an equal timestamp are
 * not applied, a new source column reaches the target.
 */
public final class IncrementalJobDemo {
  /** The warehouse directory when none is given, relative to the working directory. */
  public static final Path DEFAULT_WAREHOUSE = Path.of("floe-demo-warehouse");

  /** The configuration the demo writes into its warehouse; also marks a demo warehouse. */
  public static final String CONFIG_FILE = "floe-demo.yaml";

  public static final TableIdentifier ORDERS_EU = TableIdentifier.of("demo_src", "orders_eu");
  public static final TableIdentifier ORDERS_US = TableIdentifier.of("demo_src", "orders_us");
  public static final TableIdentifier TARGET = TableIdentifier.of("demo_dw", "orders");

  /** The column round 2 adds to {@code orders_us}. */
  public static final String NEW_COLUMN = "coupon";

  /** Rows of the target a round shows. */
  static final int SHOWN_ROWS = 10;

  private static final Schema SOURCE_SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "customer", Types.StringType.get()),
          optional(3, "amount", Types.DecimalType.of(10, 2)),
          optional(4, "updated_at", Types.TimestampType.withoutZone()));

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private IncrementalJobDemo() {}

  /**
   * One round of the demo.
   *
   * @param title what the round shows
   * @param input the records the round appended to the sources, one line each
   * @param report what the run did
   * @param rows the first {@value #SHOWN_ROWS} rows of the target after the run, by id
   */
  public record Round(
      String title, List<String> input, IncrementalRun.Report report, List<Record> rows) {

    /** The round as text: title, input, the run's report, the target's rows as a table. */
    public List<String> describe() {
      List<String> lines = new ArrayList<>();
      lines.add(title);
      input.forEach(line -> lines.add("  + " + line));
      report.lines().forEach(line -> lines.add("  " + line));
      lines.add("  " + TARGET + ", first " + SHOWN_ROWS + " rows by id:");
      table(rows).forEach(line -> lines.add("    " + line));
      return lines;
    }
  }

  /**
   * What the demo did.
   *
   * @param config the configuration file both rounds ran
   * @param base the {@code updated_at} of the first record; the others are minutes after it
   * @param rounds the rounds, in order
   */
  public record Result(Path config, LocalDateTime base, List<Round> rounds) {}

  /**
   * Runs the demo in {@code warehouse}, which is deleted and created again first; refuses a
   * non-empty directory that is not a demo warehouse.
   *
   * @param environments a new Flink environment for each run
   * @param onRound told of each round as soon as it ends
   * @throws IllegalArgumentException if {@code warehouse} is not a demo warehouse and not empty
   */
  public static Result run(
      Path warehouse, Supplier<StreamExecutionEnvironment> environments, Consumer<Round> onRound)
      throws Exception {
    Path directory = warehouse.toAbsolutePath().normalize();
    recreate(directory);
    Path config = directory.resolve(CONFIG_FILE);
    Files.writeString(config, configYaml(directory), StandardCharsets.UTF_8);

    // Records from three hours ago on: well within the configuration's time_filter_hours of 24.
    LocalDateTime base =
        LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).minusHours(3);
    List<Round> rounds = new ArrayList<>();
    JobConfig parsed = JobConfigParser.parse(config);
    Catalog catalog = RunSpecs.from(parsed).catalog().loadCatalog();
    try {
      Table eu = create(catalog, ORDERS_EU);
      Table us = create(catalog, ORDERS_US);
      List<String> input = new ArrayList<>();
      append(
          eu,
          input,
          order(eu, 1, "alice", "10.00", base, null, ""),
          order(eu, 2, "bob", "20.00", base.plusMinutes(5), null, ""),
          order(eu, 3, "carol", "30.00", base.plusMinutes(10), null, ""));
      append(
          us,
          input,
          order(
              us, 3, "carol", "31.00", base.minusMinutes(5), null, "older than orders_eu's: loses"),
          order(us, 4, "dave", "40.00", base.plusMinutes(15), null, ""),
          order(us, 5, "erin", "50.00", base.plusMinutes(20), null, ""));
      rounds.add(
          round(
              "Round 1: the first run creates " + TARGET + " and copies the newest record per id",
              input,
              config,
              catalog,
              environments,
              onRound));

      input = new ArrayList<>();
      append(
          eu,
          input,
          order(eu, 1, "alice", "12.50", base.plusMinutes(60), null, "newer: replaces its row"),
          order(
              eu,
              2,
              "bob",
              "25.00",
              base.plusMinutes(1),
              null,
              "late: older than the target's row, not applied"));
      us.updateSchema().addColumn(NEW_COLUMN, Types.StringType.get()).commit();
      input.add("orders_us: new column " + NEW_COLUMN);
      append(
          us,
          input,
          order(
              us,
              4,
              "dave",
              "99.00",
              base.plusMinutes(15),
              null,
              "same time as the target's row, not applied"),
          order(
              us, 5, "erin", "45.00", base.plusMinutes(70), "SPRING10", "newer: replaces its row"),
          order(us, 6, "frank", "60.00", base.plusMinutes(80), "WELCOME", "new"));
      rounds.add(
          round(
              "Round 2: a rerun copies only what is newer than the target",
              input,
              config,
              catalog,
              environments,
              onRound));
    } finally {
      Catalogs.close(catalog);
    }
    return new Result(config, base, rounds);
  }

  private static Round round(
      String title,
      List<String> input,
      Path config,
      Catalog catalog,
      Supplier<StreamExecutionEnvironment> environments,
      Consumer<Round> onRound)
      throws Exception {
    IncrementalRun.Report report =
        IncrementalJobMain.runConfig(JobConfigParser.parse(config), environments.get());
    Round round = new Round(title, List.copyOf(input), report, targetRows(catalog));
    onRound.accept(round);
    return round;
  }

  /** Deletes a previous demo warehouse; refuses to delete anything else. */
  private static void recreate(Path directory) throws IOException {
    if (Files.exists(directory)) {
      if (!Files.isDirectory(directory)) {
        throw new IllegalArgumentException(
            "Cannot use --warehouse " + directory + ": it is a file. Name a directory.");
      }
      boolean empty;
      try (Stream<Path> entries = Files.list(directory)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.exists(directory.resolve(CONFIG_FILE))) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot use --warehouse %s: it is neither empty nor a demo warehouse (it has no %s)."
                    + " The demo deletes its warehouse at start, so name a new or empty directory.",
                directory, CONFIG_FILE));
      }
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(directory);
  }

  /** The seed's keys, with a catalog in {@code directory} and the demo's tables. */
  static String configYaml(Path directory) {
    String warehouse = directory.toString();
    String location =
        directory.resolve(TARGET.namespace().level(0)).resolve(TARGET.name()).toUri().toString();
    return String.join(
        "\n",
        "# Written by the Floe demo. Run it again with: --config " + directory.resolve(CONFIG_FILE),
        "connector:",
        "  region: eu-central-1          # the seed's key; a jdbc catalog does not use it",
        "  catalog:",
        "    type: jdbc                  # a SQLite file: <warehouse>/catalog.db",
        "    warehouse: " + quoted(warehouse),
        "  source:",
        "    tables:",
        "      - database: " + ORDERS_EU.namespace().level(0),
        "        table: " + ORDERS_EU.name(),
        "        index_field: id",
        "        datetime_field: updated_at",
        "      - database: " + ORDERS_US.namespace().level(0),
        "        table: " + ORDERS_US.name(),
        "        index_field: id",
        "        datetime_field: updated_at",
        "    time_filter_hours: 24",
        "    max_records: 1000",
        "  target:",
        "    database: " + TARGET.namespace().level(0),
        "    table: " + TARGET.name(),
        "    index_field: id",
        "    datetime_field: processed_at",
        "    location: " + quoted(location),
        "    write_mode: upsert",
        "    partition_by:",
        "      - year",
        "      - month",
        "      - day",
        "");
  }

  private static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static Table create(Catalog catalog, TableIdentifier id) {
    if (catalog instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(id.namespace())) {
      namespaces.createNamespace(id.namespace());
    }
    return catalog.createTable(
        id, SOURCE_SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
  }

  /** A source record and what the demo says about it. */
  private record Order(Record record, String note) {}

  private static Order order(
      Table table,
      long id,
      String customer,
      String amount,
      LocalDateTime updatedAt,
      String coupon,
      String note) {
    Record record = GenericRecord.create(table.schema());
    record.setField("id", id);
    record.setField("customer", customer);
    record.setField("amount", new BigDecimal(amount));
    record.setField("updated_at", updatedAt);
    if (coupon != null) {
      record.setField(NEW_COLUMN, coupon);
    }
    return new Order(record, note);
  }

  /**
   * Appends {@code records} to {@code table} in one snapshot, and describes them in {@code input}.
   */
  private static void append(Table table, List<String> input, Order... orders) {
    List<Record> records = new ArrayList<>();
    for (Order order : orders) {
      records.add(order.record());
    }
    appendRecords(table, records);
    String name = table.name().substring(table.name().lastIndexOf('.') + 1);
    for (Order order : orders) {
      input.add(name + ": " + describe(order));
    }
  }

  private static String describe(Order order) {
    Record record = order.record();
    StringBuilder text =
        new StringBuilder()
            .append("id ")
            .append(record.getField("id"))
            .append(' ')
            .append(record.getField("customer"))
            .append(' ')
            .append(record.getField("amount"))
            .append(" at ")
            .append(MINUTES.format((LocalDateTime) record.getField("updated_at")));
    if (record.struct().field(NEW_COLUMN) != null && record.getField(NEW_COLUMN) != null) {
      text.append(' ').append(NEW_COLUMN).append(' ').append(record.getField(NEW_COLUMN));
    }
    if (!order.note().isEmpty()) {
      text.append(" (").append(order.note()).append(')');
    }
    return text.toString();
  }

  /** The first rows of the target, by id. */
  static List<Record> targetRows(Catalog catalog) throws IOException {
    Table target = catalog.loadTable(TARGET);
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(target).build()) {
      read.forEach(rows::add);
    }
    rows.sort(Comparator.comparing(row -> (Long) row.getField("id")));
    return rows.subList(0, Math.min(SHOWN_ROWS, rows.size()));
  }

  private static List<String> table(List<Record> rows) {
    List<String> header =
        List.of("id", "customer", "amount", "updated_at", NEW_COLUMN, "processed_at");
    List<List<String>> cells = new ArrayList<>();
    cells.add(header);
    for (Record row : rows) {
      List<String> line = new ArrayList<>();
      for (String column : header) {
        line.add(cell(row, column));
      }
      cells.add(line);
    }
    int[] widths = new int[header.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        if (i > 0) {
          text.append(" | ");
        }
        text.append(String.format("%-" + widths[i] + "s", line.get(i)));
      }
      lines.add(text.toString().stripTrailing());
    }
    return lines;
  }

  private static String cell(Record row, String column) {
    if (row.struct().field(column) == null) {
      return "-";
    }
    Object value = row.getField(column);
    if (value == null) {
      return "-";
    }
    if (value instanceof LocalDateTime local) {
      return MINUTES.format(local);
    }
    if (value instanceof OffsetDateTime offset) {
      return SECONDS.format(offset.withOffsetSameInstant(ZoneOffset.UTC));
    }
    return value.toString();
  }

  /** Appends {@code records} to {@code table} as one Parquet data file in one snapshot. */
  static void appendRecords(Table table, List<Record> records) {
    table.newAppend().appendFile(dataFile(table, records)).commit();
  }

  /**
   * Writes {@code records} as one Parquet data file of {@code table}, not yet committed (also the
   * benchmark's way of loading tables).
   */
  public static DataFile dataFile(Table table, List<Record> records) {
    GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), table.spec());
    String location =
        table.locationProvider().newDataLocation("data-" + UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        factory.newDataWriter(
            EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)),
            FileFormat.PARQUET,
            null);
    try (writer) {
      records.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }
}
