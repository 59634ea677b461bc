package dev.floe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class IsolatedDynamoDbLocalServerITCase {

  /** DynamoDB Local's own ANTLR runtime, as this module's test classpath holds it. */
  private static File antlrRuntime() {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(classpath.split(File.pathSeparator))
        .map(File::new)
        .filter(file -> file.getName().startsWith("antlr4-runtime-"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void isolatedServerEvaluatesFilterAndProjectionExpressions() {
    try (IsolatedDynamoDbLocalServer server = IsolatedDynamoDbLocalServer.start(antlrRuntime());
        DynamoDbClient client = LocalAwsClients.dynamoDb(server.endpoint()).build()) {
      client.createTable(
          b ->
              b.tableName("isolated")
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                  .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
      for (int i = 1; i <= 3; i++) {
        int n = i;
        client.putItem(
            b ->
                b.tableName("isolated")
                    .item(
                        Map.of(
                            "id", AttributeValue.fromS("k" + n),
                            "size", AttributeValue.fromN(Integer.toString(n)),
                            "note", AttributeValue.fromS("n" + n))));
      }

      // Expressions go through DynamoDB Local's ANTLR parsers: the part the isolation is for.
      List<Map<String, AttributeValue>> items =
          client
              .scan(
                  b ->
                      b.tableName("isolated")
                          .filterExpression("#size >= :min")
                          .projectionExpression("id, #size")
                          .expressionAttributeNames(Map.of("#size", "size"))
                          .expressionAttributeValues(Map.of(":min", AttributeValue.fromN("2"))))
              .items();

      assertThat(items)
          .containsExactlyInAnyOrder(
              Map.of("id", AttributeValue.fromS("k2"), "size", AttributeValue.fromN("2")),
              Map.of("id", AttributeValue.fromS("k3"), "size", AttributeValue.fromN("3")));
    }
  }

  @Test
  void missingAntlrRuntimeIsNamed() {
    File missing = new File("target/no-such-antlr.jar");

    assertThatThrownBy(() -> IsolatedDynamoDbLocalServer.start(missing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot start DynamoDB Local next to Spark: its ANTLR runtime jar "
                + missing
                + " does not exist; Maven builds copy it into target/dynamodb-local/");
  }
}
