package dev.floe.core.dynamodb;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds DynamoDB clients from an {@link AwsClientConfig}. HTTP implementations are chosen
 * explicitly, so the result does not depend on which ones happen to be on the classpath. The caller
 * owns and closes the clients.
 */
public final class DynamoDbClientFactory {

  private DynamoDbClientFactory() {}

  /**
   * An async client on Netty, for writes. SDK retries are disabled: {@link DynamoDbBatchWriter}
   * retries itself, so that every throttled call is seen and counted and per-key order is kept. Use
   * it only with callers that retry.
   */
  public static DynamoDbAsyncClient createAsync(AwsClientConfig config) {
    Region region = Region.of(config.region());
    DynamoDbAsyncClientBuilder builder =
        DynamoDbAsyncClient.builder()
            .region(region)
            .credentialsProvider(config.credentials().toProvider(region))
            .httpClientBuilder(
                trustingIfAsked(
                    config,
                    NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(config.maxConcurrency())
                        .connectionTimeout(config.connectionTimeout())
                        .readTimeout(config.socketTimeout())
                        .writeTimeout(config.socketTimeout())))
            .overrideConfiguration(
                override(config).toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * A sync client for control-plane calls such as DescribeTable. It keeps the SDK's standard
   * retries.
   */
  public static DynamoDbClient createSync(AwsClientConfig config) {
    return sync(config, override(config));
  }

  /**
   * A sync client with SDK retries disabled, for {@link PageReader} and {@link BatchGetReader}:
   * they retry themselves, so that every throttled request is seen, counted and backed off by one
   * rule. Use it only with callers that retry.
   */
  public static DynamoDbClient createSyncWithoutRetries(AwsClientConfig config) {
    return sync(
        config, override(config).toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
  }

  /**
   * Sync clients use the Apache 5 HTTP client: it pools connections (readers and lookups send many
   * small requests on one client), where the URL-connection client measured about a third of its
   * request rate.
   */
  private static DynamoDbClient sync(
      AwsClientConfig config, ClientOverrideConfiguration overrideConfiguration) {
    Region region = Region.of(config.region());
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .region(region)
            .credentialsProvider(config.credentials().toProvider(region))
            .httpClientBuilder(
                trustingIfAsked(
                    config,
                    Apache5HttpClient.builder()
                        .maxConnections(config.maxConcurrency())
                        .connectionTimeout(config.connectionTimeout())
                        .socketTimeout(config.socketTimeout())))
            .overrideConfiguration(overrideConfiguration);
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * The HTTP client builder, told to accept any certificate when the configuration asks for it. The
   * SDK still builds (and closes) the HTTP client with the client; the setting goes in as a default
   * of higher precedence than the service's, as the SDK's own builders take no such flag.
   */
  private static SdkAsyncHttpClient.Builder<?> trustingIfAsked(
      AwsClientConfig config, SdkAsyncHttpClient.Builder<?> builder) {
    if (!config.trustAllCertificates()) {
      return builder;
    }
    return new TrustingAsyncBuilder(builder);
  }

  private static SdkHttpClient.Builder<?> trustingIfAsked(
      AwsClientConfig config, SdkHttpClient.Builder<?> builder) {
    if (!config.trustAllCertificates()) {
      return builder;
    }
    return new TrustingSyncBuilder(builder);
  }

  private static AttributeMap trustAll(AttributeMap serviceDefaults) {
    return AttributeMap.builder()
        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE)
        .build()
        .merge(serviceDefaults);
  }

  private static final class TrustingAsyncBuilder
      implements SdkAsyncHttpClient.Builder<TrustingAsyncBuilder> {
    private final SdkAsyncHttpClient.Builder<?> delegate;

    TrustingAsyncBuilder(SdkAsyncHttpClient.Builder<?> delegate) {
      this.delegate = delegate;
    }

    @Override
    public SdkAsyncHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return delegate.buildWithDefaults(trustAll(serviceDefaults));
    }
  }

  private static final class TrustingSyncBuilder
      implements SdkHttpClient.Builder<TrustingSyncBuilder> {
    private final SdkHttpClient.Builder<?> delegate;

    TrustingSyncBuilder(SdkHttpClient.Builder<?> delegate) {
      this.delegate = delegate;
    }

    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return delegate.buildWithDefaults(trustAll(serviceDefaults));
    }
  }

  private static ClientOverrideConfiguration override(AwsClientConfig config) {
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
    config.apiCallTimeout().ifPresent(override::apiCallTimeout);
    return override.build();
  }
}
