package dev.floe.core.conversion.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.ConversionException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionSpecsTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "ts", Types.TimestampType.withZone()),
          optional(3, "local_ts", Types.TimestampType.withoutZone()),
          optional(4, "event_date", Types.DateType.get()),
          optional(5, "name", Types.StringType.get()),
          optional(6, "amount", Types.DecimalType.of(10, 2)),
          optional(7, "flag", Types.BooleanType.get()),
          optional(8, "score", Types.DoubleType.get()),
          optional(9, "ratio", Types.FloatType.get()),
          optional(10, "payload", Types.BinaryType.get()),
          optional(11, "uid", Types.UUIDType.get()),
          optional(12, "at", Types.TimeType.get()),
          optional(13, "count", Types.IntegerType.get()),
          optional(
              14,
              "address",
              Types.StructType.of(
                  optional(15, "city", Types.StringType.get()),
                  optional(16, "zip", Types.IntegerType.get()))),
          optional(17, "tags", Types.ListType.ofOptional(18, Types.StringType.get())),
          optional(
              19,
              "items",
              Types.ListType.ofOptional(
                  20, Types.StructType.of(optional(21, "sku", Types.StringType.get())))));

  private static final String COLUMNS =
      "[id, ts, local_ts, event_date, name, amount, flag, score, ratio, payload, uid, at, count,"
          + " address, tags, items]";

  static Stream<Arguments> acceptedForms() {
    return Stream.of(
        form("name", b -> b.identity("name")),
        form("identity(name)", b -> b.identity("name")),
        form("IDENTITY( name )", b -> b.identity("name")),
        form("year(ts)", b -> b.year("ts")),
        form("years(event_date)", b -> b.year("event_date")),
        form("month(local_ts)", b -> b.month("local_ts")),
        form("Months(ts)", b -> b.month("ts")),
        form("day(ts)", b -> b.day("ts")),
        form("  DAYS ( event_date )  ", b -> b.day("event_date")),
        form("hour(ts)", b -> b.hour("ts")),
        form("hours(local_ts)", b -> b.hour("local_ts")),
        form("bucket[16](id)", b -> b.bucket("id", 16)),
        form("bucket [ 16 ] ( id )", b -> b.bucket("id", 16)),
        form("bucket(16, id)", b -> b.bucket("id", 16)),
        form("Bucket( 8 , uid )", b -> b.bucket("uid", 8)),
        form("bucket[4](event_date)", b -> b.bucket("event_date", 4)),
        form("bucket[4](payload)", b -> b.bucket("payload", 4)),
        form("truncate[4](name)", b -> b.truncate("name", 4)),
        form("truncate(100, amount)", b -> b.truncate("amount", 100)),
        form("TRUNCATE[10](count)", b -> b.truncate("count", 10)),
        form("address.city", b -> b.identity("address.city")),
        form("identity(address.zip)", b -> b.identity("address.zip")),
        form("truncate[2](address.city)", b -> b.truncate("address.city", 2)),
        form("bucket[3]( address . zip )", b -> b.bucket("address.zip", 3)),
        form("score", b -> b.identity("score")));
  }

  private static Arguments form(String entry, UnaryOperator<PartitionSpec.Builder> expected) {
    return Arguments.of(entry, expected.apply(PartitionSpec.builderFor(SCHEMA)).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedForms")
  void parsesEveryForm(String entry, PartitionSpec expected) {
    PartitionSpec spec = PartitionSpecs.parse(SCHEMA, List.of(entry), null);

    assertThat(spec.fields()).isEqualTo(expected.fields());
  }

  @Test
  void collapsesBareGranularitiesToTheFinestOnTheDefaultTimeColumn() {
    assertThat(PartitionSpecs.parse(SCHEMA, List.of("year", "month", "day"), "ts").fields())
        .isEqualTo(PartitionSpec.builderFor(SCHEMA).day("ts").build().fields());
    assertThat(PartitionSpecs.parse(SCHEMA, List.of("Day", " MONTH ", "year"), "ts").fields())
        .isEqualTo(PartitionSpec.builderFor(SCHEMA).day("ts").build().fields());
    assertThat(PartitionSpecs.parse(SCHEMA, List.of("year", "month", "day", "hour"), "ts").fields())
        .isEqualTo(PartitionSpec.builderFor(SCHEMA).hour("ts").build().fields());
    assertThat(PartitionSpecs.parse(SCHEMA, List.of("month", "year"), "event_date").fields())
        .isEqualTo(PartitionSpec.builderFor(SCHEMA).month("event_date").build().fields());
    assertThat(PartitionSpecs.parse(SCHEMA, List.of("year"), "ts").fields())
        .isEqualTo(PartitionSpec.builderFor(SCHEMA).year("ts").build().fields());
  }

  @Test
  void placesTheCollapsedGranularityWhereTheFirstBareOneWas() {
    PartitionSpec spec =
        PartitionSpecs.parse(
            SCHEMA, List.of("bucket[4](id)", "year", "name", "month", "day"), "ts");

    assertThat(spec.fields())
        .isEqualTo(
            PartitionSpec.builderFor(SCHEMA)
                .bucket("id", 4)
                .day("ts")
                .identity("name")
                .build()
                .fields());
    assertThat(spec.fields())
        .extracting(field -> field.name())
        .containsExactly("id_bucket", "ts_day", "name");
  }

  @Test
  void allowsIdentityAndOneTimeTransformOnTheSameColumn() {
    PartitionSpec spec = PartitionSpecs.parse(SCHEMA, List.of("identity(ts)", "day(ts)"), null);

    assertThat(spec.fields()).hasSize(2);
  }

  @Test
  void treatsNullOrEmptyEntriesAsUnpartitioned() {
    assertThat(PartitionSpecs.parse(SCHEMA, null, "ts").isUnpartitioned()).isTrue();
    assertThat(PartitionSpecs.parse(SCHEMA, List.of(), null).isUnpartitioned()).isTrue();
  }

  @Test
  void readsABareWordAsAColumnWhenNoDefaultTimeColumnIsConfigured() {
    Schema withDayColumn =
        new Schema(
            optional(1, "ts", Types.TimestampType.withZone()),
            optional(2, "day", Types.IntegerType.get()));

    assertThat(PartitionSpecs.parse(withDayColumn, List.of("day"), null).fields())
        .isEqualTo(PartitionSpec.builderFor(withDayColumn).identity("day").build().fields());
    assertThat(PartitionSpecs.parse(withDayColumn, List.of("identity(day)"), "ts").fields())
        .isEqualTo(PartitionSpec.builderFor(withDayColumn).identity("day").build().fields());
  }

  @Test
  void icebergAcceptsTheSpecsWhenCreatingATable() throws IOException {
    try (InMemoryCatalog catalog = new InMemoryCatalog()) {
      catalog.initialize("memory", Map.of());
      catalog.createNamespace(Namespace.of("db"));
      PartitionSpec spec =
          PartitionSpecs.parse(
              SCHEMA,
              List.of(
                  "year",
                  "month",
                  "day",
                  "bucket[16](id)",
                  "truncate(3, name)",
                  "address.city",
                  "hour(local_ts)"),
              "ts");

      Table table = catalog.createTable(TableIdentifier.of("db", "events"), SCHEMA, spec);

      assertThat(table.spec().fields())
          .extracting(field -> field.name() + "=" + field.transform())
          .containsExactly(
              "ts_day=day",
              "id_bucket=bucket[16]",
              "name_trunc=truncate[3]",
              "address.city=identity",
              "local_ts_hour=hour");
    }
  }

  /** Our type rules must be Iceberg's: they only exist to give a better message first. */
  @Test
  void acceptsExactlyTheTypesIcebergAccepts() {
    List<Type> types =
        List.of(
            Types.BooleanType.get(),
            Types.IntegerType.get(),
            Types.LongType.get(),
            Types.FloatType.get(),
            Types.DoubleType.get(),
            Types.DecimalType.of(9, 2),
            Types.DateType.get(),
            Types.TimeType.get(),
            Types.TimestampType.withZone(),
            Types.TimestampType.withoutZone(),
            Types.TimestampNanoType.withZone(),
            Types.TimestampNanoType.withoutZone(),
            Types.StringType.get(),
            Types.UUIDType.get(),
            Types.FixedType.ofLength(4),
            Types.BinaryType.get());
    Map<PartitionTransform, Transform<?, ?>> iceberg =
        Map.of(
            PartitionTransform.IDENTITY, Transforms.identity(),
            PartitionTransform.YEAR, Transforms.year(),
            PartitionTransform.MONTH, Transforms.month(),
            PartitionTransform.DAY, Transforms.day(),
            PartitionTransform.HOUR, Transforms.hour(),
            PartitionTransform.BUCKET, Transforms.bucket(4),
            PartitionTransform.TRUNCATE, Transforms.truncate(4));
    for (PartitionTransform transform : PartitionTransform.values()) {
      for (Type type : types) {
        assertThat(transform.accepts(type))
            .as("%s on %s", transform, type)
            .isEqualTo(iceberg.get(transform).canTransform(type));
      }
    }
  }

  // ---- errors ----

  @Test
  void rejectsUnknownColumnsListingTheAvailableOnes() {
    assertError(
        List.of("day(tss)"),
        null,
        "Cannot parse partition entry 'day(tss)': unknown column 'tss'; available top-level"
            + " columns: "
            + COLUMNS);
    assertError(
        List.of("missing"),
        null,
        "Cannot parse partition entry 'missing': unknown column 'missing'; available top-level"
            + " columns: "
            + COLUMNS);
    assertError(
        List.of("day(TS)"),
        null,
        "Cannot parse partition entry 'day(TS)': unknown column 'TS'; available top-level"
            + " columns: "
            + COLUMNS
            + " (column names are case-sensitive: did you mean 'ts'?)");
    assertError(
        List.of("identity(address.zipcode)"),
        null,
        "Cannot parse partition entry 'identity(address.zipcode)': unknown column"
            + " 'address.zipcode'; columns of 'address': [city, zip]");
    assertError(
        List.of("day"),
        "tss",
        "Cannot parse partition entry 'day': unknown default time column 'tss'; available"
            + " top-level columns: "
            + COLUMNS);
  }

  @Test
  void rejectsColumnsInsideListsOrMaps() {
    assertError(
        List.of("identity(items.sku)"),
        null,
        "Cannot parse partition entry 'identity(items.sku)': column 'items.sku' goes through"
            + " 'items', which is list<struct<21: sku: optional string>>, not a struct; partition"
            + " sources must be reached through structs only");
    assertError(
        List.of("tags.element"),
        null,
        "Cannot parse partition entry 'tags.element': column 'tags.element' goes through 'tags',"
            + " which is list<string>, not a struct; partition sources must be reached through"
            + " structs only");
  }

  @Test
  void rejectsTransformsThatDoNotFitTheColumnType() {
    assertError(
        List.of("day(name)"),
        null,
        "Cannot parse partition entry 'day(name)': transform day needs a date, timestamp or"
            + " timestamptz column, but column 'name' is string");
    assertError(
        List.of("year(id)"),
        null,
        "Cannot parse partition entry 'year(id)': transform year needs a date, timestamp or"
            + " timestamptz column, but column 'id' is long");
    assertError(
        List.of("hour(event_date)"),
        null,
        "Cannot parse partition entry 'hour(event_date)': transform hour needs a timestamp or"
            + " timestamptz column, but column 'event_date' is date");
    assertError(
        List.of("bucket[4](flag)"),
        null,
        "Cannot parse partition entry 'bucket[4](flag)': transform bucket needs an int, long,"
            + " decimal, date, time, timestamp, timestamptz, string, uuid, fixed or binary"
            + " column, but column 'flag' is boolean");
    assertError(List.of("bucket(4, score)"), null, "but column 'score' is double");
    assertError(List.of("bucket[4](ratio)"), null, "but column 'ratio' is float");
    assertError(
        List.of("truncate[3](event_date)"),
        null,
        "Cannot parse partition entry 'truncate[3](event_date)': transform truncate needs an"
            + " int, long, decimal, string or binary column, but column 'event_date' is date");
    assertError(
        List.of("identity(address)"),
        null,
        "Cannot parse partition entry 'identity(address)': transform identity needs a primitive"
            + " column, but column 'address' is struct<15: city: optional string, 16: zip:"
            + " optional int>");
    assertError(
        List.of("day"),
        "name",
        "Cannot parse partition entry 'day': transform day needs a date, timestamp or"
            + " timestamptz column, but column 'name' is string");
    assertError(
        List.of("year", "hour"),
        "event_date",
        "Cannot parse partition entry 'hour': transform hour needs a timestamp or timestamptz"
            + " column, but column 'event_date' is date");
  }

  @Test
  void rejectsUnknownTransforms() {
    assertError(
        List.of("week(ts)"),
        null,
        "Cannot parse partition entry 'week(ts)': unknown transform 'week'; expected one of"
            + " identity, year, month, day, hour, bucket, truncate");
    assertError(
        List.of("void(ts)"),
        null,
        "Cannot parse partition entry 'void(ts)': unknown transform 'void'");
  }

  @Test
  void rejectsMalformedEntries() {
    String forms =
        "malformed; expected column, transform(column), bucket[N](column) or"
            + " truncate[W](column), where transform is one of identity, year, month, day,"
            + " hour, bucket, truncate";
    assertError(List.of("day(ts"), null, "Cannot parse partition entry 'day(ts': " + forms);
    assertError(List.of("bucket[4]"), null, "Cannot parse partition entry 'bucket[4]': " + forms);
    assertError(List.of("(ts)"), null, "Cannot parse partition entry '(ts)': " + forms);
    assertError(
        List.of("day()"),
        null,
        "Cannot parse partition entry 'day()': malformed; missing or invalid column in 'day()'");
    assertError(
        List.of("day(ts))"),
        null,
        "Cannot parse partition entry 'day(ts))': malformed; missing or invalid column");
    assertError(
        List.of("day(ts, id)"),
        null,
        "Cannot parse partition entry 'day(ts, id)': malformed; day takes exactly one column:"
            + " write day(column)");
    assertError(
        List.of("day[3](ts)"),
        null,
        "Cannot parse partition entry 'day[3](ts)': malformed; day takes exactly one column:"
            + " write day(column)");
    assertError(
        List.of("bucket(id)"),
        null,
        "Cannot parse partition entry 'bucket(id)': malformed; bucket needs a number of buckets"
            + " and one column: write bucket[N](column) or bucket(N, column)");
    assertError(
        List.of("bucket[4](id, name)"),
        null,
        "Cannot parse partition entry 'bucket[4](id, name)': malformed; bucket needs a number of"
            + " buckets and one column");
    assertError(
        List.of("truncate(name)"),
        null,
        "Cannot parse partition entry 'truncate(name)': malformed; truncate needs a width and one"
            + " column: write truncate[W](column) or truncate(W, column)");
    assertError(
        List.of(" "),
        null,
        "Cannot parse partition entry ' ': the entry is empty; expected column, transform(column)");
    assertError(
        Arrays.asList("day(ts)", null),
        null,
        "Cannot parse partition entry null: the entry is empty");
  }

  @Test
  void rejectsBucketCountsAndWidthsThatAreNotPositiveIntegers() {
    assertError(
        List.of("bucket[0](id)"),
        null,
        "Cannot parse partition entry 'bucket[0](id)': the number of buckets must be a"
            + " positive integer, found '0'");
    assertError(
        List.of("bucket[-3](id)"),
        null,
        "the number of buckets must be a positive integer, found '-3'");
    assertError(
        List.of("bucket[x](id)"),
        null,
        "the number of buckets must be a positive integer, found 'x'");
    assertError(
        List.of("bucket[](id)"),
        null,
        "the number of buckets must be a positive integer, found ''");
    assertError(
        List.of("bucket[99999999999](id)"),
        null,
        "the number of buckets must be a positive integer, found '99999999999'");
    assertError(
        List.of("truncate(0, name)"),
        null,
        "Cannot parse partition entry 'truncate(0, name)': the width must be a"
            + " positive integer, found '0'");
    assertError(
        List.of("truncate[1.5](name)"), null, "the width must be a positive integer, found '1.5'");
  }

  @Test
  void rejectsBareGranularitiesWithoutADefaultTimeColumn() {
    assertError(
        List.of("year", "month", "day"),
        null,
        "Cannot parse partition entry 'year': a bare time granularity applies to the default"
            + " time column, but none is configured; write year(column)");
    assertError(
        List.of("day"),
        "  ",
        "Cannot parse partition entry 'day': a bare time granularity applies to the default"
            + " time column, but none is configured; write day(column)");
  }

  @Test
  void rejectsABareWordThatIsBothAGranularityAndAColumn() {
    Schema withDayColumn =
        new Schema(
            optional(1, "ts", Types.TimestampType.withZone()),
            optional(2, "day", Types.IntegerType.get()));

    assertThatThrownBy(() -> PartitionSpecs.parse(withDayColumn, List.of("day"), "ts"))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot parse partition entry 'day': ambiguous: 'day' is both a time granularity for"
                + " the default time column 'ts' and a column name; write day(ts) or"
                + " identity(day)");
  }

  @Test
  void rejectsDuplicateEntries() {
    assertError(
        List.of("day(ts)", "days(ts)"),
        null,
        "Cannot parse partition entry 'days(ts)': it repeats 'day(ts)': column 'ts' is already"
            + " partitioned by day(ts)");
    assertError(
        List.of("name", "identity(name)"),
        null,
        "Cannot parse partition entry 'identity(name)': it repeats 'name': column 'name' is"
            + " already partitioned by identity(name)");
    assertError(
        List.of("bucket[4](id)", "bucket(4, id)"),
        null,
        "Cannot parse partition entry 'bucket(4, id)': it repeats 'bucket[4](id)': column 'id'"
            + " is already partitioned by bucket[4](id)");
    assertError(
        List.of("year", "day", "year"),
        "ts",
        "Cannot parse partition entry 'year': it repeats 'year' (year(ts) on the default time"
            + " column): column 'ts' is already partitioned by year(ts)");
    assertError(
        List.of("year", "month", "month(ts)"),
        "ts",
        "Cannot parse partition entry 'month(ts)': it repeats 'month' (month(ts) on the default"
            + " time column): column 'ts' is already partitioned by month(ts)");
    assertError(
        List.of("bucket[4](id)", "bucket[8](id)"),
        null,
        "Cannot parse partition entries 'bucket[4](id)' and 'bucket[8](id)': both partition"
            + " column 'id' by bucket; keep one");
  }

  @Test
  void rejectsTwoExplicitTimeTransformsOnOneColumnNamingTheFinest() {
    assertError(
        List.of("year(ts)", "day(ts)"),
        null,
        "Cannot parse partition entries 'year(ts)' and 'day(ts)': both partition column 'ts' by"
            + " time, but Iceberg allows one time transform per column; keep only the finest,"
            + " day(ts), which also serves filters on the coarser ones");
    assertError(
        List.of("hour(ts)", "month(ts)"),
        null,
        "Cannot parse partition entries 'hour(ts)' and 'month(ts)': both partition column 'ts'"
            + " by time, but Iceberg allows one time transform per column; keep only the"
            + " finest, hour(ts)");
    assertError(
        List.of("year", "month", "day(ts)"),
        "ts",
        "Cannot parse partition entries 'month' (month(ts) on the default time column) and"
            + " 'day(ts)': both partition column 'ts' by time, but Iceberg allows one time"
            + " transform per column; keep only the finest, day(ts)");
  }

  @Test
  void reportsWhatIcebergItselfRejects() {
    Schema clash =
        new Schema(
            optional(1, "ts", Types.TimestampType.withZone()),
            optional(2, "ts_day", Types.IntegerType.get()));

    assertThatThrownBy(() -> PartitionSpecs.parse(clash, List.of("day(ts)"), null))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("Cannot parse partition entry 'day(ts)': Iceberg rejects day(ts): ")
        .hasMessageContaining("ts_day");
  }

  private static void assertError(List<String> entries, String defaultTimeColumn, String message) {
    assertThatThrownBy(() -> PartitionSpecs.parse(SCHEMA, entries, defaultTimeColumn))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining(message);
  }
}
