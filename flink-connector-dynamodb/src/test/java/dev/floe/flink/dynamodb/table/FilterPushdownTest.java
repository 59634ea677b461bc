package dev.floe.flink.dynamodb.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.DynamoDbExpressions;
import dev.floe.core.dynamodb.TableKeySchema;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.NestedFieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.junit.jupiter.api.Test;

/**
 * Which attribute a WHERE conjunct is sent against when the source reads some columns from paths
 * into maps. Flink references a column by its name in the produced row, which after a nested
 * projection is Flink's flat name ({@code address_city}) and never an attribute of the item.
 */
class FilterPushdownTest {

  /** The produced row of {@code SELECT id, address.city, address.geo}: Flink's names to paths. */
  private static final Map<String, AttributePath> PRODUCED =
      Map.of(
          "id", AttributePath.of("id"),
          "address_city", AttributePath.of("address", "city"),
          "address_geo", AttributePath.of("address", "geo"));

  private static final TableKeySchema KEY = TableKeySchema.of("id", null);

  private static FilterPushdown.Result push(ResolvedExpression conjunct) {
    Function<String, AttributePath> columnPath = PRODUCED::get;
    return FilterPushdown.apply(List.of(conjunct), columnPath, KEY, false, column -> false);
  }

  private static CallExpression equalsOslo(ResolvedExpression column) {
    return CallExpression.permanent(
        BuiltInFunctionDefinitions.EQUALS,
        List.of(column, new ValueLiteralExpression("Oslo")),
        DataTypes.BOOLEAN());
  }

  /** The FilterExpression with its names in place of their placeholders. */
  private static String sent(FilterPushdown.Result result) {
    DynamoDbExpressions expressions = DynamoDbExpressions.builder().filter(result.filter).build();
    String text = expressions.filterExpression().orElseThrow();
    for (Map.Entry<String, String> name : expressions.expressionAttributeNames().entrySet()) {
      text = text.replace(name.getKey(), "`" + name.getValue() + "`");
    }
    return text;
  }

  @Test
  void aFlattenedColumnIsComparedAtItsPath() {
    FilterPushdown.Result result =
        push(equalsOslo(new FieldReferenceExpression("address_city", DataTypes.STRING(), 0, 1)));

    assertThat(result.remaining).isEmpty();
    assertThat(sent(result)).isEqualTo("`address`.`city` = :v0");
  }

  @Test
  void aFieldOfAProducedRowIsComparedAtTheRowsPathAndItsOwn() {
    FilterPushdown.Result result =
        push(
            equalsOslo(
                new NestedFieldReferenceExpression(
                    new String[] {"address_geo", "zone"}, new int[] {2, 0}, DataTypes.STRING())));

    assertThat(result.remaining).isEmpty();
    assertThat(sent(result)).isEqualTo("`address`.`geo`.`zone` = :v0");
  }

  @Test
  void aColumnTheSourceDoesNotProduceStaysInFlink() {
    ResolvedExpression conjunct =
        equalsOslo(new FieldReferenceExpression("elsewhere", DataTypes.STRING(), 0, 3));

    FilterPushdown.Result result = push(conjunct);

    assertThat(result.filter).isNull();
    assertThat(result.remaining).containsExactly(conjunct);
  }

  @Test
  void aNestedFieldIsNeverTheKeyOfAQuery() {
    // A map field named like the partition key is not the partition key.
    FilterPushdown.Result result =
        FilterPushdown.apply(
            List.of(
                equalsOslo(
                    new NestedFieldReferenceExpression(
                        new String[] {"address_geo", "id"}, new int[] {2, 0}, DataTypes.STRING()))),
            PRODUCED::get,
            KEY,
            false,
            column -> false);

    assertThat(result.keyCondition).isNull();
    assertThat(sent(result)).isEqualTo("`address`.`geo`.`id` = :v0");
  }
}
