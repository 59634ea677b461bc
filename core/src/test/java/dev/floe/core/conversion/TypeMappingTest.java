package dev.floe.core.conversion;

import static dev.floe.core.conversion.LogicalTypes.BIGINT;
import static dev.floe.core.conversion.LogicalTypes.BINARY;
import static dev.floe.core.conversion.LogicalTypes.BOOLEAN;
import static dev.floe.core.conversion.LogicalTypes.DATE;
import static dev.floe.core.conversion.LogicalTypes.DOCUMENT;
import static dev.floe.core.conversion.LogicalTypes.DOUBLE;
import static dev.floe.core.conversion.LogicalTypes.FLOAT;
import static dev.floe.core.conversion.LogicalTypes.INT;
import static dev.floe.core.conversion.LogicalTypes.STRING;
import static dev.floe.core.conversion.LogicalTypes.TIME;
import static dev.floe.core.conversion.LogicalTypes.TIMESTAMP;
import static dev.floe.core.conversion.LogicalTypes.TIMESTAMP_LTZ;
import static dev.floe.core.conversion.LogicalTypes.UUID;
import static dev.floe.core.conversion.LogicalTypes.decimal;
import static dev.floe.core.conversion.LogicalTypes.list;
import static dev.floe.core.conversion.LogicalTypes.map;
import static dev.floe.core.conversion.LogicalTypes.nullable;
import static dev.floe.core.conversion.LogicalTypes.required;
import static dev.floe.core.conversion.LogicalTypes.set;
import static dev.floe.core.conversion.LogicalTypes.struct;
import static dev.floe.core.conversion.LogicalTypes.timestamp;
import static dev.floe.core.conversion.LogicalTypes.timestampLtz;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.conversion.arrow.ArrowConverter;
import dev.floe.core.conversion.arrow.ArrowTypeMapping;
import dev.floe.core.conversion.iceberg.IcebergTypeMapping;
import dev.floe.core.conversion.iceberg.IcebergValueConverter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One case per row of docs/type-mapping.md: the DynamoDB value a Java value is written as, the
 * Iceberg and Arrow types of its logical type, and that the value comes back unchanged from
 * DynamoDB, Iceberg and Arrow.
 */
class TypeMappingTest {
  private static BufferAllocator allocator;

  @BeforeAll
  static void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterAll
  static void closeAllocator() {
    allocator.close();
  }

  static Stream<Arguments> rows() {
    ByteBuffer bytes = ByteBuffer.wrap(new byte[] {1, 2, 3}).asReadOnlyBuffer();
    java.util.UUID uuid = java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    Map<String, Object> prices = new LinkedHashMap<>();
    prices.put("eur", new BigDecimal("1.50"));
    prices.put("usd", null);
    return Stream.of(
        row(
            "BOOLEAN",
            BOOLEAN,
            true,
            AttributeValue.fromBool(true),
            Types.BooleanType.get(),
            ArrowType.Bool.INSTANCE),
        row(
            "INT",
            INT,
            42,
            AttributeValue.fromN("42"),
            Types.IntegerType.get(),
            new ArrowType.Int(32, true)),
        row(
            "BIGINT",
            BIGINT,
            9_007_199_254_740_993L,
            AttributeValue.fromN("9007199254740993"),
            Types.LongType.get(),
            new ArrowType.Int(64, true)),
        row(
            "FLOAT",
            FLOAT,
            0.1f,
            AttributeValue.fromN("0.1"),
            Types.FloatType.get(),
            new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
        row(
            "DOUBLE",
            DOUBLE,
            0.1d,
            AttributeValue.fromN("0.1"),
            Types.DoubleType.get(),
            new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        row(
            "DECIMAL(38, 10)",
            decimal(38, 10),
            new BigDecimal("1234567890123456789012345678.0123456789"),
            AttributeValue.fromN("1234567890123456789012345678.0123456789"),
            Types.DecimalType.of(38, 10),
            new ArrowType.Decimal(38, 10, 128)),
        row(
            "STRING",
            STRING,
            "héllo",
            AttributeValue.fromS("héllo"),
            Types.StringType.get(),
            ArrowType.Utf8.INSTANCE),
        row(
            "BINARY",
            BINARY,
            bytes,
            AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})),
            Types.BinaryType.get(),
            ArrowType.Binary.INSTANCE),
        row(
            "DATE",
            DATE,
            LocalDate.of(2024, 5, 1),
            AttributeValue.fromS("2024-05-01"),
            Types.DateType.get(),
            new ArrowType.Date(DateUnit.DAY)),
        row(
            "TIME",
            TIME,
            LocalTime.of(10, 15, 30, 123_456_000),
            AttributeValue.fromS("10:15:30.123456"),
            Types.TimeType.get(),
            new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
        row(
            "TIMESTAMP(6)",
            TIMESTAMP,
            LocalDateTime.of(2024, 5, 1, 10, 15, 30, 123_456_000),
            AttributeValue.fromS("2024-05-01T10:15:30.123456"),
            Types.TimestampType.withoutZone(),
            new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
        row(
            "TIMESTAMP(9)",
            timestamp(9),
            LocalDateTime.of(2024, 5, 1, 10, 15, 30, 123_456_789),
            AttributeValue.fromS("2024-05-01T10:15:30.123456789"),
            Types.TimestampNanoType.withoutZone(),
            new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
        row(
            "TIMESTAMP_LTZ(6)",
            TIMESTAMP_LTZ,
            Instant.parse("2024-05-01T08:15:30.123456Z"),
            AttributeValue.fromS("2024-05-01T08:15:30.123456Z"),
            Types.TimestampType.withZone(),
            new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
        row(
            "TIMESTAMP_LTZ(9)",
            timestampLtz(9),
            Instant.parse("2024-05-01T08:15:30.123456789Z"),
            AttributeValue.fromS("2024-05-01T08:15:30.123456789Z"),
            Types.TimestampNanoType.withZone(),
            new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
        row(
            "UUID",
            UUID,
            uuid,
            AttributeValue.fromS("123e4567-e89b-12d3-a456-426614174000"),
            Types.UUIDType.get(),
            new ArrowType.FixedSizeBinary(16)),
        row(
            "DOCUMENT",
            DOCUMENT,
            "{\"M\":{\"a\":{\"SS\":[\"x\"]}}}",
            AttributeValue.fromM(Map.of("a", AttributeValue.fromSs(List.of("x")))),
            Types.StringType.get(),
            ArrowType.Utf8.INSTANCE),
        row(
            "ARRAY",
            list(INT),
            java.util.Arrays.asList(1, null, 3),
            AttributeValue.fromL(
                List.of(
                    AttributeValue.fromN("1"),
                    AttributeValue.fromNul(true),
                    AttributeValue.fromN("3"))),
            Types.ListType.ofOptional(3, Types.IntegerType.get()),
            ArrowType.List.INSTANCE),
        row(
            "SET<STRING>",
            set(STRING),
            new LinkedHashSet<>(List.of("a", "b")),
            AttributeValue.fromSs(List.of("a", "b")),
            Types.ListType.ofRequired(3, Types.StringType.get()),
            ArrowType.List.INSTANCE),
        row(
            "SET<BIGINT>",
            set(BIGINT),
            new LinkedHashSet<>(List.of(1L, 20L)),
            AttributeValue.fromNs(List.of("1", "20")),
            Types.ListType.ofRequired(3, Types.LongType.get()),
            ArrowType.List.INSTANCE),
        row(
            "SET<BINARY>",
            set(BINARY),
            new LinkedHashSet<>(List.of(bytes)),
            AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1, 2, 3}))),
            Types.ListType.ofRequired(3, Types.BinaryType.get()),
            ArrowType.List.INSTANCE),
        row(
            "MAP",
            map(STRING, decimal(10, 2)),
            prices,
            AttributeValue.fromM(
                orderedMap(
                    "eur", AttributeValue.fromN("1.5"), "usd", AttributeValue.fromNul(true))),
            Types.MapType.ofOptional(3, 4, Types.StringType.get(), Types.DecimalType.of(10, 2)),
            new ArrowType.Map(false)),
        row(
            "ROW",
            struct(required("city", STRING), nullable("zip", INT)),
            Row.of("Berlin", 10115),
            AttributeValue.fromM(
                orderedMap(
                    "city", AttributeValue.fromS("Berlin"), "zip", AttributeValue.fromN("10115"))),
            Types.StructType.of(
                Types.NestedField.required(3, "city", Types.StringType.get()),
                Types.NestedField.optional(4, "zip", Types.IntegerType.get())),
            ArrowType.Struct.INSTANCE));
  }

  private static Arguments row(
      String name,
      LogicalType type,
      Object value,
      AttributeValue dynamo,
      Type iceberg,
      ArrowType arrow) {
    return Arguments.of(name, type, value, dynamo, iceberg, arrow);
  }

  private static Map<String, AttributeValue> orderedMap(
      String k1, AttributeValue v1, String k2, AttributeValue v2) {
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void writesTheDocumentedDynamoDbValueAndReadsItBack(
      String name, LogicalType type, Object value, AttributeValue dynamo) {
    ItemConverter converter = converterFor(type);

    Map<String, AttributeValue> item = converter.toItem(Row.of("k", value));

    assertThat(item).containsEntry("v", dynamo);
    assertThat(converter.toRow(item)).isEqualTo(Row.of("k", value));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void mapsToTheDocumentedIcebergTypeAndBack(
      String name, LogicalType type, Object value, AttributeValue dynamo, Type iceberg) {
    LogicalSchema schema = schemaFor(type);
    org.apache.iceberg.Schema icebergSchema = IcebergTypeMapping.toIceberg(schema);

    assertThat(icebergSchema.findField("v").type()).isEqualTo(iceberg);
    IcebergValueConverter values = IcebergValueConverter.of(schema);
    assertThat(values.toRow(values.toRecord(Row.of("k", value)))).isEqualTo(Row.of("k", value));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void mapsToTheDocumentedArrowTypeAndBack(
      String name,
      LogicalType type,
      Object value,
      AttributeValue dynamo,
      Type iceberg,
      ArrowType arrow) {
    LogicalSchema schema = schemaFor(type);
    ArrowConverter converter = ArrowConverter.of(schema);

    assertThat(converter.arrowSchema().findField("v").getType()).isEqualTo(arrow);
    assertThat(ArrowTypeMapping.toLogical(converter.arrowSchema(), schema.keyAttributes()))
        .isEqualTo(schema);
    try (VectorSchemaRoot root =
        converter.toVectors(List.of(Row.of("k", value), Row.of("n", null)), allocator)) {
      assertThat(converter.toRows(root)).containsExactly(Row.of("k", value), Row.of("n", null));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void nullIsDynamoDbNullOrNoAttribute(String name, LogicalType type) {
    ItemConverter writesNull = converterFor(type);
    ItemConverter ignoresNull =
        ItemConverter.of(schemaFor(type), ConversionOptions.builder().ignoreNulls(true).build());

    assertThat(writesNull.toItem(Row.of("k", null)))
        .containsEntry("v", AttributeValue.fromNul(true));
    assertThat(ignoresNull.toItem(Row.of("k", null))).doesNotContainKey("v");
    assertThat(writesNull.toRow(Map.of("k", AttributeValue.fromS("k"))))
        .isEqualTo(Row.of("k", null));
    assertThat(
            writesNull.toRow(
                Map.of("k", AttributeValue.fromS("k"), "v", AttributeValue.fromNul(true))))
        .isEqualTo(Row.of("k", null));
  }

  private static LogicalSchema schemaFor(LogicalType type) {
    return LogicalSchema.of(List.of(required("k", STRING), nullable("v", type)), List.of("k"));
  }

  private static ItemConverter converterFor(LogicalType type) {
    return ItemConverter.of(schemaFor(type));
  }
}
