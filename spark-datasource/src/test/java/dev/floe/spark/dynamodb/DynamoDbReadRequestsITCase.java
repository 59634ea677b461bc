package dev.floe.spark.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.LocalAwsClients;
import dev.floe.testing.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What a read asks DynamoDB for, seen through the proxy: whole items when every column of an
 * inferred schema is read, a ProjectionExpression of exactly the columns Spark needs otherwise.
 */
class DynamoDbReadRequestsITCase {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB =
      DynamoDbLocalExtension.forEndpoint(IsolatedDynamoDbLocal.endpoint());

  private static SparkSession spark;
  private static String table;
  private DynamoDbFaultProxy proxy;

  @BeforeAll
  static void startSparkAndLoadTable() {
    spark =
        SparkSession.builder()
            .appName("floe-spark-datasource-it")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    table = DYNAMODB.uniqueTableName("requests");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
    DYNAMODB.putItems(
        table,
        List.of(
            Map.of(
                "id", AttributeValue.fromS("a"),
                "name", AttributeValue.fromS("Ann"),
                "size", AttributeValue.fromN("3")),
            Map.of("id", AttributeValue.fromS("b"), "name", AttributeValue.fromS("Bo"))));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @BeforeEach
  void startProxy() {
    proxy = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).recordRequests("Scan").start();
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private DataFrameReader read() {
    return spark
        .read()
        .format("dynamodb")
        .option("table_name", table)
        .option("aws_region", LocalAwsClients.REGION.id())
        .option("aws_access_key_id", LocalAwsClients.ACCESS_KEY_ID)
        .option("aws_secret_access_key", LocalAwsClients.SECRET_ACCESS_KEY)
        .option("endpoint_url", proxy.endpoint().toString())
        .option("total_segments", "2");
  }

  /** The resolved ProjectionExpression of every Scan the read sent (schema sampling included). */
  private List<Optional<String>> projections() {
    return proxy.requests("Scan").stream()
        .map(request -> request.resolved("ProjectionExpression"))
        .collect(Collectors.toList());
  }

  private List<RecordedRequest> segmentScans() {
    return proxy.requests("Scan").stream()
        .filter(request -> request.number("TotalSegments").orElse(0) == 2)
        .collect(Collectors.toList());
  }

  @Test
  void readingEveryColumnOfTheInferredSchemaAsksForWholeItems() {
    // No orderBy: its sampling job would scan every segment once more.
    List<Row> rows = read().load().collectAsList();

    assertThat(rows)
        .containsExactlyInAnyOrder(
            RowFactory.create("a", "Ann", 3), RowFactory.create("b", "Bo", null));
    assertThat(segmentScans()).hasSize(2);
    assertThat(segmentScans())
        .allSatisfy(scan -> assertThat(scan.text("ProjectionExpression")).isEmpty());
  }

  @Test
  void columnsSparkPrunesAreLeftOutOfTheRequest() {
    List<Row> rows = read().load().select("name").collectAsList();

    assertThat(rows).containsExactlyInAnyOrder(RowFactory.create("Ann"), RowFactory.create("Bo"));
    assertThat(segmentScans())
        .hasSize(2)
        .allSatisfy(scan -> assertThat(scan.resolved("ProjectionExpression")).contains("`name`"));
  }

  @Test
  void aGivenSchemaIsTheProjectionEvenWhenItNamesEveryAttribute() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("size", DataTypes.LongType);

    List<Row> rows = read().schema(schema).load().collectAsList();

    assertThat(rows)
        .containsExactlyInAnyOrder(
            RowFactory.create("a", "Ann", 3L), RowFactory.create("b", "Bo", null));
    assertThat(projections())
        .containsExactly(Optional.of("`id`, `name`, `size`"), Optional.of("`id`, `name`, `size`"));
  }
}
