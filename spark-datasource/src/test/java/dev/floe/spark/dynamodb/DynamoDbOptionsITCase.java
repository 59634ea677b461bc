package dev.floe.spark.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.LocalAwsClients;
import dev.floe.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The options that change how a read or write talks to DynamoDB, checked where a user would see
 * their effect: {@code write_throughput} and {@code read_throughput} (in units and in percent of
 * provisioned capacity) by how long a write or read takes at least, {@code assume_role_arn} by the
 * STS call and the credentials every DynamoDB request is signed with, {@code schema_sample_size} by
 * the columns inferred.
 */
class DynamoDbOptionsITCase {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB =
      DynamoDbLocalExtension.forEndpoint(IsolatedDynamoDbLocal.endpoint());

  private static final StructType EVENTS =
      new StructType().add("id", DataTypes.LongType).add("v", DataTypes.StringType);

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = LocalSpark.start("floe-spark-options-it", Map.of());
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** {@code count} small rows (one write unit each) in two partitions. */
  private static Dataset<Row> events(int count) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      rows.add(RowFactory.create(i, "v" + i));
    }
    return spark.createDataFrame(rows, EVENTS).repartition(2);
  }

  /** Seconds {@code write} took. */
  private static double secondsOf(Runnable write) {
    long start = System.nanoTime();
    write.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static String eventsTable() {
    String table = DYNAMODB.uniqueTableName("events");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    return table;
  }

  @Test
  void writeThroughputInUnitsLimitsTheWholeWrite() {
    Dataset<Row> rows = events(60);
    String free = eventsTable();
    double unlimited =
        secondsOf(
            () ->
                rows.write()
                    .format("dynamodb")
                    .mode("append")
                    .options(LocalSpark.options(free, DYNAMODB.endpoint()))
                    .save());
    String limited = eventsTable();

    double seconds =
        secondsOf(
            () ->
                rows.write()
                    .format("dynamodb")
                    .mode("append")
                    .options(LocalSpark.options(limited, DYNAMODB.endpoint()))
                    .option("write_throughput", "10")
                    .save());

    // 10 units/s for the whole write: 5 for each of the two partitions of 30 rows. A batch goes
    // when the partition's balance is positive and takes its units at once: 25 rows at once (the
    // balance drops to 5 - 25 = -20), the last 5 rows after 20 / 5 = 4 s.
    assertThat(seconds)
        .as("60 writes at 10 units/s (unlimited: %.2f s)", unlimited)
        .isGreaterThan(3.5)
        .isGreaterThan(unlimited);
    assertThat(DYNAMODB.count(limited)).isEqualTo(60);
  }

  @Test
  void writeThroughputInPercentResolvesFromTheProvisionedCapacity() {
    String provisioned = DYNAMODB.uniqueTableName("events");
    DYNAMODB.table(provisioned).hashKey("id", ScalarAttributeType.N).provisioned(5, 20).create();

    double seconds =
        secondsOf(
            () ->
                events(60)
                    .write()
                    .format("dynamodb")
                    .mode("append")
                    .options(LocalSpark.options(provisioned, DYNAMODB.endpoint()))
                    .option("write_throughput", "50%")
                    .save());

    // 50% of 20 provisioned units: 10 units/s, as above.
    assertThat(seconds).isGreaterThan(3.5);
    assertThat(DYNAMODB.count(provisioned)).isEqualTo(60);

    String onDemand = eventsTable();
    assertThatThrownBy(
            () ->
                events(10)
                    .write()
                    .format("dynamodb")
                    .mode("append")
                    .options(LocalSpark.options(onDemand, DYNAMODB.endpoint()))
                    .option("write_throughput", "50%")
                    .save())
        .hasMessageContaining(
            "Cannot apply option write_throughput as a percentage to DynamoDB table '"
                + onDemand
                + "': it is on-demand (PAY_PER_REQUEST) and has no provisioned write capacity;"
                + " give capacity units per second instead, e.g. write_throughput=100");
    assertThat(DYNAMODB.count(onDemand)).isZero();
  }

  @Test
  void readThroughputInPercentLimitsTheRead() {
    String table = DYNAMODB.uniqueTableName("documents");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).provisioned(400, 5).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      // About 3.9 KB: one read unit each with consistent reads; 1 MB pages of ~256 units.
      items.add(
          Map.of(
              "id", AttributeValue.fromN(Integer.toString(i)),
              "body", AttributeValue.fromS("b".repeat(3900))));
    }
    DYNAMODB.putItems(table, items);
    Map<String, String> options =
        new LinkedHashMap<>(LocalSpark.options(table, DYNAMODB.endpoint()));
    options.put("consistent_read", "true");
    options.put("total_segments", "1");
    StructType schema =
        new StructType().add("id", DataTypes.LongType).add("body", DataTypes.StringType);

    // The faster of two runs: the first also warms up the JVM.
    double unlimited =
        Math.min(
            secondsOf(
                () ->
                    spark.read().format("dynamodb").options(options).schema(schema).load().count()),
            secondsOf(
                () ->
                    spark
                        .read()
                        .format("dynamodb")
                        .options(options)
                        .schema(schema)
                        .load()
                        .count()));
    double seconds =
        secondsOf(
            () ->
                assertThat(
                        spark
                            .read()
                            .format("dynamodb")
                            .options(options)
                            .option("read_throughput", "50%")
                            .schema(schema)
                            .load()
                            .count())
                    .isEqualTo(600));

    // 50% of 400: 200 units/s. Pages of ~256 units: the second waits ~0.3 s, the third ~1.3 s.
    assertThat(seconds)
        .as("~600 units at 200 units/s (unlimited: %.2f s)", unlimited)
        .isGreaterThan(1.4)
        .isGreaterThan(unlimited);
  }

  @Test
  void assumeRoleArnSignsEveryRequestWithTheAssumedRolesCredentials() throws Exception {
    String table = eventsTable();
    String role = "arn:aws:iam::123456789012:role/floe-writer";
    try (StsStub sts = StsStub.start();
        DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).recordRequests().start()) {
      // The SDK's own setting for where STS is: the stand-in, for clients built in this JVM.
      System.setProperty("aws.endpointUrlSts", sts.endpoint().toString());
      List<Row> back;
      try {
        Map<String, String> options =
            new LinkedHashMap<>(LocalSpark.options(table, proxy.endpoint()));
        options.put("assume_role_arn", role);
        events(3).write().format("dynamodb").mode("append").options(options).save();
        back =
            spark.read().format("dynamodb").options(options).load().orderBy("id").collectAsList();
      } finally {
        System.clearProperty("aws.endpointUrlSts");
      }

      assertThat(back)
          .containsExactly(
              RowFactory.create(0L, "v0"),
              RowFactory.create(1L, "v1"),
              RowFactory.create(2L, "v2"));
      assertThat(sts.requests())
          .isNotEmpty()
          .allSatisfy(
              request -> {
                assertThat(request.parameters())
                    .containsEntry("Action", "AssumeRole")
                    .containsEntry("RoleArn", role);
                assertThat(request.parameters().get("RoleSessionName")).startsWith("floe-");
                // STS is called with the credentials the other options give.
                assertThat(request.signedBy()).isEqualTo(LocalAwsClients.ACCESS_KEY_ID);
              });
      List<RecordedRequest> dynamo = proxy.requests();
      assertThat(dynamo.stream().map(RecordedRequest::operation).distinct())
          .contains("DescribeTable", "BatchWriteItem", "Scan");
      assertThat(dynamo)
          .allSatisfy(
              request -> assertThat(request.signingAccessKeyId()).hasValue(StsStub.ACCESS_KEY_ID));
    }
  }

  @Test
  void schemaSampleSizeBoundsTheItemsTheSchemaIsInferredFrom() {
    String table = DYNAMODB.uniqueTableName("sparse");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // Each item has an attribute no other item has: the schema has one column per item sampled.
      items.add(
          Map.of(
              "id",
              AttributeValue.fromS("i" + i),
              "only_" + i,
              AttributeValue.fromN(Integer.toString(i))));
    }
    DYNAMODB.putItems(table, items);
    Map<String, String> options = LocalSpark.options(table, DYNAMODB.endpoint());

    StructType one =
        spark
            .read()
            .format("dynamodb")
            .options(options)
            .option("schema_sample_size", "1")
            .load()
            .schema();
    StructType ten =
        spark
            .read()
            .format("dynamodb")
            .options(options)
            .option("schema_sample_size", "10")
            .load()
            .schema();
    StructType all = spark.read().format("dynamodb").options(options).load().schema();

    assertThat(one.fieldNames()).hasSize(2).startsWith("id");
    assertThat(ten.fieldNames()).hasSize(11).startsWith("id");
    assertThat(all.fieldNames()).hasSize(41).startsWith("id");
  }
}
