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

/**
 * Turns the connector's {@code aws.*} and {@code sink.http-client.*} options into core's {@link
 * AwsClientConfig}, checking that each credentials provider has what it needs before any I/O. Error
 * messages name options, never their secret values.
 */
final class AwsClientOptions {
  private AwsClientOptions() {}

  static AwsClientConfig clientConfig(ReadableConfig options) {
    AwsClientConfig.Builder builder =
        AwsClientConfig.builder()
            .credentials(credentials(options, options.get(AWS_CREDENTIALS_PROVIDER), false))
            .maxConcurrency(options.get(SINK_HTTP_CLIENT_MAX_CONCURRENCY))
            .socketTimeout(Duration.ofMillis(options.get(SINK_HTTP_CLIENT_READ_TIMEOUT)))
            .trustAllCertificates(options.get(AWS_TRUST_ALL_CERTIFICATES));
    options.getOptional(AWS_REGION).ifPresent(builder::region);
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
        return AwsCredentialsConfig.basic(
            require(options, AWS_ACCESS_KEY_ID, type),
            require(options, AWS_SECRET_ACCESS_KEY, type),
            options.getOptional(AWS_SESSION_TOKEN).orElse(null));
      case PROFILE:
        return AwsCredentialsConfig.profile(
            options.getOptional(AWS_PROFILE_NAME).orElse("default"),
            options.getOptional(AWS_PROFILE_PATH).orElse(null));
      case ASSUME_ROLE:
        if (forRole) {
          throw new ValidationException(
              "Option '"
                  + AWS_ROLE_CREDENTIALS_PROVIDER.key()
                  + "' cannot be ASSUME_ROLE again: give the credentials that assume the role"
                  + " (AUTO, BASIC, ENV_VAR, SYS_PROP, PROFILE or WEB_IDENTITY_TOKEN).");
        }
        return AwsCredentialsConfig.assumeRole(
            require(options, AWS_ROLE_ARN, type),
            options.getOptional(AWS_ROLE_SESSION_NAME).orElse("floe-dynamodb"),
            options.getOptional(AWS_ROLE_EXTERNAL_ID).orElse(null),
            credentials(options, options.get(AWS_ROLE_CREDENTIALS_PROVIDER), true));
      case WEB_IDENTITY_TOKEN:
        return AwsCredentialsConfig.webIdentity(
            require(options, AWS_ROLE_ARN, type),
            require(options, AWS_WEB_IDENTITY_TOKEN_FILE, type),
            options.getOptional(AWS_ROLE_SESSION_NAME).orElse("floe-dynamodb"));
      case CUSTOM:
        return AwsCredentialsConfig.custom(
            require(options, AWS_CUSTOM_CREDENTIALS_PROVIDER_CLASS, type));
      default:
        throw new IllegalStateException("unknown credentials provider " + type);
    }
  }

  private static String require(
      ReadableConfig options, ConfigOption<String> option, CredentialsProviderType type) {
    return options
        .getOptional(option)
        .filter(value -> !value.isBlank())
        .orElseThrow(
            () ->
                new ValidationException(
                    "Option '"
                        + option.key()
                        + "' is required when '"
                        + AWS_CREDENTIALS_PROVIDER.key()
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
