package dev.floe.flink.dynamodb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.AwsCredentialsConfig;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

/** The official connectors' credential options become core's client configuration. */
class AwsClientOptionsTest {
  private static AwsClientConfig configFor(Map<String, String> options) {
    Map<String, String> all = new java.util.HashMap<>(options);
    all.putIfAbsent("aws.region", "eu-central-1");
    return AwsClientOptions.clientConfig(Configuration.fromMap(all));
  }

  @Test
  void assumeRoleTakesItsBaseCredentialsFromTheNestedRoleProviderKeys() {
    AwsClientConfig config =
        configFor(
            Map.of(
                "aws.credentials.provider", "ASSUME_ROLE",
                "aws.credentials.role.arn", "arn:aws:iam::123456789012:role/writer",
                "aws.credentials.role.sessionName", "etl",
                "aws.credentials.role.provider", "BASIC",
                "aws.credentials.role.provider.basic.accesskeyid", "AKIABASE",
                "aws.credentials.role.provider.basic.secretkey", "base-secret"));

    assertThat(config.credentials().kind()).isEqualTo(AwsCredentialsConfig.Kind.ASSUME_ROLE);
    assertThat(config.credentials().toString())
        .contains("arn:aws:iam::123456789012:role/writer")
        .doesNotContain("base-secret");
  }

  @Test
  void missingOrUnsupportedCredentialOptionsNameTheOption() {
    assertThatThrownBy(
            () ->
                configFor(
                    Map.of(
                        "aws.credentials.provider", "ASSUME_ROLE",
                        "aws.credentials.role.arn", "arn:aws:iam::123456789012:role/writer",
                        "aws.credentials.role.provider", "BASIC",
                        "aws.credentials.role.provider.basic.accesskeyid", "AKIABASE")))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Option 'aws.credentials.role.provider.basic.secretkey' is required when"
                + " 'aws.credentials.role.provider' is BASIC.");
    assertThatThrownBy(
            () ->
                configFor(
                    Map.of(
                        "aws.credentials.provider", "ASSUME_ROLE",
                        "aws.credentials.role.arn", "arn:aws:iam::123456789012:role/writer",
                        "aws.credentials.role.provider", "WEB_IDENTITY_TOKEN")))
        .hasMessage(
            "Option 'aws.credentials.role.provider' cannot be WEB_IDENTITY_TOKEN: the credentials"
                + " that assume the role come from AUTO, ENV_VAR, SYS_PROP, BASIC or PROFILE.");
    assertThatThrownBy(() -> configFor(Map.of("aws.endpoint", "localhost:8000")))
        .hasMessage(
            "Option 'aws.endpoint' must be a URL such as https://dynamodb.eu-central-1.amazonaws.com"
                + " or http://localhost:8000, but is 'localhost:8000'.");
  }

  @Test
  void httpOptionsKeepTheOfficialDefaults() {
    AwsClientConfig config = configFor(Map.of());

    assertThat(config.maxConcurrency()).isEqualTo(10_000);
    assertThat(config.socketTimeout()).hasMillis(360_000);
    assertThat(config.credentials().kind()).isEqualTo(AwsCredentialsConfig.Kind.DEFAULT_CHAIN);
  }
}
