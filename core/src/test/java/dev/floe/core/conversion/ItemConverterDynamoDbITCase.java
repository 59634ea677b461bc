package dev.floe.core.conversion;

import static dev.floe.core.conversion.LogicalTypes.DOUBLE;
import static dev.floe.core.conversion.LogicalTypes.STRING;
import static dev.floe.core.conversion.LogicalTypes.TIMESTAMP_LTZ;
import static dev.floe.core.conversion.LogicalTypes.decimal;
import static dev.floe.core.conversion.LogicalTypes.nullable;
import static dev.floe.core.conversion.LogicalTypes.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.DynamoDbLocalExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The conversions of docs/type-mapping.md against a real DynamoDB (Local): what Floe writes is
 * accepted as is, and what DynamoDB hands back (it normalizes numbers) reads as the value written.
 */
class ItemConverterDynamoDbITCase {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static String table;

  @BeforeAll
  static void createTable() {
    table = DYNAMODB.uniqueTableName("conversion");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
  }

  private static Map<String, AttributeValue> putAndGet(Map<String, AttributeValue> item) {
    DYNAMODB.client().putItem(b -> b.tableName(table).item(item));
    return DYNAMODB
        .client()
        .getItem(
            GetItemRequest.builder()
                .tableName(table)
                .key(Map.of("id", item.get("id")))
                .consistentRead(true)
                .build())
        .item();
  }

  private static LogicalSchema schemaFor(LogicalType type) {
    return LogicalSchema.of(List.of(required("id", STRING), nullable("v", type)), List.of("id"));
  }

  static List<Arguments> rows() {
    return TypeMappingTest.rows().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void everyTypeMappingRowSurvivesDynamoDb(String name, LogicalType type, Object value) {
    ItemConverter converter = ItemConverter.of(schemaFor(type));

    Map<String, AttributeValue> stored = putAndGet(converter.toItem(Row.of("row-" + name, value)));

    assertThat(converter.toRow(stored)).isEqualTo(Row.of("row-" + name, value));
  }

  @ParameterizedTest
  @EnumSource(TimestampEncoding.class)
  void everyTimestampEncodingSurvivesDynamoDb(TimestampEncoding encoding) {
    Instant instant = Instant.parse("1969-07-20T20:17:40.123456789Z");
    ItemConverter converter =
        ItemConverter.of(
            schemaFor(LogicalTypes.timestampLtz(9)),
            ConversionOptions.builder().timestampEncoding(encoding).build());

    Map<String, AttributeValue> stored =
        putAndGet(converter.toItem(Row.of("ts-" + encoding, instant)));

    assertThat(converter.toRow(stored)).isEqualTo(Row.of("ts-" + encoding, instant));
  }

  @Test
  void numbersAtDynamoDbsLimitsAreExact() {
    ItemConverter decimals = ItemConverter.of(schemaFor(decimal(38, 0)));
    ItemConverter doubles = ItemConverter.of(schemaFor(DOUBLE));
    BigDecimal thirtyEightNines = new BigDecimal("99999999999999999999999999999999999999");

    assertThat(decimals.toRow(putAndGet(decimals.toItem(Row.of("max38", thirtyEightNines)))))
        .isEqualTo(Row.of("max38", thirtyEightNines));
    for (double value :
        new double[] {1e125, -1e-130, 1.0e10, 6.02214076e23, Double.MIN_NORMAL * 1e200}) {
      String id = "double-" + value;
      assertThat(doubles.toRow(putAndGet(doubles.toItem(Row.of(id, value)))))
          .isEqualTo(Row.of(id, value));
    }
  }

  @Test
  void schemaInferredFromScannedItemsReadsThemAllBack() {
    String inferred = DYNAMODB.uniqueTableName("inferred");
    DYNAMODB.table(inferred).hashKey("pk", ScalarAttributeType.S).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(
          Map.of(
              "pk", AttributeValue.fromS("item-" + i),
              "n", AttributeValue.fromN(i % 2 == 0 ? Integer.toString(i) : i + ".25"),
              "when", AttributeValue.fromS(Instant.ofEpochSecond(i).toString()),
              "tags", AttributeValue.fromSs(List.of("t" + i, "all"))));
    }
    DYNAMODB.putItems(inferred, items);

    List<Map<String, AttributeValue>> scanned = DYNAMODB.scanAll(inferred);
    LogicalSchema schema = SchemaInference.builder().build().infer(scanned, List.of("pk"));
    ItemConverter converter = ItemConverter.of(schema);

    assertThat(schema.fields())
        .containsExactly(
            required("pk", STRING),
            required("n", decimal(38, 2)),
            required("tags", LogicalTypes.set(STRING)),
            required("when", STRING));
    assertThat(scanned).hasSize(50);
    for (Map<String, AttributeValue> item : scanned) {
      assertThat(converter.toItem(converter.toRow(item))).isEqualTo(item);
    }
    // Declaring the column as a timestamp reads the same strings as instants.
    ItemConverter typed =
        ItemConverter.of(
            LogicalSchema.of(
                List.of(required("pk", STRING), required("when", TIMESTAMP_LTZ)), List.of("pk")));
    assertThat(typed.toRow(scanned.get(0)).get(1)).isInstanceOf(Instant.class);
  }
}
