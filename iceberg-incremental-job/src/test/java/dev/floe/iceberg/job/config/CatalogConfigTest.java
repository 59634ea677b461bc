package dev.floe.iceberg.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogConfigTest {

  @Test
  void theDefaultIsAJdbcCatalogOnASqliteFileInTheLocalWarehouse() {
    String warehouse = JobConfigParserTest.defaultWarehouse();
    Path directory = Path.of("floe-warehouse").toAbsolutePath();

    assertThat(CatalogConfig.builder().build().icebergProperties(null))
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog"),
            Map.entry("jdbc.schema-version", "V1"),
            Map.entry("uri", "jdbc:sqlite:" + directory.resolve("catalog.db")),
            Map.entry("warehouse", warehouse));
  }

  @Test
  void aPlainWarehousePathBecomesAFileUriAndHoldsTheSqliteFile() {
    Path directory = Path.of("target", "it-warehouse").toAbsolutePath();
    CatalogConfig catalog = CatalogConfig.builder().warehouse("target/it-warehouse").build();

    assertThat(catalog.warehouse()).isEqualTo(directory.toUri().toString().replaceAll("/$", ""));
    assertThat(catalog.uri()).isEqualTo("jdbc:sqlite:" + directory.resolve("catalog.db"));
  }

  @Test
  void aJdbcCatalogOnAServerKeepsItsSchemaVersionAndPassesProperties() {
    CatalogConfig catalog =
        CatalogConfig.builder()
            .uri("jdbc:postgresql://db:5432/iceberg")
            .warehouse("s3://lake/warehouse")
            .property("jdbc.user", "floe")
            .property("jdbc.password", "hunter2")
            .property("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
            .build();

    assertThat(catalog.icebergProperties("eu-central-1"))
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog"),
            Map.entry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
            Map.entry("jdbc.password", "hunter2"),
            Map.entry("jdbc.user", "floe"),
            Map.entry("uri", "jdbc:postgresql://db:5432/iceberg"),
            Map.entry("warehouse", "s3://lake/warehouse"));
  }

  @Test
  void aSqliteSchemaVersionSetInPropertiesWins() {
    CatalogConfig catalog = CatalogConfig.builder().property("jdbc.schema-version", "V0").build();

    assertThat(catalog.icebergProperties(null)).containsEntry("jdbc.schema-version", "V0");
  }

  @Test
  void aJdbcCatalogWithARemoteWarehouseNeedsAUri() {
    assertThatThrownBy(() -> CatalogConfig.builder().warehouse("s3://lake/warehouse").build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.catalog.uri is missing. A jdbc catalog keeps its"
                + " default SQLite database in a local warehouse, but connector.catalog.warehouse"
                + " is s3://lake/warehouse: add uri: <JDBC URL> (e.g."
                + " jdbc:postgresql://host:5432/iceberg), or use a file: warehouse.");
  }

  @Test
  void aRelativeFileUriCannotHoldTheSqliteFile() {
    assertThatThrownBy(() -> CatalogConfig.builder().warehouse("file:warehouse").build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.catalog.warehouse must be a local directory as"
                + " an absolute file: URI such as file:///data/warehouse, but is"
                + " \"file:warehouse\" (URI is not hierarchical). Write the URI in full, or a"
                + " plain path.");
  }

  @Test
  void aGlueCatalogTakesTheConnectorRegionUnlessItsPropertiesNameOne() {
    CatalogConfig glue = CatalogConfig.builder().type(CatalogType.GLUE).build();

    assertThat(glue.warehouse()).isNull();
    assertThat(glue.icebergProperties("eu-central-1"))
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog"),
            Map.entry("client.region", "eu-central-1"),
            Map.entry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO"));
    assertThat(
            glue.toBuilder()
                .property("client.region", "us-west-2")
                .warehouse("s3://lake/warehouse")
                .build()
                .icebergProperties("eu-central-1"))
        .containsEntry("client.region", "us-west-2")
        .containsEntry("warehouse", "s3://lake/warehouse");
  }

  @Test
  void aGlueCatalogFromYamlRendersGlueCatalogWithS3FileIoAndPassesItsProperties() {
    JobConfig config =
        JobConfigParser.parse(
            JobConfigParserTest.SEED.replace(
                "connector:\n",
                String.join(
                    "\n",
                    "connector:",
                    "  catalog:",
                    "    type: glue",
                    "    warehouse: s3://lake/warehouse",
                    "    properties:",
                    "      glue.id: \"123456789012\"",
                    "      glue.endpoint: https://glue.eu-central-1.amazonaws.com",
                    "      glue.skip-archive: true",
                    "      s3.endpoint: https://s3.eu-central-1.amazonaws.com",
                    "      s3.sse.type: kms",
                    "")),
            "job.yaml");

    assertThat(config.icebergCatalogProperties())
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog"),
            Map.entry("client.region", "eu-central-1"),
            Map.entry("glue.endpoint", "https://glue.eu-central-1.amazonaws.com"),
            Map.entry("glue.id", "123456789012"),
            Map.entry("glue.skip-archive", "true"),
            Map.entry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
            Map.entry("s3.endpoint", "https://s3.eu-central-1.amazonaws.com"),
            Map.entry("s3.sse.type", "kms"),
            Map.entry("warehouse", "s3://lake/warehouse"));
  }

  @Test
  void anAssumedRoleGetsIcebergsAssumeRoleClientFactoryAndARegion() {
    CatalogConfig glue =
        CatalogConfig.builder()
            .type(CatalogType.GLUE)
            .property("client.assume-role.arn", "arn:aws:iam::123456789012:role/writer")
            .build();

    assertThat(glue.icebergProperties("eu-central-1"))
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog"),
            Map.entry("client.assume-role.arn", "arn:aws:iam::123456789012:role/writer"),
            Map.entry("client.assume-role.region", "eu-central-1"),
            Map.entry("client.factory", "org.apache.iceberg.aws.AssumeRoleAwsClientFactory"),
            Map.entry("client.region", "eu-central-1"),
            Map.entry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO"));
    // For S3FileIO under any catalog too; written values win.
    assertThat(
            CatalogConfig.builder()
                .warehouse("file:///lake")
                .property("client.assume-role.arn", "arn:aws:iam::123456789012:role/writer")
                .property("client.region", "us-west-2")
                .property("client.factory", "com.example.MyFactory")
                .build()
                .icebergProperties("eu-central-1"))
        .containsEntry("client.assume-role.region", "us-west-2")
        .containsEntry("client.factory", "com.example.MyFactory");
  }

  @Test
  void anAssumedRoleWithoutAnyRegionIsRefused() {
    assertThatThrownBy(
            () ->
                JobConfigParser.parse(
                    JobConfigParserTest.SEED.replace("  region: eu-central-1\n", "")
                        + "  catalog:\n    warehouse: /tmp/lake\n    properties:\n"
                        + "      client.assume-role.arn: arn:aws:iam::123456789012:role/writer\n",
                    "job.yaml"))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration in job.yaml at line 1, column 1: connector.region is missing."
                + " connector.catalog.properties.client.assume-role.arn assumes the role through"
                + " AWS STS, which needs a region: add region: <region> under connector (e.g."
                + " region: eu-central-1), or set client.assume-role.region in"
                + " connector.catalog.properties.");
  }

  @Test
  void aPostgresqlCatalogFromYamlPassesItsUriAndCredentials() {
    JobConfig config =
        JobConfigParser.parse(
            JobConfigParserTest.SEED
                + String.join(
                    "\n",
                    "  catalog:",
                    "    type: jdbc",
                    "    uri: jdbc:postgresql://db.example.com:5432/iceberg?sslmode=require",
                    "    warehouse: s3://lake/warehouse",
                    "    properties:",
                    "      jdbc.user: floe",
                    "      jdbc.password: hunter2",
                    ""),
            "job.yaml");

    assertThat(config.icebergCatalogProperties())
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog"),
            Map.entry("jdbc.password", "hunter2"),
            Map.entry("jdbc.user", "floe"),
            Map.entry("uri", "jdbc:postgresql://db.example.com:5432/iceberg?sslmode=require"),
            Map.entry("warehouse", "s3://lake/warehouse"));
    assertThat(config.toString()).contains("jdbc.password=****").doesNotContain("hunter2");
  }

  @Test
  void aGlueCatalogHasNoUri() {
    assertThatThrownBy(
            () ->
                CatalogConfig.builder()
                    .type(CatalogType.GLUE)
                    .uri("https://user:pw@glue.example")
                    .build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.catalog.uri is not used by a glue catalog, but is"
                + " \"https://user:****@glue.example\". Remove it (to reach Glue at another"
                + " endpoint, set glue.endpoint in connector.catalog.properties).");
  }

  @Test
  void aRestCatalogHasItsServerAndOptionalWarehouse() {
    CatalogConfig rest =
        CatalogConfig.builder()
            .type(CatalogType.REST)
            .name("lake")
            .uri("https://catalog.example/api/catalog")
            .warehouse("analytics")
            .property("credential", "client:secret")
            .build();

    assertThat(rest.icebergProperties("eu-central-1"))
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.rest.RESTCatalog"),
            Map.entry("credential", "client:secret"),
            Map.entry("uri", "https://catalog.example/api/catalog"),
            Map.entry("warehouse", "analytics"));
    assertThat(
            CatalogConfig.builder()
                .type(CatalogType.REST)
                .uri("http://localhost:8181")
                .build()
                .icebergProperties(null))
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.rest.RESTCatalog"),
            Map.entry("uri", "http://localhost:8181"));
  }

  @Test
  void aHadoopCatalogKeepsEverythingUnderItsWarehouse() {
    assertThat(CatalogConfig.builder().type(CatalogType.HADOOP).build().icebergProperties(null))
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.hadoop.HadoopCatalog"),
            Map.entry("warehouse", JobConfigParserTest.defaultWarehouse()));
    assertThat(
            CatalogConfig.builder()
                .type(CatalogType.HADOOP)
                .warehouse("hdfs://namenode/warehouse")
                .build()
                .icebergProperties(null))
        .containsExactly(
            Map.entry("catalog-impl", "org.apache.iceberg.hadoop.HadoopCatalog"),
            Map.entry("warehouse", "hdfs://namenode/warehouse"));
  }

  @Test
  void toStringMasksSecrets() {
    CatalogConfig catalog =
        CatalogConfig.builder()
            .type(CatalogType.REST)
            .uri("https://admin:hunter2@catalog.example/api?token=abc&x=1")
            .property("s3.secret-access-key", "SECRETKEY")
            .property("s3.session-token", "SESSION")
            .property("jdbc.password", "PASSWORD")
            .property("token", "TOKEN")
            .property("client.session-name", "SESSIONNAME")
            .property("credential", "id:CREDENTIAL")
            .property("header.Authorization", "Bearer BEARER")
            .property("s3.access-key-id", "AKIAEXAMPLE")
            .property("client.assume-role.arn", "arn:aws:iam::123456789012:role/r")
            .build();

    assertThat(catalog.toString())
        .isEqualTo(
            "CatalogConfig[type=rest, name=floe, warehouse=null,"
                + " uri=https://admin:****@catalog.example/api?token=****&x=1,"
                + " properties={client.assume-role.arn=arn:aws:iam::123456789012:role/r,"
                + " client.session-name=****, credential=****, header.Authorization=****,"
                + " jdbc.password=****, s3.access-key-id=AKIAEXAMPLE, s3.secret-access-key=****,"
                + " s3.session-token=****, token=****}]");
  }

  @Test
  void theJobConfigurationsToStringMasksTheCatalogsSecrets() {
    JobConfig config =
        JobConfigParser.parse(
            JobConfigParserTest.SEED.replace(
                "connector:\n",
                "connector:\n  catalog:\n    properties:\n      jdbc.password: hunter2\n"),
            "job.yaml");

    assertThat(config.toString()).contains("jdbc.password=****").doesNotContain("hunter2");
    assertThat(config.icebergCatalogProperties()).containsEntry("jdbc.password", "hunter2");
  }

  @Test
  void propertiesNeedAValue() {
    assertThatThrownBy(() -> CatalogConfig.builder().property("s3.endpoint", null).build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.catalog.properties.s3.endpoint has no value."
                + " Give it a value, or remove it.");
  }
}
