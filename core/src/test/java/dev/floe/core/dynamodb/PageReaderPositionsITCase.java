package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbLocalExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@link PageReader#trackingItemPositions}: a read positioned after any returned item continues
 * with exactly the items after it, whatever happened to the items before it.
 */
class PageReaderPositionsITCase {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static DynamoDbClient client;

  @BeforeAll
  static void open() {
    client =
        DynamoDbClientFactory.createSyncWithoutRetries(
            LocalDynamoDb.clientConfig(DYNAMODB.endpoint()));
  }

  @AfterAll
  static void close() {
    client.close();
  }

  private static String tableWithItems(int count) {
    String table = DYNAMODB.uniqueTableName("positions");
    DYNAMODB
        .table(table)
        .hashKey("pk", ScalarAttributeType.S)
        .rangeKey("sk", ScalarAttributeType.N)
        .globalSecondaryIndex("by_status", "status", ScalarAttributeType.S)
        .create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("pk", s("p" + (i % 3)));
      item.put("sk", n(i));
      item.put("status", s(i % 2 == 0 ? "open" : "closed"));
      item.put("name", s("n" + i));
      items.add(item);
    }
    DYNAMODB.putItems(table, items);
    return table;
  }

  private static List<String> names(List<Map<String, AttributeValue>> items) {
    return items.stream().map(item -> item.get("name").s()).toList();
  }

  private static List<Map<String, AttributeValue>> readFrom(PageReader reader, ScanSegment start) {
    List<Map<String, AttributeValue>> read = new ArrayList<>();
    ScanSegment position = start;
    while (!position.isFinished()) {
      Page page = reader.read(position);
      read.addAll(page.items());
      position = position.after(page);
    }
    return read;
  }

  @Test
  void resumesAfterAnItemEvenWhenItemsBeforeItWereDeleted() {
    String table = tableWithItems(30);
    ReadSpec spec = ReadSpec.builder(table).pageSize(10).build();
    PageReader reader = PageReader.trackingItemPositions(client, spec, ReadMetrics.NONE);
    ScanSegment start = ScanSegment.start(0, 1);
    List<String> all = names(readFrom(reader, start));
    assertThat(all).hasSize(30);

    Page first = reader.read(start);
    ScanSegment afterFifth = start.afterItem(first, 4);
    assertThat(afterFifth.itemsRead()).isEqualTo(5);
    // A count of items to skip would now land three items too far.
    for (int i = 0; i < 3; i++) {
      Map<String, AttributeValue> deleted = first.items().get(i);
      client.deleteItem(
          r -> r.tableName(table).key(Map.of("pk", deleted.get("pk"), "sk", deleted.get("sk"))));
    }

    assertThat(names(readFrom(reader, afterFifth))).isEqualTo(all.subList(5, 30));
  }

  @Test
  void aProjectionWithoutTheKeyStillPositionsAndReturnsOnlyTheProjection() {
    String table = tableWithItems(12);
    ReadSpec spec =
        ReadSpec.builder(table).projection(AttributePath.of("name")).pageSize(5).build();
    PageReader reader = PageReader.trackingItemPositions(client, spec, ReadMetrics.NONE);
    ScanSegment start = ScanSegment.start(0, 1);
    Page first = reader.read(start);

    assertThat(first.items()).allSatisfy(item -> assertThat(item).containsOnlyKeys("name"));
    assertThat(first.itemKeys()).allSatisfy(key -> assertThat(key).containsOnlyKeys("pk", "sk"));
    List<String> all = names(readFrom(reader, start));
    assertThat(names(readFrom(reader, start.afterItem(first, 1)))).isEqualTo(all.subList(2, 12));
  }

  @Test
  void anIndexReadPositionsByTheTableAndTheIndexKey() {
    String table = tableWithItems(12);
    ReadSpec spec = ReadSpec.builder(table).indexName("by_status").pageSize(4).build();
    PageReader reader = PageReader.trackingItemPositions(client, spec, ReadMetrics.NONE);
    ScanSegment start = ScanSegment.start(0, 1);
    Page first = reader.read(start);

    assertThat(first.itemKeys())
        .allSatisfy(key -> assertThat(key).containsOnlyKeys("pk", "sk", "status"));
    List<String> all = names(readFrom(reader, start));
    assertThat(all).hasSize(12);
    assertThat(names(readFrom(reader, start.afterItem(first, 2)))).isEqualTo(all.subList(3, 12));
  }

  @Test
  void theLastItemOfAPageIsPositionedWhereTheNextPageStarts() {
    String table = tableWithItems(6);
    ReadSpec spec = ReadSpec.builder(table).pageSize(4).build();
    PageReader reader = PageReader.trackingItemPositions(client, spec, ReadMetrics.NONE);
    ScanSegment start = ScanSegment.start(0, 1);
    Page first = reader.read(start);

    assertThat(start.afterItem(first, 3)).isEqualTo(start.after(first));
  }

  @Test
  void anUnknownIndexIsNamedWithTheIndexesTheTableHas() {
    String table = tableWithItems(1);
    ReadSpec spec = ReadSpec.builder(table).indexName("by_city").build();

    assertThatThrownBy(() -> PageReader.trackingItemPositions(client, spec, ReadMetrics.NONE))
        .isInstanceOf(DynamoDbTableException.class)
        .hasMessage(
            "Cannot read index 'by_city' of DynamoDB table '"
                + table
                + "': the table has only the indexes [by_status]. Set the index name to one of"
                + " them, or leave it unset to read the table.");
  }

  @Test
  void aPageWithoutPositionsRefusesToPositionMidPage() {
    String table = tableWithItems(6);
    ReadSpec spec = ReadSpec.builder(table).pageSize(4).build();
    ScanSegment start = ScanSegment.start(0, 1);
    Page first = new PageReader(client, spec).read(start);

    assertThatThrownBy(() -> start.afterItem(first, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("read without item positions");
  }
}
