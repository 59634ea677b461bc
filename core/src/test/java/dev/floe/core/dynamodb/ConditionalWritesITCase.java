package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.fastRetries;
import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Conditional puts with a version attribute: a put applies only where the table has no item or an
 * older version; the others are counted as skipped, not failed.
 */
class ConditionalWritesITCase {

  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final TableKeySchema KEYS = TableKeySchema.of("pk", null);

  private static DynamoDbFaultProxy counting;
  private static DynamoDbAsyncClient client;

  @BeforeAll
  static void openClient() {
    counting = DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint()).start();
    client = LocalDynamoDb.asyncClient(counting.endpoint());
  }

  @AfterAll
  static void closeClient() {
    client.close();
    counting.close();
  }

  @Test
  void numericVersionsCompareAsNumbers() throws Exception {
    String table = newTable();
    DYNAMODB.putItems(
        table,
        List.of(
            item("pk", s("newer"), "version", n(5), "v", s("stored")),
            item("pk", s("older"), "version", n(5), "v", s("stored")),
            item("pk", s("equal"), "version", n(5), "v", s("stored")),
            item("pk", s("ten"), "version", n(10), "v", s("stored")),
            item("pk", s("unversioned"), "v", s("stored"))));
    RecordingMetrics metrics = new RecordingMetrics();
    long putsBefore = counting.requestCount("PutItem");
    try (DynamoDbBatchWriter writer = writer(table, metrics)) {
      writer.write(WriteOperation.put(item("pk", s("newer"), "version", n(6), "v", s("new"))));
      writer.write(WriteOperation.put(item("pk", s("older"), "version", n(4), "v", s("new"))));
      writer.write(WriteOperation.put(item("pk", s("equal"), "version", n("5.0"), "v", s("new"))));
      // As strings "9" > "10"; as numbers 9 < 10: the stored 10 must stay.
      writer.write(WriteOperation.put(item("pk", s("ten"), "version", n(9), "v", s("new"))));
      writer.write(WriteOperation.put(item("pk", s("absent"), "version", n(1), "v", s("new"))));
      // A stored item without the attribute predates versioning, so any versioned write is newer.
      writer.write(
          WriteOperation.put(item("pk", s("unversioned"), "version", n(1), "v", s("new"))));
      writer.flush();
    }
    assertThat(counting.requestCount("PutItem") - putsBefore).isEqualTo(6);
    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(
            item("pk", s("newer"), "version", n(6), "v", s("new")),
            item("pk", s("older"), "version", n(5), "v", s("stored")),
            item("pk", s("equal"), "version", n(5), "v", s("stored")),
            item("pk", s("ten"), "version", n(10), "v", s("stored")),
            item("pk", s("absent"), "version", n(1), "v", s("new")),
            item("pk", s("unversioned"), "version", n(1), "v", s("new")));
    assertThat(metrics.skipped.get()).isEqualTo(3);
    assertThat(metrics.written.get()).isEqualTo(3);
  }

  @Test
  void fixedWidthIsoTimestampVersionsCompareAsTime() throws Exception {
    String table = newTable();
    DYNAMODB.putItems(
        table,
        List.of(
            item("pk", s("later"), "version", s("2024-05-01T10:00:00.000Z")),
            item("pk", s("earlier"), "version", s("2024-05-01T10:00:00.000Z")),
            item("pk", s("same"), "version", s("2024-05-01T10:00:00.000Z")),
            item("pk", s("trap"), "version", s("2024-05-01T10:00:00Z"))));
    RecordingMetrics metrics = new RecordingMetrics();
    try (DynamoDbBatchWriter writer = writer(table, metrics)) {
      writer.write(put("later", "2024-05-01T10:00:00.001Z"));
      writer.write(put("earlier", "2024-05-01T09:59:59.999Z"));
      writer.write(put("same", "2024-05-01T10:00:00.000Z"));
      // Strings compare byte by byte: '.' sorts before 'Z', so a later time written with a
      // fraction is "lower" than the same second written without one (Instant.toString() drops
      // zero fractions). DynamoDB refuses it, and so does the writer: versions need one width.
      writer.write(put("trap", "2024-05-01T10:00:00.001Z"));
      writer.flush();
    }
    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(
            item("pk", s("later"), "version", s("2024-05-01T10:00:00.001Z")),
            item("pk", s("earlier"), "version", s("2024-05-01T10:00:00.000Z")),
            item("pk", s("same"), "version", s("2024-05-01T10:00:00.000Z")),
            item("pk", s("trap"), "version", s("2024-05-01T10:00:00Z")));
    assertThat(metrics.skipped.get()).isEqualTo(3);
  }

  @Test
  void bufferedPutsOfOneKeyEndWithTheHighestVersion() throws Exception {
    String table = newTable();
    RecordingMetrics metrics = new RecordingMetrics();
    try (DynamoDbBatchWriter writer = writer(table, metrics)) {
      for (int version : new int[] {3, 7, 5, 6, 7}) {
        writer.write(
            WriteOperation.put(item("pk", s("k"), "version", n(version), "seen", n(version))));
      }
      writer.flush();
    }
    assertThat(DYNAMODB.scanAll(table))
        .containsExactly(item("pk", s("k"), "version", n(7), "seen", n(7)));
    // 5, 6 and the second 7 are never written, whether dropped in the buffer or by DynamoDB.
    assertThat(metrics.skipped.get()).isEqualTo(3);
  }

  @Test
  void deletesStayUnconditional() throws Exception {
    String table = newTable();
    DYNAMODB.putItems(table, List.of(item("pk", s("k"), "version", n(100))));
    try (DynamoDbBatchWriter writer = writer(table, WriteMetrics.NONE)) {
      writer.write(WriteOperation.delete(item("pk", s("k"), "version", n(1))));
      writer.write(WriteOperation.put(item("pk", s("k2"), "version", n(1))));
      writer.write(WriteOperation.delete(item("pk", s("k2"))));
      writer.write(WriteOperation.put(item("pk", s("k2"), "version", n(0))));
      writer.flush();
    }
    // The delete went first, so version 0 met no item and applied.
    assertThat(DYNAMODB.scanAll(table)).containsExactly(item("pk", s("k2"), "version", n(0)));
  }

  @Test
  void aPutWithoutVersionIsRefused() throws Exception {
    String table = newTable();
    try (DynamoDbBatchWriter writer = writer(table, WriteMetrics.NONE)) {
      assertThatThrownBy(() -> writer.write(WriteOperation.put(item("pk", s("k"), "v", s("x")))))
          .isInstanceOf(DynamoDbWriteException.class)
          .hasMessage(
              "Cannot write item {pk=S:k} to DynamoDB table '"
                  + table
                  + "': conditional puts compare attribute 'version', which the item lacks; give"
                  + " every item a 'version' of type N or S (e.g. an ISO-8601 UTC timestamp), or"
                  + " write without a condition attribute");
      assertThatThrownBy(
              () ->
                  writer.write(
                      WriteOperation.put(
                          item("pk", s("k"), "version", AttributeValue.fromNul(true)))))
          .hasMessageContaining("which the item holds as NULL;");
    }
  }

  private static WriteOperation put(String key, String version) {
    return WriteOperation.put(item("pk", s(key), "version", s(version)));
  }

  private static DynamoDbBatchWriter writer(String table, WriteMetrics metrics) {
    return new DynamoDbBatchWriter(
        client, fastRetries(table).conditionAttribute("version").build(), KEYS, metrics);
  }

  private static String newTable() {
    String table = DYNAMODB.uniqueTableName("conditional");
    DYNAMODB.table(table).hashKey("pk", ScalarAttributeType.S).create();
    return table;
  }
}
