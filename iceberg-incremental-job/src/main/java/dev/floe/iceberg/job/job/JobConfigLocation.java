package dev.floe.iceberg.job.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.iceberg.job.config.JobConfig;
import dev.floe.iceberg.job.config.JobConfigException;
import dev.floe.iceberg.job.config.JobConfigParser;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Where the job's YAML configuration comes from: a local file, an S3 object ({@code
 * s3://bucket/key}, read with the default AWS credential chain), or, for an application on Amazon
 * Managed Service for Apache Flink, which passes no program arguments, its runtime properties: the
 * property group {@value #PROPERTY_GROUP} with either {@value #CONFIG_KEY} (a file or S3 location)
 * or {@value #YAML_KEY} (the YAML itself).
 */
final class JobConfigLocation {
  /** The runtime properties group the job reads. */
  static final String PROPERTY_GROUP = "FloeJob";

  static final String CONFIG_KEY = "config";
  static final String YAML_KEY = "config_yaml";

  /** Where Managed Service for Apache Flink writes an application's runtime properties. */
  static final Path RUNTIME_PROPERTIES = Path.of("/etc/flink/application_properties.json");

  /** Overrides {@link #RUNTIME_PROPERTIES}, for tests and other hosts. */
  static final String RUNTIME_PROPERTIES_PROPERTY = "floe.runtime-properties";

  private static final String S3_SCHEME = "s3://";

  private final Supplier<S3Client> s3Clients;

  JobConfigLocation(Supplier<S3Client> s3Clients) {
    this.s3Clients = s3Clients;
  }

  /** S3 objects read with a client of the default region and credential chains. */
  static JobConfigLocation withDefaultS3Client() {
    return new JobConfigLocation(() -> S3Client.builder().crossRegionAccessEnabled(true).build());
  }

  /**
   * Reads the configuration at {@code location}: an {@code s3://} URI or a local path.
   *
   * @throws JobConfigException naming the location when it cannot be read or parsed
   */
  JobConfig read(String location) {
    if (!location.regionMatches(true, 0, S3_SCHEME, 0, S3_SCHEME.length())) {
      return JobConfigParser.parse(Path.of(location));
    }
    URI uri = URI.create(location);
    String bucket = uri.getHost();
    String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (bucket == null || key.isEmpty()) {
      throw new JobConfigException(
          "--config",
          String.format(
              "is %s, which names no S3 object. Write s3://<bucket>/<key>, e.g."
                  + " s3://my-bucket/jobs/job.yaml.",
              location));
    }
    String yaml;
    try (S3Client s3 = s3Clients.get()) {
      yaml =
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build())
              .asString(StandardCharsets.UTF_8);
    } catch (SdkException e) {
      throw new JobConfigException(
          "--config",
          String.format(
              "is %s, which cannot be read (%s). Check the bucket, the key, the region and that the"
                  + " job's AWS credentials may read the object (s3:GetObject).",
              location, e.getMessage()));
    }
    return JobConfigParser.parse(yaml, location);
  }

  /**
   * The configuration the runtime properties file {@code file} names, if that file exists: the job
   * runs on Managed Service for Apache Flink.
   *
   * @throws JobConfigException when the file exists but names no configuration, or names one that
   *     cannot be read
   */
  Optional<JobConfig> fromRuntimeProperties(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode groups;
    try {
      groups = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new JobConfigException(
          file.toString(), "cannot be read as runtime properties (" + e.getMessage() + ")");
    }
    for (JsonNode group : groups) {
      if (PROPERTY_GROUP.equals(group.path("PropertyGroupId").asText())) {
        JsonNode properties = group.path("PropertyMap");
        if (properties.hasNonNull(YAML_KEY)) {
          return Optional.of(
              JobConfigParser.parse(
                  properties.get(YAML_KEY).asText(),
                  "runtime property " + PROPERTY_GROUP + "." + YAML_KEY));
        }
        if (properties.hasNonNull(CONFIG_KEY)) {
          return Optional.of(read(properties.get(CONFIG_KEY).asText()));
        }
      }
    }
    throw new JobConfigException(
        "runtime properties",
        String.format(
            "in %s have no property group %s with %s (a file or s3:// location of the job's YAML)"
                + " or %s (the YAML itself). Add one of them to the application's runtime"
                + " properties.",
            file, PROPERTY_GROUP, CONFIG_KEY, YAML_KEY));
  }

  /** The runtime properties file of this host. */
  static Path runtimePropertiesFile() {
    String override = System.getProperty(RUNTIME_PROPERTIES_PROPERTY);
    return override == null ? RUNTIME_PROPERTIES : Path.of(override);
  }
}
