package dev.floe.iceberg.job.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.iceberg.job.config.JobConfig;
import dev.floe.iceberg.job.config.JobConfigException;
import dev.floe.iceberg.job.config.JobConfigParser;
import dev.floe.testing.S3ProxyExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The configuration read from S3 (s3proxy) and from the runtime properties of Amazon Managed
 * Service for Apache Flink.
 */
class JobConfigLocationITCase {
  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @TempDir Path dir;

  private static S3Client client() {
    return S3Client.builder()
        .endpointOverride(S3.endpoint())
        .region(S3.region())
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3.accessKey(), S3.secretKey())))
        .build();
  }

  private static final JobConfigLocation LOCATIONS =
      new JobConfigLocation(JobConfigLocationITCase::client);

  private static String upload(String key, String yaml) {
    S3.s3Client().putObject(b -> b.bucket(S3.bucket()).key(key), RequestBody.fromString(yaml));
    return "s3://" + S3.bucket() + "/" + key;
  }

  @Test
  void readsTheYamlFromAnS3Object() {
    String location = upload("jobs/job.yaml", IncrementalJobMainITCase.seed());

    JobConfig config = LOCATIONS.read(location);

    assertThat(config).isEqualTo(JobConfigParser.parse(IncrementalJobMainITCase.seed(), "seed"));
  }

  @Test
  void errorsInAnS3ObjectNameTheObject() {
    String location =
        upload("jobs/bad.yaml", IncrementalJobMainITCase.seed().replace("region:", "regoin:"));

    assertThatThrownBy(() -> LOCATIONS.read(location))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining(location)
        .hasMessageContaining("connector.regoin is not a known key");
  }

  @Test
  void aMissingS3ObjectIsNamedWithWhatToCheck() {
    String location = "s3://" + S3.bucket() + "/jobs/missing.yaml";

    assertThatThrownBy(() -> LOCATIONS.read(location))
        .isInstanceOf(JobConfigException.class)
        .hasMessageStartingWith(
            "Invalid job configuration: --config is " + location + ", which cannot be read (")
        .hasMessageEndingWith(
            "Check the bucket, the key, the region and that the job's AWS credentials may read the"
                + " object (s3:GetObject).");
  }

  @Test
  void runtimePropertiesNameTheConfigurationOrHoldIt() throws Exception {
    String location = upload("jobs/managed.yaml", IncrementalJobMainITCase.seed());
    Path properties = dir.resolve("application_properties.json");
    JobConfig expected = JobConfigParser.parse(IncrementalJobMainITCase.seed(), "seed");

    Files.writeString(
        properties,
        "[{\"PropertyGroupId\": \"Other\", \"PropertyMap\": {\"config\": \"nope\"}},"
            + " {\"PropertyGroupId\": \"FloeJob\", \"PropertyMap\": {\"config\": \""
            + location
            + "\"}}]");
    assertThat(LOCATIONS.fromRuntimeProperties(properties)).contains(expected);

    String inline =
        IncrementalJobMainITCase.seed()
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n");
    Files.writeString(
        properties,
        "[{\"PropertyGroupId\": \"FloeJob\", \"PropertyMap\": {\"config_yaml\": \""
            + inline
            + "\"}}]");
    assertThat(LOCATIONS.fromRuntimeProperties(properties)).contains(expected);

    assertThat(LOCATIONS.fromRuntimeProperties(dir.resolve("absent.json"))).isEmpty();
  }

  @Test
  void runtimePropertiesWithoutTheGroupSayWhatToAdd() throws Exception {
    Path properties = dir.resolve("application_properties.json");
    Files.writeString(
        properties, "[{\"PropertyGroupId\": \"Other\", \"PropertyMap\": {\"a\": \"b\"}}]");

    assertThatThrownBy(() -> LOCATIONS.fromRuntimeProperties(properties))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: runtime properties in "
                + properties
                + " have no property group FloeJob with config (a file or s3:// location of the"
                + " job's YAML) or config_yaml (the YAML itself). Add one of them to the"
                + " application's runtime properties.");
  }
}
