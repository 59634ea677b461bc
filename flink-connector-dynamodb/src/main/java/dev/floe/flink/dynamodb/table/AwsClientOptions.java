package dev.floe.flink.dynamodb.table;

import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ACCESS_KEY_ID;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_CREDENTIALS_PROVIDER;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_CUSTOM_CREDENTIALS_PROVIDER_CLASS;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ENDPOINT;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_PROFILE_NAME;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_PROFILE_PATH;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_REGION;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ROLE_ARN;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ROLE_CREDENTIALS_PROVIDER;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ROLE_EXTERNAL_ID;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ROLE_PROVIDER_ACCESS_KEY_ID;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ROLE_PROVIDER_PROFILE_NAME;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ROLE_PROVIDER_PROFILE_PATH;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ROLE_PROVIDER_SECRET_ACCESS_KEY;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_ROLE_SESSION_NAME;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_SECRET_ACCESS_KEY;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_SESSION_TOKEN;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_TRUST_ALL_CERTIFICATES;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.AWS_WEB_IDENTITY_TOKEN_FILE;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.SINK_HTTP_CLIENT_MAX_CONCURRENCY;
import static dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.SINK_HTTP_CLIENT_READ_TIMEOUT;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.AwsCredentialsConfig;
import dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions.CredentialsProviderType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Turns the connector's {@code aws.*} and {@code sink.http-client.*} options into core's {@link
 * AwsClientConfig}, checking that each credentials provider has what it needs before any I/O. Error
 * messages name options, never their secret values.
 */
public final class AwsClientOptions {
  private AwsClientOptions() {}

  /**
   * The client configuration the {@code aws.*} options describe; the connector's tables and the
   * catalog both resolve credentials, region and endpoint here.
   *
   * @throws ValidationException naming the option when the options are incomplete or invalid (never
   *     their secret values)
   */
  public static AwsClientConfig clientConfig(ReadableConfig options) {
    AwsClientConfig.Builder builder =
        AwsClientConfig.builder()
            .credentials(credentials(options, options.get(AWS_CREDENTIALS_PROVIDER), false))
            .maxConcurrency(options.get(SINK_HTTP_CLIENT_MAX_CONCURRENCY))
            .socketTimeout(Duration.ofMillis(options.get(SINK_HTTP_CLIENT_READ_TIMEOUT)))
            .trustAllCertificates(options.get(AWS_TRUST_ALL_CERTIFICATES));
    builder.region(options.getOptional(AWS_REGION).orElseGet(AwsClientOptions::defaultRegion));
    options.getOptional(AWS_ENDPOINT).ifPresent(endpoint -> builder.endpoint(uri(endpoint)));
    return builder.build();
  }

  private static AwsCredentialsConfig credentials(
      ReadableConfig options, CredentialsProviderType type, boolean forRole) {
    switch (type) {
      case AUTO:
        return AwsCredentialsConfig.defaultChain();
      case ENV_VAR:
        return AwsCredentialsConfig.environmentVariables();
      case SYS_PROP:
        return AwsCredentialsConfig.systemProperties();
      case BASIC:
        // The credentials that assume a role have their own keys, as in the Apache Flink AWS
        // connectors: aws.credentials.role.provider.basic.*.
        return forRole
            ? AwsCredentialsConfig.basic(
                require(
                    options, AWS_ROLE_PROVIDER_ACCESS_KEY_ID, AWS_ROLE_CREDENTIALS_PROVIDER, type),
                require(
                    options,
                    AWS_ROLE_PROVIDER_SECRET_ACCESS_KEY,
                    AWS_ROLE_CREDENTIALS_PROVIDER,
                    type),
                null)
            : AwsCredentialsConfig.basic(
                require(options, AWS_ACCESS_KEY_ID, type),
                require(options, AWS_SECRET_ACCESS_KEY, type),
                options.getOptional(AWS_SESSION_TOKEN).orElse(null));
      case PROFILE:
        return AwsCredentialsConfig.profile(
            options
                .getOptional(forRole ? AWS_ROLE_PROVIDER_PROFILE_NAME : AWS_PROFILE_NAME)
                .orElse("default"),
            options
                .getOptional(forRole ? AWS_ROLE_PROVIDER_PROFILE_PATH : AWS_PROFILE_PATH)
                .orElse(null));
      case ASSUME_ROLE:
        if (forRole) {
          throw unsupportedRoleProvider(type);
        }
        return AwsCredentialsConfig.assumeRole(
            require(options, AWS_ROLE_ARN, type),
            options.getOptional(AWS_ROLE_SESSION_NAME).orElse("floe-dynamodb"),
            options.getOptional(AWS_ROLE_EXTERNAL_ID).orElse(null),
            credentials(options, options.get(AWS_ROLE_CREDENTIALS_PROVIDER), true));
      case WEB_IDENTITY_TOKEN:
        if (forRole) {
          throw unsupportedRoleProvider(type);
        }
        return AwsCredentialsConfig.webIdentity(
            require(options, AWS_ROLE_ARN, type),
            require(options, AWS_WEB_IDENTITY_TOKEN_FILE, type),
            options.getOptional(AWS_ROLE_SESSION_NAME).orElse("floe-dynamodb"));
      case CUSTOM:
        if (forRole) {
          throw unsupportedRoleProvider(type);
        }
        return AwsCredentialsConfig.custom(
            require(options, AWS_CUSTOM_CREDENTIALS_PROVIDER_CLASS, type));
      default:
        throw new IllegalStateException("unknown credentials provider " + type);
    }
  }

  private static String defaultRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      throw new ValidationException(
          "Option '"
              + AWS_REGION.key()
              + "' is not set and the AWS default region chain found no region: set '"
              + AWS_REGION.key()
              + "', for example 'us-east-1'.");
    }
  }

  private static ValidationException unsupportedRoleProvider(CredentialsProviderType type) {
    return new ValidationException(
        "Option '"
            + AWS_ROLE_CREDENTIALS_PROVIDER.key()
            + "' cannot be "
            + type
            + ": the credentials that assume the role come from AUTO, ENV_VAR, SYS_PROP, BASIC"
            + " or PROFILE.");
  }

  private static String require(
      ReadableConfig options, ConfigOption<String> option, CredentialsProviderType type) {
    return require(options, option, AWS_CREDENTIALS_PROVIDER, type);
  }

  private static String require(
      ReadableConfig options,
      ConfigOption<String> option,
      ConfigOption<CredentialsProviderType> providerOption,
      CredentialsProviderType type) {
    return options
        .getOptional(option)
        .filter(value -> !value.isBlank())
        .orElseThrow(
            () ->
                new ValidationException(
                    "Option '"
                        + option.key()
                        + "' is required when '"
                        + providerOption.key()
                        + "' is "
                        + type
                        + "."));
  }

  private static URI uri(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(endpoint, "expected scheme://host[:port]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ValidationException(
          "Option '"
              + AWS_ENDPOINT.key()
              + "' must be a URL such as https://dynamodb.eu-central-1.amazonaws.com or"
              + " http://localhost:8000, but is '"
              + endpoint
              + "'.");
    }
  }
}
