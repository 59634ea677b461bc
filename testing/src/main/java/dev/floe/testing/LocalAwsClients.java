package dev.floe.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

/**
 * Client builders pre-configured for a local DynamoDB endpoint (DynamoDB Local itself or a {@link
 * DynamoDbFaultProxy} in front of it): dummy static credentials, region us-east-1 and an explicit
 * HTTP client, so the result never depends on the environment (profiles, env variables, which HTTP
 * implementations happen to be on the classpath).
 *
 * <p>No override configuration is set, so callers may set their own (e.g. a retry strategy) with
 * {@code overrideConfiguration(...)} before {@code build()}. Every client built must be closed by
 * its owner.
 */
public final class LocalAwsClients {

  /**
   * Region used by every local client. DynamoDB Local runs with {@code -sharedDb}, so the region
   * does not select a database; it only has to be valid for signing.
   */
  public static final Region REGION = Region.US_EAST_1;

  /** Access key id of the dummy credentials; DynamoDB Local 2.x accepts only letters and digits. */
  public static final String ACCESS_KEY_ID = "floeLocalKey";

  /** Secret key of the dummy credentials. */
  public static final String SECRET_ACCESS_KEY = "floeLocalSecret";

  private LocalAwsClients() {}

  /** Static dummy credentials accepted by DynamoDB Local. */
  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
  }

  /** A sync DynamoDB client builder (Apache 5 HTTP client) aimed at {@code endpoint}. */
  public static DynamoDbClientBuilder dynamoDb(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(credentials())
        .httpClientBuilder(Apache5HttpClient.builder());
  }

  /** An async DynamoDB client builder (Netty HTTP client) aimed at {@code endpoint}. */
  public static DynamoDbAsyncClientBuilder dynamoDbAsync(URI endpoint) {
    return DynamoDbAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(credentials())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder());
  }

  /** A sync DynamoDB Streams client builder aimed at {@code endpoint}. */
  public static DynamoDbStreamsClientBuilder dynamoDbStreams(URI endpoint) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(credentials())
        .httpClientBuilder(Apache5HttpClient.builder());
  }
}
