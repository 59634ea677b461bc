package dev.floe.iceberg.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configurations built in code: the same rules as the YAML, messages without a position. */
class JobConfigTest {

  private static SourceTableConfig.Builder ordersTable() {
    return SourceTableConfig.builder()
        .type(SourceType.DYNAMODB)
        .table("orders")
        .indexField("order_id")
        .datetimeField("updated_at");
  }

  private static TargetConfig.Builder target() {
    return TargetConfig.builder()
        .database("lake")
        .table("orders")
        .indexField("order_id")
        .datetimeField("processed_at");
  }

  @Test
  void buildsADynamoDbToIcebergJob() {
    JobConfig config =
        JobConfig.builder()
            .region("us-east-1")
            .mode(RunMode.STREAMING)
            .checkpointInterval(Duration.ofSeconds(10))
            .pollInterval(Duration.ofSeconds(2))
            .source(
                SourceConfig.builder()
                    .addTable(ordersTable().build())
                    .dynamodb(
                        DynamoDbSourceConfig.builder()
                            .endpointUrl(URI.create("http://localhost:8000"))
                            .segments(2)
                            .build())
                    .build())
            .target(target().writeMode(WriteMode.UPSERT).partitionBy("day").build())
            .build();

    assertThat(config.catalog()).isEqualTo(CatalogConfig.builder().build());
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.source().tables().get(0).qualifiedName()).isEqualTo("orders");
    assertThat(config.target().qualifiedName()).isEqualTo("lake.orders");
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void aTableBuiltAloneNamesItsKeysRelativeToTheEntry() {
    assertThatThrownBy(() -> ordersTable().indexField(null).build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: index_field is missing. Add index_field: the column that"
                + " identifies a record, e.g. id.");
  }

  @Test
  void aDynamoDbTableNeedsNoDatabase() {
    assertThat(ordersTable().build().database()).isNull();
    assertThatThrownBy(() -> ordersTable().type(SourceType.ICEBERG).build())
        .isInstanceOf(JobConfigException.class)
        .hasMessageStartingWith("Invalid job configuration: database is missing.");
  }

  @Test
  void theSameTableNameMayBeReadFromDynamoDbAndIceberg() {
    SourceConfig source =
        SourceConfig.builder()
            .addTable(ordersTable().build())
            .addTable(ordersTable().type(SourceType.ICEBERG).database("raw").build())
            .build();

    assertThat(source.tables())
        .extracting(SourceTableConfig::qualifiedName)
        .containsExactly("orders", "raw.orders");
  }

  @Test
  void aDynamoDbTableIsOneTableWhateverItsDatabase() {
    assertThatThrownBy(
            () ->
                SourceConfig.builder()
                    .addTable(ordersTable().build())
                    .addTable(ordersTable().database("other").build())
                    .build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.source.tables[1] repeats the dynamodb table"
                + " orders of connector.source.tables[0]. List each source table once.");
  }

  @Test
  void aSourceBuiltWithoutTablesIsEmpty() {
    assertThatThrownBy(() -> SourceConfig.builder().build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.source.tables is empty. List at least one source"
                + " table, each with database, table, index_field and datetime_field.");
  }

  @Test
  void aDynamoDbSourceNeedsARegionEvenWithAnEndpoint() {
    SourceConfig source =
        SourceConfig.builder()
            .addTable(ordersTable().build())
            .dynamodb(
                DynamoDbSourceConfig.builder()
                    .endpointUrl(URI.create("http://localhost:8000"))
                    .build())
            .build();

    assertThatThrownBy(() -> JobConfig.builder().source(source).target(target().build()).build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.region is missing. connector.source.tables[0]"
                + " reads the DynamoDB table orders, which needs an AWS region: add region:"
                + " <region> under connector (DynamoDB Local accepts any, e.g. us-east-1).");
  }

  @Test
  void aGlueCatalogWithAClientRegionNeedsNoConnectorRegion() {
    JobConfig config =
        JobConfig.builder()
            .catalog(
                CatalogConfig.builder()
                    .type(CatalogType.GLUE)
                    .property("client.region", "eu-west-1")
                    .build())
            .source(
                SourceConfig.builder()
                    .addTable(
                        SourceTableConfig.builder()
                            .database("raw")
                            .table("orders")
                            .indexField("id")
                            .datetimeField("ts")
                            .build())
                    .build())
            .target(target().build())
            .build();

    assertThat(config.region()).isNull();
    assertThat(config.icebergCatalogProperties()).containsEntry("client.region", "eu-west-1");
  }

  @Test
  void aDynamoDbTableMayShareItsNameWithTheTarget() {
    JobConfig config =
        JobConfig.builder()
            .region("us-east-1")
            .source(SourceConfig.builder().addTable(ordersTable().build()).build())
            .target(target().database("orders").table("orders").build())
            .build();

    assertThat(config.target().qualifiedName()).isEqualTo("orders.orders");
  }

  @Test
  void theBuildersListsAreCopied() {
    List<String> partitions = new ArrayList<>(List.of("day"));
    TargetConfig target = target().partitionBy(partitions).build();
    partitions.add("bucket[4](id)");

    assertThat(target.partitionBy()).containsExactly("day");
    assertThatThrownBy(() -> target.partitionBy().add("hour"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aMissingPartitionEntryIsNamedByIndex() {
    assertThatThrownBy(() -> target().partitionBy(Arrays.asList("day", null)).build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.target.partition_by[1] is empty. Write a"
                + " partition entry such as day, day(updated_at) or bucket[16](id), or remove the"
                + " list item.");
  }

  @Test
  void theCheckpointIntervalMustBePositive() {
    assertThatThrownBy(
            () ->
                JobConfig.builder()
                    .region("us-east-1")
                    .checkpointInterval(Duration.ofMillis(-1))
                    .source(SourceConfig.builder().addTable(ordersTable().build()).build())
                    .target(target().build())
                    .build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.streaming.checkpoint_interval must be greater than"
                + " 0, but is -1ms. Set a duration such as 30s or 5m, or remove the key for 60s.");
  }

  @Test
  void thePollIntervalMustBePositive() {
    assertThatThrownBy(
            () ->
                JobConfig.builder()
                    .region("us-east-1")
                    .pollInterval(Duration.ZERO)
                    .source(SourceConfig.builder().addTable(ordersTable().build()).build())
                    .target(target().build())
                    .build())
        .isInstanceOf(JobConfigException.class)
        .hasMessage(
            "Invalid job configuration: connector.streaming.poll_interval must be greater than 0,"
                + " but is 0ms. Set a duration such as 30s or 5m, or remove the key for 10s.");
  }

  @Test
  void aConfigurationTravelsToFlinkTasksByJavaSerialization() throws Exception {
    JobConfig config =
        JobConfigParser.parse(
            JobConfigParserTest.SEED.replace(
                "connector:\n",
                "connector:\n  catalog:\n    properties:\n      s3.endpoint: http://s3:9000\n"),
            "job.yaml");

    assertThat(roundTrip(config)).isEqualTo(config);
  }

  private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }
}
