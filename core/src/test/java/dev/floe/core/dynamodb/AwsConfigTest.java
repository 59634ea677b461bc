package dev.floe.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;

/** Client and credentials configuration: validation, providers, and no secrets in toString. */
class AwsConfigTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

  @Test
  void toStringNeverShowsSecrets() {
    AwsCredentialsConfig basic = AwsCredentialsConfig.basic("AKIAIOSFODNN7EXAMPLE", SECRET, TOKEN);
    AwsCredentialsConfig role =
        AwsCredentialsConfig.assumeRole(
            "arn:aws:iam::123456789012:role/writer", "floe", "external-secret-id", basic);
    AwsClientConfig client =
        AwsClientConfig.builder().region("eu-west-1").credentials(role).build();

    for (Object config : new Object[] {basic, role, client}) {
      assertThat(config.toString())
          .doesNotContain(SECRET)
          .doesNotContain(TOKEN)
          .doesNotContain("external-secret-id")
          .doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }
    assertThat(basic)
        .hasToString(
            "AwsCredentialsConfig{basic, accessKeyId=****MPLE, secretAccessKey=****,"
                + " sessionToken=****}");
    assertThat(client.toString())
        .startsWith(
            "AwsClientConfig{region=eu-west-1, credentials=AwsCredentialsConfig{assumeRole=")
        .contains("externalId=****");
  }

  @Test
  void basicCredentialsWithAndWithoutSessionToken() {
    AwsCredentials longTerm =
        AwsCredentialsConfig.basic("key", SECRET, null).toProvider().resolveCredentials();
    assertThat(longTerm.accessKeyId()).isEqualTo("key");
    assertThat(longTerm).isNotInstanceOf(AwsSessionCredentials.class);
    AwsCredentials session =
        AwsCredentialsConfig.basic("key", SECRET, TOKEN).toProvider().resolveCredentials();
    assertThat(session).isInstanceOf(AwsSessionCredentials.class);
    assertThat(((AwsSessionCredentials) session).sessionToken()).isEqualTo(TOKEN);
    assertThatThrownBy(() -> AwsCredentialsConfig.basic("key", " ", null))
        .hasMessageContaining("secret access key");
  }

  @Test
  void profileFromAGivenFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(
        file, "[writer]\naws_access_key_id = fromProfile\naws_secret_access_key = profileSecret\n");
    AwsCredentials credentials =
        AwsCredentialsConfig.profile("writer", file.toString()).toProvider().resolveCredentials();
    assertThat(credentials.accessKeyId()).isEqualTo("fromProfile");
    assertThat(credentials.secretAccessKey()).isEqualTo("profileSecret");
    assertThat(AwsCredentialsConfig.profile(null, null))
        .hasToString("AwsCredentialsConfig{profile=default}");
  }

  @Test
  void rolesAreAssumedThroughStsWithoutCallingItUpFront(@TempDir Path dir) throws Exception {
    AwsCredentialsConfig base = AwsCredentialsConfig.basic("key", SECRET, null);
    assertThat(
            AwsCredentialsConfig.assumeRole("arn:aws:iam::1:role/r", null, null, base)
                .toProvider(Region.EU_WEST_1))
        .isInstanceOf(StsAssumeRoleCredentialsProvider.class);
    Path token = dir.resolve("token");
    Files.writeString(token, "eyJhbGciOi...");
    assertThat(
            AwsCredentialsConfig.webIdentity("arn:aws:iam::1:role/r", token.toString(), "s")
                .toProvider(Region.EU_WEST_1))
        .isInstanceOf(StsAssumeRoleWithWebIdentityCredentialsProvider.class);
    assertThat(AwsCredentialsConfig.defaultChain().toProvider())
        .isInstanceOf(DefaultCredentialsProvider.class);
    assertThat(AwsCredentialsConfig.basic("k", SECRET, null).toProvider())
        .isInstanceOf(StaticCredentialsProvider.class);
  }

  @Test
  void systemPropertiesAndCustomProviders() {
    String previousKey = System.getProperty("aws.accessKeyId");
    String previousSecret = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.accessKeyId", "fromSystemProperty");
    System.setProperty("aws.secretAccessKey", SECRET);
    try {
      assertThat(
              AwsCredentialsConfig.systemProperties()
                  .toProvider()
                  .resolveCredentials()
                  .accessKeyId())
          .isEqualTo("fromSystemProperty");
    } finally {
      restore("aws.accessKeyId", previousKey);
      restore("aws.secretAccessKey", previousSecret);
    }
    assertThat(AwsCredentialsConfig.environmentVariables())
        .hasToString("AwsCredentialsConfig{environmentVariables}");

    String byConstructor = TestCredentialsProviders.ByConstructor.class.getName();
    assertThat(
            AwsCredentialsConfig.custom(byConstructor)
                .toProvider()
                .resolveCredentials()
                .accessKeyId())
        .isEqualTo("byConstructor");
    assertThat(
            AwsCredentialsConfig.custom(TestCredentialsProviders.ByFactory.class.getName())
                .toProvider()
                .resolveCredentials()
                .accessKeyId())
        .isEqualTo("byFactory");
    assertThatThrownBy(() -> AwsCredentialsConfig.custom("com.example.Missing").toProvider())
        .hasMessageStartingWith(
            "Cannot create the custom credentials provider com.example.Missing");
    assertThatThrownBy(() -> AwsCredentialsConfig.custom(String.class.getName()).toProvider())
        .hasMessageContaining("does not implement");
  }

  @Test
  void trustingAllCertificatesIsOffByDefaultAndShown() {
    AwsClientConfig config =
        AwsClientConfig.builder().region("us-east-1").trustAllCertificates(true).build();
    assertThat(config.trustAllCertificates()).isTrue();
    assertThat(config.toString()).contains("trustAllCertificates=true");
    assertThat(AwsClientConfig.builder().region("us-east-1").build().trustAllCertificates())
        .isFalse();
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  @Test
  void clientConfigDefaultsAndValidation() {
    AwsClientConfig config = AwsClientConfig.builder().region("us-east-1").build();
    assertThat(config.maxConcurrency()).isEqualTo(50);
    assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.apiCallTimeout()).isEmpty();
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.credentials().kind()).isEqualTo(AwsCredentialsConfig.Kind.DEFAULT_CHAIN);
    assertThat(config.toBuilder().build()).isEqualTo(config);

    assertThatThrownBy(() -> AwsClientConfig.builder().build()).hasMessageContaining("aws.region");
    assertThatThrownBy(
            () ->
                AwsClientConfig.builder()
                    .region("us-east-1")
                    .endpoint(URI.create("localhost:8000"))
                    .build())
        .hasMessageContaining("aws.endpoint");
    assertThatThrownBy(
            () -> AwsClientConfig.builder().region("us-east-1").maxConcurrency(0).build())
        .hasMessageContaining("maxConcurrency");
  }

  @Test
  void configurationsAreSerializable() throws Exception {
    Object[] configs = {
      AwsClientConfig.builder()
          .region("us-east-1")
          .credentials(
              AwsCredentialsConfig.assumeRole(
                  "arn:aws:iam::1:role/r", "s", null, AwsCredentialsConfig.profile("p", null)))
          .build(),
      DynamoDbWriterConfig.builder("t")
          .conditionAttribute("version")
          .writeRateLimit(WriteRateLimit.percentOfProvisioned(50))
          .build(),
      TableKeySchema.of("pk", "sk"),
    };
    for (Object config : configs) {
      try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
        out.writeObject(config);
      }
    }
  }
}
