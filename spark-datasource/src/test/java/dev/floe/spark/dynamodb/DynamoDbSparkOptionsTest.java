package dev.floe.spark.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.dynamodb.AwsCredentialsConfig;
import dev.floe.core.dynamodb.ReadRateLimit;
import dev.floe.core.dynamodb.WriteRateLimit;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamoDbSparkOptionsTest {

  @Test
  void namesAreCaseInsensitiveAndMapOntoCoreTypes() {
    DynamoDbSparkOptions options =
        DynamoDbSparkOptions.parse(
            Map.of(
                "Table_Name", "users",
                "AWS_REGION", "us-east-1",
                "aws_access_key_id", "AKID",
                "aws_secret_access_key", "s3cr3t",
                "aws_session_token", "t0k3n",
                "endpoint_url", "http://localhost:8000",
                "total_segments", "16",
                "consistent_read", "TRUE",
                "read_throughput", "50%",
                "write_throughput", "100"));

    assertThat(options.tableName()).isEqualTo("users");
    assertThat(options.clientConfig().region()).isEqualTo("us-east-1");
    assertThat(options.clientConfig().endpoint()).contains(URI.create("http://localhost:8000"));
    assertThat(options.credentials().kind()).isEqualTo(AwsCredentialsConfig.Kind.BASIC);
    assertThat(options.totalSegments()).hasValue(16);
    assertThat(options.consistentRead()).isTrue();
    assertThat(options.readThroughput()).contains(ReadRateLimit.percentOfProvisioned(50));
    assertThat(options.writeThroughput()).contains(WriteRateLimit.unitsPerSecond(100));
    assertThat(options.filterPushdown()).isTrue();
    assertThat(options.deleteFlagValue()).isEqualTo("true");
  }

  @Test
  void secretsNeverAppearInToString() {
    DynamoDbSparkOptions options =
        DynamoDbSparkOptions.parse(
            Map.of(
                "table_name", "users",
                "aws_region", "us-east-1",
                "aws_access_key_id", "AKID",
                "aws_secret_access_key", "s3cr3t",
                "aws_session_token", "t0k3n"));

    assertThat(options.toString())
        .contains("aws_access_key_id=AKID", "aws_secret_access_key=****")
        .doesNotContain("s3cr3t", "t0k3n");
    assertThat(options.clientConfig().toString()).doesNotContain("s3cr3t", "t0k3n");
  }

  /**
   * A catalog table's properties, as Spark 4's session catalog passes them: the OPTIONS under
   * {@code option.}, once more without prefix, and Spark's own entries; only the prefixed ones
   * count, so a table property is not taken for an unknown option.
   */
  @Test
  void aCatalogTablesPropertiesGiveItsPrefixedOptionsOnly() {
    Map<String, String> properties =
        Map.of(
            "option.table_name", "users",
            "option.AWS_REGION", "us-east-1",
            "table_name", "users",
            "provider", "dynamodb",
            "owner", "floe",
            "comment", "the users",
            "path", "file:/warehouse/users");

    DynamoDbSparkOptions options = DynamoDbSparkOptions.parse(properties);

    assertThat(options)
        .isEqualTo(
            DynamoDbSparkOptions.parse(Map.of("table_name", "users", "aws_region", "us-east-1")));
    assertThatThrownBy(
            () ->
                DynamoDbSparkOptions.parse(
                    Map.of(
                        "option.table_name", "users",
                        "option.aws_region", "us-east-1",
                        "option.totl_segments", "4",
                        "provider", "dynamodb")))
        .hasMessageStartingWith("Unknown option totl_segments for format(\"dynamodb\")");
  }

  @Test
  void theCheckpointLocationOfAStreamingQueryIsSparksOwn() {
    assertThat(
            DynamoDbSparkOptions.parse(
                Map.of(
                    "table_name", "users",
                    "aws_region", "us-east-1",
                    "checkpointLocation", "/tmp/checkpoint")))
        .isEqualTo(
            DynamoDbSparkOptions.parse(Map.of("table_name", "users", "aws_region", "us-east-1")));
  }

  @Test
  void invalidValuesNameTheOptionAndTheExpectedForm() {
    assertThatThrownBy(
            () ->
                DynamoDbSparkOptions.parse(
                    Map.of("table_name", "t", "aws_region", "r", "total_segments", "many")))
        .hasMessageStartingWith(
            "Invalid option total_segments='many': expected a whole number from 1 to 1000000."
                + " Valid options (case-insensitive): table_name, aws_region,");
    assertThatThrownBy(
            () ->
                DynamoDbSparkOptions.parse(
                    Map.of("table_name", "t", "aws_region", "r", "write_throughput", "150%")))
        .hasMessageStartingWith(
            "Invalid option write_throughput='150%': expected capacity units per second");
    assertThatThrownBy(
            () ->
                DynamoDbSparkOptions.parse(
                    Map.of("table_name", "t", "aws_region", "r", "aws_access_key_id", "AKID")))
        .hasMessageStartingWith(
            "Options aws_access_key_id and aws_secret_access_key go together:"
                + " aws_secret_access_key is missing");
    assertThatThrownBy(() -> DynamoDbSparkOptions.parse(Map.of("aws_region", "r")))
        .hasMessageStartingWith("Missing option table_name for format(\"dynamodb\")");
  }
}
