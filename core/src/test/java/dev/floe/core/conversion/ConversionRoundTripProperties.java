package dev.floe.core.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.arrow.ArrowConverter;
import dev.floe.core.conversion.arrow.ArrowTypeMapping;
import dev.floe.core.conversion.iceberg.IcebergTypeMapping;
import dev.floe.core.conversion.iceberg.IcebergValueConverter;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Random values survive every conversion path exactly. */
class ConversionRoundTripProperties {
  private static BufferAllocator allocator;

  @BeforeContainer
  static void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterContainer
  static void closeAllocator() {
    allocator.close();
  }

  @Property(tries = 500)
  void itemToJavaToItemIsIdentity(@ForAll("items") Map<String, AttributeValue> item) {
    assertThat(AttributeValues.toItem(AttributeValues.toJava(item))).isEqualTo(item);
  }

  @Property(tries = 500)
  void dynamoDbJsonRoundTrips(@ForAll("attributeValues") AttributeValue value) {
    assertThat(DynamoDbJson.read(DynamoDbJson.write(value), "value")).isEqualTo(value);
  }

  @Property(tries = 400)
  void valueToDynamoDbToValueIsIdentity(@ForAll("typedRows") TypedRows typed) {
    ItemConverter converter = ItemConverter.of(typed.schema());
    for (Row row : typed.rows()) {
      assertThat(converter.toRow(converter.toItem(row))).isEqualTo(row);
    }
  }

  @Property(tries = 400)
  void valueToEpochEncodedDynamoDbToValueIsIdentity(
      @ForAll("typedRows") TypedRows typed, @ForAll TimestampEncoding encoding) {
    ItemConverter converter =
        ItemConverter.of(
            typed.schema(), ConversionOptions.builder().timestampEncoding(encoding).build());
    for (Row row : typed.rows()) {
      assertThat(converter.toRow(converter.toItem(row))).isEqualTo(row);
    }
  }

  @Property(tries = 400)
  void valueToArrowToValueIsIdentity(@ForAll("typedRows") TypedRows typed) {
    ArrowConverter converter = ArrowConverter.of(typed.schema());
    try (VectorSchemaRoot root = converter.toVectors(typed.rows(), allocator)) {
      assertThat(converter.toRows(root)).isEqualTo(typed.rows());
    }
    assertThat(ArrowTypeMapping.toLogical(converter.arrowSchema(), List.of()))
        .isEqualTo(typed.schema());
  }

  @Property(tries = 400)
  void valueToIcebergRecordToValueIsIdentity(@ForAll("typedRows") TypedRows typed) {
    IcebergValueConverter converter = IcebergValueConverter.of(typed.schema());
    for (Row row : typed.rows()) {
      assertThat(converter.toRow(converter.toRecord(row))).isEqualTo(row);
    }
  }

  @Property(tries = 300)
  void icebergTypesMapBackToTheSameIcebergType(@ForAll("typedRows") TypedRows typed) {
    org.apache.iceberg.Schema iceberg = IcebergTypeMapping.toIceberg(typed.schema());
    assertThat(IcebergTypeMapping.toIceberg(IcebergTypeMapping.toLogical(iceberg)).asStruct())
        .isEqualTo(iceberg.asStruct());
  }

  @Provide
  Arbitrary<Map<String, AttributeValue>> items() {
    return Generators.items();
  }

  @Provide
  Arbitrary<AttributeValue> attributeValues() {
    return Generators.attributeValue(3);
  }

  @Provide
  Arbitrary<TypedRows> typedRows() {
    return Generators.logicalTypes(2)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .flatMap(
            types -> {
              List<Field> fields = new java.util.ArrayList<>();
              for (int i = 0; i < types.size(); i++) {
                fields.add(Field.nullable("c" + i, types.get(i)));
              }
              LogicalSchema schema = LogicalSchema.of(fields);
              List<Arbitrary<Object>> columns = new java.util.ArrayList<>();
              for (Field field : fields) {
                columns.add(Generators.values(field.type(), true));
              }
              Arbitrary<Row> rows = Combinators.combine(columns).as(Row::of);
              return rows.list().ofMinSize(1).ofMaxSize(5).map(r -> new TypedRows(schema, r));
            });
  }

  /** A schema and rows of it. */
  record TypedRows(LogicalSchema schema, List<Row> rows) {}
}
