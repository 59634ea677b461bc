package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultRule;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Key schemas from DescribeTable, and the clients of {@link DynamoDbClientFactory}. */
class TableKeySchemaITCase {

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  @Test
  void describesHashAndRangeKeysWithEitherClient() {
    String hashOnly = DYNAMODB.uniqueTableName("keys");
    DYNAMODB.table(hashOnly).hashKey("id", ScalarAttributeType.S).create();
    String hashAndRange = DYNAMODB.uniqueTableName("keys");
    DYNAMODB
        .table(hashAndRange)
        .hashKey("user", ScalarAttributeType.S)
        .rangeKey("ts", ScalarAttributeType.N)
        .create();
    // Trusting all certificates changes nothing on plain HTTP, but the clients must still work.
    AwsClientConfig config =
        LocalDynamoDb.clientConfig(DYNAMODB.endpoint()).toBuilder()
            .trustAllCertificates(true)
            .build();
    try (DynamoDbClient sync = DynamoDbClientFactory.createSync(config);
        DynamoDbAsyncClient async = DynamoDbClientFactory.createAsync(config)) {
      assertThat(TableKeySchema.describe(sync, hashOnly)).isEqualTo(TableKeySchema.of("id", null));
      assertThat(TableKeySchema.describe(async, hashAndRange))
          .isEqualTo(TableKeySchema.of("user", "ts"));
    }
  }

  @Test
  void aMissingTableIsNamedWithRegionAndEndpoint() {
    try (DynamoDbClient sync =
        DynamoDbClientFactory.createSync(LocalDynamoDb.clientConfig(DYNAMODB.endpoint()))) {
      assertThatThrownBy(() -> TableKeySchema.describe(sync, "no_such_table"))
          .isInstanceOf(DynamoDbTableException.class)
          .hasMessage(
              "Cannot find DynamoDB table 'no_such_table' in region us-east-1 at "
                  + DYNAMODB.endpoint()
                  + ": it does not exist; create it, or check the table name and the region");
    }
  }

  @Test
  void theAsyncClientLeavesRetriesToTheWriter() {
    String table = DYNAMODB.uniqueTableName("no_retries");
    DYNAMODB.table(table).hashKey("pk", ScalarAttributeType.S).create();
    try (DynamoDbFaultProxy proxy = throttlingOnce();
        DynamoDbAsyncClient async =
            DynamoDbClientFactory.createAsync(LocalDynamoDb.clientConfig(proxy.endpoint()))) {
      assertThatThrownBy(
              () -> async.putItem(r -> r.tableName(table).item(item("pk", s("a")))).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
      assertThat(proxy.requestCount("PutItem")).isEqualTo(1);
    }
    // The sync client, for control-plane calls, keeps the SDK's retries.
    try (DynamoDbFaultProxy proxy = throttlingOnce();
        DynamoDbClient sync =
            DynamoDbClientFactory.createSync(LocalDynamoDb.clientConfig(proxy.endpoint()))) {
      sync.putItem(r -> r.tableName(table).item(item("pk", s("b"))));
      assertThat(proxy.requestCount("PutItem")).isEqualTo(2);
    }
    assertThat(DYNAMODB.count(table)).isEqualTo(1);
  }

  private static DynamoDbFaultProxy throttlingOnce() {
    return DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
        .rule(
            FaultRule.inject(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED))
                .onFirstCalls(1))
        .start();
  }
}
