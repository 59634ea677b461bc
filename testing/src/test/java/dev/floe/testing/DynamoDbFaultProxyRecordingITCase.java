package dev.floe.testing;

import static dev.floe.testing.DynamoDbLocalExtensionITCase.n;
import static dev.floe.testing.DynamoDbLocalExtensionITCase.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@link DynamoDbFaultProxy#requests()}: what clients sent, as DynamoDB received it. */
class DynamoDbFaultProxyRecordingITCase {

  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  private static String table;

  @BeforeAll
  static void createTable() {
    table = DYNAMO.uniqueTableName("recorded");
    DYNAMO
        .table(table)
        .hashKey("pk", ScalarAttributeType.S)
        .rangeKey("sk", ScalarAttributeType.N)
        .create();
  }

  @Test
  void recordsEachRequestsOperationAndBodyInArrivalOrderAndStillForwardsIt() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint()).recordRequests().start();
        DynamoDbClient client = proxy.clientBuilder().build()) {
      Map<String, AttributeValue> item =
          Map.of("pk", s("rec"), "sk", n(1), "status", s("open"), "my-attr", s("x"));
      client.putItem(r -> r.tableName(table).item(item));

      List<Map<String, AttributeValue>> scanned =
          client
              .scan(
                  r ->
                      r.tableName(table)
                          .filterExpression("#s = :open AND #d = :x")
                          .expressionAttributeNames(Map.of("#s", "status", "#d", "my-attr"))
                          .expressionAttributeValues(Map.of(":open", s("open"), ":x", s("x")))
                          .limit(5))
              .items();
      client.query(
          r ->
              r.tableName(table)
                  .keyConditionExpression("pk = :pk AND sk BETWEEN :lo AND :hi")
                  .expressionAttributeValues(Map.of(":pk", s("rec"), ":lo", n(0), ":hi", n(9))));

      assertThat(scanned).containsExactly(item);
      assertThat(proxy.requests())
          .extracting(RecordedRequest::operation)
          .containsExactly("PutItem", "Scan", "Query");
      RecordedRequest scan = proxy.requests("Scan").get(0);
      assertThat(scan.text("TableName")).hasValue(table);
      assertThat(scan.text("FilterExpression")).hasValue("#s = :open AND #d = :x");
      assertThat(scan.resolved("FilterExpression"))
          .hasValue("`status` = 'open' AND `my-attr` = 'x'");
      assertThat(scan.expressionAttributeNames())
          .containsOnly(entry("#s", "status"), entry("#d", "my-attr"));
      assertThat(scan.expressionAttributeValues())
          .containsOnly(entry(":open", s("open")), entry(":x", s("x")));
      assertThat(scan.number("Limit")).hasValue(5);
      assertThat(proxy.requests("Query"))
          .singleElement()
          .satisfies(
              q ->
                  assertThat(q.resolved("KeyConditionExpression"))
                      .hasValue("pk = 'rec' AND sk BETWEEN 0 AND 9"));
      assertThat(proxy.requests("GetItem")).isEmpty();
    }
  }

  @Test
  void headersAreNotRecordedOnlyTheAccessKeyIdTheRequestWasSignedWith() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint()).recordRequests().start();
        DynamoDbClient client = proxy.clientBuilder().build()) {
      client.getItem(r -> r.tableName(table).key(Map.of("pk", s("none"), "sk", n(0))));

      RecordedRequest get = proxy.requests().get(0);
      // The Authorization header reads "AWS4-HMAC-SHA256 Credential=<access key id>/...".
      assertThat(get.toString())
          .doesNotContain(LocalAwsClients.ACCESS_KEY_ID)
          .doesNotContain(LocalAwsClients.SECRET_ACCESS_KEY)
          .doesNotContain("AWS4-HMAC-SHA256");
      assertThat(get.json().fieldNames()).toIterable().containsOnly("TableName", "Key");
      // The access key id is no secret; it tells which credentials a client resolved.
      assertThat(get.signingAccessKeyId()).hasValue(LocalAwsClients.ACCESS_KEY_ID);
    }
  }

  @Test
  void everyAttemptIsRecordedIncludingTheFaultedOnes() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .rule(
                    FaultRule.inject(Fault.error(DynamoDbError.THROTTLING))
                        .onOperations("GetItem")
                        .onFirstCalls(2))
                .recordRequests()
                .start();
        DynamoDbClient client =
            proxy
                .clientBuilder()
                .overrideConfiguration(
                    o ->
                        o.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(3)
                                .backoffStrategy(BackoffStrategy.retryImmediately())
                                .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                                .build()))
                .build()) {
      client.getItem(r -> r.tableName(table).key(Map.of("pk", s("none"), "sk", n(7))));

      List<RecordedRequest> gets = proxy.requests("GetItem");
      assertThat(gets).hasSize(3);
      assertThat(gets).extracting(RecordedRequest::body).containsOnly(gets.get(0).body());
      assertThat(gets.get(0).json().at("/Key/sk/N").asText()).isEqualTo("7");
    }
  }

  @Test
  void recordsOnlyTheNamedOperationsAndRefusesToListOthers() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint()).recordRequests("Scan").start();
        DynamoDbClient client = proxy.clientBuilder().build()) {
      client.putItem(r -> r.tableName(table).item(Map.of("pk", s("only"), "sk", n(1))));
      client.scan(r -> r.tableName(table).limit(1));

      assertThat(proxy.requests()).extracting(RecordedRequest::operation).containsExactly("Scan");
      assertThat(proxy.requestCount("PutItem")).isEqualTo(1);
      assertThatThrownBy(() -> proxy.requests("PutItem"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Cannot list recorded PutItem requests: this proxy records only [Scan]; name PutItem"
                  + " in recordRequests(...)");
    }
  }

  @Test
  void aProxyThatDoesNotRecordRefusesToListRequests() {
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint()).start()) {
      assertThatThrownBy(proxy::requests)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Cannot list the requests of a DynamoDbFaultProxy that does not record them: build"
                  + " it with recordRequests()");
      assertThatThrownBy(proxy::clearRecordedRequests).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aFullRecorderFailsRatherThanAnswerWithPartOfTheRequestsUntilCleared() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .recordRequests()
                .maxRecordedRequests(2)
                .start();
        DynamoDbClient client = proxy.clientBuilder().build()) {
      for (int sk = 1; sk <= 3; sk++) {
        int key = sk;
        client.getItem(r -> r.tableName(table).key(Map.of("pk", s("full"), "sk", n(key))));
      }

      assertThatThrownBy(() -> proxy.requests("GetItem"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Cannot list recorded requests: 1 more arrived after the first 2 were recorded;"
                  + " raise maxRecordedRequests(...) or call clearRecordedRequests() between"
                  + " steps");

      proxy.clearRecordedRequests();
      client.getItem(r -> r.tableName(table).key(Map.of("pk", s("full"), "sk", n(4))));

      assertThat(proxy.requests())
          .singleElement()
          .satisfies(get -> assertThat(get.json().at("/Key/sk/N").asText()).isEqualTo("4"));
    }
  }

  @Test
  void concurrentRequestsAreEachRecordedOnce() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .latency(Duration.ofMillis(20)) // keeps many requests in the proxy at once
                .recordRequests("PutItem")
                .start();
        DynamoDbAsyncClient client = proxy.asyncClientBuilder().build()) {
      List<CompletableFuture<?>> puts =
          IntStream.range(0, 50)
              .<CompletableFuture<?>>mapToObj(
                  i ->
                      client.putItem(
                          r -> r.tableName(table).item(Map.of("pk", s("many"), "sk", n(i)))))
              .toList();
      CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();

      assertThat(proxy.requests("PutItem"))
          .extracting(put -> put.json().at("/Item/sk/N").asText())
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, 50).mapToObj(Integer::toString).toList());
    }
  }
}
