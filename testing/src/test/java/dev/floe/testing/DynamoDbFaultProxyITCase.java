package dev.floe.testing;

import static dev.floe.testing.DynamoDbLocalExtensionITCase.n;
import static dev.floe.testing.DynamoDbLocalExtensionITCase.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class DynamoDbFaultProxyITCase {

  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  private static String table;
  private static String otherTable;

  /**
   * The SDK's standard retry strategy (AWS retry conditions, throttling classification) with enough
   * attempts for every injected fault and millisecond backoff, so the test does not sleep seconds.
   */
  private static final RetryStrategy STANDARD_FAST_RETRIES =
      AwsRetryStrategy.standardRetryStrategy().toBuilder()
          .maxAttempts(10)
          .backoffStrategy(BackoffStrategy.exponentialDelay(ms(5), ms(50)))
          .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(ms(5), ms(50)))
          .build();

  @BeforeAll
  static void createTables() {
    table = DYNAMO.uniqueTableName("faults");
    otherTable = DYNAMO.uniqueTableName("faults_other");
    DYNAMO.table(table).hashKey("id", ScalarAttributeType.S).create();
    DYNAMO.table(otherTable).hashKey("id", ScalarAttributeType.S).create();
  }

  @Test
  void syncClientRetriesThroughEveryInjectedFaultAndSucceeds() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .rules(
                    List.of(
                        once(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED)),
                        once(Fault.error(DynamoDbError.THROTTLING)),
                        once(Fault.error(DynamoDbError.REQUEST_LIMIT_EXCEEDED)),
                        once(Fault.error(DynamoDbError.INTERNAL_SERVER_ERROR)),
                        once(Fault.error(DynamoDbError.SERVICE_UNAVAILABLE)),
                        once(Fault.connectionReset())))
                .start();
        DynamoDbClient client =
            proxy
                .clientBuilder()
                .overrideConfiguration(o -> o.retryStrategy(STANDARD_FAST_RETRIES))
                .build()) {
      Map<String, AttributeValue> item = Map.of("id", s("retried-sync"), "v", n(1));

      client.putItem(r -> r.tableName(table).item(item));

      assertThat(getDirectly("retried-sync")).isEqualTo(item);
      assertThat(proxy.requestCount("PutItem")).isEqualTo(7);
      assertThat(proxy.faultCount()).isEqualTo(6);
      for (FaultKind kind :
          List.of(
              FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED,
              FaultKind.THROTTLING,
              FaultKind.REQUEST_LIMIT_EXCEEDED,
              FaultKind.INTERNAL_SERVER_ERROR,
              FaultKind.SERVICE_UNAVAILABLE,
              FaultKind.CONNECTION_RESET)) {
        assertThat(proxy.faultCount(kind, "PutItem")).as(kind.name()).isEqualTo(1);
      }
    }
  }

  @Test
  void asyncClientRetriesThroughThrottlingAndConnectionResets() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .rule(
                    FaultRule.inject(Fault.connectionReset())
                        .onOperations("PutItem")
                        .onFirstCalls(2))
                .rule(
                    FaultRule.inject(Fault.error(DynamoDbError.THROTTLING))
                        .onOperations("PutItem")
                        .onFirstCalls(2))
                .start();
        DynamoDbAsyncClient client =
            proxy
                .asyncClientBuilder()
                .overrideConfiguration(o -> o.retryStrategy(STANDARD_FAST_RETRIES))
                .build()) {
      Map<String, AttributeValue> item = Map.of("id", s("retried-async"), "v", n(2));

      client.putItem(r -> r.tableName(table).item(item)).join();

      assertThat(getDirectly("retried-async")).isEqualTo(item);
      assertThat(proxy.requestCount("PutItem")).isEqualTo(5);
      assertThat(proxy.faultCount(FaultKind.CONNECTION_RESET)).isEqualTo(2);
      assertThat(proxy.faultCount(FaultKind.THROTTLING)).isEqualTo(2);
    }
  }

  @Test
  void batchWriteResubmitLoopWritesEveryItemDespiteUnprocessedItems() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .rule(FaultRule.inject(Fault.partialBatchKeeping(0.6)))
                .start();
        DynamoDbClient client = proxy.clientBuilder().build()) {
      List<Map<String, AttributeValue>> items =
          IntStream.range(0, 100)
              .mapToObj(i -> Map.of("id", s("batch-" + i), "n", n(i), "tag", s("w")))
              .toList();
      long unprocessedSeen = 0;
      int calls = 0;

      for (int start = 0; start < items.size(); start += 25) {
        Map<String, List<WriteRequest>> pending =
            Map.of(table, puts(items.subList(start, start + 25)));
        while (!pending.isEmpty()) {
          Map<String, List<WriteRequest>> request = pending;
          BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
          calls++;
          pending = response.unprocessedItems();
          unprocessedSeen += pending.values().stream().mapToInt(List::size).sum();
        }
      }

      // Per batch of 25 the proxy keeps 60%: 25 -> 15 + 10 held back, 10 -> 6 + 4, 4 -> 2 + 2,
      // 2 -> 1 + 1, 1 -> 1: 17 unprocessed items and 5 calls, 4 of them partial.
      assertThat(unprocessedSeen).isEqualTo(4 * 17);
      assertThat(proxy.unprocessedItemCount()).isEqualTo(4 * 17);
      assertThat(calls).isEqualTo(4 * 5);
      assertThat(proxy.requestCount("BatchWriteItem")).isEqualTo(4 * 5);
      assertThat(proxy.faultCount(FaultKind.PARTIAL_BATCH, "BatchWriteItem")).isEqualTo(4 * 4);
      List<Map<String, AttributeValue>> stored =
          DYNAMO.scanAll(table).stream().filter(i -> i.get("id").s().startsWith("batch-")).toList();
      assertThat(stored).hasSize(100).containsExactlyInAnyOrderElementsOf(items);
    }
  }

  @Test
  void batchGetResubmitLoopReadsEveryKeyDespiteUnprocessedKeys() {
    List<Map<String, AttributeValue>> first =
        IntStream.range(0, 30)
            .mapToObj(i -> Map.of("id", s("get-a-" + i), "n", n(i), "hidden", s("x")))
            .toList();
    List<Map<String, AttributeValue>> second =
        IntStream.range(0, 20)
            .mapToObj(i -> Map.of("id", s("get-b-" + i), "n", n(100 + i), "hidden", s("y")))
            .toList();
    DYNAMO.putItems(table, first);
    DYNAMO.putItems(otherTable, second);
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .rule(FaultRule.inject(Fault.partialBatchKeeping(0.5)).onOperations("BatchGetItem"))
                .start();
        DynamoDbClient client = proxy.clientBuilder().build()) {
      Map<String, KeysAndAttributes> pending =
          Map.of(table, keysOf(first), otherTable, keysOf(second));
      Map<String, List<Map<String, AttributeValue>>> read = new HashMap<>();
      long unprocessedSeen = 0;
      int calls = 0;

      while (!pending.isEmpty()) {
        Map<String, KeysAndAttributes> request = pending;
        BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(request));
        calls++;
        response
            .responses()
            .forEach((t, items) -> read.computeIfAbsent(t, k -> new ArrayList<>()).addAll(items));
        pending = response.unprocessedKeys();
        unprocessedSeen += pending.values().stream().mapToInt(k -> k.keys().size()).sum();
      }

      // 50 keys, half kept each call: 50 -> 25 held back, 25 -> 13, 13 -> 7, 7 -> 4, 4 -> 2, 2 ->
      // 1.
      assertThat(unprocessedSeen).isEqualTo(52);
      assertThat(proxy.unprocessedKeyCount()).isEqualTo(52);
      assertThat(calls).isEqualTo(7);
      assertThat(proxy.faultCount(FaultKind.PARTIAL_BATCH)).isEqualTo(6);
      // The projection travels with UnprocessedKeys, so resubmitted keys come back projected too.
      assertThat(read.get(table)).containsExactlyInAnyOrderElementsOf(projected(first));
      assertThat(read.get(otherTable)).containsExactlyInAnyOrderElementsOf(projected(second));
    }
  }

  @ParameterizedTest
  @EnumSource(DynamoDbError.class)
  void withoutRetriesTheSdkRaisesTheInjectedError(DynamoDbError error) {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .rule(FaultRule.inject(Fault.error(error)))
                .start();
        DynamoDbClient client =
            proxy
                .clientBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {

      Throwable thrown =
          catchThrowable(() -> client.getItem(r -> r.tableName(table).key(Map.of("id", s("x")))));

      assertThat(thrown).isExactlyInstanceOf(expectedExceptionType(error));
      AwsServiceException e = (AwsServiceException) thrown;
      assertThat(e.statusCode()).isEqualTo(error.statusCode());
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(error.errorCode());
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(error.message());
      assertThat(e.requestId()).hasSize(52);
      assertThat(e.isThrottlingException()).isEqualTo(error.statusCode() == 400);
      assertThat(proxy.requestCount()).isEqualTo(1);
      assertThat(proxy.faultCount(error.kind(), "GetItem")).isEqualTo(1);
    }
  }

  @Test
  void errorAnswersHaveDynamoDbsWireFormat() throws Exception {
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
            .rule(FaultRule.inject(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED)))
            .start()) {
      HttpResponse<byte[]> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(proxy.endpoint())
                      .header("X-Amz-Target", "DynamoDB_20120810.PutItem")
                      .header("Content-Type", "application/x-amz-json-1.0")
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());

      CRC32 crc = new CRC32();
      crc.update(response.body());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(new String(response.body(), StandardCharsets.UTF_8))
          .isEqualTo(
              "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                  + "\"message\":\"The level of configured provisioned throughput for the table was"
                  + " exceeded. Consider increasing your provisioning level with the UpdateTable"
                  + " API.\"}");
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/x-amz-json-1.0");
      assertThat(response.headers().firstValue("x-amzn-RequestId"))
          .hasValueSatisfying(id -> assertThat(id).matches("[A-Z0-9]{52}"));
      assertThat(response.headers().firstValue("x-amz-crc32"))
          .hasValue(Long.toString(crc.getValue()));
      assertThat(proxy.faultCount(FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED, "PutItem"))
          .isEqualTo(1);
    }
  }

  @Test
  void withoutRetriesAConnectionResetIsAnSdkClientExceptionCausedByIoException() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .rule(FaultRule.inject(Fault.connectionReset()))
                .start();
        DynamoDbClient client =
            proxy
                .clientBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {

      assertThatThrownBy(() -> client.getItem(r -> r.tableName(table).key(Map.of("id", s("x")))))
          .isInstanceOf(SdkClientException.class)
          .hasRootCauseInstanceOf(IOException.class);
      assertThat(proxy.requestCount()).isEqualTo(1);
      assertThat(proxy.faultCount(FaultKind.CONNECTION_RESET)).isEqualTo(1);
    }
  }

  @Test
  void addedLatencyDelaysEachCall() {
    Duration latency = Duration.ofMillis(400);
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .rule(FaultRule.inject(Fault.delay(latency)).onOperations("GetItem"))
                .start();
        DynamoDbClient client = proxy.clientBuilder().build()) {
      client.describeTable(r -> r.tableName(table)); // connects and warms up, not delayed

      long startDescribe = System.nanoTime();
      client.describeTable(r -> r.tableName(table));
      Duration undelayed = Duration.ofNanos(System.nanoTime() - startDescribe);
      long startGet = System.nanoTime();
      client.getItem(r -> r.tableName(table).key(Map.of("id", s("x"))));
      Duration delayed = Duration.ofNanos(System.nanoTime() - startGet);

      assertThat(delayed).isGreaterThanOrEqualTo(latency);
      assertThat(undelayed).isLessThan(latency);
      assertThat(proxy.faultCount(FaultKind.LATENCY)).isEqualTo(1);
      assertThat(proxy.faultCount(FaultKind.LATENCY, "GetItem")).isEqualTo(1);
    }
  }

  @Test
  void sameSeedInjectsTheSameFaultsAndEveryNthCountsCallsReachingTheRule() {
    List<Integer> firstRun = failedCalls(7L);
    List<Integer> secondRun = failedCalls(7L);

    assertThat(firstRun).isEqualTo(secondRun).isNotEmpty();
    // Every 4th call that is not already failed by the probability rule fails too.
    assertThat(firstRun.size()).isGreaterThanOrEqualTo(40 / 4);
  }

  /** Which of 40 GetItem calls fail with a 30% rule (seeded) followed by an every-4th rule. */
  private static List<Integer> failedCalls(long seed) {
    List<Integer> failed = new ArrayList<>();
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMO.endpoint())
                .seed(seed)
                .rule(
                    FaultRule.inject(Fault.error(DynamoDbError.INTERNAL_SERVER_ERROR))
                        .withProbability(0.3))
                .rule(FaultRule.inject(Fault.error(DynamoDbError.THROTTLING)).onEveryNthCall(4))
                .start();
        DynamoDbClient client =
            proxy
                .clientBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
      for (int call = 1; call <= 40; call++) {
        try {
          client.getItem(r -> r.tableName(table).key(Map.of("id", s("x"))));
        } catch (DynamoDbException e) {
          failed.add(call);
        }
      }
      long internalErrors = proxy.faultCount(FaultKind.INTERNAL_SERVER_ERROR);
      // The every-4th rule sees only the calls the probability rule let through.
      assertThat(proxy.faultCount(FaultKind.THROTTLING)).isEqualTo((40 - internalErrors) / 4);
      assertThat(proxy.faultCount()).isEqualTo(failed.size());
    }
    return failed;
  }

  private static Class<? extends Throwable> expectedExceptionType(DynamoDbError error) {
    switch (error) {
      case PROVISIONED_THROUGHPUT_EXCEEDED:
        return ProvisionedThroughputExceededException.class;
      case THROTTLING:
        return ThrottlingException.class;
      case REQUEST_LIMIT_EXCEEDED:
        return RequestLimitExceededException.class;
      case INTERNAL_SERVER_ERROR:
        return InternalServerErrorException.class;
      case SERVICE_UNAVAILABLE:
      default:
        return DynamoDbException.class;
    }
  }

  private static FaultRule once(Fault fault) {
    return FaultRule.inject(fault).onOperations("PutItem").onFirstCalls(1);
  }

  private static Map<String, AttributeValue> getDirectly(String id) {
    return DYNAMO
        .client()
        .getItem(r -> r.tableName(table).key(Map.of("id", s(id))).consistentRead(true))
        .item();
  }

  private static List<WriteRequest> puts(List<Map<String, AttributeValue>> items) {
    return items.stream()
        .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build())
        .toList();
  }

  private static KeysAndAttributes keysOf(List<Map<String, AttributeValue>> items) {
    return KeysAndAttributes.builder()
        .keys(items.stream().map(i -> Map.of("id", i.get("id"))).toList())
        .projectionExpression("id, n")
        .consistentRead(true)
        .build();
  }

  private static List<Map<String, AttributeValue>> projected(
      List<Map<String, AttributeValue>> items) {
    return items.stream().map(i -> Map.of("id", i.get("id"), "n", i.get("n"))).toList();
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
