package dev.floe.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.dynamodb.KeyCondition.SortOperator;
import dev.floe.core.dynamodb.KeyConditionPlanner.Bound;
import dev.floe.core.dynamodb.KeyConditionPlanner.Plan;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KeyConditionPlannerTest {

  private static final TableKeySchema PK_ONLY = TableKeySchema.of("pk", null);
  private static final TableKeySchema PK_SK = TableKeySchema.of("pk", "sk");

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  private static Bound bound(String attribute, SortOperator op, AttributeValue value) {
    return new Bound(attribute, op, value);
  }

  @Test
  void withoutAnEqualityOnThePartitionKeyThereIsNoQuery() {
    assertThat(
            KeyConditionPlanner.plan(
                List.of(bound("pk", SortOperator.GT, s("a")), bound("sk", SortOperator.EQ, n("1"))),
                PK_SK))
        .isEmpty();
    assertThat(KeyConditionPlanner.plan(List.of(), PK_ONLY)).isEmpty();
    // A BOOL cannot be a key value, whatever the attribute.
    assertThat(
            KeyConditionPlanner.plan(
                List.of(bound("pk", SortOperator.EQ, AttributeValue.fromBool(true))), PK_ONLY))
        .isEmpty();
  }

  @Test
  void thePartitionKeyEqualityAloneOnATableWithoutSortKey() {
    Optional<Plan> plan =
        KeyConditionPlanner.plan(
            List.of(bound("other", SortOperator.EQ, s("x")), bound("pk", SortOperator.EQ, s("a"))),
            PK_ONLY);

    assertThat(plan).isPresent();
    assertThat(plan.get().condition()).isEqualTo(KeyCondition.partitionKeyEquals("pk", s("a")));
    assertThat(plan.get().usedBounds()).containsExactly(1);
  }

  @Test
  void aSortKeyEqualityWinsOverRanges() {
    Plan plan =
        KeyConditionPlanner.plan(
                List.of(
                    bound("sk", SortOperator.GT, n("1")),
                    bound("pk", SortOperator.EQ, s("a")),
                    bound("sk", SortOperator.EQ, n("5"))),
                PK_SK)
            .orElseThrow();

    assertThat(plan.condition())
        .isEqualTo(
            KeyCondition.partitionKeyEquals("pk", s("a")).sortKey("sk", SortOperator.EQ, n("5")));
    assertThat(plan.usedBounds()).containsExactly(1, 2);
  }

  @Test
  void inclusiveBoundsOnBothSidesBecomeBetween() {
    Plan plan =
        KeyConditionPlanner.plan(
                List.of(
                    bound("pk", SortOperator.EQ, s("a")),
                    bound("sk", SortOperator.LE, n("20")),
                    bound("sk", SortOperator.GE, n("10"))),
                PK_SK)
            .orElseThrow();

    assertThat(plan.condition())
        .isEqualTo(
            KeyCondition.partitionKeyEquals("pk", s("a")).sortKeyBetween("sk", n("10"), n("20")));
    assertThat(plan.usedBounds()).containsExactly(0, 2, 1);
  }

  @Test
  void reversedOrExclusiveBoundsUseOneBoundAndLeaveTheOther() {
    // 20 <= sk <= 10 would be refused by DynamoDB as a BETWEEN: one bound, the engine keeps the
    // other (and finds no rows).
    Plan reversed =
        KeyConditionPlanner.plan(
                List.of(
                    bound("pk", SortOperator.EQ, s("a")),
                    bound("sk", SortOperator.GE, n("20")),
                    bound("sk", SortOperator.LE, n("10"))),
                PK_SK)
            .orElseThrow();
    assertThat(reversed.condition())
        .isEqualTo(
            KeyCondition.partitionKeyEquals("pk", s("a")).sortKey("sk", SortOperator.GE, n("20")));
    assertThat(reversed.usedBounds()).containsExactly(0, 1);

    Plan exclusive =
        KeyConditionPlanner.plan(
                List.of(
                    bound("sk", SortOperator.LT, s("m")),
                    bound("sk", SortOperator.GT, s("c")),
                    bound("pk", SortOperator.EQ, s("a"))),
                PK_SK)
            .orElseThrow();
    assertThat(exclusive.condition())
        .isEqualTo(
            KeyCondition.partitionKeyEquals("pk", s("a")).sortKey("sk", SortOperator.GT, s("c")));
    assertThat(exclusive.usedBounds()).containsExactly(2, 1);
  }

  @Test
  void stringBoundsCompareAsUtf8Bytes() {
    // 'é' (0xC3 0xA9) sorts after 'z' in DynamoDB's byte order.
    Plan plan =
        KeyConditionPlanner.plan(
                List.of(
                    bound("pk", SortOperator.EQ, s("a")),
                    bound("sk", SortOperator.GE, s("z")),
                    bound("sk", SortOperator.LE, s("é"))),
                PK_SK)
            .orElseThrow();

    assertThat(plan.condition())
        .isEqualTo(
            KeyCondition.partitionKeyEquals("pk", s("a")).sortKeyBetween("sk", s("z"), s("é")));
  }

  @Test
  void aPrefixIsTheLastChoiceAndNeverANumber() {
    Plan prefix =
        KeyConditionPlanner.plan(
                List.of(
                    bound("pk", SortOperator.EQ, s("a")),
                    bound("sk", SortOperator.BEGINS_WITH, s("2024-"))),
                PK_SK)
            .orElseThrow();
    assertThat(prefix.condition())
        .isEqualTo(
            KeyCondition.partitionKeyEquals("pk", s("a"))
                .sortKey("sk", SortOperator.BEGINS_WITH, s("2024-")));

    Plan number =
        KeyConditionPlanner.plan(
                List.of(
                    bound("pk", SortOperator.EQ, s("a")),
                    bound("sk", SortOperator.BEGINS_WITH, n("1"))),
                PK_SK)
            .orElseThrow();
    assertThat(number.condition()).isEqualTo(KeyCondition.partitionKeyEquals("pk", s("a")));
    assertThat(number.usedBounds()).containsExactly(0);
  }

  @Test
  void betweenIsNotOneBound() {
    assertThatThrownBy(() -> bound("sk", SortOperator.BETWEEN, n("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot use BETWEEN as one bound on sk: give its two ends as a GE and an LE bound");
  }
}
