package dev.floe.flink.dynamodb.source;

import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.Row;
import dev.floe.core.dynamodb.AttributePath;
import dev.floe.flink.dynamodb.source.RowDataItemDeserializer.OnTypeMismatch;
import dev.floe.flink.dynamodb.table.FlinkTypeMapping;
import dev.floe.flink.dynamodb.table.RowDataConverter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RowDataItemDeserializerTest {
  private static final RowType ALL_TYPES =
      (RowType)
          DataTypes.ROW(
                  FIELD("id", DataTypes.STRING().notNull()),
                  FIELD("b", DataTypes.BOOLEAN()),
                  FIELD("ti", DataTypes.TINYINT()),
                  FIELD("si", DataTypes.SMALLINT()),
                  FIELD("i", DataTypes.INT()),
                  FIELD("l", DataTypes.BIGINT()),
                  FIELD("f", DataTypes.FLOAT()),
                  FIELD("d", DataTypes.DOUBLE()),
                  FIELD("dec", DataTypes.DECIMAL(20, 4)),
                  FIELD("s", DataTypes.STRING()),
                  FIELD("bin", DataTypes.BYTES()),
                  FIELD("date", DataTypes.DATE()),
                  FIELD("time", DataTypes.TIME(3)),
                  FIELD("ts", DataTypes.TIMESTAMP(6)),
                  FIELD("ltz", DataTypes.TIMESTAMP_LTZ(3)),
                  FIELD("list", DataTypes.ARRAY(DataTypes.STRING())),
                  FIELD("tags", DataTypes.MULTISET(DataTypes.STRING())),
                  FIELD("map", DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())),
                  FIELD(
                      "nested",
                      DataTypes.ROW(FIELD("x", DataTypes.INT()), FIELD("y", DataTypes.STRING()))))
              .getLogicalType();

  private static final RowType ID_AGE =
      (RowType)
          DataTypes.ROW(
                  FIELD("id", DataTypes.BIGINT().notNull()),
                  FIELD("age", DataTypes.INT()),
                  FIELD("name", DataTypes.STRING()))
              .getLogicalType();

  private static StringData str(String s) {
    return StringData.fromString(s);
  }

  private static RowDataItemDeserializer deserializer(RowType rowType, OnTypeMismatch mode) {
    return RowDataItemDeserializer.create(
        rowType, InternalTypeInfo.of(rowType), ConversionOptions.defaults(), mode);
  }

  private static List<RowData> read(RowDataItemDeserializer d, Map<String, AttributeValue> item)
      throws Exception {
    List<RowData> out = new ArrayList<>();
    d.deserialize(item, new ListCollector<>(out));
    return out;
  }

  @Test
  void everyTypeRoundTripsFromItemsWrittenByCore() throws Exception {
    GenericRowData input =
        GenericRowData.of(
            str("k1"),
            true,
            (byte) -7,
            (short) 300,
            42,
            1L << 40,
            1.5f,
            -2.25,
            DecimalData.fromBigDecimal(new BigDecimal("12345.6789"), 20, 4),
            str("text"),
            new byte[] {1, 2, 3},
            19844,
            36930123,
            TimestampData.fromEpochMillis(1_700_000_000_123L, 456_000),
            TimestampData.fromEpochMillis(1_700_000_000_999L),
            new GenericArrayData(new Object[] {str("a"), str("b")}),
            new GenericMapData(Map.of(str("red"), 1, str("blue"), 1)),
            new GenericMapData(Map.of(str("k"), 5)),
            GenericRowData.of(7, str("y")));
    RowDataConverter converter = RowDataConverter.of(ALL_TYPES);
    LogicalSchema schema = FlinkTypeMapping.fromRowType(ALL_TYPES, List.of("id"));
    Row row = converter.toRow(input);
    Map<String, AttributeValue> item = ItemConverter.of(schema).toItem(row);

    RowDataItemDeserializer d =
        InstantiationUtil.clone(deserializer(ALL_TYPES, OnTypeMismatch.FAIL));
    List<RowData> out = read(d, item);

    assertThat(out).hasSize(1);
    assertThat(converter.toRow(out.get(0))).isEqualTo(row);

    // Missing attributes are null; attributes outside the row type are ignored.
    List<RowData> sparse =
        read(d, Map.of("id", AttributeValue.fromS("k2"), "extra", AttributeValue.fromN("1")));
    assertThat(sparse).hasSize(1);
    for (int i = 1; i < ALL_TYPES.getFieldCount(); i++) {
      assertThat(sparse.get(0).isNullAt(i)).as(ALL_TYPES.getFieldNames().get(i)).isTrue();
    }
  }

  private static Map<String, AttributeValue> badAge() {
    return Map.of(
        "id", AttributeValue.fromN("7"),
        "age", AttributeValue.fromS("seven"),
        "name", AttributeValue.fromS("Ann"));
  }

  @Test
  void failNamesAttributeTypesAndItemKey() {
    RowDataItemDeserializer d = deserializer(ID_AGE, OnTypeMismatch.FAIL);
    d.open(
        UnregisteredMetricsGroup.createSourceReaderMetricGroup(),
        dev.floe.core.dynamodb.TableKeySchema.of("id", null));
    String expected;
    try {
      ItemConverter.of(FlinkTypeMapping.fromRowType(ID_AGE, List.of("id"))).toRow(badAge());
      throw new AssertionError("core accepted a string for an INT column");
    } catch (ConversionException e) {
      expected = e.getMessage();
    }
    assertThat(expected).contains("'age'").contains("id=N:7");
    assertThatThrownBy(() -> read(d, badAge()))
        .isInstanceOf(ConversionException.class)
        .hasMessage(expected);
  }

  @Test
  void nullReadsTheMismatchingColumnAsNull() throws Exception {
    RowDataItemDeserializer d = deserializer(ID_AGE, OnTypeMismatch.NULL);
    List<RowData> out = read(d, badAge());
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getLong(0)).isEqualTo(7L);
    assertThat(out.get(0).isNullAt(1)).isTrue();
    assertThat(out.get(0).getString(2)).isEqualTo(str("Ann"));

    // A NOT NULL column cannot be nulled: still an error.
    assertThatThrownBy(() -> read(d, Map.of("id", AttributeValue.fromS("x"))))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("'id'");
  }

  @Test
  void aSchemaWithDocumentAndSetColumnsReadsAnyAttributeAsJsonAndSetsAsArrays() throws Exception {
    RowType rowType =
        (RowType)
            DataTypes.ROW(
                    FIELD("id", DataTypes.BIGINT().notNull()),
                    FIELD("doc", DataTypes.STRING()),
                    FIELD("tags", DataTypes.ARRAY(DataTypes.STRING().notNull())))
                .getLogicalType();
    LogicalSchema schema =
        FlinkTypeMapping.fromRowType(rowType, List.of(), List.of("doc"), List.of("tags"));
    Map<String, AttributeValue> item =
        Map.of(
            "id", AttributeValue.fromN("7"),
            "doc", AttributeValue.fromM(Map.of("n", AttributeValue.fromN("1"))),
            "tags", AttributeValue.fromSs(List.of("x")));
    for (OnTypeMismatch mode : OnTypeMismatch.values()) {
      RowDataItemDeserializer d =
          RowDataItemDeserializer.create(
              rowType, schema, InternalTypeInfo.of(rowType), ConversionOptions.defaults(), mode);
      RowData row = read(d, item).get(0);
      assertThat(row.getString(1)).isEqualTo(str("{\"M\":{\"n\":{\"N\":\"1\"}}}"));
      assertThat(row.getArray(2).getString(0)).isEqualTo(str("x"));
    }

    // A list where the schema says set does not fit; NULL nulls just that column, whatever the
    // document holds.
    RowDataItemDeserializer nulling =
        RowDataItemDeserializer.create(
            rowType,
            schema,
            InternalTypeInfo.of(rowType),
            ConversionOptions.defaults(),
            OnTypeMismatch.NULL);
    RowData row =
        read(
                nulling,
                Map.of(
                    "id", AttributeValue.fromN("8"),
                    "doc", AttributeValue.fromBool(true),
                    "tags", AttributeValue.fromL(List.of(AttributeValue.fromS("x")))))
            .get(0);
    assertThat(row.getString(1)).isEqualTo(str("{\"BOOL\":true}"));
    assertThat(row.isNullAt(2)).isTrue();
  }

  /** Columns read from paths into maps, as Flink SQL's nested projection produces them. */
  private static final RowType NESTED =
      (RowType)
          DataTypes.ROW(
                  FIELD("id", DataTypes.BIGINT().notNull()),
                  FIELD("address_city", DataTypes.STRING()),
                  FIELD("address_geo_lat", DataTypes.DOUBLE()),
                  FIELD("address_a_b", DataTypes.STRING()))
              .getLogicalType();

  private static final List<AttributePath> NESTED_PATHS =
      List.of(
          AttributePath.of("id"),
          AttributePath.of("address", "city"),
          AttributePath.of("address", "geo", "lat"),
          AttributePath.of("address", "a.b"));

  private static RowDataItemDeserializer nested(OnTypeMismatch mode) throws Exception {
    RowDataItemDeserializer d =
        InstantiationUtil.clone(
            RowDataItemDeserializer.create(
                NESTED,
                NESTED_PATHS,
                FlinkTypeMapping.fromRowType(NESTED, List.of()),
                InternalTypeInfo.of(NESTED),
                ConversionOptions.defaults(),
                mode));
    d.open(
        UnregisteredMetricsGroup.createSourceReaderMetricGroup(),
        dev.floe.core.dynamodb.TableKeySchema.of("id", null));
    return d;
  }

  private static Map<String, AttributeValue> addressItem(long id, AttributeValue address) {
    return Map.of("id", AttributeValue.fromN(Long.toString(id)), "address", address);
  }

  private static AttributeValue map(String key, AttributeValue value) {
    return AttributeValue.fromM(Map.of(key, value));
  }

  @Test
  void nestedColumnsAreReadFromTheirPaths() throws Exception {
    RowDataItemDeserializer d = nested(OnTypeMismatch.FAIL);
    Map<String, AttributeValue> address =
        Map.of(
            "city", AttributeValue.fromS("Oslo"),
            "geo", map("lat", AttributeValue.fromN("59.9")),
            "a.b", AttributeValue.fromS("dotted"));

    assertThat(read(d, addressItem(1, AttributeValue.fromM(address))))
        .containsExactly(GenericRowData.of(1L, str("Oslo"), 59.9, str("dotted")));
    // A missing or NULL map on the way, or a missing field, reads as null.
    assertThat(read(d, Map.of("id", AttributeValue.fromN("2"))))
        .containsExactly(GenericRowData.of(2L, null, null, null));
    assertThat(read(d, addressItem(3, AttributeValue.fromNul(true))))
        .containsExactly(GenericRowData.of(3L, null, null, null));
    assertThat(read(d, addressItem(4, map("geo", AttributeValue.fromNul(true)))))
        .containsExactly(GenericRowData.of(4L, null, null, null));
  }

  @Test
  void aValueThatIsNotAMapOnTheWayIsATypeMismatchNamingThePath() throws Exception {
    Map<String, AttributeValue> street = addressItem(5, AttributeValue.fromS("Oslo street"));
    Map<String, AttributeValue> numericGeo = addressItem(6, map("geo", AttributeValue.fromN("1")));
    Map<String, AttributeValue> numericCity =
        addressItem(7, map("city", AttributeValue.fromN("1")));

    RowDataItemDeserializer failing = nested(OnTypeMismatch.FAIL);
    assertThatThrownBy(() -> read(failing, street))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot read attribute 'address.city' of item {id=N:5}: expected M for the ROW"
                + " 'address', found S:Oslo street");
    assertThatThrownBy(() -> read(failing, numericGeo))
        .hasMessage(
            "Cannot read attribute 'address.geo.lat' of item {id=N:6}: expected M for the ROW"
                + " 'address.geo', found N:1");
    assertThatThrownBy(() -> read(failing, numericCity))
        .hasMessage(
            "Cannot read attribute 'address.city' of item {id=N:7}: expected S for STRING, found"
                + " N:1");

    RowDataItemDeserializer nulling = nested(OnTypeMismatch.NULL);
    assertThat(read(nulling, street)).containsExactly(GenericRowData.of(5L, null, null, null));
    assertThat(read(nulling, numericCity)).containsExactly(GenericRowData.of(7L, null, null, null));

    RowDataItemDeserializer skipping = nested(OnTypeMismatch.SKIP);
    assertThat(read(skipping, street)).isEmpty();
    assertThat(read(skipping, numericCity)).isEmpty();
    assertThat(skipping.itemsSkipped()).isEqualTo(2);
  }

  @Test
  void skipDropsAndCountsTheItem() throws Exception {
    RowDataItemDeserializer d = deserializer(ID_AGE, OnTypeMismatch.SKIP);
    d.open(UnregisteredMetricsGroup.createSourceReaderMetricGroup(), null);
    assertThat(read(d, badAge())).isEmpty();
    assertThat(read(d, Map.of("id", AttributeValue.fromN("8"), "age", AttributeValue.fromN("3"))))
        .hasSize(1);
    assertThat(d.itemsSkipped()).isEqualTo(1);
  }
}
