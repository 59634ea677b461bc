package dev.floe.iceberg.job.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.TimestampEncoding;
import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.AwsCredentialsConfig;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.LocalAwsClients;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Incremental runs from DynamoDB source tables (alone and with an Iceberg source). */
class IncrementalDynamoDbRunITCase {
  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final TableIdentifier TARGET = TableIdentifier.of("target_db", "orders");
  private static final TableIdentifier ICEBERG_SOURCE = TableIdentifier.of("source_db", "orders");

  @TempDir Path dir;
  private LocalWarehouse warehouse;
  private String table;

  @BeforeEach
  void open() {
    warehouse = new LocalWarehouse(dir);
    table = DYNAMODB.uniqueTableName("orders");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
  }

  private static AwsClientConfig client() {
    return AwsClientConfig.builder()
        .region(LocalAwsClients.REGION.id())
        .endpoint(DYNAMODB.endpoint())
        .credentials(
            AwsCredentialsConfig.basic(
                LocalAwsClients.ACCESS_KEY_ID, LocalAwsClients.SECRET_ACCESS_KEY, null))
        .build();
  }

  private RunSpec.DynamoDbSource dynamoDbSource(String tableName, TimestampEncoding encoding) {
    return new RunSpec.DynamoDbSource(tableName, "id", "updated_at", client(), 2, encoding);
  }

  private RunSpec spec(boolean upsert, OptionalLong maxRecords, RunSpec.SourceTable... sources) {
    return new RunSpec(
        warehouse.loader,
        List.of(sources),
        new TargetTable.Settings(TARGET, "id", "processed_at", null, List.of()),
        upsert,
        null,
        maxRecords,
        null);
  }

  private static IncrementalRun.Report run(RunSpec spec) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    return IncrementalRun.execute(spec, env);
  }

  private static Map<String, AttributeValue> item(String id, String updatedAt, String name) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", AttributeValue.fromS(id));
    item.put("updated_at", AttributeValue.fromS(updatedAt));
    item.put("name", AttributeValue.fromS(name));
    return item;
  }

  private void put(Map<String, AttributeValue> item) {
    DYNAMODB.putItems(table, List.of(item));
  }

  /** The target's rows as id|name|updated_at (UTC), sorted by id; checks processed_at. */
  private List<String> target() {
    Table target = warehouse.catalog.loadTable(TARGET);
    List<String> rows = new ArrayList<>();
    for (Record row :
        LocalWarehouse.rows(target, r -> r.getField("id") + "|" + r.getField("updated_at"))) {
      assertThat(row.getField("processed_at")).as("processed_at of %s", row).isNotNull();
      rows.add(
          row.getField("id")
              + "|"
              + row.getField("name")
              + "|"
              + ((OffsetDateTime) row.getField("updated_at")).toInstant());
    }
    return rows;
  }

  private String position(String source) {
    Table target = warehouse.catalog.loadTable(TARGET);
    return target.currentSnapshot().summary().get("floe.position." + source);
  }

  private static String micros(String instant) {
    Instant at = Instant.parse(instant);
    return Long.toString(at.getEpochSecond() * 1_000_000L + at.getNano() / 1000);
  }

  @Test
  void readsOnlyItemsFromTheHighWaterMarkOnAndKeepsNewerOnes() throws Exception {
    put(item("1", "2026-11-01T10:00:00Z", "ada"));
    put(item("2", "2026-11-01T10:05:00.250Z", "bob"));
    Map<String, AttributeValue> withMore = item("3", "2026-11-01T10:10:00Z", "cy");
    withMore.put("amount", AttributeValue.fromN("12.50"));
    withMore.put("address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("Lisbon"))));
    put(withMore);
    RunSpec spec = spec(true, OptionalLong.empty(), dynamoDbSource(table, null));
    String source = "dynamodb:" + table;

    IncrementalRun.Report first = run(spec);

    assertThat(first.read()).containsEntry(source, 3L);
    assertThat(first.written()).isEqualTo(3);
    assertThat(target())
        .containsExactly(
            "1|ada|2026-11-01T10:00:00Z",
            "2|bob|2026-11-01T10:05:00.250Z",
            "3|cy|2026-11-01T10:10:00Z");
    assertThat(position(source)).isEqualTo(micros("2026-11-01T10:10:00Z"));
    Record three =
        LocalWarehouse.rows(warehouse.catalog.loadTable(TARGET), r -> r.getField("id").toString())
            .get(2);
    // DynamoDB keeps numbers without trailing zeros: 12.50 is stored and read as 12.5.
    assertThat(three.getField("amount")).hasToString("12.5");
    assertThat(((Record) three.getField("address")).getField("city")).isEqualTo("Lisbon");

    put(item("1", "2026-11-01T10:20:00Z", "ada renamed")); // newer
    put(item("2", "2026-11-01T10:01:00Z", "bob late")); // older than the mark: not read
    put(item("4", "2026-11-01T12:30:00+02:00", "dee")); // 10:30 UTC, written with an offset
    IncrementalRun.Report second = run(spec);

    // DynamoDB's filter on ISO-8601 text reaches 12 hours back (zone offsets), so all four items
    // arrive; the job drops 2 as older than the mark, and finds 3 (at the mark) not newer.
    assertThat(second.read()).containsEntry(source, 4L);
    assertThat(second.written()).isEqualTo(2);
    assertThat(second.notNewer()).isEqualTo(1);
    assertThat(second.replaced()).isEqualTo(1);
    assertThat(target())
        .containsExactly(
            "1|ada renamed|2026-11-01T10:20:00Z",
            "2|bob|2026-11-01T10:05:00.250Z",
            "3|cy|2026-11-01T10:10:00Z",
            "4|dee|2026-11-01T10:30:00Z");
    assertThat(position(source)).isEqualTo(micros("2026-11-01T10:30:00Z"));

    long snapshot = warehouse.catalog.loadTable(TARGET).currentSnapshot().snapshotId();
    IncrementalRun.Report third = run(spec);
    assertThat(third.written()).isZero();
    assertThat(third.snapshotId()).isNull();
    assertThat(warehouse.catalog.loadTable(TARGET).currentSnapshot().snapshotId())
        .isEqualTo(snapshot);
  }

  @Test
  void maxRecordsTakesTheOldestAndTheNextRunTheRestWithTiesKeptTogether() throws Exception {
    String[] times = {
      "1000", "2000", "3000", "3000", "3000", "4000", "5000",
    };
    for (int i = 0; i < times.length; i++) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("id", AttributeValue.fromS("k" + i));
      item.put("updated_at", AttributeValue.fromN(times[i]));
      DYNAMODB.putItems(table, List.of(item));
    }
    RunSpec spec =
        spec(false, OptionalLong.of(3), dynamoDbSource(table, TimestampEncoding.EPOCH_MILLIS));
    String source = "dynamodb:" + table;

    // 3 records fit the cap, but three share the datetime at the cap: all of them are taken.
    assertThat(run(spec).written()).isEqualTo(5);
    assertThat(position(source)).isEqualTo("3000000");
    assertThat(run(spec).written()).isEqualTo(2); // the rest, and the ties again as not newer
    assertThat(position(source)).isEqualTo("5000000");
    assertThat(run(spec).written()).isZero();

    List<String> ids = new ArrayList<>();
    for (Record row :
        LocalWarehouse.rows(
            warehouse.catalog.loadTable(TARGET), r -> r.getField("id").toString())) {
      ids.add(row.getField("id") + "@" + ((OffsetDateTime) row.getField("updated_at")).toInstant());
    }
    assertThat(ids)
        .containsExactly(
            "k0@1970-01-01T00:00:01Z",
            "k1@1970-01-01T00:00:02Z",
            "k2@1970-01-01T00:00:03Z",
            "k3@1970-01-01T00:00:03Z",
            "k4@1970-01-01T00:00:03Z",
            "k5@1970-01-01T00:00:04Z",
            "k6@1970-01-01T00:00:05Z");
  }

  @Test
  void anIcebergAndADynamoDbSourceShareKeysAndTheFirstListedWinsTies() throws Exception {
    Schema schema =
        new Schema(
            required(1, "id", Types.StringType.get()),
            optional(2, "name", Types.StringType.get()),
            optional(3, "updated_at", Types.TimestampType.withZone()));
    Table iceberg = warehouse.create(ICEBERG_SOURCE, schema);
    List<Record> records = new ArrayList<>();
    for (String[] values :
        new String[][] {
          {"1", "iceberg older", "2026-11-01T09:00:00Z"},
          {"2", "iceberg tie", "2026-11-01T10:00:00Z"},
          {"3", "iceberg only", "2026-11-01T10:00:00Z"},
        }) {
      Record record = GenericRecord.create(schema);
      record.setField("id", values[0]);
      record.setField("name", values[1]);
      record.setField("updated_at", OffsetDateTime.parse(values[2]));
      records.add(record);
    }
    LocalWarehouse.append(iceberg, records);
    put(item("1", "2026-11-01T10:00:00Z", "dynamodb newer"));
    put(item("2", "2026-11-01T10:00:00Z", "dynamodb tie"));
    put(item("4", "2026-11-01T10:00:00Z", "dynamodb only"));

    run(
        spec(
            true,
            OptionalLong.empty(),
            new RunSpec.Source(ICEBERG_SOURCE, "id", "updated_at"),
            dynamoDbSource(table, null)));

    assertThat(target())
        .containsExactly(
            "1|dynamodb newer|2026-11-01T10:00:00Z",
            "2|iceberg tie|2026-11-01T10:00:00Z",
            "3|iceberg only|2026-11-01T10:00:00Z",
            "4|dynamodb only|2026-11-01T10:00:00Z");
  }

  @Test
  void aMissingTableIsNamedBeforeAnyWrite() {
    RunSpec spec = spec(true, OptionalLong.empty(), dynamoDbSource("no_such_table", null));

    assertThatThrownBy(() -> run(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read source table dynamodb:no_such_table: ")
        .hasMessageContaining("no_such_table")
        .hasMessageEndingWith(
            " Check the table name, connector.region and"
                + " connector.source.dynamodb.endpoint_url.");
    assertThat(warehouse.catalog.tableExists(TARGET)).isFalse();
  }

  @Test
  void aDatetimeFieldNoItemHasIsNamedBeforeAnyWrite() {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", AttributeValue.fromS("1"));
    item.put("changed", AttributeValue.fromS("2026-11-01T10:00:00Z"));
    put(item);

    assertThatThrownBy(() -> run(spec(true, OptionalLong.empty(), dynamoDbSource(table, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read source table dynamodb:"
                + table
                + ": none of 1 sampled items has the datetime field 'updated_at'; their attributes"
                + " are [id, changed]");
    assertThat(warehouse.catalog.tableExists(TARGET)).isFalse();
  }

  @Test
  void epochNumbersWithoutAnEncodingAreRefusedBeforeAnyWrite() {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", AttributeValue.fromS("1"));
    item.put("updated_at", AttributeValue.fromN("1762000000"));
    put(item);

    assertThatThrownBy(() -> run(spec(true, OptionalLong.empty(), dynamoDbSource(table, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read source table dynamodb:"
                + table
                + ": datetime field 'updated_at' holds numbers, which need a unit. Set"
                + " connector.source.dynamodb.datetime_encoding to epoch_seconds, epoch_millis,"
                + " epoch_micros or epoch_nanos.");
    assertThat(warehouse.catalog.tableExists(TARGET)).isFalse();
  }

  @Test
  void anItemWithoutADatetimeFailsTheRunNamingItsKey() throws Exception {
    put(item("1", "2026-11-01T10:00:00Z", "ada"));
    Map<String, AttributeValue> undated = new HashMap<>();
    undated.put("id", AttributeValue.fromS("2"));
    undated.put("name", AttributeValue.fromS("no time"));
    put(undated);
    RunSpec spec = spec(true, OptionalLong.empty(), dynamoDbSource(table, null));

    assertThatThrownBy(() -> run(spec))
        .hasStackTraceContaining(
            "Cannot copy the item id=2 of source dynamodb:"
                + table
                + ": its datetime field 'updated_at' is missing or null");
    Table target = warehouse.catalog.loadTable(TARGET);
    assertThat(target.currentSnapshot()).as("nothing committed").isNull();
  }
}
