package dev.floe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ProxyExtensionITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void putsGetsAndListsObjects() {
    S3Client s3 = S3.s3Client();
    s3.putObject(
        r -> r.bucket(S3.bucket()).key("warehouse/db/t/data/00001.parquet"),
        RequestBody.fromString("first", StandardCharsets.UTF_8));
    s3.putObject(
        r -> r.bucket(S3.bucket()).key("warehouse/db/t/metadata/v1.metadata.json"),
        RequestBody.fromString("{\"format-version\":2}", StandardCharsets.UTF_8));

    String content =
        s3.getObjectAsBytes(r -> r.bucket(S3.bucket()).key("warehouse/db/t/data/00001.parquet"))
            .asUtf8String();

    assertThat(content).isEqualTo("first");
    assertThat(s3.listObjectsV2(r -> r.bucket(S3.bucket()).prefix("warehouse/db/t/")).contents())
        .extracting(S3Object::key, S3Object::size)
        .containsExactly(
            tuple("warehouse/db/t/data/00001.parquet", 5L),
            tuple("warehouse/db/t/metadata/v1.metadata.json", 20L));
  }

  @Test
  void rejectsAWrongSecretKey() {
    try (S3Client intruder =
        S3.s3ClientBuilder()
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3.accessKey(), "wrong-secret")))
            .build()) {
      assertThatThrownBy(() -> intruder.listObjectsV2(r -> r.bucket(S3.bucket())))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
              });
    }
  }

  @Test
  void givesIcebergS3FileIoProperties(S3Client injected) {
    assertThat(injected).isSameAs(S3.s3Client());
    assertThat(S3.endpoint().toString()).startsWith("http://127.0.0.1:");
    assertThat(S3.s3FileIoProperties())
        .containsOnly(
            entry("s3.endpoint", S3.endpoint().toString()),
            entry("s3.path-style-access", "true"),
            entry("s3.access-key-id", S3.accessKey()),
            entry("s3.secret-access-key", S3.secretKey()),
            entry("client.region", "us-east-1"));
  }
}
