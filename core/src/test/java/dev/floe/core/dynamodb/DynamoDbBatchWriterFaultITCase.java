package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.fastRetries;
import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultKind;
import dev.floe.testing.FaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The writer through {@link DynamoDbFaultProxy}: DynamoDB's own throttling and server errors,
 * dropped connections and partial batches are retried until the table holds exactly what was
 * written; errors that retrying cannot fix fail at once, naming table, key and reason.
 */
class DynamoDbBatchWriterFaultITCase {

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final TableKeySchema KEYS = TableKeySchema.of("pk", null);

  @Test
  void failOnRequestErrorRetriesUnprocessedItemsButNotAFailedRequest() throws Exception {
    String table = newTable();
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .rule(
                    FaultRule.inject(Fault.partialBatchDroppingLast(2))
                        .onOperations("BatchWriteItem")
                        .onFirstCalls(1))
                .start();
        DynamoDbAsyncClient client = LocalDynamoDb.asyncClient(proxy.endpoint());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(
                client,
                fastRetries(table).failOnRequestError(true).build(),
                KEYS,
                WriteMetrics.NONE)) {
      for (int i = 0; i < 5; i++) {
        writer.write(WriteOperation.put(item("pk", s("item-" + i))));
      }
      writer.flush();
      assertThat(proxy.unprocessedItemCount()).isEqualTo(2);
    }
    assertThat(DYNAMODB.count(table)).isEqualTo(5);

    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .rule(
                    FaultRule.inject(Fault.error(DynamoDbError.THROTTLING))
                        .onOperations("BatchWriteItem")
                        .onFirstCalls(1))
                .start();
        DynamoDbAsyncClient client = LocalDynamoDb.asyncClient(proxy.endpoint());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(
                client,
                fastRetries(table).failOnRequestError(true).build(),
                KEYS,
                WriteMetrics.NONE)) {
      writer.write(WriteOperation.put(item("pk", s("throttled"))));
      assertThatThrownBy(writer::flush)
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessageContaining("{pk=S:throttled}")
          .hasMessageContaining("failed requests are not retried (fail-on-error)");
      assertThat(proxy.requestCount("BatchWriteItem")).isEqualTo(1);
    }
  }

  @Test
  void aMalformedNumberIsRefusedWithTheItemKeyBeforeAnythingIsSent() throws Exception {
    String table = newTable();
    try (DynamoDbAsyncClient client = LocalDynamoDb.asyncClient(DYNAMODB.endpoint());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(client, fastRetries(table).build(), KEYS, WriteMetrics.NONE)) {
      assertThatThrownBy(
              () ->
                  writer.write(
                      WriteOperation.put(item("pk", s("bad"), "n", AttributeValue.fromN("12x")))))
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessageStartingWith("Cannot write item {pk=S:bad} to DynamoDB table '" + table + "'")
          .hasMessageContaining("DynamoDB N values are decimal strings");
      assertThat(writer.bufferedCount()).isZero();
    }
  }

  @Test
  void twoThousandItemsThroughThrottlingServerErrorsAndPartialBatches() throws Exception {
    String table = newTable();
    RecordingMetrics metrics = new RecordingMetrics();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .seed(42)
                // About 20% of calls fail: 1 - 0.94 * 0.95^3.
                .rule(error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED, 0.06))
                .rule(error(DynamoDbError.THROTTLING, 0.05))
                .rule(error(DynamoDbError.REQUEST_LIMIT_EXCEEDED, 0.05))
                .rule(error(DynamoDbError.INTERNAL_SERVER_ERROR, 0.05))
                .rule(
                    FaultRule.inject(Fault.partialBatchKeeping(0.6))
                        .onOperations("BatchWriteItem")
                        .onEveryCall())
                .start();
        DynamoDbAsyncClient client = LocalDynamoDb.asyncClient(proxy.endpoint());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(
                client, fastRetries(table).maxInFlightRequests(8).build(), KEYS, metrics)) {
      for (int i = 0; i < 2000; i++) {
        Map<String, AttributeValue> item =
            item("pk", s("item-" + i), "n", n(i), "payload", s("value of item " + i));
        items.add(item);
        writer.write(WriteOperation.put(item));
      }
      writer.flush();

      long throttles =
          proxy.faultCount(FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED)
              + proxy.faultCount(FaultKind.THROTTLING)
              + proxy.faultCount(FaultKind.REQUEST_LIMIT_EXCEEDED);
      assertThat(throttles).isPositive();
      assertThat(proxy.faultCount(FaultKind.INTERNAL_SERVER_ERROR)).isPositive();
      assertThat(proxy.unprocessedItemCount()).isPositive();
      assertThat(metrics.throttled.get()).isEqualTo(throttles);
      assertThat(metrics.retried.get()).isPositive();
      assertThat(metrics.requests.get()).isEqualTo(proxy.requestCount("BatchWriteItem"));
    }
    // Read from DynamoDB Local itself, not through the proxy.
    assertThat(DYNAMODB.scanAll(table)).containsExactlyInAnyOrderElementsOf(items);
    assertThat(metrics.written.get()).isEqualTo(2000);
  }

  @Test
  void droppedConnectionsAndUnavailableServiceAreRetried() throws Exception {
    String table = newTable();
    RecordingMetrics metrics = new RecordingMetrics();
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .seed(3)
                .rule(FaultRule.inject(Fault.connectionReset()).withProbability(0.15))
                .rule(error(DynamoDbError.SERVICE_UNAVAILABLE, 0.15))
                .start();
        DynamoDbAsyncClient client = LocalDynamoDb.asyncClient(proxy.endpoint());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(client, fastRetries(table).build(), KEYS, metrics)) {
      for (int i = 0; i < 300; i++) {
        writer.write(WriteOperation.put(item("pk", s("r" + i))));
      }
      writer.flush();
      assertThat(proxy.faultCount(FaultKind.CONNECTION_RESET)).isPositive();
      assertThat(proxy.faultCount(FaultKind.SERVICE_UNAVAILABLE)).isPositive();
    }
    assertThat(DYNAMODB.count(table)).isEqualTo(300);
    assertThat(metrics.throttled.get()).isZero();
    assertThat(metrics.retried.get()).isPositive();
  }

  @Test
  void givesUpAfterMaxRetriesNamingTheKeys() throws Exception {
    String table = newTable();
    RecordingMetrics metrics = new RecordingMetrics();
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .rule(FaultRule.inject(Fault.error(DynamoDbError.THROTTLING)).onEveryCall())
                .start();
        DynamoDbAsyncClient client = LocalDynamoDb.asyncClient(proxy.endpoint());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(
                client, fastRetries(table).maxRetries(3).build(), KEYS, metrics)) {
      for (int i = 0; i < 5; i++) {
        writer.write(WriteOperation.put(item("pk", s("t" + i))));
      }
      assertThatThrownBy(writer::flush)
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessageStartingWith(
              "Cannot write to DynamoDB table '"
                  + table
                  + "': 5 writes of items {pk=S:t0}, {pk=S:t1}, {pk=S:t2} and 2 more still failed"
                  + " with ThrottlingException: Rate of requests exceeds the allowed throughput."
                  + " (HTTP 400, request id ")
          .hasMessageEndingWith(
              "after 3 retries; DynamoDB kept throttling: raise the table's write capacity (or use"
                  + " on-demand), set a lower write rate limit, or allow more retries");
      assertThat(proxy.requestCount("BatchWriteItem")).isEqualTo(4);
      assertThat(metrics.throttled.get()).isEqualTo(4);
      assertThat(metrics.retried.get()).isEqualTo(15);
      // The failure stays: the writer refuses further use.
      assertThatThrownBy(() -> writer.write(WriteOperation.put(item("pk", s("later")))))
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessageContaining("still failed");
    }
  }

  @Test
  void aMissingTableFailsAtOnce() throws Exception {
    String table = DYNAMODB.uniqueTableName("missing");
    try (DynamoDbFaultProxy counting =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start();
        DynamoDbAsyncClient client = LocalDynamoDb.asyncClient(counting.endpoint());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(client, fastRetries(table).build(), KEYS, WriteMetrics.NONE)) {
      writer.write(WriteOperation.put(item("pk", s("k1"))));
      assertThatThrownBy(writer::flush)
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessageStartingWith(
              "Cannot write to DynamoDB table '"
                  + table
                  + "': PUT of item {pk=S:k1} failed with ResourceNotFoundException:")
          .hasMessageEndingWith(
              "; check that the table exists and is ACTIVE, and the table name and region");
      assertThat(counting.requestCount("BatchWriteItem")).isEqualTo(1);
    }
  }

  @Test
  void anInvalidItemFailsAtOnceWithTheKeyOfItsBatch() throws Exception {
    String table = newTable();
    try (DynamoDbFaultProxy counting =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start();
        DynamoDbAsyncClient client = LocalDynamoDb.asyncClient(counting.endpoint());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(client, fastRetries(table).build(), KEYS, WriteMetrics.NONE)) {
      // The table's key is a string; DynamoDB refuses a number there.
      writer.write(WriteOperation.put(item("pk", n("42"), "v", s("x"))));
      assertThatThrownBy(writer::flush)
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessageContaining("PUT of item {pk=N:42} failed with ValidationException:")
          .hasMessageContaining("check the item against the table's key schema");
      assertThat(counting.requestCount("BatchWriteItem")).isEqualTo(1);
      assertThatThrownBy(writer::flush).hasMessageContaining("ValidationException");
    }
  }

  @Test
  void badCredentialsFailAtOnce() throws Exception {
    String table = newTable();
    AwsClientConfig badKeys =
        LocalDynamoDb.clientConfig(DYNAMODB.endpoint()).toBuilder()
            .credentials(AwsCredentialsConfig.basic("not-a-valid-key!", "s3cr3tValue", null))
            .build();
    try (DynamoDbAsyncClient client = DynamoDbClientFactory.createAsync(badKeys);
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(client, fastRetries(table).build(), KEYS, WriteMetrics.NONE)) {
      writer.write(WriteOperation.put(item("pk", s("k1"))));
      assertThatThrownBy(writer::flush)
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessageContaining("PUT of item {pk=S:k1} failed with UnrecognizedClientException")
          .hasMessageContaining("check the AWS credentials")
          .hasMessageNotContaining("s3cr3tValue");
    }
  }

  private static FaultRule error(DynamoDbError error, double probability) {
    return FaultRule.inject(Fault.error(error)).withProbability(probability);
  }

  private static String newTable() {
    String table = DYNAMODB.uniqueTableName("faults");
    DYNAMODB.table(table).hashKey("pk", ScalarAttributeType.S).create();
    return table;
  }
}
