package dev.floe.core.conversion;

import static dev.floe.core.conversion.LogicalTypes.BIGINT;
import static dev.floe.core.conversion.LogicalTypes.BINARY;
import static dev.floe.core.conversion.LogicalTypes.BOOLEAN;
import static dev.floe.core.conversion.LogicalTypes.DOCUMENT;
import static dev.floe.core.conversion.LogicalTypes.DOUBLE;
import static dev.floe.core.conversion.LogicalTypes.INT;
import static dev.floe.core.conversion.LogicalTypes.STRING;
import static dev.floe.core.conversion.LogicalTypes.decimal;
import static dev.floe.core.conversion.LogicalTypes.list;
import static dev.floe.core.conversion.LogicalTypes.map;
import static dev.floe.core.conversion.LogicalTypes.nullable;
import static dev.floe.core.conversion.LogicalTypes.required;
import static dev.floe.core.conversion.LogicalTypes.set;
import static dev.floe.core.conversion.LogicalTypes.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SchemaInferenceTest {
  private static final SchemaInference INFERENCE = SchemaInference.builder().build();

  private static AttributeValue n(String number) {
    return AttributeValue.fromN(number);
  }

  private static AttributeValue s(String text) {
    return AttributeValue.fromS(text);
  }

  @Test
  void keyAttributesComeFirstThenTheRestByName() {
    List<Map<String, AttributeValue>> items =
        List.of(Map.of("zeta", s("z"), "alpha", s("a"), "sk", n("1"), "pk", s("p")));

    LogicalSchema schema = INFERENCE.infer(items, List.of("pk", "sk"));

    assertThat(schema.columnNames()).containsExactly("pk", "sk", "alpha", "zeta");
    assertThat(schema.keyAttributes()).containsExactly("pk", "sk");
  }

  @Test
  void integersWidenAndFractionsBecomeExactDecimals() {
    LogicalSchema schema =
        INFERENCE.infer(
            List.of(
                Map.of(
                    "pk", s("a"), "small", n("1"), "wide", n("1"), "huge", n("1"), "mixed", n("7")),
                Map.of(
                    "pk", s("b"),
                    "small", n("-2147483648"),
                    "wide", n("2147483648"),
                    "huge", n("99999999999999999999"),
                    "mixed", n("123.25")),
                Map.of(
                    "pk",
                    s("c"),
                    "small",
                    n("2"),
                    "wide",
                    n("3"),
                    "huge",
                    n("4"),
                    "mixed",
                    n("0.125"))),
            List.of("pk"));

    assertThat(schema.field("small").type()).isEqualTo(INT);
    assertThat(schema.field("wide").type()).isEqualTo(BIGINT);
    assertThat(schema.field("huge").type()).isEqualTo(decimal(38, 0));
    assertThat(schema.field("mixed").type()).isEqualTo(decimal(38, 3));
  }

  @Test
  void numbersNoDecimalHoldsBecomeDouble() {
    LogicalSchema schema =
        INFERENCE.infer(
            List.of(
                Map.of("pk", s("a"), "x", n("1E+30")), Map.of("pk", s("b"), "x", n("0.000000001"))),
            List.of("pk"));

    assertThat(schema.field("x").type()).isEqualTo(DOUBLE);
  }

  @Test
  void conflictingTypesFallBackToDocumentAndStillReadBack() {
    Map<String, AttributeValue> first = Map.of("pk", s("a"), "v", s("text"));
    Map<String, AttributeValue> second = Map.of("pk", s("b"), "v", n("5"));

    LogicalSchema schema = INFERENCE.infer(List.of(first, second), List.of("pk"));

    assertThat(schema.field("v").type()).isEqualTo(DOCUMENT);
    ItemConverter converter = ItemConverter.of(schema);
    assertThat(converter.toRow(second)).isEqualTo(Row.of("b", "{\"N\":\"5\"}"));
    assertThat(converter.toItem(converter.toRow(second))).isEqualTo(second);
  }

  @Test
  void attributesMissingFromSomeItemsAreNullable() {
    LogicalSchema schema =
        INFERENCE.infer(
            List.of(
                Map.of(
                    "pk", s("a"), "always", BOOL_TRUE, "sometimes", BOOL_TRUE, "nulled", BOOL_TRUE),
                Map.of("pk", s("b"), "always", BOOL_TRUE, "nulled", AttributeValue.fromNul(true))),
            List.of("pk"));

    assertThat(schema.fields())
        .containsExactly(
            required("pk", STRING),
            required("always", BOOLEAN),
            nullable("nulled", BOOLEAN),
            nullable("sometimes", BOOLEAN));
    assertThat(schema.withNonKeyColumnsNullable().field("always"))
        .isEqualTo(nullable("always", BOOLEAN));
  }

  private static final AttributeValue BOOL_TRUE = AttributeValue.fromBool(true);

  @Test
  void nestedMapsListsAndSetsAreUnified() {
    Map<String, AttributeValue> first =
        Map.of(
            "pk", s("a"),
            "address", AttributeValue.fromM(Map.of("city", s("Berlin"), "zip", n("10115"))),
            "scores", AttributeValue.fromL(List.of(n("1"), n("2"))),
            "tags", AttributeValue.fromSs(List.of("x")),
            "sizes", AttributeValue.fromNs(List.of("1", "2.5")),
            "blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("b"))),
            "photo", AttributeValue.fromB(SdkBytes.fromUtf8String("jpeg")));
    Map<String, AttributeValue> second =
        Map.of(
            "pk", s("b"),
            "address", AttributeValue.fromM(Map.of("city", s("Paris"), "country", s("FR"))),
            "scores", AttributeValue.fromL(List.of(n("3.5"), AttributeValue.fromNul(true))));

    LogicalSchema schema = INFERENCE.infer(List.of(first, second), List.of("pk"));

    assertThat(schema.fields())
        .containsExactly(
            required("pk", STRING),
            required(
                "address",
                struct(
                    required("city", STRING), nullable("country", STRING), nullable("zip", INT))),
            nullable("blobs", set(BINARY)),
            nullable("photo", BINARY),
            required("scores", list(decimal(38, 1))),
            nullable("sizes", set(decimal(38, 1))),
            nullable("tags", set(STRING)));
    ItemConverter converter = ItemConverter.of(schema);
    assertThat(converter.toRow(second).get(1)).isEqualTo(Row.of("Paris", "FR", null));
  }

  @Test
  void mapsWithManyDistinctKeysBecomeMapColumns() {
    Map<String, AttributeValue> counts = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      counts.put("day-" + i, n(Integer.toString(i)));
    }
    LogicalSchema schema =
        SchemaInference.builder()
            .maxStructFields(3)
            .build()
            .infer(
                List.of(Map.of("pk", s("a"), "counts", AttributeValue.fromM(counts))),
                List.of("pk"));

    assertThat(schema.field("counts").type()).isEqualTo(map(STRING, INT));
  }

  @Test
  void onlyNullOrEmptyValuesInferString() {
    LogicalSchema schema =
        INFERENCE.infer(
            List.of(
                Map.of(
                    "pk",
                    s("a"),
                    "nothing",
                    AttributeValue.fromNul(true),
                    "empty",
                    AttributeValue.fromL(List.of()))),
            List.of("pk"));

    assertThat(schema.field("nothing").type()).isEqualTo(STRING);
    assertThat(schema.field("empty").type()).isEqualTo(list(STRING));
  }

  @Test
  void sampleSizeLimitsTheItemsRead() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    items.add(Map.of("pk", s("a"), "v", n("1")));
    items.add(Map.of("pk", s("b"), "v", s("late")));

    LogicalSchema schema =
        SchemaInference.builder().sampleSize(1).build().infer(items, List.of("pk"));

    assertThat(schema.field("v")).isEqualTo(required("v", INT));
    assertThatThrownBy(() -> SchemaInference.builder().sampleSize(0))
        .hasMessage("Cannot infer a schema from a sample size of 0: it must be at least 1");
  }

  @Test
  void emptyTableStillHasItsKeyColumns() {
    assertThat(INFERENCE.infer(List.of(), List.of("pk")).fields())
        .containsExactly(required("pk", STRING));
  }

  @Property(tries = 200)
  void resultDoesNotDependOnItemOrder(
      @ForAll("itemLists") List<Map<String, AttributeValue>> items) {
    List<Map<String, AttributeValue>> reversed = new ArrayList<>(items);
    Collections.reverse(reversed);

    assertThat(INFERENCE.infer(reversed, List.of())).isEqualTo(INFERENCE.infer(items, List.of()));
  }

  @Property(tries = 200)
  void everySampledItemReadsBackUnderTheInferredSchema(
      @ForAll("itemLists") List<Map<String, AttributeValue>> items) {
    ItemConverter converter = ItemConverter.of(INFERENCE.infer(items, List.of()));
    for (Map<String, AttributeValue> item : items) {
      Row row = converter.toRow(item);
      assertThat(converter.toRow(converter.toItem(row))).isEqualTo(row);
    }
  }

  @Provide
  net.jqwik.api.Arbitrary<List<Map<String, AttributeValue>>> itemLists() {
    return Generators.items().list().ofMinSize(1).ofMaxSize(6);
  }
}
