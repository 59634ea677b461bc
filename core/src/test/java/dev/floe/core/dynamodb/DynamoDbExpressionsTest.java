package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.FilterPredicate.and;
import static dev.floe.core.dynamodb.FilterPredicate.beginsWith;
import static dev.floe.core.dynamodb.FilterPredicate.between;
import static dev.floe.core.dynamodb.FilterPredicate.eq;
import static dev.floe.core.dynamodb.FilterPredicate.in;
import static dev.floe.core.dynamodb.FilterPredicate.isNotNull;
import static dev.floe.core.dynamodb.FilterPredicate.isNull;
import static dev.floe.core.dynamodb.FilterPredicate.not;
import static dev.floe.core.dynamodb.FilterPredicate.or;
import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbExpressionsTest {
  private static final AttributePath STATUS = AttributePath.of("status");
  private static final AttributePath CITY = AttributePath.of("address", "city");

  private static DynamoDbExpressions filter(FilterPredicate predicate) {
    return DynamoDbExpressions.builder().filter(predicate).build();
  }

  @Test
  void everyComparisonUsesPlaceholders() {
    for (FilterPredicate.Comparison op : FilterPredicate.Comparison.values()) {
      DynamoDbExpressions e = filter(FilterPredicate.compare(STATUS, op, s("ok")));
      assertThat(e.filterExpression()).contains("#n0 " + op.symbol + " :v0");
      assertThat(e.expressionAttributeNames()).containsExactly(Map.entry("#n0", "status"));
      assertThat(e.expressionAttributeValues()).containsExactly(Map.entry(":v0", s("ok")));
    }
    assertThat(filter(FilterPredicate.ne(CITY, s("x"))).filterExpression())
        .contains("#n0.#n1 <> :v0");
  }

  @Test
  void betweenInNullChecksAndBeginsWith() {
    DynamoDbExpressions between = filter(between(AttributePath.of("year"), n(2000), n(2010)));
    assertThat(between.filterExpression()).contains("#n0 BETWEEN :v0 AND :v1");
    assertThat(between.expressionAttributeValues())
        .containsExactly(Map.entry(":v0", n(2000)), Map.entry(":v1", n(2010)));

    DynamoDbExpressions inList = filter(in(STATUS, List.of(s("a"), s("b"), s("c"))));
    assertThat(inList.filterExpression()).contains("#n0 IN (:v0, :v1, :v2)");

    DynamoDbExpressions isNull = filter(isNull(CITY));
    assertThat(isNull.filterExpression())
        .contains("(attribute_not_exists(#n0.#n1) OR attribute_type(#n0.#n1, :v0))");
    assertThat(isNull.expressionAttributeNames())
        .containsExactly(Map.entry("#n0", "address"), Map.entry("#n1", "city"));
    assertThat(isNull.expressionAttributeValues()).containsExactly(Map.entry(":v0", s("NULL")));

    assertThat(filter(isNotNull(STATUS)).filterExpression())
        .contains("(attribute_exists(#n0) AND NOT attribute_type(#n0, :v0))");
    assertThat(filter(beginsWith(AttributePath.of("name"), s("Al"))).filterExpression())
        .contains("begins_with(#n0, :v0)");
    assertThatThrownBy(() -> beginsWith(STATUS, n(1)))
        .hasMessageContaining("string (S) or binary (B) prefix");
    assertThatThrownBy(() -> in(STATUS, List.of())).hasMessageContaining("empty IN list");
    assertThatThrownBy(() -> eq(STATUS, null)).hasMessageContaining("use isNull");
  }

  @Test
  void moreThan100InOperandsBecomeAnOrOfIns() {
    List<AttributeValue> values = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      values.add(n(i));
    }
    String text = filter(in(STATUS, values)).filterExpression().orElseThrow();
    assertThat(text.split(" OR ")).hasSize(3);
    assertThat(text).startsWith("#n0 IN (:v0, ").contains(":v99) OR #n0 IN (:v100, ");
    assertThat(text).endsWith(":v249)");
    // Nested, the OR is parenthesised.
    assertThat(filter(and(eq(CITY, s("x")), in(STATUS, values))).filterExpression().orElseThrow())
        .startsWith("#n0.#n1 = :v0 AND (#n2 IN (:v1, ")
        .endsWith(":v250))");
  }

  @Test
  void junctionsAreParenthesisedAndNamesDeduplicated() {
    FilterPredicate predicate =
        or(
            and(eq(STATUS, s("open")), FilterPredicate.gt(AttributePath.of("size"), n(3))),
            not(or(eq(STATUS, s("closed")), isNull(CITY))),
            not(eq(AttributePath.of("date"), s("2024"))));
    DynamoDbExpressions e =
        DynamoDbExpressions.builder()
            .projection(AttributePath.of("status"), CITY, AttributePath.of("address", "zip"))
            .filter(predicate)
            .keyCondition(
                KeyCondition.partitionKeyEquals("name", s("k"))
                    .sortKey("date", KeyCondition.SortOperator.GE, s("2020")))
            .build();
    assertThat(e.keyConditionExpression()).contains("#n0 = :v0 AND #n1 >= :v1");
    assertThat(e.filterExpression())
        .contains(
            "(#n2 = :v2 AND #n3 > :v3) OR NOT (#n2 = :v4 OR (attribute_not_exists(#n4.#n5)"
                + " OR attribute_type(#n4.#n5, :v5))) OR NOT #n1 = :v6");
    assertThat(e.projectionExpression()).contains("#n2, #n4.#n5, #n4.#n6");
    assertThat(e.expressionAttributeNames())
        .containsExactly(
            Map.entry("#n0", "name"),
            Map.entry("#n1", "date"),
            Map.entry("#n2", "status"),
            Map.entry("#n3", "size"),
            Map.entry("#n4", "address"),
            Map.entry("#n5", "city"),
            Map.entry("#n6", "zip"));
    assertThat(e.expressionAttributeValues()).hasSize(7).containsEntry(":v6", s("2024"));
    // Deterministic: built twice, the same strings.
    assertThat(DynamoDbExpressions.builder().filter(predicate).build().filterExpression())
        .isEqualTo(DynamoDbExpressions.builder().filter(predicate).build().filterExpression());
    assertThat(predicate.toString()).contains("status = :v0").contains("address.city");
  }

  @Test
  void everySortKeyCondition() {
    KeyCondition pk = KeyCondition.partitionKeyEquals("pk", s("a"));
    assertThat(keyExpression(pk)).isEqualTo("#n0 = :v0");
    for (KeyCondition.SortOperator op :
        List.of(
            KeyCondition.SortOperator.EQ,
            KeyCondition.SortOperator.LT,
            KeyCondition.SortOperator.LE,
            KeyCondition.SortOperator.GT,
            KeyCondition.SortOperator.GE)) {
      assertThat(keyExpression(pk.sortKey("sk", op, n(1))))
          .isEqualTo("#n0 = :v0 AND #n1 " + op.symbol + " :v1");
    }
    assertThat(keyExpression(pk.sortKeyBetween("sk", n(1), n(5))))
        .isEqualTo("#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2");
    assertThat(keyExpression(pk.sortKey("sk", KeyCondition.SortOperator.BEGINS_WITH, s("x"))))
        .isEqualTo("#n0 = :v0 AND begins_with(#n1, :v1)");
    assertThatThrownBy(() -> pk.sortKey("sk", KeyCondition.SortOperator.BETWEEN, n(1)))
        .hasMessageContaining("sortKeyBetween");
    assertThatThrownBy(() -> KeyCondition.partitionKeyEquals("pk", AttributeValue.fromBool(true)))
        .hasMessageContaining("S, N or B");
  }

  @Test
  void overlappingProjectionPathsAreSentAsTheOutermostOnce() {
    DynamoDbExpressions e =
        DynamoDbExpressions.builder()
            .projection(
                CITY,
                AttributePath.of("id"),
                AttributePath.of("address", "geo", "lat"),
                AttributePath.of("address"),
                AttributePath.of("id"),
                AttributePath.of("addresses", "city"))
            .build();
    // DynamoDB refuses "#n0.#n1, #n0" (two document paths overlap); address returns city anyway.
    assertThat(e.projectionExpression()).contains("#n0, #n1, #n2.#n3");
    assertThat(e.expressionAttributeNames())
        .containsExactly(
            Map.entry("#n0", "id"),
            Map.entry("#n1", "address"),
            Map.entry("#n2", "addresses"),
            Map.entry("#n3", "city"));
  }

  @Test
  void noExpressionsMeansNoMaps() {
    DynamoDbExpressions e = DynamoDbExpressions.builder().build();
    assertThat(e.projectionExpression()).isEmpty();
    assertThat(e.filterExpression()).isEmpty();
    assertThat(e.namesOrNull()).isNull();
    assertThat(e.valuesOrNull()).isNull();
  }

  @Test
  void specsAndSegmentsSerialize() throws Exception {
    ReadSpec spec =
        ReadSpec.builder("t")
            .projection(CITY)
            .filter(and(eq(STATUS, s("x")), in(STATUS, List.of(n(1), n(2)))))
            .keyCondition(KeyCondition.partitionKeyEquals("pk", s("a")))
            .readRateLimit(ReadRateLimit.unitsPerSecond(10))
            .build();
    assertThat(roundTrip(spec)).isEqualTo(spec);
    ScanSegment segment = ScanSegment.resumeAt(1, 4, Map.of("pk", s("k"), "sk", n(3)), 7);
    assertThat(roundTrip(segment)).isEqualTo(segment);
    assertThatThrownBy(() -> ReadSpec.builder("t").pageSize(0).build())
        .hasMessage("Invalid pageSize for reading DynamoDB table t: 0; expected at least 1");
  }

  private static String keyExpression(KeyCondition condition) {
    return DynamoDbExpressions.builder()
        .keyCondition(condition)
        .build()
        .keyConditionExpression()
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
