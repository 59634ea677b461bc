package dev.floe.spark.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code writeStream.format("dynamodb")}: a file source read one file per micro-batch (so each file
 * is one epoch), written with a checkpoint, stopped, restarted and replayed. What users check: the
 * table's final items, and which writes reached DynamoDB in a run (through a recording proxy).
 */
class DynamoDbStreamingWriteITCase {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB =
      DynamoDbLocalExtension.forEndpoint(IsolatedDynamoDbLocal.endpoint());

  private static final StructType EVENTS =
      new StructType()
          .add("user_id", DataTypes.StringType)
          .add("name", DataTypes.StringType)
          .add("deleted", DataTypes.BooleanType);

  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    spark = LocalSpark.start("floe-spark-streaming-it", Map.of());
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static String usersTable() {
    String table = DYNAMODB.uniqueTableName("users");
    DYNAMODB.table(table).hashKey("user_id", ScalarAttributeType.S).create();
    return table;
  }

  /** Adds one input file (one micro-batch), rows as {@code user_id, name, deleted}. */
  private static void addFile(Path input, String name, String... rows) throws IOException {
    StringBuilder json = new StringBuilder();
    for (String row : rows) {
      String[] parts = row.split(",", -1);
      json.append("{\"user_id\":\"").append(parts[0]).append('"');
      if (!parts[1].isEmpty()) {
        json.append(",\"name\":\"").append(parts[1]).append('"');
      }
      json.append(",\"deleted\":").append(parts[2]).append("}\n");
    }
    // Written aside and moved in, so the source never sees half a file.
    Path staged = Files.writeString(input.resolveSibling(name + ".staged"), json.toString());
    Files.move(staged, input.resolve(name + ".json"));
  }

  /** Runs the query over every input not yet committed in {@code checkpoint}, then stops. */
  private static StreamingQuery runToEnd(Path input, Path checkpoint, String table, URI endpoint)
      throws TimeoutException, StreamingQueryException {
    Map<String, String> options = new LinkedHashMap<>(LocalSpark.options(table, endpoint));
    options.put("delete_flag_column", "deleted");
    options.put("checkpointLocation", checkpoint.toString());
    StreamingQuery query =
        LocalSpark.withOptions(
                spark
                    .readStream()
                    .schema(EVENTS)
                    .option("maxFilesPerTrigger", "1")
                    .json(input.toString())
                    .writeStream()
                    .format("dynamodb"),
                options)
            .trigger(Trigger.AvailableNow())
            .start();
    query.awaitTermination();
    return query;
  }

  private static Map<String, AttributeValue> user(String id, String name) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("user_id", AttributeValue.fromS(id));
    item.put("name", AttributeValue.fromS(name));
    return item;
  }

  /**
   * The writes of recorded BatchWriteItem requests, as {@code put u1 Alice} / {@code delete u2}.
   */
  private static List<String> writes(List<RecordedRequest> batches) {
    List<String> writes = new ArrayList<>();
    for (RecordedRequest batch : batches) {
      for (JsonNode requests : batch.json().path("RequestItems")) {
        for (JsonNode request : requests) {
          JsonNode put = request.path("PutRequest").path("Item");
          JsonNode delete = request.path("DeleteRequest").path("Key");
          writes.add(
              put.isMissingNode()
                  ? "delete " + delete.path("user_id").path("S").asText()
                  : "put "
                      + put.path("user_id").path("S").asText()
                      + " "
                      + put.path("name").path("S").asText());
        }
      }
    }
    return writes;
  }

  /** The last of {@code writes} of each key ({@code put u1 Alice} is of key u1). */
  private static Map<String, String> lastWritePerKey(List<String> writes) {
    Map<String, String> last = new LinkedHashMap<>();
    for (String write : writes) {
      last.put(write.split(" ")[1], write);
    }
    return last;
  }

  private static List<String> committedEpochs(Path checkpoint) throws IOException {
    try (Stream<Path> files = Files.list(checkpoint.resolve("commits"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> !f.startsWith("."))
          .sorted()
          .toList();
    }
  }

  @Test
  void aRestartedQueryWritesOnlyTheNewInputAndLeavesExactlyTheExpectedTable() throws Exception {
    String table = usersTable();
    Path input = Files.createDirectories(dir.resolve("input"));
    Path checkpoint = dir.resolve("checkpoint");
    addFile(input, "1", "u1,Alice,false", "u2,Bob,false");
    addFile(input, "2", "u1,Alicia,false", "u3,Carol,false", "u2,,true");

    runToEnd(input, checkpoint, table, DYNAMODB.endpoint());

    assertThat(committedEpochs(checkpoint)).containsExactly("0", "1");
    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(user("u1", "Alicia"), user("u3", "Carol"));

    addFile(input, "3", "u4,Dan,false", "u3,,true");
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .recordRequests("BatchWriteItem")
            .start()) {
      StreamingQuery restarted = runToEnd(input, checkpoint, table, proxy.endpoint());

      // Only the new file's epoch ran, and only its rows were written.
      assertThat(restarted.lastProgress().batchId()).isEqualTo(2);
      assertThat(writes(proxy.requests("BatchWriteItem")))
          .containsExactlyInAnyOrder("put u4 Dan", "delete u3");
    }
    assertThat(committedEpochs(checkpoint)).containsExactly("0", "1", "2");
    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(user("u1", "Alicia"), user("u4", "Dan"));
  }

  /**
   * Epoch 1 was written but its commit was not recorded (as when the driver dies between the two):
   * the restarted query writes epoch 1 again, puts and deletes alike, and the table is what one run
   * leaves. Within the epoch, u5 is put and then deleted: the replay ends with the delete too.
   */
  @Test
  void aReplayedEpochLeavesTheTableAsOneRunWould() throws Exception {
    String table = usersTable();
    Path input = Files.createDirectories(dir.resolve("input"));
    Path checkpoint = dir.resolve("checkpoint");
    addFile(input, "1", "u1,Alice,false", "u2,Bob,false");
    addFile(input, "2", "u1,Alicia,false", "u2,,true", "u5,Eve,false", "u5,,true");
    runToEnd(input, checkpoint, table, DYNAMODB.endpoint());
    List<Map<String, AttributeValue>> afterOneRun = DYNAMODB.scanAll(table);
    assertThat(afterOneRun).containsExactlyInAnyOrder(user("u1", "Alicia"));

    Files.delete(checkpoint.resolve("commits").resolve("1"));
    Files.deleteIfExists(checkpoint.resolve("commits").resolve(".1.crc"));
    addFile(input, "3", "u6,Frank,false");
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .recordRequests("BatchWriteItem")
            .start()) {
      runToEnd(input, checkpoint, table, proxy.endpoint());

      // Epoch 1 again (not epoch 0), then epoch 2. Writes of one key reach DynamoDB in order;
      // the batch writer may drop a put that a later delete of its key replaces before it was
      // sent, as it may in the first run.
      List<String> writes = writes(proxy.requests("BatchWriteItem"));
      assertThat(lastWritePerKey(writes))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "u1", "put u1 Alicia",
                  "u2", "delete u2",
                  "u5", "delete u5",
                  "u6", "put u6 Frank"));
      assertThat(writes).doesNotContain("put u1 Alice", "put u2 Bob");
    }
    assertThat(committedEpochs(checkpoint)).containsExactly("0", "1", "2");
    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(user("u1", "Alicia"), user("u6", "Frank"));
  }

  /** Update output mode: each micro-batch puts the new aggregate of every key it changed. */
  @Test
  void anAggregationInUpdateModeKeepsOneItemPerKeyWithItsLatestValue() throws Exception {
    String table = DYNAMODB.uniqueTableName("totals");
    DYNAMODB.table(table).hashKey("user_id", ScalarAttributeType.S).create();
    Path input = Files.createDirectories(dir.resolve("input"));
    Path checkpoint = dir.resolve("checkpoint");
    addFile(input, "1", "u1,a,false", "u2,b,false", "u1,c,false");
    addFile(input, "2", "u2,d,false");

    for (int run = 0; run < 2; run++) {
      Dataset<Row> counts =
          spark
              .readStream()
              .schema(EVENTS)
              .option("maxFilesPerTrigger", "1")
              .json(input.toString())
              .groupBy("user_id")
              .agg(functions.count("*").as("events"));
      Map<String, String> options =
          new LinkedHashMap<>(LocalSpark.options(table, DYNAMODB.endpoint()));
      options.put("checkpointLocation", checkpoint.toString());
      LocalSpark.withOptions(counts.writeStream().format("dynamodb"), options)
          .outputMode("update")
          .trigger(Trigger.AvailableNow())
          .start()
          .awaitTermination();
      if (run == 0) {
        assertThat(DYNAMODB.scanAll(table))
            .containsExactlyInAnyOrder(events("u1", 2), events("u2", 2));
        addFile(input, "3", "u1,e,false", "u3,f,false");
      }
    }

    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(events("u1", 3), events("u2", 2), events("u3", 1));
  }

  private static Map<String, AttributeValue> events(String id, long count) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("user_id", AttributeValue.fromS(id));
    item.put("events", AttributeValue.fromN(Long.toString(count)));
    return item;
  }

  @Test
  void completeOutputModeIsRefusedBeforeAnyWrite() throws Exception {
    String table = DYNAMODB.uniqueTableName("totals");
    DYNAMODB.table(table).hashKey("user_id", ScalarAttributeType.S).create();
    Path input = Files.createDirectories(dir.resolve("input"));
    addFile(input, "1", "u1,a,false");

    Map<String, String> options =
        new LinkedHashMap<>(LocalSpark.options(table, DYNAMODB.endpoint()));
    options.put("checkpointLocation", dir.resolve("checkpoint").toString());
    StreamingQuery query =
        LocalSpark.withOptions(
                spark
                    .readStream()
                    .schema(EVENTS)
                    .json(input.toString())
                    .groupBy("user_id")
                    .count()
                    .writeStream()
                    .format("dynamodb"),
                options)
            .outputMode("complete")
            .trigger(Trigger.AvailableNow())
            .start();

    assertThatThrownBy(query::awaitTermination)
        .isInstanceOf(StreamingQueryException.class)
        .hasMessageContaining(
            "Cannot write to DynamoDB table '"
                + table
                + "' with SaveMode.Overwrite (INSERT OVERWRITE, or a streaming query's complete"
                + " output mode): here it would delete every item of the table before writing");
    assertThat(DYNAMODB.count(table)).isZero();
  }
}
