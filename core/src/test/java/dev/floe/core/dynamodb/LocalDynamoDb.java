package dev.floe.core.dynamodb;

import dev.floe.testing.LocalAwsClients;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Clients and values for the writer tests, built the way production builds them. */
final class LocalDynamoDb {
  private LocalDynamoDb() {}

  /** The client configuration for a local endpoint (DynamoDB Local or a fault proxy). */
  static AwsClientConfig clientConfig(URI endpoint) {
    return AwsClientConfig.builder()
        .region(LocalAwsClients.REGION.id())
        .endpoint(endpoint)
        .credentials(
            AwsCredentialsConfig.basic(
                LocalAwsClients.ACCESS_KEY_ID, LocalAwsClients.SECRET_ACCESS_KEY, null))
        .build();
  }

  /** An async client from {@link DynamoDbClientFactory}: Netty, SDK retries off. */
  static DynamoDbAsyncClient asyncClient(URI endpoint) {
    return DynamoDbClientFactory.createAsync(clientConfig(endpoint));
  }

  /** Writer settings for tests: short backoffs, so retries cost milliseconds. */
  static DynamoDbWriterConfig.Builder fastRetries(String table) {
    return DynamoDbWriterConfig.builder(table)
        .initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(20));
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
