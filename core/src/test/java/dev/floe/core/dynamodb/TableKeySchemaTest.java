package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TableKeySchemaTest {
  private final TableKeySchema schema = TableKeySchema.of("id", "ts");

  @Test
  void extractsTheKey() {
    Map<String, AttributeValue> row = item("ts", n("5"), "id", s("u1"), "name", s("x"));
    assertThat(schema.keyOf(row)).isEqualTo(new ItemKey(s("u1"), n("5")));
    assertThat(schema.keyAttributes(row))
        .containsExactly(Map.entry("id", s("u1")), Map.entry("ts", n("5")));
    assertThat(schema.attributeNames()).containsExactly("id", "ts");
    assertThat(schema.sortKey()).contains("ts");
    assertThat(TableKeySchema.of("id", null).sortKey()).isEmpty();
  }

  @Test
  void missingKeyNamesAttributeAndItem() {
    assertThatThrownBy(() -> schema.keyOf(item("id", s("u1"), "name", s("x"))))
        .isInstanceOf(DynamoDbWriteException.class)
        .hasMessage(
            "Item {id=S:u1, ts=<missing>} has no sort key attribute 'ts'; every item and every"
                + " key needs 'id' and 'ts'");
  }

  @Test
  void nullAndNonScalarKeysAreRefused() {
    assertThatThrownBy(() -> schema.keyOf(item("id", AttributeValue.fromNul(true), "ts", n("1"))))
        .hasMessageContaining("{id=NULL, ts=N:1}")
        .hasMessageContaining("NULL as partition key 'id'");
    assertThatThrownBy(
            () -> schema.keyOf(item("id", s("u1"), "ts", AttributeValue.fromL(List.of()))))
        .hasMessageContaining("has a L as sort key 'ts'; DynamoDB key attributes are S, N or B");
    assertThatThrownBy(() -> schema.keyOf(item("id", s(""), "ts", n("1"))))
        .hasMessageContaining("empty string as partition key 'id'");
    assertThatThrownBy(
            () ->
                schema.keyOf(
                    item(
                        "id",
                        AttributeValue.fromB(SdkBytes.fromByteArray(new byte[2049])),
                        "ts",
                        n("1"))))
        .hasMessageContaining("partition key 'id' of 2049 bytes; DynamoDB allows at most 2048");
    assertThatThrownBy(() -> schema.keyOf(item("id", s("u1"), "ts", n("1E+200"))))
        .hasMessageContaining("invalid sort key 'ts'");
  }

  @Test
  void refusesBadNames() {
    assertThatThrownBy(() -> TableKeySchema.of("", null)).hasMessageContaining("partition key");
    assertThatThrownBy(() -> TableKeySchema.of("a", "a")).hasMessageContaining("both");
  }
}
