package dev.floe.core.conversion;

import static dev.floe.core.conversion.LogicalTypes.STRING;
import static dev.floe.core.conversion.LogicalTypes.decimal;
import static dev.floe.core.conversion.LogicalTypes.nullable;
import static dev.floe.core.conversion.LogicalTypes.required;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.arrow.ArrowConverter;
import dev.floe.core.conversion.arrow.ArrowTypeMapping;
import dev.floe.core.conversion.iceberg.IcebergTypeMapping;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Bad input to the Iceberg and Arrow entry points names the column and what was expected. */
class IcebergAndArrowErrorsTest {
  @Test
  void icebergTypeWithoutDynamoDbFormNamesTheColumn() {
    org.apache.iceberg.Schema schema =
        new org.apache.iceberg.Schema(
            Types.NestedField.required(1, "id", Types.StringType.get()),
            Types.NestedField.optional(
                2,
                "payload",
                Types.StructType.of(
                    Types.NestedField.optional(3, "raw", Types.VariantType.get()))));

    assertThatThrownBy(() -> IcebergTypeMapping.toLogical(schema))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot map Iceberg column 'payload.raw' of type variant: Floe has no DynamoDB form for it"
                + " (supported: every Iceberg v2 type plus timestamp_ns)");
  }

  @Test
  void icebergMapWithStructKeysNamesTheColumn() {
    org.apache.iceberg.Schema schema =
        new org.apache.iceberg.Schema(
            Types.NestedField.optional(
                1,
                "by_point",
                Types.MapType.ofOptional(
                    2,
                    3,
                    Types.StructType.of(
                        Types.NestedField.required(4, "x", Types.IntegerType.get())),
                    Types.StringType.get())));

    assertThatThrownBy(() -> IcebergTypeMapping.toLogical(schema))
        .hasMessageStartingWith(
            "Cannot map Iceberg column 'by_point' of type map<struct<4: x: required int>, string>")
        .hasMessageEndingWith(
            "DynamoDB map keys are text, so keys must be string, int, long, date or uuid");
  }

  @Test
  void unsupportedArrowTypeNamesTheField() {
    Schema schema =
        new Schema(
            List.of(
                new Field(
                    "counts",
                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(
                        new Field(
                            "small", FieldType.nullable(new ArrowType.Int(8, false)), null)))));

    assertThatThrownBy(() -> ArrowTypeMapping.toLogical(schema, List.of()))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith(
            "Cannot map Arrow field 'counts.small' of type Int(8, false): supported are");
  }

  @Test
  void arrowWriteOfAValueThatDoesNotFitNamesTheColumn() {
    LogicalSchema schema =
        LogicalSchema.of(
            List.of(required("id", STRING), nullable("price", decimal(5, 2))), List.of("id"));

    try (RootAllocator allocator = new RootAllocator()) {
      assertThatThrownBy(
              () ->
                  ArrowConverter.of(schema)
                      .toVectors(List.of(Row.of("a", new BigDecimal("1.005"))), allocator))
          .isInstanceOf(ConversionException.class)
          .hasMessage(
              "Cannot write 'price' to Arrow: 1.005 does not fit DECIMAL(5, 2) without rounding");
      assertThatThrownBy(
              () -> ArrowConverter.of(schema).toVectors(List.of(Row.of("a", "12")), allocator))
          .hasMessage(
              "Cannot write 'price' to Arrow: expected a java.math.BigDecimal for DECIMAL(5, 2), found a"
                  + " java.lang.String");
    }
  }
}
