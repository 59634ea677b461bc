package dev.floe.flink.dynamodb.table;

import static dev.floe.flink.dynamodb.table.RowDataConverterTest.normalize;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.TimestampEncoding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

/** Random Flink rows of every type survive Flink -> Floe -> DynamoDB -> Floe -> Flink unchanged. */
class RowDataConverterProperties {

  private static final RowType ROW_TYPE =
      RowDataConverterTest.rowType(
          DataTypes.ROW(
              FIELD("id", DataTypes.STRING().notNull()),
              FIELD("b", DataTypes.BOOLEAN()),
              FIELD("t", DataTypes.TINYINT()),
              FIELD("s", DataTypes.SMALLINT()),
              FIELD("i", DataTypes.INT()),
              FIELD("l", DataTypes.BIGINT()),
              FIELD("f", DataTypes.FLOAT()),
              FIELD("d", DataTypes.DOUBLE()),
              FIELD("dec", DataTypes.DECIMAL(38, 10)),
              FIELD("str", DataTypes.STRING()),
              FIELD("bin", DataTypes.BYTES()),
              FIELD("date", DataTypes.DATE()),
              FIELD("time", DataTypes.TIME(3)),
              FIELD("ts", DataTypes.TIMESTAMP(9)),
              FIELD("ltz", DataTypes.TIMESTAMP_LTZ(3)),
              FIELD("ints", DataTypes.ARRAY(DataTypes.INT())),
              FIELD("longs", DataTypes.MULTISET(DataTypes.BIGINT())),
              FIELD("decs", DataTypes.MAP(DataTypes.STRING(), DataTypes.DECIMAL(38, 10))),
              FIELD(
                  "nested",
                  DataTypes.ROW(
                      FIELD("n", DataTypes.SMALLINT().notNull()),
                      FIELD("words", DataTypes.ARRAY(DataTypes.STRING()))))));

  private static final RowDataConverter CONVERTER = RowDataConverter.of(ROW_TYPE);
  private static final LogicalSchema SCHEMA = FlinkTypeMapping.fromRowType(ROW_TYPE, List.of("id"));

  private static final long MIN_MILLIS = LocalDate.of(1, 1, 1).toEpochDay() * 86_400_000L;
  private static final long MAX_MILLIS = LocalDate.of(9999, 12, 31).toEpochDay() * 86_400_000L;

  @Property(tries = 300)
  void flinkRowsRoundTripThroughDynamoDb(
      @ForAll("rows") RowData row, @ForAll TimestampEncoding encoding) {
    ItemConverter items =
        ItemConverter.of(SCHEMA, ConversionOptions.builder().timestampEncoding(encoding).build());

    RowData back = CONVERTER.fromRow(items.toRow(items.toItem(CONVERTER.toRow(row))));

    assertThat(normalize(back, ROW_TYPE)).isEqualTo(normalize(row, ROW_TYPE));
  }

  @Provide
  Arbitrary<RowData> rows() {
    List<Arbitrary<?>> columns = new ArrayList<>();
    columns.add(text().ofMinLength(1).map(StringData::fromString));
    columns.add(Arbitraries.of(true, false));
    columns.add(Arbitraries.bytes());
    columns.add(Arbitraries.shorts());
    columns.add(Arbitraries.integers());
    columns.add(Arbitraries.longs());
    // Any bit pattern but NaN and infinities, which DynamoDB cannot store. Negative zero is
    // stored as 0 (DynamoDB has no -0), so it reads back as 0.0.
    columns.add(
        Arbitraries.integers()
            .map(Float::intBitsToFloat)
            .filter(Float::isFinite)
            .map(f -> f == 0f ? 0f : f));
    // DynamoDB numbers have magnitudes from 1E-130 to 9.99E+125; core rejects the rest.
    columns.add(
        Arbitraries.longs()
            .map(Double::longBitsToDouble)
            .filter(d -> d == 0d || (Math.abs(d) >= 1e-130 && Math.abs(d) <= 9.99e125))
            .map(d -> d == 0d ? 0d : d));
    columns.add(decimals());
    columns.add(text().map(StringData::fromString));
    columns.add(Arbitraries.bytes().array(byte[].class).ofMaxSize(16));
    columns.add(
        Arbitraries.integers()
            .between(
                (int) LocalDate.of(1, 1, 1).toEpochDay(),
                (int) LocalDate.of(9999, 12, 31).toEpochDay()));
    columns.add(Arbitraries.integers().between(0, 86_399_999));
    columns.add(
        Combinators.combine(
                Arbitraries.longs().between(MIN_MILLIS, MAX_MILLIS),
                Arbitraries.integers().between(0, 999_999))
            .as(TimestampData::fromEpochMillis));
    columns.add(
        Arbitraries.longs().between(MIN_MILLIS, MAX_MILLIS).map(TimestampData::fromEpochMillis));
    columns.add(
        Arbitraries.integers()
            .injectNull(0.2)
            .list()
            .ofMaxSize(5)
            .map(list -> new GenericArrayData(list.toArray())));
    columns.add(
        Arbitraries.longs()
            .set()
            .ofMinSize(1)
            .ofMaxSize(5)
            .map(
                set -> {
                  Map<Object, Object> counts = new LinkedHashMap<>();
                  set.forEach(element -> counts.put(element, 1));
                  return new GenericMapData(counts);
                }));
    columns.add(
        Arbitraries.maps(text().ofMinLength(1), decimals().injectNull(0.2))
            .ofMaxSize(4)
            .map(
                map -> {
                  Map<Object, Object> converted = new LinkedHashMap<>();
                  map.forEach((key, value) -> converted.put(StringData.fromString(key), value));
                  return new GenericMapData(converted);
                }));
    columns.add(
        Combinators.combine(
                Arbitraries.shorts(),
                text()
                    .map(StringData::fromString)
                    .injectNull(0.2)
                    .list()
                    .ofMaxSize(3)
                    .map(list -> new GenericArrayData(list.toArray())))
            .as((n, words) -> (Object) GenericRowData.of(n, words)));
    List<Arbitrary<Object>> nullable = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Arbitrary<Object> column = columns.get(i).map(value -> (Object) value);
      nullable.add(i == 0 ? column : column.injectNull(0.1));
    }
    return Combinators.combine(nullable).as(values -> GenericRowData.of(values.toArray()));
  }

  private static net.jqwik.api.arbitraries.StringArbitrary text() {
    // Valid UTF-16 only: a lone surrogate has no UTF-8 form, in Flink or in DynamoDB.
    return Arbitraries.strings()
        .withCharRange(' ', '\uD7FF')
        .withCharRange('\uE000', '\uFFFD')
        .ofMaxLength(12);
  }

  private static Arbitrary<DecimalData> decimals() {
    BigInteger max = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
    return Arbitraries.bigIntegers()
        .between(max.negate(), max)
        .map(unscaled -> DecimalData.fromBigDecimal(new BigDecimal(unscaled, 10), 38, 10));
  }
}
