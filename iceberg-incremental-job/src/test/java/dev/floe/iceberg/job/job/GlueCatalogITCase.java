package dev.floe.iceberg.job.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.S3ProxyExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code type: glue} catalog loaded as the job loads it, in a JVM of its own on the job jar's
 * classpath ({@code target/runtime-classpath.txt}, no test dependencies), once per way the AWS
 * default credential chain can find credentials.
 *
 * <p>What it proves: Iceberg's GlueCatalog, the SDK's Glue client and S3FileIO load and initialize
 * from what the job bundles; the Glue client goes to {@code glue.endpoint}, sends {@code glue.id},
 * and signs for {@code connector.region} with the credentials each provider of the chain resolves
 * (environment as on Lambda, system properties, web identity, profile files, an SSO profile, ECS or
 * EKS container credentials, an assumed role); S3FileIO then reads the table's metadata from a real
 * S3 endpoint (s3proxy); and no secret reaches the printed configuration or an error.
 *
 * <p>What it cannot prove: that AWS Glue accepts the requests. No Glue emulator runs here, so
 * {@link AwsEndpointStub} stands in for Glue, STS, the SSO portal and the container credentials
 * endpoint, answering just enough and checking no signature. Instance profile credentials (EC2
 * instance metadata) are not exercised: the child JVMs disable instance metadata so that no request
 * can leave this machine.
 */
class GlueCatalogITCase {
  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final String REGION = "eu-west-1";
  private static final String CATALOG_ID = "123456789012";
  private static final String S3_SECRET = "floeS3SecretKey";

  @TempDir static Path shared;
  @TempDir Path dir;

  private static AwsEndpointStub stub;
  private static List<String> classpath;

  /** The home directory of the child JVM: where the SDK looks for ~/.aws. */
  private Path home;

  @BeforeAll
  static void createTheSourceTableOnS3() throws Exception {
    stub = AwsEndpointStub.start();
    classpath = new ArrayList<>();
    classpath.add(Path.of("target", "classes").toAbsolutePath().toString());
    classpath.add(Path.of("target", "test-classes").toAbsolutePath().toString());
    String runtime = Files.readString(Path.of("target", "runtime-classpath.txt")).trim();
    classpath.addAll(List.of(runtime.split(File.pathSeparator)));

    // The table the glue catalog will find: metadata and data on s3proxy, written by a catalog of
    // the test's own, then announced by the Glue stand-in.
    Map<String, String> properties = new HashMap<>(S3.s3FileIoProperties());
    properties.put("uri", "jdbc:sqlite:" + shared.resolve("setup.db"));
    properties.put("warehouse", "s3://" + S3.bucket() + "/warehouse");
    properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    properties.put("http-client.type", "urlconnection");
    properties.put("jdbc.schema-version", "V1");
    try (JdbcCatalog setup = new JdbcCatalog()) {
      setup.setConf(new Configuration());
      setup.initialize("setup", properties);
      setup.createNamespace(Namespace.of("sales"));
      Schema schema =
          new Schema(
              required(1, "id", Types.StringType.get()),
              optional(2, "updated_at", Types.TimestampType.withoutZone()));
      Table orders = setup.createTable(TableIdentifier.of("sales", "orders"), schema);
      List<Record> records = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Record record = GenericRecord.create(schema);
        record.setField("id", "o" + i);
        record.setField("updated_at", LocalDateTime.of(2026, 11, 1, 10, i));
        records.add(record);
      }
      LocalWarehouse.append(orders, records);
      String metadata = ((BaseTable) orders).operations().current().metadataFileLocation();
      assertThat(metadata).startsWith("s3://" + S3.bucket() + "/warehouse/sales/orders/metadata/");
      stub.glueTable("sales", "orders", metadata);
    }
  }

  @AfterAll
  static void stopTheStub() {
    stub.close();
  }

  @BeforeEach
  void emptyHome() throws IOException {
    home = Files.createDirectories(dir.resolve("home"));
    stub.clear();
  }

  @Test
  void environmentVariablesAsLambdaSetsThem() throws Exception {
    String out =
        probe(
            Map.of(
                "AWS_ACCESS_KEY_ID", "ASIALAMBDA0000000001",
                "AWS_SECRET_ACCESS_KEY", "lambdaSecretKey",
                "AWS_SESSION_TOKEN", "lambdaSessionToken"),
            List.of(),
            Map.of());

    assertLoaded(out);
    assertGlueSignedBy("ASIALAMBDA0000000001", "lambdaSessionToken");
    assertThat(out).doesNotContain("lambdaSecretKey", "lambdaSessionToken");
  }

  @Test
  void systemProperties() throws Exception {
    String out =
        probe(
            Map.of(),
            List.of(
                "-Daws.accessKeyId=AKIASYSPROPS00000001", "-Daws.secretAccessKey=sysPropSecretKey"),
            Map.of());

    assertLoaded(out);
    assertGlueSignedBy("AKIASYSPROPS00000001", null);
    assertThat(out).doesNotContain("sysPropSecretKey");
  }

  @Test
  void webIdentityTokenFileAsOnEksWithIamRolesForServiceAccounts() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "webIdentityJwt");

    String out =
        probe(
            Map.of(
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                token.toString(),
                "AWS_ROLE_ARN",
                "arn:aws:iam::123456789012:role/floe-writer",
                "AWS_ROLE_SESSION_NAME",
                "floe-run",
                // Set on EKS as well; without it the SDK calls the global STS endpoint and
                // ignores AWS_ENDPOINT_URL_STS.
                "AWS_REGION",
                REGION,
                "AWS_ENDPOINT_URL_STS",
                stub.endpoint()),
            List.of(),
            Map.of());

    assertLoaded(out);
    List<AwsEndpointStub.Request> sts = stub.requests("sts");
    assertThat(sts)
        .extracting(AwsEndpointStub.Request::target)
        .containsExactly("AssumeRoleWithWebIdentity");
    assertThat(sts.get(0).body())
        .contains("WebIdentityToken=webIdentityJwt", "RoleSessionName=floe-run");
    assertGlueSignedBy(
        AwsEndpointStub.WEB_IDENTITY.accessKeyId(), AwsEndpointStub.WEB_IDENTITY.sessionToken());
    assertThat(out)
        .doesNotContain("webIdentityJwt", AwsEndpointStub.WEB_IDENTITY.secretAccessKey());
  }

  @Test
  void aNamedProfileInFilesGivenBySystemProperties() throws Exception {
    Path credentials =
        Files.writeString(
            dir.resolve("credentials"),
            "[default]\naws_access_key_id = AKIADEFAULT000000001\naws_secret_access_key = nope\n"
                + "[floe]\naws_access_key_id = AKIAPROFILE000000001\n"
                + "aws_secret_access_key = profileSecretKey\n");
    Path config = Files.writeString(dir.resolve("config"), "[profile floe]\nregion = us-east-2\n");

    String out =
        probe(
            Map.of(),
            List.of(
                "-Daws.sharedCredentialsFile=" + credentials,
                "-Daws.configFile=" + config,
                "-Daws.profile=floe"),
            Map.of());

    assertLoaded(out);
    // connector.region, not the profile's region: the job sets client.region.
    assertGlueSignedBy("AKIAPROFILE000000001", null);
    assertThat(out).doesNotContain("profileSecretKey");
  }

  @Test
  void anSsoProfileAfterAwsSsoLogin() throws Exception {
    Path config = writeSsoConfig();
    // What "aws sso login --sso-session floe-sso" leaves behind: the portal's access token, cached
    // under ~/.aws/sso/cache in a file named by the SHA-1 of the session name.
    Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
    String file =
        HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-1")
                        .digest("floe-sso".getBytes(StandardCharsets.UTF_8)))
            + ".json";
    Files.writeString(
        cache.resolve(file),
        "{\"accessToken\":\"ssoPortalAccessToken\",\"expiresAt\":\"2099-01-01T00:00:00Z\","
            + "\"region\":\"eu-west-1\",\"startUrl\":\"https://floe.awsapps.com/start\"}");

    String out =
        probe(
            Map.of(
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_PROFILE", "floe-sso-profile",
                "AWS_ENDPOINT_URL_SSO", stub.endpoint()),
            List.of(),
            Map.of());

    assertLoaded(out);
    List<AwsEndpointStub.Request> sso = stub.requests("sso");
    assertThat(sso).hasSize(1);
    assertThat(sso.get(0).headers())
        .containsEntry("x-amz-sso_bearer_token", "ssoPortalAccessToken");
    assertThat(sso.get(0).target()).endsWith("/federation/credentials");
    assertGlueSignedBy(AwsEndpointStub.SSO.accessKeyId(), AwsEndpointStub.SSO.sessionToken());
    assertThat(out).doesNotContain("ssoPortalAccessToken", AwsEndpointStub.SSO.secretAccessKey());
  }

  @Test
  void anSsoProfileResolvesOnlyWhenUsedAndSaysToLogIn() throws Exception {
    Path config = writeSsoConfig();

    String out =
        probe(
            Map.of("AWS_CONFIG_FILE", config.toString(), "AWS_PROFILE", "floe-sso-profile"),
            List.of(),
            Map.of());

    // The catalog loads without a token; the first Glue call needs one.
    assertThat(out).contains("catalog: org.apache.iceberg.aws.glue.GlueCatalog");
    assertThat(out).containsPattern("error: .*Unable to load credentials");
    // The SDK's own advice, possible only because the job bundles the sso modules; without them:
    // "the 'sso' service module must be on the class path".
    assertThat(out)
        .contains(
            "The SSO session associated with this profile has expired or is otherwise invalid. To"
                + " refresh this SSO session run aws sso login with the corresponding profile.")
        .doesNotContain("'sso' service module");
    assertThat(stub.requests("glue")).isEmpty();
  }

  @Test
  void containerCredentialsAsOnEcsOrEksPodIdentity() throws Exception {
    String out =
        probe(
            Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                stub.containerCredentialsUri(),
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "containerAuthToken"),
            List.of(),
            Map.of());

    assertLoaded(out);
    List<AwsEndpointStub.Request> container = stub.requests("container");
    assertThat(container).isNotEmpty();
    assertThat(container.get(0).headers()).containsEntry("authorization", "containerAuthToken");
    assertGlueSignedBy(
        AwsEndpointStub.CONTAINER.accessKeyId(), AwsEndpointStub.CONTAINER.sessionToken());
    assertThat(out)
        .doesNotContain("containerAuthToken", AwsEndpointStub.CONTAINER.secretAccessKey());
  }

  @Test
  void anAssumedRoleOnTopOfTheChain() throws Exception {
    String out =
        probe(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                "AKIABASE000000000001",
                "AWS_SECRET_ACCESS_KEY",
                "baseSecretKey",
                // Iceberg's STS client takes its region from the SDK's default region chain only.
                "AWS_REGION",
                REGION,
                "AWS_ENDPOINT_URL_STS",
                stub.endpoint(),
                // Iceberg's assume-role client factory does not apply glue.endpoint.
                "AWS_ENDPOINT_URL_GLUE",
                stub.endpoint()),
            List.of(),
            Map.of("client.assume-role.arn", "arn:aws:iam::123456789012:role/floe-writer"),
            // S3 too would use the role, which s3proxy does not know: Glue only.
            true);

    assertThat(out).contains("target exists: false");
    List<AwsEndpointStub.Request> sts = stub.requests("sts");
    assertThat(sts).isNotEmpty();
    assertThat(sts.get(0).target()).isEqualTo("AssumeRole");
    assertThat(sts.get(0).signedBy()).isEqualTo("AKIABASE000000000001 " + REGION + " sts");
    assertThat(sts.get(0).body())
        .contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ffloe-writer");
    assertGlueSignedBy(
        AwsEndpointStub.ASSUMED_ROLE.accessKeyId(), AwsEndpointStub.ASSUMED_ROLE.sessionToken());
    assertThat(out).doesNotContain("baseSecretKey", AwsEndpointStub.ASSUMED_ROLE.secretAccessKey());
  }

  @Test
  void noCredentialsAnywhereIsAnErrorOnTheFirstCall() throws Exception {
    String out = probe(Map.of(), List.of(), Map.of());

    assertThat(out).contains("catalog: org.apache.iceberg.aws.glue.GlueCatalog");
    assertThat(out)
        .containsPattern("error: .*Unable to load credentials from any of the providers");
    assertThat(stub.requests("glue")).isEmpty();
  }

  private Path writeSsoConfig() throws IOException {
    return Files.writeString(
        dir.resolve("sso-config"),
        String.join(
            "\n",
            "[profile floe-sso-profile]",
            "sso_session = floe-sso",
            "sso_account_id = 123456789012",
            "sso_role_name = FloeWriter",
            "",
            "[sso-session floe-sso]",
            "sso_start_url = https://floe.awsapps.com/start",
            "sso_region = eu-west-1",
            "sso_registration_scopes = sso:account:access",
            ""));
  }

  /** What every scenario that resolves credentials prints. */
  private static void assertLoaded(String out) {
    assertThat(out)
        .contains(
            "catalog: org.apache.iceberg.aws.glue.GlueCatalog",
            "target exists: false",
            "io: org.apache.iceberg.aws.s3.S3FileIO",
            "records: 3")
        .doesNotContain("error:", S3_SECRET);
    assertThat(out).contains("s3.secret-access-key=****");
  }

  /** Every Glue request was signed with {@code accessKeyId} for the region, carrying the token. */
  private static void assertGlueSignedBy(String accessKeyId, String sessionToken) {
    List<AwsEndpointStub.Request> glue = stub.requests("glue");
    assertThat(glue).extracting(AwsEndpointStub.Request::target).contains("AWSGlue.GetTable");
    for (AwsEndpointStub.Request request : glue) {
      assertThat(request.signedBy()).isEqualTo(accessKeyId + " " + REGION + " glue");
      assertThat(request.securityToken()).isEqualTo(sessionToken);
      assertThat(request.body()).contains("\"CatalogId\":\"" + CATALOG_ID + "\"");
    }
  }

  /**
   * Runs {@link GlueCatalogProbe} in a new JVM with only {@code environment} (and HOME) as its
   * environment, {@code systemProperties}, and a glue catalog configuration with {@code properties}
   * added; returns what it printed.
   */
  private String probe(
      Map<String, String> environment,
      List<String> systemProperties,
      Map<String, String> properties)
      throws Exception {
    return probe(environment, systemProperties, properties, false);
  }

  private String probe(
      Map<String, String> environment,
      List<String> systemProperties,
      Map<String, String> properties,
      boolean glueOnly)
      throws Exception {
    Map<String, String> catalog = new LinkedHashMap<>();
    catalog.put("glue.endpoint", stub.endpoint());
    catalog.put("glue.id", CATALOG_ID);
    catalog.put("s3.endpoint", S3.endpoint().toString());
    catalog.put("s3.path-style-access", "true");
    catalog.put("s3.access-key-id", S3.accessKey());
    catalog.put("s3.secret-access-key", S3.secretKey());
    catalog.putAll(properties);
    StringBuilder yaml =
        new StringBuilder(
            String.join(
                "\n",
                "connector:",
                "  region: " + REGION,
                "  catalog:",
                "    type: glue",
                "    warehouse: s3://" + S3.bucket() + "/warehouse",
                "    properties:",
                ""));
    catalog.forEach(
        (key, value) ->
            yaml.append("      ").append(key).append(": \"").append(value).append("\"\n"));
    yaml.append(
        String.join(
            "\n",
            "  source:",
            "    tables:",
            "      - {database: sales, table: orders, index_field: id, datetime_field: updated_at}",
            "  target:",
            "    database: analytics",
            "    table: orders",
            "    index_field: id",
            "    datetime_field: processed_at",
            ""));
    Path file = Files.writeString(dir.resolve("job.yaml"), yaml);

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    // Never let the chain fall through to EC2 instance metadata: no request leaves this machine.
    command.add("-Daws.disableEc2Metadata=true");
    command.addAll(systemProperties);
    command.add(GlueCatalogProbe.class.getName());
    command.add(file.toString());
    if (glueOnly) {
      command.add(GlueCatalogProbe.GLUE_ONLY);
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("HOME", home.toString());
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the probe ended").isTrue();
    String out = new String(output, StandardCharsets.UTF_8);
    assertThat(out).as(out).contains("config: JobConfig[");
    return out;
  }
}
