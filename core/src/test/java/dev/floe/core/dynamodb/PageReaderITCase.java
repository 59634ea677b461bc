package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.FilterPredicate.and;
import static dev.floe.core.dynamodb.FilterPredicate.beginsWith;
import static dev.floe.core.dynamodb.FilterPredicate.between;
import static dev.floe.core.dynamodb.FilterPredicate.eq;
import static dev.floe.core.dynamodb.FilterPredicate.gt;
import static dev.floe.core.dynamodb.FilterPredicate.in;
import static dev.floe.core.dynamodb.FilterPredicate.isNotNull;
import static dev.floe.core.dynamodb.FilterPredicate.isNull;
import static dev.floe.core.dynamodb.FilterPredicate.ne;
import static dev.floe.core.dynamodb.FilterPredicate.not;
import static dev.floe.core.dynamodb.FilterPredicate.or;
import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultKind;
import dev.floe.testing.FaultRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class PageReaderITCase {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  private static final int PARTITIONS = 5;
  private static final int SORT_KEYS = 40;
  private static final String[] STATUSES = {"open", "closed", "pending"};
  private static final String[] CITIES = {"Oslo", "Lima", "Pune"};

  private static String table;
  private static List<Map<String, AttributeValue>> items;
  private static DynamoDbClient client;

  @BeforeAll
  static void fill() {
    client = DynamoDbClientFactory.createSyncWithoutRetries(clientConfig());
    table = DYNAMODB.uniqueTableName("reads");
    DYNAMODB
        .table(table)
        .hashKey("pk", ScalarAttributeType.S)
        .rangeKey("sk", ScalarAttributeType.N)
        .create();
    items = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      for (int k = 0; k < SORT_KEYS; k++) {
        int i = p * SORT_KEYS + k;
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s("p" + p));
        item.put("sk", n(k));
        item.put("name", s("n" + i));
        // status: a string, NULL, or missing
        if (i % 7 == 3) {
          item.put("status", AttributeValue.fromNul(true));
        } else if (i % 11 != 5) {
          item.put("status", s(STATUSES[i % 3]));
        }
        item.put("size", n(i % 20));
        if (i % 4 != 0) {
          item.put("year", n(1998 + i % 6));
        }
        item.put("date", s("2024-0" + (1 + i % 9)));
        item.put("a.b", s("dot" + i));
        item.put("my-attr", s("dash" + (i % 5)));
        item.put("two words", s("space" + i));
        item.put(
            "address",
            AttributeValue.fromM(
                Map.of("city", s(CITIES[i % 3]), "zip", s(String.format("%05d", i)))));
        items.add(item);
      }
    }
    DYNAMODB.putItems(table, items);
  }

  @AfterAll
  static void close() {
    client.close();
  }

  static AwsClientConfig clientConfig() {
    return LocalDynamoDb.clientConfig(DYNAMODB.endpoint());
  }

  private static ReadSpec.Builder spec() {
    return ReadSpec.builder(table);
  }

  /** Reads every page of every segment, in segment order. */
  private static List<Map<String, AttributeValue>> readAll(
      PageReader reader, List<ScanSegment> segments) {
    List<Map<String, AttributeValue>> read = new ArrayList<>();
    for (ScanSegment segment : segments) {
      ScanSegment position = segment;
      while (!position.isFinished()) {
        Page page = reader.read(position);
        read.addAll(page.items());
        position = position.after(page);
      }
    }
    return read;
  }

  private static List<Map<String, AttributeValue>> scan(ReadSpec spec) {
    return readAll(new PageReader(client, spec), ScanPlanner.plan(spec, 1));
  }

  private static Set<String> ids(List<Map<String, AttributeValue>> found) {
    return found.stream()
        .map(item -> item.get("pk").s() + "/" + item.get("sk").n())
        .collect(Collectors.toSet());
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.s() == null ? null : value.s();
  }

  private static Integer num(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? null : Integer.valueOf(value.n());
  }

  @Test
  void projectsReservedWordsAndNamesWithDotsDashesAndSpaces() {
    ReadSpec spec =
        spec()
            .projection(
                AttributePath.of("status"),
                AttributePath.of("a.b"),
                AttributePath.of("my-attr"),
                AttributePath.of("two words"),
                AttributePath.of("address", "city"),
                AttributePath.of("year"))
            .filter(eq(AttributePath.of("name"), s("n42")))
            .build();
    assertThat(new PageReader(client, spec).expressions().projectionExpression())
        .contains("#n1, #n2, #n3, #n4, #n5.#n6, #n7");
    List<Map<String, AttributeValue>> found = scan(spec);
    Map<String, AttributeValue> expected = new LinkedHashMap<>();
    Map<String, AttributeValue> source = items.get(42);
    for (String name : List.of("status", "a.b", "my-attr", "two words", "year")) {
      if (source.containsKey(name)) {
        expected.put(name, source.get(name));
      }
    }
    expected.put("address", AttributeValue.fromM(Map.of("city", s(CITIES[42 % 3]))));
    assertThat(found).containsExactly(expected);
  }

  @Test
  void filteredScansReturnWhatAJavaFilterOverTheFullScanReturns() {
    Map<FilterPredicate, Predicate<Map<String, AttributeValue>>> cases = new LinkedHashMap<>();
    cases.put(eq(AttributePath.of("status"), s("open")), i -> "open".equals(str(i, "status")));
    cases.put(
        and(gt(AttributePath.of("size"), n(10)), beginsWith(AttributePath.of("name"), s("n1"))),
        i -> num(i, "size") > 10 && str(i, "name").startsWith("n1"));
    cases.put(
        or(isNull(AttributePath.of("status")), eq(AttributePath.of("address", "city"), s("Oslo"))),
        i ->
            (!i.containsKey("status") || Boolean.TRUE.equals(i.get("status").nul()))
                || "Oslo".equals(i.get("address").m().get("city").s()));
    cases.put(
        isNotNull(AttributePath.of("status")),
        i -> i.containsKey("status") && i.get("status").nul() == null);
    cases.put(
        not(in(AttributePath.of("year"), List.of(n(1998), n(2001)))),
        i -> num(i, "year") == null || (num(i, "year") != 1998 && num(i, "year") != 2001));
    cases.put(
        and(
            between(AttributePath.of("size"), n(5), n(15)),
            ne(AttributePath.of("my-attr"), s("dash2")),
            in(AttributePath.of("a.b"), List.of(s("dot7"), s("dot8"), s("dot9"), s("dot17")))),
        i ->
            num(i, "size") >= 5
                && num(i, "size") <= 15
                && !"dash2".equals(str(i, "my-attr"))
                && List.of("dot7", "dot8", "dot9", "dot17").contains(str(i, "a.b")));
    cases.put(
        or(
            not(eq(AttributePath.of("date"), s("2024-01"))),
            eq(AttributePath.of("two words"), s("space0"))),
        i -> !"2024-01".equals(str(i, "date")) || "space0".equals(str(i, "two words")));
    List<AttributeValue> manyYears = new ArrayList<>();
    for (int y = 1900; y < 2001; y++) {
      manyYears.add(n(y)); // 101 operands: an OR of two INs
    }
    cases.put(
        in(AttributePath.of("year"), manyYears),
        i -> num(i, "year") != null && num(i, "year") < 2001);

    List<Map<String, AttributeValue>> full = scan(spec().build());
    assertThat(ids(full)).hasSize(PARTITIONS * SORT_KEYS);
    for (var c : cases.entrySet()) {
      Set<String> expected = ids(full.stream().filter(c.getValue()).collect(Collectors.toList()));
      List<Map<String, AttributeValue>> found =
          scan(spec().filter(c.getKey()).pageSize(37).build());
      assertThat(ids(found)).as(c.getKey().toString()).isEqualTo(expected).isNotEmpty();
      assertThat(found).as(c.getKey().toString()).hasSize(expected.size());
    }
  }

  @Test
  void queriesEverySortKeyCondition() {
    KeyCondition p2 = KeyCondition.partitionKeyEquals("pk", s("p2"));
    Map<KeyCondition, List<Integer>> cases = new LinkedHashMap<>();
    cases.put(p2, range(0, 40));
    cases.put(p2.sortKey("sk", KeyCondition.SortOperator.EQ, n(5)), List.of(5));
    cases.put(p2.sortKey("sk", KeyCondition.SortOperator.LT, n(5)), range(0, 5));
    cases.put(p2.sortKey("sk", KeyCondition.SortOperator.LE, n(5)), range(0, 6));
    cases.put(p2.sortKey("sk", KeyCondition.SortOperator.GT, n(35)), range(36, 40));
    cases.put(p2.sortKey("sk", KeyCondition.SortOperator.GE, n(35)), range(35, 40));
    cases.put(p2.sortKeyBetween("sk", n(10), n(12)), range(10, 13));
    for (var c : cases.entrySet()) {
      ReadSpec spec = spec().keyCondition(c.getKey()).pageSize(3).build();
      List<Map<String, AttributeValue>> found = scan(spec);
      assertThat(found.stream().map(i -> num(i, "sk")).collect(Collectors.toList()))
          .as(c.getKey().toString())
          .isEqualTo(c.getValue());
      assertThat(found).allMatch(i -> i.get("pk").s().equals("p2"));
    }
    // A Query with a filter and an item limit: the limit counts returned items.
    ReadSpec limited =
        spec()
            .keyCondition(p2.sortKey("sk", KeyCondition.SortOperator.GE, n(10)))
            .filter(eq(AttributePath.of("my-attr"), s("dash0")))
            .itemLimit(3L)
            .build();
    assertThat(scan(limited).stream().map(i -> num(i, "sk")).collect(Collectors.toList()))
        .containsExactly(10, 15, 20);
  }

  @Test
  void queriesBeginsWithOnAStringSortKey() {
    String events = DYNAMODB.uniqueTableName("events");
    DYNAMODB
        .table(events)
        .hashKey("user", ScalarAttributeType.S)
        .rangeKey("date", ScalarAttributeType.S)
        .create();
    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    for (String date : List.of("2023-12-31", "2024-01-01", "2024-01-15", "2024-02-01")) {
      rows.add(Map.of("user", s("u1"), "date", s(date)));
      rows.add(Map.of("user", s("u2"), "date", s(date)));
    }
    DYNAMODB.putItems(events, rows);
    ReadSpec spec =
        ReadSpec.builder(events)
            .keyCondition(
                KeyCondition.partitionKeyEquals("user", s("u1"))
                    .sortKey("date", KeyCondition.SortOperator.BEGINS_WITH, s("2024-01")))
            .build();
    assertThat(scan(spec).stream().map(i -> str(i, "date")).collect(Collectors.toList()))
        .containsExactly("2024-01-01", "2024-01-15");
  }

  @Test
  void parallelScanOverFourSegmentsReadsEveryItemExactlyOnce() {
    ReadSpec spec = spec().pageSize(7).build();
    PageReader reader = new PageReader(client, spec);
    List<Set<String>> perSegment = new ArrayList<>();
    List<Map<String, AttributeValue>> all = new ArrayList<>();
    for (ScanSegment segment : ScanPlanner.plan(spec, 4)) {
      List<Map<String, AttributeValue>> read = readAll(reader, List.of(segment));
      perSegment.add(ids(read));
      all.addAll(read);
    }
    assertThat(all).hasSize(PARTITIONS * SORT_KEYS);
    assertThat(ids(all)).isEqualTo(ids(items));
    assertThat(perSegment.stream().mapToInt(Set::size).sum()).isEqualTo(PARTITIONS * SORT_KEYS);
    assertThat(perSegment).filteredOn(Set::isEmpty).isEmpty();
  }

  @Test
  void resumesMidSegmentWithoutGapOrDuplicate() {
    ReadSpec spec = spec().pageSize(9).build();
    ScanSegment position = ScanPlanner.plan(spec, 2).get(1);
    List<Map<String, AttributeValue>> before = new ArrayList<>();
    PageReader first = new PageReader(client, spec);
    for (int i = 0; i < 3; i++) {
      Page page = first.read(position);
      before.addAll(page.items());
      position = position.after(page);
    }
    assertThat(position.isFinished()).isFalse();
    assertThat(position.exclusiveStartKey()).containsOnlyKeys("pk", "sk");
    assertThat(position.itemsRead()).isEqualTo(27);
    // A restarted task: a new reader (and client) from the checkpointed position.
    ScanSegment restored =
        ScanSegment.resumeAt(1, 2, position.exclusiveStartKey(), position.itemsRead());
    List<Map<String, AttributeValue>> after;
    try (DynamoDbClient other = DynamoDbClientFactory.createSyncWithoutRetries(clientConfig())) {
      after = readAll(new PageReader(other, spec), List.of(restored));
    }
    List<Map<String, AttributeValue>> whole =
        readAll(new PageReader(client, spec), List.of(ScanSegment.start(1, 2)));
    List<Map<String, AttributeValue>> resumed = new ArrayList<>(before);
    resumed.addAll(after);
    assertThat(resumed).isEqualTo(whole);
    assertThat(new HashSet<>(ids(resumed))).hasSize(whole.size());
  }

  @Test
  void respectsPageSizeAndItemLimit() {
    RecordingReadMetrics metrics = new RecordingReadMetrics();
    ReadSpec spec = spec().pageSize(30).build();
    PageReader reader = new PageReader(client, spec, metrics);
    ScanSegment position = ScanSegment.start(0, 1);
    List<Integer> sizes = new ArrayList<>();
    while (!position.isFinished()) {
      Page page = reader.read(position);
      sizes.add(page.items().size());
      position = position.after(page);
    }
    // 200 items in pages of 30: six full pages and 20; DynamoDB may add an empty last page.
    assertThat(sizes.subList(0, 7)).containsExactly(30, 30, 30, 30, 30, 30, 20);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    assertThat(metrics.items.get()).isEqualTo(200);
    assertThat(metrics.pages.get()).isEqualTo(sizes.size());

    ReadSpec limited = spec().pageSize(10).itemLimit(25L).build();
    PageReader limitedReader = new PageReader(client, limited);
    position = ScanSegment.start(0, 1);
    sizes.clear();
    while (!position.isFinished()) {
      Page page = limitedReader.read(position);
      sizes.add(page.items().size());
      position = position.after(page);
    }
    assertThat(sizes).containsExactly(10, 10, 5);
    assertThat(position.itemsRead()).isEqualTo(25);
    assertThat(limitedReader.read(position).items()).isEmpty();
  }

  @Test
  void fatalErrorsNameTheTableAndTheCause() {
    ReadSpec missing = ReadSpec.builder("no_such_table").build();
    assertThatThrownBy(() -> new PageReader(client, missing).read(ScanSegment.start(0, 1)))
        .isInstanceOf(DynamoDbReadException.class)
        .hasMessageStartingWith(
            "Cannot read DynamoDB table 'no_such_table': Scan of segment-0-of-1")
        .hasMessageContaining("ResourceNotFoundException")
        .hasMessageContaining("check that the table exists and is ACTIVE");
    // A key condition on an attribute that is not a key: DynamoDB's ValidationException.
    ReadSpec badQuery =
        spec().keyCondition(KeyCondition.partitionKeyEquals("name", s("n1"))).build();
    assertThatThrownBy(() -> new PageReader(client, badQuery).read(ScanSegment.start(0, 1)))
        .isInstanceOf(DynamoDbReadException.class)
        .hasMessageStartingWith("Cannot read DynamoDB table '" + table + "': Query failed with")
        .hasMessageContaining("ValidationException")
        .hasMessageContaining("check the projection, filter and key condition");
  }

  @Test
  void retriesThrottlingAndServerErrorsAndCountsThem() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .seed(7)
                .rule(
                    FaultRule.inject(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED))
                        .onOperations("Scan")
                        .onEveryNthCall(3))
                .rule(
                    FaultRule.inject(Fault.error(DynamoDbError.INTERNAL_SERVER_ERROR))
                        .onOperations("Scan")
                        .onEveryNthCall(5))
                .rule(
                    FaultRule.inject(Fault.connectionReset()).onOperations("Scan").onFirstCalls(1))
                .start();
        DynamoDbClient proxied =
            DynamoDbClientFactory.createSyncWithoutRetries(
                LocalDynamoDb.clientConfig(proxy.endpoint()))) {
      RecordingReadMetrics metrics = new RecordingReadMetrics();
      ReadSpec spec = spec().pageSize(20).initialBackoff(ms(1)).maxBackoff(ms(20)).build();
      List<Map<String, AttributeValue>> read =
          readAll(new PageReader(proxied, spec, metrics), ScanPlanner.plan(spec, 3));
      assertThat(ids(read)).isEqualTo(ids(items));
      assertThat(read).hasSize(items.size());
      long throttles = proxy.faultCount(FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED);
      assertThat(throttles).isPositive();
      assertThat(metrics.throttled.get()).isEqualTo(throttles);
      assertThat(metrics.requestsRetried.get()).isEqualTo(proxy.faultCount()).isPositive();
      assertThat(metrics.requests.get()).isEqualTo(proxy.requestCount("Scan"));
    }
  }

  @Test
  void giveUpAfterMaxRetries() {
    try (DynamoDbFaultProxy proxy =
            DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
                .rule(FaultRule.inject(Fault.error(DynamoDbError.THROTTLING)).onEveryCall())
                .start();
        DynamoDbClient proxied =
            DynamoDbClientFactory.createSyncWithoutRetries(
                LocalDynamoDb.clientConfig(proxy.endpoint()))) {
      ReadSpec spec = spec().maxRetries(3).initialBackoff(ms(1)).maxBackoff(ms(5)).build();
      assertThatThrownBy(() -> new PageReader(proxied, spec).read(ScanSegment.start(0, 1)))
          .isInstanceOf(DynamoDbReadException.class)
          .hasMessageContaining("still failed with ThrottlingException")
          .hasMessageContaining(
              "after 3 retries; DynamoDB kept throttling: raise the table's read");
      assertThat(proxy.requestCount("Scan")).isEqualTo(4);
    }
  }

  private static java.time.Duration ms(long millis) {
    return java.time.Duration.ofMillis(millis);
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add(i);
    }
    return values;
  }
}
