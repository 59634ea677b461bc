package dev.floe.benchmarks;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.AwsCredentialsConfig;
import dev.floe.testing.LocalAwsClients;
import java.net.URI;

/** The client configuration every benchmark uses for its in-process DynamoDB Local. */
final class LocalClientConfig {
  private LocalClientConfig() {}

  static AwsClientConfig.Builder forEndpoint(URI endpoint) {
    return AwsClientConfig.builder()
        .region(LocalAwsClients.REGION.id())
        .endpoint(endpoint)
        .credentials(
            AwsCredentialsConfig.basic(
                LocalAwsClients.ACCESS_KEY_ID, LocalAwsClients.SECRET_ACCESS_KEY, null));
  }
}
