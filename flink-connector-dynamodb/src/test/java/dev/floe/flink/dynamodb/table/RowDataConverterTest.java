package dev.floe.flink.dynamodb.table;

import static dev.floe.core.conversion.LogicalTypes.DOCUMENT;
import static dev.floe.core.conversion.LogicalTypes.STRING;
import static dev.floe.core.conversion.LogicalTypes.UUID;
import static dev.floe.core.conversion.LogicalTypes.nullable;
import static dev.floe.core.conversion.LogicalTypes.required;
import static dev.floe.core.conversion.LogicalTypes.set;
import static dev.floe.flink.dynamodb.table.FlinkTypeMappingTest.multiset;
import static dev.floe.flink.dynamodb.table.FlinkTypeMappingTest.orderedMap;
import static dev.floe.flink.dynamodb.table.FlinkTypeMappingTest.s;
import static dev.floe.flink.dynamodb.table.FlinkTypeMappingTest.str;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.Row;
import dev.floe.flink.dynamodb.table.FlinkTypeMappingTest.TypeCase;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Flink rows through Floe rows to DynamoDB items and back, for every Flink SQL type. */
class RowDataConverterTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.floe.flink.dynamodb.table.FlinkTypeMappingTest#cases")
  void everyFlinkTypeRoundTripsThroughDynamoDb(TypeCase typeCase) {
    RowType rowType = keyAnd(typeCase.flink());
    LogicalSchema schema = FlinkTypeMapping.fromRowType(rowType, List.of("id"));
    assertThat(schema.field("v").type()).isEqualTo(typeCase.core());
    RowDataConverter converter = RowDataConverter.of(rowType);
    ItemConverter items = ItemConverter.of(schema);
    GenericRowData input = GenericRowData.of(str("k1"), typeCase.internal());

    Row row = converter.toRow(input);
    Map<String, AttributeValue> item = items.toItem(row);
    Row readBack = items.toRow(item);
    RowData output = converter.fromRow(readBack);

    assertThat(item).containsEntry("id", s("k1")).containsEntry("v", typeCase.stored());
    assertThat(readBack).isEqualTo(row);
    assertThat(normalize(output, rowType)).isEqualTo(normalize(input, rowType));
    assertThat(output.getRowKind()).isEqualTo(input.getRowKind());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.floe.flink.dynamodb.table.FlinkTypeMappingTest#cases")
  void nullOfEveryFlinkTypeRoundTripsThroughDynamoDb(TypeCase typeCase) {
    RowType rowType = keyAnd(typeCase.flink());
    ItemConverter items = ItemConverter.of(FlinkTypeMapping.fromRowType(rowType, List.of("id")));
    RowDataConverter converter = RowDataConverter.of(rowType);
    GenericRowData input = GenericRowData.of(str("k1"), null);

    Map<String, AttributeValue> item = items.toItem(converter.toRow(input));
    RowData output = converter.fromRow(items.toRow(item));

    assertThat(item).containsEntry("v", AttributeValue.fromNul(true));
    assertThat(output.isNullAt(1)).isTrue();
    assertThat(output.getString(0)).isEqualTo(str("k1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.floe.flink.dynamodb.table.FlinkTypeMappingTest#cases")
  void binaryRowsFromFlinkSerializersConvertLikeGenericRows(TypeCase typeCase) {
    RowType rowType = keyAnd(typeCase.flink());
    RowDataConverter converter = RowDataConverter.of(rowType);
    GenericRowData input = GenericRowData.of(str("k1"), typeCase.internal());

    RowData binary = new RowDataSerializer(rowType).toBinaryRow(input);

    assertThat(converter.toRow(binary)).isEqualTo(converter.toRow(input));
  }

  @Test
  void tinyintAndSmallintAreIntegersInFloeAndTheirOwnTypeInFlink() {
    RowType rowType =
        rowType(DataTypes.ROW(FIELD("t", DataTypes.TINYINT()), FIELD("s", DataTypes.SMALLINT())));
    RowDataConverter converter = RowDataConverter.of(rowType);

    Row row = converter.toRow(GenericRowData.of((byte) 7, (short) -300));
    RowData back = converter.fromRow(row);

    assertThat(row).isEqualTo(Row.of(7, -300));
    assertThat(back.getByte(0)).isEqualTo((byte) 7);
    assertThat(back.getShort(1)).isEqualTo((short) -300);
  }

  @Test
  void floeValuesAreTheClassesOfTheTypeMapping() {
    RowType rowType =
        rowType(
            DataTypes.ROW(
                FIELD("dec", DataTypes.DECIMAL(38, 10)),
                FIELD("bin", DataTypes.BYTES()),
                FIELD("date", DataTypes.DATE()),
                FIELD("time", DataTypes.TIME(3)),
                FIELD("ts", DataTypes.TIMESTAMP(9)),
                FIELD("ltz", DataTypes.TIMESTAMP_LTZ(3)),
                FIELD("tags", DataTypes.MULTISET(DataTypes.STRING()))));
    byte[] bytes = {1, 2};
    GenericRowData input =
        GenericRowData.of(
            DecimalData.fromBigDecimal(new BigDecimal("1.5"), 38, 10),
            bytes,
            19844,
            36930123,
            org.apache.flink.table.data.TimestampData.fromEpochMillis(0, 1),
            org.apache.flink.table.data.TimestampData.fromEpochMillis(1),
            multiset(str("a")));

    Row row = RowDataConverter.of(rowType).toRow(input);
    bytes[0] = 9;

    assertThat(row.get(0)).isEqualTo(new BigDecimal("1.5000000000"));
    assertThat(((BigDecimal) row.get(0)).scale()).isEqualTo(10);
    assertThat(row.get(1)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(((ByteBuffer) row.get(1)).isReadOnly()).isTrue();
    assertThat(row.get(2)).isEqualTo(LocalDate.parse("2024-05-01"));
    assertThat(row.get(3)).isEqualTo(LocalTime.parse("10:15:30.123"));
    assertThat(row.get(4)).isEqualTo(LocalDateTime.parse("1970-01-01T00:00:00.000000001"));
    assertThat(row.get(5)).isEqualTo(java.time.Instant.parse("1970-01-01T00:00:00.001Z"));
    assertThat(row.get(6)).isEqualTo(Set.of("a"));
  }

  @Test
  void decimal38With10DigitsOfScaleIsExact() {
    RowType rowType = keyAnd(DataTypes.DECIMAL(38, 10));
    RowDataConverter converter = RowDataConverter.of(rowType);
    ItemConverter items = ItemConverter.of(FlinkTypeMapping.fromRowType(rowType, List.of("id")));
    for (String value :
        List.of(
            "9999999999999999999999999999.9999999999",
            "-9999999999999999999999999999.9999999999",
            "0.0000000001",
            "1234567890123456789.0000000000")) {
      DecimalData decimal = DecimalData.fromBigDecimal(new BigDecimal(value), 38, 10);
      RowData back =
          converter.fromRow(
              items.toRow(items.toItem(converter.toRow(GenericRowData.of(str("k"), decimal)))));
      assertThat(back.getDecimal(1, 38, 10).toBigDecimal()).isEqualTo(new BigDecimal(value));
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aMultisetElementCountedTwiceIsAnError() {
    RowDataConverter converter =
        RowDataConverter.of(keyAnd(DataTypes.MULTISET(DataTypes.STRING())));
    Map<Object, Object> counts = new LinkedHashMap<>();
    counts.put(str("a"), 1);
    counts.put(str("b"), 2);

    assertThatThrownBy(
            () -> converter.toRow(GenericRowData.of(str("k"), new GenericMapData(counts))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v[1]' from Flink to DynamoDB: the MULTISET holds 'b' 2 times,"
                + " but a DynamoDB set holds each element once; remove the duplicates or declare an"
                + " ARRAY to write a list");
  }

  @Test
  void equalBinaryMultisetElementsAreAnError() {
    RowDataConverter converter = RowDataConverter.of(keyAnd(DataTypes.MULTISET(DataTypes.BYTES())));
    // byte[] keys compare by identity in a GenericMapData, so equal contents are two entries.
    GenericMapData twice = multiset(new byte[] {1, 2}, new byte[] {1, 2});

    assertThatThrownBy(() -> converter.toRow(GenericRowData.of(str("k"), twice)))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v[1]' from Flink to DynamoDB: the MULTISET holds base64:AQI="
                + " more than once, but a DynamoDB set holds each element once; remove the"
                + " duplicates or declare an ARRAY to write a list");
  }

  @Test
  void emptyMultisetIsStoredAsNullAndReadsBackAsNull() {
    RowType rowType = keyAnd(DataTypes.MULTISET(DataTypes.STRING()));
    RowDataConverter converter = RowDataConverter.of(rowType);
    ItemConverter items = ItemConverter.of(FlinkTypeMapping.fromRowType(rowType, List.of("id")));

    Map<String, AttributeValue> item =
        items.toItem(converter.toRow(GenericRowData.of(str("k"), multiset())));

    assertThat(item).containsEntry("v", AttributeValue.fromNul(true));
    assertThat(converter.fromRow(items.toRow(item)).isNullAt(1)).isTrue();
  }

  @Test
  void aTimeWithSubMillisecondDigitsIsAnErrorNotATruncation() {
    RowType rowType = keyAnd(DataTypes.TIME(3));
    RowDataConverter converter = RowDataConverter.of(rowType);
    ItemConverter items = ItemConverter.of(FlinkTypeMapping.fromRowType(rowType, List.of("id")));
    Row read = items.toRow(Map.of("id", s("k"), "v", s("10:15:30.123456")));

    assertThatThrownBy(() -> converter.fromRow(read))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v' from DynamoDB to Flink: 10:15:30.123456 has"
                + " sub-millisecond digits, but Flink holds TIME values as milliseconds (Floe never"
                + " truncates); declare the column STRING to read the full value");
  }

  @Test
  void aTimeWithMoreDigitsThanItsFlinkPrecisionIsAnError() {
    RowDataConverter converter = RowDataConverter.of(keyAnd(DataTypes.TIME(0)));

    assertThatThrownBy(() -> converter.fromRow(Row.of("k", LocalTime.parse("10:15:30.5"))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v' from DynamoDB to Flink: 10:15:30.500 has more fractional"
                + " second digits than Flink TIME(0) keeps; declare TIME(3) (Floe never"
                + " truncates)");
  }

  @Test
  void aTimestampWithMoreDigitsThanItsFlinkPrecisionIsAnError() {
    RowDataConverter converter = RowDataConverter.of(keyAnd(DataTypes.TIMESTAMP(3)));

    assertThatThrownBy(
            () -> converter.fromRow(Row.of("k", LocalDateTime.parse("2024-05-01T10:15:30.123456"))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v' from DynamoDB to Flink: 2024-05-01T10:15:30.123456 has more"
                + " fractional second digits than Flink TIMESTAMP(3) keeps; declare a higher"
                + " precision (Floe never truncates)");
  }

  @Test
  void aTimestampBeyondFlinksRangeIsAnErrorNotAnOverflow() {
    RowDataConverter converter = RowDataConverter.of(keyAnd(DataTypes.TIMESTAMP(0)));

    assertThatThrownBy(() -> converter.fromRow(Row.of("k", LocalDateTime.MAX.withNano(0))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v' from DynamoDB to Flink: +999999999-12-31T23:59:59 is beyond"
                + " the timestamps Flink TIMESTAMP(0) holds");
  }

  @Test
  void aTinyintOutOfRangeIsAnError() {
    RowType rowType = keyAnd(DataTypes.TINYINT());
    RowDataConverter converter = RowDataConverter.of(rowType);
    ItemConverter items = ItemConverter.of(FlinkTypeMapping.fromRowType(rowType, List.of("id")));
    Row read = items.toRow(Map.of("id", s("k"), "v", AttributeValue.fromN("300")));

    assertThatThrownBy(() -> converter.fromRow(read))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v' from DynamoDB to Flink: 300 is out of range for Flink"
                + " TINYINT (-128 to 127); declare SMALLINT or INT");
  }

  @Test
  void errorsInNestedValuesNameTheirPath() {
    DataType type =
        DataTypes.ROW(
            FIELD("lines", DataTypes.ARRAY(DataTypes.ROW(FIELD("qty", DataTypes.SMALLINT())))),
            FIELD("attrs", DataTypes.MAP(DataTypes.STRING(), DataTypes.TINYINT())));
    RowType rowType = keyAnd(type);
    RowDataConverter converter = RowDataConverter.of(rowType);
    ItemConverter items = ItemConverter.of(FlinkTypeMapping.fromRowType(rowType, List.of("id")));
    AttributeValue lines =
        AttributeValue.fromL(
            List.of(
                AttributeValue.fromM(Map.of("qty", AttributeValue.fromN("1"))),
                AttributeValue.fromM(Map.of("qty", AttributeValue.fromN("70000")))));
    Row badLine =
        items.toRow(Map.of("id", s("k"), "v", AttributeValue.fromM(Map.of("lines", lines))));
    Row badAttr =
        items.toRow(
            Map.of(
                "id",
                s("k"),
                "v",
                AttributeValue.fromM(
                    Map.of(
                        "attrs",
                        AttributeValue.fromM(Map.of("colour", AttributeValue.fromN("-129")))))));

    assertThatThrownBy(() -> converter.fromRow(badLine))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v.lines[1].qty' from DynamoDB to Flink: 70000 is out of range"
                + " for Flink SMALLINT (-32768 to 32767); declare INT");
    assertThatThrownBy(() -> converter.fromRow(badAttr))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v.attrs.colour' from DynamoDB to Flink: -129 is out of range"
                + " for Flink TINYINT (-128 to 127); declare SMALLINT or INT");
  }

  @Test
  void aDecimalThatDoesNotFitItsFlinkTypeIsAnErrorNotARounding() {
    RowDataConverter converter = RowDataConverter.of(keyAnd(DataTypes.DECIMAL(5, 2)));

    assertThatThrownBy(() -> converter.fromRow(Row.of("k", new BigDecimal("1.005"))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v' from DynamoDB to Flink: 1.005 has 3 fractional digits but"
                + " Flink DECIMAL(5, 2) keeps 2; declare a larger scale (Floe never rounds)");
    assertThatThrownBy(() -> converter.fromRow(Row.of("k", new BigDecimal("1234.5"))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v' from DynamoDB to Flink: 1234.5 needs 6 digits at scale 2"
                + " but Flink DECIMAL(5, 2) holds 5; declare a larger precision");
  }

  @Test
  void aValueOfTheWrongClassOrANullInANotNullColumnIsAnError() {
    RowDataConverter converter = RowDataConverter.of(keyAnd(DataTypes.INT()));

    assertThatThrownBy(() -> converter.fromRow(Row.of("k", "12")))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'v' from DynamoDB to Flink: expected a java.lang.Integer for"
                + " Flink INT, found a java.lang.String ('12')");
    assertThatThrownBy(() -> converter.fromRow(Row.of(null, 12)))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'id' from DynamoDB to Flink: the value is null but its Flink"
                + " type is NOT NULL");
    assertThatThrownBy(() -> converter.fromRow(Row.of("k")))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column '<row>' from DynamoDB to Flink: the row has 1 values but the"
                + " Flink row type has 2 fields [id, v]");
    assertThatThrownBy(() -> converter.toRow(GenericRowData.of(str("k"))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert a Flink row with 1 fields: the table has 2 physical columns [id, v]");
  }

  @Test
  void aNullInANotNullFlinkColumnIsReportedByTheItemConverter() {
    RowType rowType = keyAnd(DataTypes.BIGINT().notNull());
    RowDataConverter converter = RowDataConverter.of(rowType);
    ItemConverter items = ItemConverter.of(FlinkTypeMapping.fromRowType(rowType, List.of("id")));

    Row row = converter.toRow(GenericRowData.of(str("k"), null));

    assertThat(row).isEqualTo(Row.of("k", null));
    assertThatThrownBy(() -> items.toItem(row))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("'v'")
        .hasMessageContaining("NOT NULL");
  }

  // ---------------------------------------------------------------- an existing DynamoDB schema

  @Test
  void uuidDocumentAndSetColumnsShowAsStringsAndArraysInFlinkAndWriteBackUnchanged() {
    LogicalSchema schema =
        LogicalSchema.of(
            List.of(
                required("id", STRING),
                nullable("u", UUID),
                nullable("doc", DOCUMENT),
                nullable("tags", set(STRING))),
            List.of("id"));
    RowType rowType = FlinkTypeMapping.toRowType(schema);
    RowDataConverter converter = RowDataConverter.of(rowType, schema);
    ItemConverter items = ItemConverter.of(schema);
    Map<String, AttributeValue> item =
        orderedMap(
            "id", s("k"),
            "u", s("123e4567-e89b-12d3-a456-426614174000"),
            "doc", AttributeValue.fromM(Map.of("a", AttributeValue.fromSs(List.of("x")))),
            "tags", AttributeValue.fromSs(List.of("b", "a")));

    RowData flinkRow = converter.fromRow(items.toRow(item));

    assertThat(flinkRow.getString(1).toString()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(flinkRow.getString(2).toString()).isEqualTo("{\"M\":{\"a\":{\"SS\":[\"x\"]}}}");
    assertThat(normalize(flinkRow.getArray(3), rowType.getTypeAt(3))).isEqualTo(List.of("b", "a"));
    assertThat(items.toItem(converter.toRow(flinkRow))).isEqualTo(item);
  }

  @Test
  void aStringThatIsNotAUuidCannotBeWrittenToAUuidColumn() {
    LogicalSchema schema = LogicalSchema.of(List.of(nullable("u", UUID)));
    RowDataConverter converter = RowDataConverter.of(FlinkTypeMapping.toRowType(schema), schema);

    assertThatThrownBy(() -> converter.toRow(GenericRowData.of(str("not-a-uuid"))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'u' from Flink to DynamoDB: 'not-a-uuid' is not a UUID such as"
                + " 123e4567-e89b-12d3-a456-426614174000");
  }

  @Test
  void anArrayWithDuplicatesCannotBeWrittenToASetColumn() {
    LogicalSchema schema = LogicalSchema.of(List.of(nullable("tags", set(STRING))));
    RowDataConverter converter = RowDataConverter.of(FlinkTypeMapping.toRowType(schema), schema);

    assertThatThrownBy(
            () ->
                converter.toRow(
                    GenericRowData.of(new GenericArrayData(new Object[] {str("a"), str("a")}))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'tags[1]' from Flink to DynamoDB: the array holds 'a' more"
                + " than once, but its DynamoDB column is a set, which holds each element once");
  }

  @Test
  void flinkTypesThatCannotHoldTheColumnsAreRejectedWhenBuilding() {
    LogicalSchema schema =
        LogicalSchema.of(
            List.of(
                required("id", STRING),
                nullable("n", dev.floe.core.conversion.LogicalTypes.BIGINT)));

    assertThatThrownBy(
            () ->
                RowDataConverter.of(
                    rowType(
                        DataTypes.ROW(
                            FIELD("id", DataTypes.STRING().notNull()),
                            FIELD("n", DataTypes.INT()))),
                    schema))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert column 'n': Flink type INT cannot hold values of the DynamoDB column"
                + " type BIGINT; declare BIGINT");
    assertThatThrownBy(() -> RowDataConverter.of(keyAnd(DataTypes.BIGINT()), schema))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert the table: the Flink fields [id, v] differ from the DynamoDB columns"
                + " [id, n]");
  }

  // ---------------------------------------------------------------- shipping to tasks

  @Test
  void theConverterIsSerializable() throws Exception {
    TypeCase nested =
        FlinkTypeMappingTest.cases()
            .filter(typeCase -> typeCase.name().startsWith("nested"))
            .findFirst()
            .orElseThrow();
    RowType rowType = keyAnd(nested.flink());
    RowDataConverter converter = RowDataConverter.of(rowType);
    GenericRowData input = GenericRowData.of(str("k"), nested.internal());

    RowDataConverter copy =
        InstantiationUtil.deserializeObject(
            InstantiationUtil.serializeObject(converter), getClass().getClassLoader());

    assertThat(copy.toRow(input)).isEqualTo(converter.toRow(input));
    assertThat(normalize(copy.fromRow(copy.toRow(input)), rowType))
        .isEqualTo(normalize(input, rowType));
    assertThat(copy.rowType()).isEqualTo(rowType);
    assertThat(copy.structType()).isEqualTo(converter.structType());
  }

  @Test
  void aConverterForAResolvedSchemaConvertsItsPhysicalColumns() {
    ResolvedSchema schema =
        ResolvedSchema.of(
            Column.physical("id", DataTypes.STRING().notNull()),
            Column.metadata("at", DataTypes.TIMESTAMP_LTZ(3), "timestamp", true),
            Column.physical("n", DataTypes.INT()));

    RowDataConverter converter = RowDataConverter.of(schema);

    assertThat(converter.rowType().getFieldNames()).containsExactly("id", "n");
    assertThat(converter.toRow(GenericRowData.of(str("k"), 1))).isEqualTo(Row.of("k", 1));
  }

  // ---------------------------------------------------------------- helpers

  static RowType keyAnd(DataType value) {
    return rowType(DataTypes.ROW(FIELD("id", DataTypes.STRING().notNull()), FIELD("v", value)));
  }

  static RowType rowType(DataType row) {
    return (RowType) row.notNull().getLogicalType();
  }

  /**
   * Flink internal data as plain Java values that compare by content (Flink's generic and binary
   * structures do not compare with each other, and byte[] compares by identity): rows and arrays
   * become lists, maps and multisets maps, bytes ByteBuffers, strings Strings, decimals
   * BigDecimals.
   */
  static Object normalize(Object internal, LogicalType type) {
    if (internal == null) {
      return null;
    }
    switch (type.getTypeRoot()) {
      case ROW:
        RowType rowType = (RowType) type;
        RowData row = (RowData) internal;
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < rowType.getFieldCount(); i++) {
          LogicalType fieldType = rowType.getTypeAt(i);
          fields.add(
              normalize(
                  RowData.createFieldGetter(fieldType.copy(true), i).getFieldOrNull(row),
                  fieldType));
        }
        return fields;
      case ARRAY:
        LogicalType elementType = ((ArrayType) type).getElementType();
        return elements((ArrayData) internal, elementType);
      case MULTISET:
        MapData multiset = (MapData) internal;
        List<Object> keys = elements(multiset.keyArray(), ((MultisetType) type).getElementType());
        List<Object> counts = elements(multiset.valueArray(), DataTypes.INT().getLogicalType());
        return zip(keys, counts);
      case MAP:
        org.apache.flink.table.types.logical.MapType mapType =
            (org.apache.flink.table.types.logical.MapType) type;
        MapData map = (MapData) internal;
        return zip(
            elements(map.keyArray(), mapType.getKeyType()),
            elements(map.valueArray(), mapType.getValueType()));
      case BINARY:
      case VARBINARY:
        return ByteBuffer.wrap((byte[]) internal);
      case CHAR:
      case VARCHAR:
        return ((StringData) internal).toString();
      case DECIMAL:
        return ((DecimalData) internal).toBigDecimal();
      default:
        return internal;
    }
  }

  private static List<Object> elements(ArrayData array, LogicalType elementType) {
    ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType.copy(true));
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      elements.add(normalize(getter.getElementOrNull(array, i), elementType));
    }
    return elements;
  }

  private static Map<Object, Object> zip(List<Object> keys, List<Object> values) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      map.put(keys.get(i), values.get(i));
    }
    return map;
  }
}
