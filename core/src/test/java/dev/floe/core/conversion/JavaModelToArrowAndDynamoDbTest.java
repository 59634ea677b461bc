package dev.floe.core.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.conversion.arrow.ArrowConverter;
import dev.floe.core.conversion.iceberg.IcebergDecimal;
import dev.floe.core.conversion.iceberg.IcebergField;
import dev.floe.core.conversion.iceberg.IcebergValueConverter;
import dev.floe.core.conversion.iceberg.JavaModelRecords;
import dev.floe.core.conversion.iceberg.JavaModelSchemas;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The example of docs/java-models.md: Java records to Arrow vectors and DynamoDB items. */
class JavaModelToArrowAndDynamoDbTest {
  record Address(String city, @IcebergField(required = true) String zip) {}

  record Customer(
      UUID id,
      String name,
      Optional<String> email,
      @IcebergDecimal(precision = 12, scale = 2) BigDecimal balance,
      Instant updatedAt,
      List<Address> addresses,
      Set<String> tags) {}

  private static final Customer ADA =
      new Customer(
          UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
          "Ada",
          Optional.of("ada@example.com"),
          new BigDecimal("12.50"),
          Instant.parse("2024-05-01T08:15:30.123456Z"),
          List.of(new Address("Berlin", "10115")),
          new LinkedHashSet<>(List.of("vip")));

  @Test
  void javaRecordsBecomeArrowVectorsAndBack() {
    Schema schema = JavaModelSchemas.schemaFor(Customer.class);
    JavaModelRecords<Customer> records = JavaModelRecords.of(Customer.class);
    IcebergValueConverter rows = IcebergValueConverter.of(schema);
    ArrowConverter arrow = ArrowConverter.of(rows.logicalSchema());

    try (RootAllocator allocator = new RootAllocator();
        VectorSchemaRoot batch =
            arrow.toVectors(List.of(rows.toRow(records.toRecord(ADA))), allocator)) {
      assertThat(batch.getRowCount()).isEqualTo(1);
      assertThat(batch.getVector("name").getObject(0).toString()).isEqualTo("Ada");
      List<Row> back = arrow.toRows(batch);
      assertThat(records.fromRecord(rows.toRecord(back.get(0)))).isEqualTo(ADA);
    }
  }

  @Test
  void javaRecordsBecomeDynamoDbItemsAndBack() {
    IcebergValueConverter rows =
        IcebergValueConverter.of(JavaModelSchemas.schemaFor(Customer.class));
    JavaModelRecords<Customer> records = JavaModelRecords.of(Customer.class);
    ItemConverter items = ItemConverter.of(rows.logicalSchema());

    Map<String, AttributeValue> item = items.toItem(rows.toRow(records.toRecord(ADA)));

    assertThat(item)
        .containsEntry("id", AttributeValue.fromS("123e4567-e89b-12d3-a456-426614174000"))
        .containsEntry("balance", AttributeValue.fromN("12.5"))
        .containsEntry("updatedAt", AttributeValue.fromS("2024-05-01T08:15:30.123456Z"))
        .containsEntry(
            "addresses",
            AttributeValue.fromL(
                List.of(
                    AttributeValue.fromM(
                        Map.of(
                            "city", AttributeValue.fromS("Berlin"),
                            "zip", AttributeValue.fromS("10115"))))));
    assertThat(records.fromRecord(rows.toRecord(items.toRow(item)))).isEqualTo(ADA);
  }
}
