package dev.floe.iceberg.job.api;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.iceberg.job.job.LocalWarehouse;
import dev.floe.iceberg.job.job.RunHooks;
import dev.floe.iceberg.job.job.RunSpec;
import dev.floe.iceberg.job.job.TargetTable;
import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API on a JDBC catalog on a SQLite file: read, write, retry, refuse; no Flink. */
class IncrementalConnectorITCase {
  private static final TableIdentifier SOURCE = TableIdentifier.of("source_db", "source_table");
  private static final TableIdentifier TARGET = TableIdentifier.of("target_db", "target_table");

  private static final Schema SOURCE_SCHEMA =
      new Schema(
          required(1, "id", Types.StringType.get()),
          optional(2, "name", Types.StringType.get()),
          optional(3, "updated_at", Types.TimestampType.withoutZone()),
          optional(4, "region", Types.StringType.get()));

  /** A record class with the source's columns. */
  public record Customer(String id, String name, LocalDateTime updated_at, String region) {}

  /** The same with one more column. */
  public record ScoredCustomer(
      String id, String name, LocalDateTime updated_at, String region, Integer score) {}

  @TempDir Path dir;
  private LocalWarehouse warehouse;

  @BeforeEach
  void open() {
    warehouse = new LocalWarehouse(dir);
  }

  private static LocalDateTime at(int minute) {
    return LocalDateTime.of(2026, 11, 1, 10, minute);
  }

  private static Record record(String id, String name, int minute, String region) {
    Record record = GenericRecord.create(SOURCE_SCHEMA);
    record.setField("id", id);
    record.setField("name", name);
    record.setField("updated_at", at(minute));
    record.setField("region", region);
    return record;
  }

  private Table source() {
    return warehouse.catalog.loadTable(SOURCE);
  }

  private RunSpec spec(boolean upsert, List<String> partitionBy, OptionalLong max, RunHooks hooks) {
    return new RunSpec(
        warehouse.loader,
        List.of(new RunSpec.Source(SOURCE, "id", "updated_at")),
        new TargetTable.Settings(TARGET, "id", "processed_at", null, partitionBy),
        upsert,
        null,
        max,
        hooks);
  }

  private RunSpec spec(boolean upsert) {
    return spec(upsert, List.of(), OptionalLong.empty(), null);
  }

  /** A batch's rows as id|name|minute|region, in batch order. */
  private static List<String> rows(VectorSchemaRoot batch) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < batch.getRowCount(); i++) {
      LocalDateTime updatedAt = (LocalDateTime) batch.getVector("updated_at").getObject(i);
      rows.add(
          batch.getVector("id").getObject(i)
              + "|"
              + batch.getVector("name").getObject(i)
              + "|"
              + updatedAt.getMinute()
              + "|"
              + batch.getVector("region").getObject(i));
    }
    return rows;
  }

  /** The batch's rows as records of {@link Customer}, as a caller would convert them. */
  private static List<Customer> customers(VectorSchemaRoot batch) {
    List<Customer> customers = new ArrayList<>();
    for (int i = 0; i < batch.getRowCount(); i++) {
      customers.add(
          new Customer(
              batch.getVector("id").getObject(i).toString(),
              batch.getVector("name").getObject(i).toString(),
              (LocalDateTime) batch.getVector("updated_at").getObject(i),
              batch.getVector("region").getObject(i).toString()));
    }
    return customers;
  }

  /** The target's rows as id|name|minute|region (|score when present), sorted; processed_at set. */
  private List<String> target() {
    Table target = warehouse.catalog.loadTable(TARGET);
    List<String> rows = new ArrayList<>();
    for (Record row :
        LocalWarehouse.rows(target, r -> r.getField("id") + "|" + r.getField("updated_at"))) {
      assertThat(row.getField("processed_at"))
          .as("processed_at of %s", row)
          .isInstanceOf(OffsetDateTime.class);
      String text =
          row.getField("id")
              + "|"
              + row.getField("name")
              + "|"
              + ((LocalDateTime) row.getField("updated_at")).getMinute()
              + "|"
              + row.getField("region");
      if (row.struct().field("score") != null) {
        text += "|" + row.getField("score");
      }
      rows.add(text);
    }
    return rows;
  }

  @Test
  void readReturnsExactlyTheNewRecordsAsArrowAndNothingIsConsumedUntilAWrite() {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(
        source, List.of(record("1", "ada", 10, "eu"), record("2", "bob", 11, "us")));

    try (IncrementalConnector connector = IncrementalConnector.open(spec(true))) {
      try (VectorSchemaRoot batch = connector.read()) {
        assertThat(batch.getSchema().getFields())
            .extracting(Field::getName)
            .containsExactly("id", "name", "updated_at", "region");
        assertThat(batch.getSchema().getFields()).allMatch(Field::isNullable);
        assertThat(rows(batch)).containsExactly("1|ada|10|eu", "2|bob|11|us");
      }
      LocalWarehouse.append(source(), List.of(record("1", "ada v2", 20, "eu")));

      // Nothing was written, so the second read starts from the same place.
      try (VectorSchemaRoot batch = connector.read()) {
        assertThat(rows(batch)).containsExactly("1|ada|10|eu", "2|bob|11|us", "1|ada v2|20|eu");
      }
    }
    assertThat(warehouse.catalog.tableExists(TARGET)).isFalse();
  }

  @Test
  void readWriteReadReturnsNothingNewAndThenOnlyTheNewRecords() {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(
        source, List.of(record("1", "ada", 10, "eu"), record("2", "bob", 11, "us")));

    try (IncrementalConnector connector = IncrementalConnector.open(spec(true))) {
      WriteReport first;
      try (VectorSchemaRoot batch = connector.read()) {
        first = connector.write(customers(batch), Customer.class);
      }
      assertThat(first.written()).isEqualTo(2);
      assertThat(first.snapshotId()).isNotNull();
      assertThat(target()).containsExactly("1|ada|10|eu", "2|bob|11|us");
      Table target = warehouse.catalog.loadTable(TARGET);
      assertThat(target.currentSnapshot().summary())
          .containsEntry(ConsumedPositions.RUN_ID, first.runId())
          .containsEntry(
              "floe.position.source_db.source_table",
              Long.toString(source().currentSnapshot().snapshotId()));

      try (VectorSchemaRoot batch = connector.read()) {
        assertThat(batch.getRowCount()).isZero();
        assertThat(batch.getSchema().getFields()).hasSize(4);
      }

      LocalWarehouse.append(
          source(), List.of(record("2", "bob v2", 30, "us"), record("3", "cy", 31, "eu")));
      try (VectorSchemaRoot batch = connector.read()) {
        assertThat(rows(batch)).containsExactly("2|bob v2|30|us", "3|cy|31|eu");
        WriteReport second = connector.write(customers(batch), Customer.class);
        assertThat(second.written()).isEqualTo(2);
        assertThat(second.replaced()).isEqualTo(1);
      }
      assertThat(target()).containsExactly("1|ada|10|eu", "2|bob v2|30|us", "3|cy|31|eu");
    }
  }

  @Test
  void recordsBeyondMaxRecordsComeInTheNextRead() {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(source, List.of(record("1", "a", 10, "eu")));
    try (IncrementalConnector connector =
        IncrementalConnector.open(spec(true, List.of(), OptionalLong.of(2), null))) {
      try (VectorSchemaRoot batch = connector.read()) {
        connector.write(customers(batch), Customer.class);
      }
      for (int i = 2; i <= 4; i++) {
        LocalWarehouse.append(source(), List.of(record("" + i, "n" + i, 10 + i, "eu")));
      }

      try (VectorSchemaRoot batch = connector.read()) {
        // Whole snapshots up to max_records: two of the three new ones.
        assertThat(rows(batch)).containsExactly("2|n2|12|eu", "3|n3|13|eu");
        assertThat(connector.pendingPlans().get(SOURCE.toString()).deferredSnapshots())
            .isEqualTo(1);
        connector.write(customers(batch), Customer.class);
      }
      try (VectorSchemaRoot batch = connector.read()) {
        assertThat(rows(batch)).containsExactly("4|n4|14|eu");
        connector.write(customers(batch), Customer.class);
      }
      try (VectorSchemaRoot batch = connector.read()) {
        assertThat(batch.getRowCount()).isZero();
      }
    }
    assertThat(target()).containsExactly("1|a|10|eu", "2|n2|12|eu", "3|n3|13|eu", "4|n4|14|eu");
  }

  @Test
  void writeCreatesTheTargetFromARecordClassAndASecondClassWithAnAddedFieldEvolvesIt() {
    warehouse.create(SOURCE, SOURCE_SCHEMA);
    try (IncrementalConnector connector =
        IncrementalConnector.open(spec(false, List.of("day"), OptionalLong.empty(), null))) {
      // Without a read: data only, no positions.
      WriteReport first =
          connector.write(List.of(new Customer("1", "ada", at(10), "eu")), Customer.class);
      assertThat(first.written()).isEqualTo(1);

      Table target = warehouse.catalog.loadTable(TARGET);
      assertThat(target.schema().columns())
          .extracting(column -> column.name() + ":" + column.type())
          .containsExactly(
              "id:string",
              "name:string",
              "updated_at:timestamp",
              "region:string",
              "processed_at:timestamptz");
      assertThat(target.spec().fields()).hasSize(1);
      assertThat(target.spec().fields().get(0).transform().toString()).isEqualTo("day");
      assertThat(target.sortOrder().fields()).hasSize(1);
      assertThat(target.currentSnapshot().summary())
          .containsKey(ConsumedPositions.RUN_ID)
          .doesNotContainKey("floe.position.source_db.source_table");

      WriteReport second =
          connector.write(
              List.of(
                  new ScoredCustomer("1", "ada v2", at(20), "eu", 7),
                  new ScoredCustomer("2", "bob", at(21), "us", null)),
              ScoredCustomer.class);
      assertThat(second.written()).isEqualTo(2);
    }
    Table target = warehouse.catalog.loadTable(TARGET);
    assertThat(target.schema().findField("score").type()).isEqualTo(Types.IntegerType.get());
    // write_mode append: the newer version of id 1 adds a row.
    assertThat(target())
        .containsExactly("1|ada|10|eu|null", "1|ada v2|20|eu|7", "2|bob|21|us|null");
  }

  @Test
  void upsertReplacesAcrossPartitionsAndLateOrSupersededRecordsAreNotApplied() {
    warehouse.create(SOURCE, SOURCE_SCHEMA);
    try (IncrementalConnector connector =
        IncrementalConnector.open(
            spec(true, List.of("identity(region)"), OptionalLong.empty(), null))) {
      connector.write(
          List.of(new Customer("1", "ada", at(10), "eu"), new Customer("2", "bob", at(10), "eu")),
          Customer.class);

      WriteReport report =
          connector.write(
              List.of(
                  new Customer("1", "ada moved", at(20), "us"), // newer, another partition
                  new Customer("2", "bob late", at(5), "eu"), // older than the target's
                  new Customer("3", "cy", at(15), "us"), // new
                  new Customer("1", "ada older", at(15), "eu")), // superseded in this call
              Customer.class);

      assertThat(report.written()).isEqualTo(2);
      assertThat(report.superseded()).isEqualTo(1);
      assertThat(report.notNewer()).isEqualTo(1);
      assertThat(report.replaced()).isEqualTo(1);
    }
    assertThat(target()).containsExactly("1|ada moved|20|us", "2|bob|10|eu", "3|cy|15|us");
  }

  /** Fails the write once at a chosen point. */
  static final class CrashOnce implements RunHooks {
    private static final long serialVersionUID = 1L;
    private final boolean afterCommit;
    private boolean crashed;

    CrashOnce(boolean afterCommit) {
      this.afterCommit = afterCommit;
    }

    private void crash() {
      if (!crashed) {
        crashed = true;
        throw new IllegalStateException("injected crash");
      }
    }

    @Override
    public void beforeCommit() {
      if (!afterCommit) {
        crash();
      }
    }

    @Override
    public void afterCommit() {
      if (afterCommit) {
        crash();
      }
    }
  }

  @Test
  void aWriteThatFailsBeforeOrAfterItsCommitAndIsRetriedLosesAndDuplicatesNothing() {
    for (boolean afterCommit : new boolean[] {false, true}) {
      if (warehouse.catalog.tableExists(TARGET)) {
        warehouse.catalog.dropTable(TARGET);
        warehouse.catalog.dropTable(SOURCE);
      }
      Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
      LocalWarehouse.append(source, List.of(record("1", "a", 10, "eu")));
      RunSpec spec = spec(false, List.of(), OptionalLong.empty(), new CrashOnce(afterCommit));
      try (IncrementalConnector connector = IncrementalConnector.open(spec)) {
        try (VectorSchemaRoot batch = connector.read()) {
          List<Customer> records = customers(batch);
          assertThatThrownBy(() -> connector.write(records, Customer.class))
              .hasMessage("injected crash");

          WriteReport retry = connector.write(records, Customer.class);
          assertThat(retry.committedEarlier()).isEqualTo(afterCommit);
          assertThat(retry.written()).isEqualTo(afterCommit ? 0 : 1);
          assertThat(retry.snapshotId()).isNotNull();
        }
        try (VectorSchemaRoot batch = connector.read()) {
          assertThat(batch.getRowCount()).as("read after the retry").isZero();
        }
      }
      assertThat(target())
          .as("after a crash %s the commit", afterCommit ? "after" : "before")
          .containsExactly("1|a|10|eu");
      assertThat(warehouse.catalog.loadTable(TARGET).snapshots()).hasSize(1);
    }
  }

  @Test
  void aCommitIsRefusedWhenAnotherRunCommittedSinceTheRead() {
    Table source = warehouse.create(SOURCE, SOURCE_SCHEMA);
    LocalWarehouse.append(source, List.of(record("1", "a", 10, "eu")));
    try (IncrementalConnector first = IncrementalConnector.open(spec(true));
        IncrementalConnector second = IncrementalConnector.open(spec(true))) {
      try (VectorSchemaRoot batch = first.read()) {
        first.write(customers(batch), Customer.class);
      }
      long firstSnapshot = warehouse.catalog.loadTable(TARGET).currentSnapshot().snapshotId();
      LocalWarehouse.append(source(), List.of(record("2", "b", 20, "eu")));

      try (VectorSchemaRoot mine = first.read();
          VectorSchemaRoot theirs = second.read()) {
        WriteReport winner = second.write(customers(theirs), Customer.class);
        assertThatThrownBy(() -> first.write(customers(mine), Customer.class))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage(
                "Cannot commit to target_db.target_table: another run committed snapshot "
                    + winner.snapshotId()
                    + " since this run started from "
                    + firstSnapshot
                    + ". Run again (the job, or read() then write() when embedded): it"
                    + " continues from the newer positions.");
      }
      // Reading again continues after the winner's commit.
      try (VectorSchemaRoot batch = first.read()) {
        assertThat(batch.getRowCount()).isZero();
      }
    }
    assertThat(target()).containsExactly("1|a|10|eu", "2|b|20|eu");
    assertThat(warehouse.catalog.loadTable(TARGET).snapshots()).hasSize(2);
  }

  /** No index field. */
  public record Anonymous(String name, LocalDateTime updated_at) {}

  /** No datetime field of the sources. */
  public record Timeless(String id, String name, LocalDateTime changed) {}

  /** The datetime field, but text. */
  public record TextTime(String id, String updated_at) {}

  @Test
  void recordClassesWithoutTheIndexOrDatetimeSemanticsAreRefusedBeforeAnyWrite() {
    warehouse.create(SOURCE, SOURCE_SCHEMA);
    String prefix = "Cannot write records of " + getClass().getName();
    try (IncrementalConnector connector = IncrementalConnector.open(spec(true))) {
      assertThatThrownBy(() -> connector.write(List.of(new Anonymous("x", at(1))), Anonymous.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              prefix
                  + "$Anonymous to target target_db.target_table: it has no index field 'id' (the"
                  + " target's index_field); its columns are [name, updated_at]. Add a component"
                  + " named id, or name one so with @IcebergField(name = \"id\").");
      assertThatThrownBy(
              () -> connector.write(List.of(new Timeless("1", "x", at(1))), Timeless.class))
          .hasMessage(
              prefix
                  + "$Timeless to target target_db.target_table: it has no datetime field:"
                  + " versions of a record are ordered by the sources' datetime_field"
                  + " [updated_at], and its columns are [id, name, changed]. Add one of them as a"
                  + " LocalDate, LocalDateTime, Instant or OffsetDateTime component.");
      assertThatThrownBy(() -> connector.write(List.of(new TextTime("1", "today")), TextTime.class))
          .hasMessage(
              prefix
                  + "$TextTime to target target_db.target_table: datetime field 'updated_at' is"
                  + " string, not a date or timestamp. Declare it as LocalDate, LocalDateTime,"
                  + " Instant or OffsetDateTime.");
      assertThatThrownBy(
              () ->
                  connector.write(
                      List.of(
                          new Customer("1", "a", at(1), "eu"),
                          new Customer(null, "b", at(2), "eu")),
                      Customer.class))
          .hasMessage(
              "Cannot write record 1 of the list to target target_db.target_table: its index"
                  + " field 'id' is null. Every record needs an index value.");
      assertThatThrownBy(
              () -> connector.write(List.of(new Customer("7", "a", null, "eu")), Customer.class))
          .hasMessage(
              "Cannot write the record with id = 7 (record 0 of the list) to target"
                  + " target_db.target_table: its datetime field(s) [updated_at] are null, so it"
                  + " cannot be compared with what the target holds. Set one.");
    }
    assertThat(warehouse.catalog.tableExists(TARGET)).isFalse();
  }
}
