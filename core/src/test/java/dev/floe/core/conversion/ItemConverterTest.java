package dev.floe.core.conversion;

import static dev.floe.core.conversion.LogicalTypes.BIGINT;
import static dev.floe.core.conversion.LogicalTypes.DOUBLE;
import static dev.floe.core.conversion.LogicalTypes.INT;
import static dev.floe.core.conversion.LogicalTypes.STRING;
import static dev.floe.core.conversion.LogicalTypes.TIMESTAMP;
import static dev.floe.core.conversion.LogicalTypes.TIMESTAMP_LTZ;
import static dev.floe.core.conversion.LogicalTypes.decimal;
import static dev.floe.core.conversion.LogicalTypes.list;
import static dev.floe.core.conversion.LogicalTypes.nullable;
import static dev.floe.core.conversion.LogicalTypes.required;
import static dev.floe.core.conversion.LogicalTypes.set;
import static dev.floe.core.conversion.LogicalTypes.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemConverterTest {
  private static final AttributeValue KEY = AttributeValue.fromS("u1");

  private static ItemConverter converter(LogicalType valueType) {
    return ItemConverter.of(
        LogicalSchema.of(List.of(required("id", STRING), nullable("v", valueType)), List.of("id")));
  }

  private static Map<String, AttributeValue> item(AttributeValue value) {
    return Map.of("id", KEY, "v", value);
  }

  @Test
  void malformedNumberNamesAttributeValueAndItemKey() {
    assertThatThrownBy(() -> converter(BIGINT).toRow(item(AttributeValue.fromN("12x"))))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: '12x' is not a number (expected a decimal"
                + " string such as 12.5 or 1E+3)");
  }

  @Test
  void doublesReadAsTheNearestDoubleOfTheDecimalWhateverItsNotation() {
    for (String text :
        List.of(
            "0.1",
            "-0.14285714285714285",
            "123456789012345678901234567890.123456",
            "1E-30",
            "9.99E+125",
            "-0",
            "-0.000",
            "17",
            "0.000000000000000000000000000000000000012")) {
      assertThat(converter(DOUBLE).toRow(item(AttributeValue.fromN(text))).get(1))
          .as(text)
          .isEqualTo(new BigDecimal(text).doubleValue());
    }
    assertThatThrownBy(() -> converter(DOUBLE).toRow(item(AttributeValue.fromN("1.5d"))))
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: '1.5d' is not a number (expected a decimal"
                + " string such as 12.5 or 1E+3)");
  }

  @Test
  void numberBeyondTheColumnTypeIsAnErrorNotAWrapAround() {
    assertThatThrownBy(() -> converter(INT).toRow(item(AttributeValue.fromN("2147483648"))))
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: 2147483648 is out of range for INT;"
                + " declare a wider type");
    assertThatThrownBy(() -> converter(BIGINT).toRow(item(AttributeValue.fromN("1.5"))))
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: 1.5 has a fractional part, so it is not a"
                + " valid BIGINT");
  }

  @Test
  void decimalPrecisionOverflowAndRoundingAreErrors() {
    assertThatThrownBy(() -> converter(decimal(5, 2)).toRow(item(AttributeValue.fromN("1234.5"))))
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: 1234.5 needs 6 digits at scale 2 but"
                + " DECIMAL(5, 2) holds 5; declare a larger precision");
    assertThatThrownBy(() -> converter(decimal(10, 2)).toRow(item(AttributeValue.fromN("1.005"))))
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: 1.005 has 3 fractional digits but"
                + " DECIMAL(10, 2) keeps 2; declare a larger scale (Floe never rounds)");
    assertThatThrownBy(
            () -> converter(decimal(10, 2)).toItem(Row.of("u1", new BigDecimal("0.125"))))
        .hasMessage(
            "Cannot write attribute 'v' of item {id=u1}: 0.125 has 3 fractional digits but"
                + " DECIMAL(10, 2) keeps 2; declare a larger scale (Floe never rounds)");
  }

  @Test
  void decimalTrailingZerosBeyondTheScaleAreNotRounding() {
    assertThat(converter(decimal(10, 2)).toRow(item(AttributeValue.fromN("1.500"))))
        .isEqualTo(Row.of("u1", new BigDecimal("1.50")));
    assertThat(converter(decimal(10, 0)).toRow(item(AttributeValue.fromN("1E+3"))))
        .isEqualTo(Row.of("u1", new BigDecimal("1000")));
  }

  @Test
  void thirtyEightDigitNumbersAreExact() {
    String digits = "12345678901234567890.123456789012345678";
    Row row = converter(decimal(38, 18)).toRow(item(AttributeValue.fromN(digits)));
    assertThat(row.get(1)).isEqualTo(new BigDecimal(digits));
    assertThat(converter(decimal(38, 18)).toItem(row).get("v").n()).isEqualTo(digits);
  }

  @Test
  void valuesDynamoDbCannotHoldAreRejectedBeforeAnyWrite() {
    assertThatThrownBy(() -> converter(DOUBLE).toItem(Row.of("u1", Double.NaN)))
        .hasMessage(
            "Cannot write attribute 'v' of item {id=u1}: NaN has no DynamoDB number form; DynamoDB"
                + " numbers are finite decimals");
    assertThatThrownBy(() -> converter(DOUBLE).toItem(Row.of("u1", 1e200)))
        .hasMessage(
            "Cannot write attribute 'v' of item {id=u1}: 1.0E+200 is outside DynamoDB's number range"
                + " (magnitude 1E-130 to 9.99E+125)");
    BigDecimal tooPrecise = new BigDecimal("1234567890123456789012345678901234567890");
    assertThatThrownBy(() -> AttributeValues.toAttributeValue(tooPrecise, "attribute 'n'"))
        .hasMessage(
            "Cannot convert attribute 'n': 1234567890123456789012345678901234567890 has 39"
                + " significant digits; DynamoDB numbers hold at most 38");
  }

  @Test
  void typeMismatchNamesTheNestedAttributePath() {
    ItemConverter converter =
        converter(struct(nullable("lines", list(struct(nullable("qty", INT))))));
    AttributeValue line = AttributeValue.fromM(Map.of("qty", AttributeValue.fromS("three")));
    AttributeValue order =
        AttributeValue.fromM(
            Map.of("lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of()), line))));

    assertThatThrownBy(() -> converter.toRow(item(order)))
        .hasMessage(
            "Cannot read attribute 'v.lines[1].qty' of item {id=S:u1}: expected N for INT, found"
                + " S:three");
  }

  @Test
  void missingRequiredAttributeAndNullKeyAreErrors() {
    ItemConverter converter =
        ItemConverter.of(
            LogicalSchema.of(List.of(required("id", STRING), required("n", INT)), List.of("id")));

    assertThatThrownBy(() -> converter.toRow(Map.of("id", KEY)))
        .hasMessage(
            "Cannot read attribute 'n' of item {id=S:u1}: the attribute is missing but the column is"
                + " INT NOT NULL");
    assertThatThrownBy(() -> converter.toItem(Row.of(null, 1)))
        .hasMessage(
            "Cannot write attribute 'id' of item {id=null}: a key attribute cannot be null; every"
                + " item needs its primary key");
  }

  @Test
  void unsupportedJavaValueIsAnErrorNamingTheAttribute() {
    assertThatThrownBy(() -> converter(INT).toItem(Row.of("u1", "42")))
        .hasMessage(
            "Cannot write attribute 'v' of item {id=u1}: expected a java.lang.Number for INT, found a"
                + " java.lang.String (42)");
    assertThatThrownBy(() -> AttributeValues.toAttributeValue(new Object(), "attribute 'x'"))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith(
            "Cannot convert attribute 'x': unsupported Java type java.lang.Object");
  }

  @Test
  void unsupportedLogicalTypesAreRejectedWhenDeclared() {
    assertThatThrownBy(() -> set(LogicalTypes.BOOLEAN))
        .hasMessage(
            "Cannot create SET<BOOLEAN>: DynamoDB sets hold only strings (SS), numbers (NS) or binary"
                + " (BS)");
    assertThatThrownBy(() -> LogicalTypes.map(LogicalTypes.DOUBLE, STRING))
        .hasMessage(
            "Cannot create MAP<DOUBLE, STRING>: DynamoDB map keys are text; use STRING, INT, BIGINT,"
                + " DATE or UUID keys");
    assertThatThrownBy(() -> decimal(39, 0))
        .hasMessage("Cannot create DECIMAL(39, 0): precision must be 1 to 38");
  }

  @Test
  void timestampsReadTheOfficialFlinkConnectorsIsoStrings() {
    // The Apache Flink DynamoDB connector writes LocalDateTime.toString() and Instant.toString().
    assertThat(converter(TIMESTAMP).toRow(item(AttributeValue.fromS("2024-05-01T10:15"))))
        .isEqualTo(Row.of("u1", LocalDateTime.of(2024, 5, 1, 10, 15)));
    assertThat(converter(TIMESTAMP).toRow(item(AttributeValue.fromS("2024-05-01 10:15:30.5"))))
        .isEqualTo(Row.of("u1", LocalDateTime.of(2024, 5, 1, 10, 15, 30, 500_000_000)));
    assertThat(
            converter(TIMESTAMP_LTZ).toRow(item(AttributeValue.fromS("2024-05-01T10:15:30+02:00"))))
        .isEqualTo(Row.of("u1", Instant.parse("2024-05-01T08:15:30Z")));
  }

  @Test
  void timestampsFinerThanTheColumnAreErrorsNotTruncation() {
    assertThatThrownBy(
            () ->
                converter(TIMESTAMP)
                    .toRow(item(AttributeValue.fromS("2024-05-01T10:15:30.1234567"))))
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: 2024-05-01T10:15:30.1234567 has more than 6"
                + " fractional second digits; declare a higher precision (Floe never truncates)");
    assertThatThrownBy(() -> converter(TIMESTAMP).toRow(item(AttributeValue.fromS("yesterday"))))
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: 'yesterday' is not an ISO-8601 local"
                + " date-time, such as 2024-05-01T10:15:30 for TIMESTAMP(6)");
  }

  @Test
  void epochEncodingsWriteExactNumbers() {
    Instant instant = Instant.parse("2024-05-01T08:15:30.123456Z");
    LogicalSchema schema =
        LogicalSchema.of(
            List.of(required("id", STRING), nullable("v", TIMESTAMP_LTZ)), List.of("id"));
    Map<TimestampEncoding, String> expected =
        Map.of(
            TimestampEncoding.EPOCH_SECONDS, "1714551330.123456",
            TimestampEncoding.EPOCH_MILLIS, "1714551330123.456",
            TimestampEncoding.EPOCH_MICROS, "1714551330123456",
            TimestampEncoding.EPOCH_NANOS, "1714551330123456000");
    expected.forEach(
        (encoding, number) -> {
          ItemConverter converter =
              ItemConverter.of(
                  schema, ConversionOptions.builder().timestampEncoding(encoding).build());
          Map<String, AttributeValue> item = converter.toItem(Row.of("u1", instant));
          assertThat(item.get("v")).isEqualTo(AttributeValue.fromN(number));
          assertThat(converter.toRow(item)).isEqualTo(Row.of("u1", instant));
          // An ISO string written by another writer still reads under an epoch encoding.
          assertThat(converter.toRow(item(AttributeValue.fromS("2024-05-01T08:15:30.123456Z"))))
              .isEqualTo(Row.of("u1", instant));
        });
  }

  @Test
  void numberIsNotAnIsoTimestamp() {
    assertThatThrownBy(() -> converter(TIMESTAMP).toRow(item(AttributeValue.fromN("1714551330"))))
        .hasMessage(
            "Cannot read attribute 'v' of item {id=S:u1}: expected S (ISO-8601) for TIMESTAMP(6),"
                + " found N:1714551330");
  }

  @Test
  void emptySetIsWrittenAsNullBecauseDynamoDbHasNoEmptySets() {
    assertThat(converter(set(STRING)).toItem(Row.of("u1", Set.of())))
        .containsEntry("v", AttributeValue.fromNul(true));
  }

  @Test
  void setElementsEqualAsDynamoDbNumbersAreRejected() {
    Set<BigDecimal> numbers =
        new LinkedHashSet<>(List.of(new BigDecimal("1.0"), new BigDecimal("1.00")));
    assertThatThrownBy(() -> converter(set(decimal(10, 2))).toItem(Row.of("u1", numbers)))
        .hasMessage(
            "Cannot write attribute 'v[1]' of item {id=u1}: the set holds 1.00 twice (as DynamoDB"
                + " compares NS elements); DynamoDB sets must be unique");
  }

  @Test
  void setAttributesReadIntoArrayColumns() {
    assertThat(converter(list(STRING)).toRow(item(AttributeValue.fromSs(List.of("a", "b")))))
        .isEqualTo(Row.of("u1", List.of("a", "b")));
  }

  @Test
  void documentColumnsKeepAnyValueAsDynamoDbJson() {
    AttributeValue value =
        AttributeValue.fromM(Map.of("ns", AttributeValue.fromNs(List.of("1", "2.5"))));
    Row row = converter(LogicalTypes.DOCUMENT).toRow(item(value));
    assertThat(row.get(1)).isEqualTo("{\"M\":{\"ns\":{\"NS\":[\"1\",\"2.5\"]}}}");
    assertThat(converter(LogicalTypes.DOCUMENT).toItem(row).get("v")).isEqualTo(value);
    assertThatThrownBy(() -> converter(LogicalTypes.DOCUMENT).toItem(Row.of("u1", "{\"X\":1}")))
        .hasMessage(
            "Cannot write attribute 'v' of item {id=u1}: malformed DynamoDB"
                + " JSON: expected a type key S, N, B, BOOL, NULL, M, L, SS, NS or BS, found 'X'");
  }

  @Test
  void convertersSurviveJavaSerializationAsEnginesShipThemToWorkers() throws Exception {
    ItemConverter converter =
        ItemConverter.of(
            LogicalSchema.of(
                List.of(
                    required("id", STRING),
                    nullable(
                        "v", struct(nullable("tags", set(STRING)), nullable("n", decimal(10, 2))))),
                List.of("id")),
            ConversionOptions.builder().timestampEncoding(TimestampEncoding.EPOCH_MILLIS).build());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(converter);
    }
    ItemConverter copy;
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ItemConverter) in.readObject();
    }

    assertThat(copy.schema()).isEqualTo(converter.schema());
    assertThat(copy.options()).isEqualTo(converter.options());
    Row row = Row.of("u1", Row.of(Set.of("a"), new BigDecimal("1.50")));
    assertThat(copy.toItem(row)).isEqualTo(converter.toItem(row));
  }
}
