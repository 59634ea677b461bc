package dev.floe.spark.dynamodb;

import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.ConversionException;
import dev.floe.testing.DynamoDbError;
import dev.floe.testing.DynamoDbFaultProxy;
import dev.floe.testing.DynamoDbLocalExtension;
import dev.floe.testing.Fault;
import dev.floe.testing.FaultRule;
import dev.floe.testing.LocalAwsClients;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
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
 * {@code format("dynamodb")} against DynamoDB Local, in one local Spark session: the README's
 * examples of the Python data source it replaces, as Java calls, and what users check of them.
 */
class DynamoDbDataSourceITCase {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB =
      DynamoDbLocalExtension.forEndpoint(IsolatedDynamoDbLocal.endpoint());

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = LocalSpark.start("floe-spark-datasource-it", Map.of());
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Map<String, String> options(String table) {
    return LocalSpark.options(table, DYNAMODB.endpoint());
  }

  private static DataFrameReader read(String table) {
    return spark.read().format("dynamodb").options(options(table));
  }

  private static String usersTable() {
    String table = DYNAMODB.uniqueTableName("users");
    DYNAMODB.table(table).hashKey("user_id", ScalarAttributeType.S).create();
    return table;
  }

  private static final StructType USERS =
      new StructType()
          .add("user_id", DataTypes.StringType)
          .add("name", DataTypes.StringType)
          .add("age", DataTypes.LongType)
          .add("score", DataTypes.DoubleType);

  private static Dataset<Row> users(Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), USERS);
  }

  @Test
  void batchWritePutsEveryRowAsAnItemWithDoublesAsExactDecimals() {
    String table = usersTable();
    users(
            RowFactory.create("u1", "Alice", 30L, 0.1),
            RowFactory.create("u2", "Bob", 25L, 99.5),
            RowFactory.create("u3", "Carol", null, 1e-7))
        .write()
        .format("dynamodb")
        .mode("append")
        .option("table_name", table)
        .option("aws_region", LocalAwsClients.REGION.id())
        .option("aws_access_key_id", LocalAwsClients.ACCESS_KEY_ID)
        .option("aws_secret_access_key", LocalAwsClients.SECRET_ACCESS_KEY)
        .option("endpoint_url", DYNAMODB.endpoint().toString())
        .save();

    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(
            item(
                "user_id", AttributeValue.fromS("u1"),
                "name", AttributeValue.fromS("Alice"),
                "age", AttributeValue.fromN("30"),
                "score", AttributeValue.fromN("0.1")),
            item(
                "user_id", AttributeValue.fromS("u2"),
                "name", AttributeValue.fromS("Bob"),
                "age", AttributeValue.fromN("25"),
                "score", AttributeValue.fromN("99.5")),
            // A null leaves its attribute out.
            item(
                "user_id", AttributeValue.fromS("u3"),
                "name", AttributeValue.fromS("Carol"),
                "score", AttributeValue.fromN("0.0000001")));
  }

  @Test
  void writeWithDeleteFlagDeletesFlaggedKeysAndPutsTheRest() {
    String table = usersTable();
    DYNAMODB.putItems(
        table,
        List.of(
            item("user_id", AttributeValue.fromS("u1"), "name", AttributeValue.fromS("Old")),
            item("user_id", AttributeValue.fromS("u2"), "name", AttributeValue.fromS("Gone"))));
    StructType schema =
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("is_deleted", DataTypes.BooleanType);
    spark
        .createDataFrame(
            List.of(
                RowFactory.create("u1", "New", false),
                RowFactory.create("u2", null, true),
                RowFactory.create("u3", "Added", false)),
            schema)
        .write()
        .format("dynamodb")
        .mode(SaveMode.Append)
        .options(options(table))
        .option("delete_flag_column", "is_deleted")
        .option("delete_flag_value", "true")
        .save();

    assertThat(DYNAMODB.scanAll(table))
        .containsExactlyInAnyOrder(
            item("user_id", AttributeValue.fromS("u1"), "name", AttributeValue.fromS("New")),
            item("user_id", AttributeValue.fromS("u3"), "name", AttributeValue.fromS("Added")));
  }

  @Test
  void batchReadInfersTheSchemaAndReturnsEveryItem() {
    String table = usersTable();
    DYNAMODB.putItems(
        table,
        List.of(
            item(
                "user_id", AttributeValue.fromS("u1"),
                "name", AttributeValue.fromS("Alice"),
                "age", AttributeValue.fromN("30")),
            item(
                "user_id", AttributeValue.fromS("u2"),
                "name", AttributeValue.fromS("Bob"),
                "age", AttributeValue.fromN("25"))));

    Dataset<Row> df = read(table).load();

    assertThat(df.schema().simpleString()).isEqualTo("struct<user_id:string,age:int,name:string>");
    assertThat(df.orderBy("user_id").collectAsList())
        .containsExactly(RowFactory.create("u1", 30, "Alice"), RowFactory.create("u2", 25, "Bob"));
  }

  @Test
  void parallelScanWithTotalSegmentsReadsEachItemOnceInThatManyPartitions() {
    String table = DYNAMODB.uniqueTableName("events");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add(item("id", AttributeValue.fromN(Integer.toString(i))));
    }
    DYNAMODB.putItems(table, items);

    Dataset<Row> df = read(table).option("total_segments", "8").load();

    assertThat(df.rdd().getNumPartitions()).isEqualTo(8);
    List<Row> rows = df.collectAsList();
    assertThat(rows).hasSize(1000);
    assertThat(rows.stream().map(r -> r.getInt(0)).distinct().count()).isEqualTo(1000);
  }

  @Test
  void anExplicitSchemaIsTheProjectionAndMissingAttributesAreNull() {
    String table = usersTable();
    DYNAMODB.putItems(
        table,
        List.of(
            item(
                "user_id", AttributeValue.fromS("u1"),
                "name", AttributeValue.fromS("Alice"),
                "secret", AttributeValue.fromS("x")),
            item("user_id", AttributeValue.fromS("u2"))));
    StructType schema =
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("age", DataTypes.LongType);

    Dataset<Row> df = read(table).schema(schema).load();

    assertThat(df.schema()).isEqualTo(schema);
    assertThat(df.orderBy("user_id").collectAsList())
        .containsExactly(
            RowFactory.create("u1", "Alice", null), RowFactory.create("u2", null, null));
  }

  @Test
  void sparkTypesRoundTripThroughDynamoDb() {
    String table = DYNAMODB.uniqueTableName("types");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("i", DataTypes.IntegerType)
            .add("s", DataTypes.StringType)
            .add("d", DataTypes.DoubleType)
            .add("dec", DataTypes.createDecimalType(12, 3))
            .add("b", DataTypes.BooleanType)
            .add("bin", DataTypes.BinaryType)
            .add("day", DataTypes.DateType)
            .add("ts", DataTypes.TimestampType)
            .add("tags", DataTypes.createArrayType(DataTypes.StringType))
            .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
            .add(
                "address",
                new StructType()
                    .add("city", DataTypes.StringType)
                    .add("zip", DataTypes.IntegerType));
    Row row =
        RowFactory.create(
            1L,
            7,
            "text",
            2.5,
            new BigDecimal("123456789.125"),
            true,
            new byte[] {1, 2, 3},
            java.sql.Date.valueOf("2024-02-29"),
            java.sql.Timestamp.from(java.time.Instant.parse("2024-03-01T10:15:30.123456Z")),
            List.of("a", "b"),
            Map.of("x", 1L),
            RowFactory.create("Paris", 75001));
    spark
        .createDataFrame(List.of(row), schema)
        .write()
        .format("dynamodb")
        .mode("append")
        .options(options(table))
        .save();

    // Read back with the schema it was written with: every value comes back equal.
    Row back = read(table).schema(schema).load().collectAsList().get(0);
    assertThat(back.getLong(0)).isEqualTo(1L);
    assertThat(back.getInt(1)).isEqualTo(7);
    assertThat(back.getString(2)).isEqualTo("text");
    assertThat(back.getDouble(3)).isEqualTo(2.5);
    assertThat(back.getDecimal(4)).isEqualTo(new BigDecimal("123456789.125"));
    assertThat(back.getBoolean(5)).isTrue();
    assertThat((byte[]) back.get(6)).containsExactly(1, 2, 3);
    assertThat(back.getDate(7)).isEqualTo(java.sql.Date.valueOf("2024-02-29"));
    assertThat(back.getTimestamp(8).toInstant())
        .isEqualTo(java.time.Instant.parse("2024-03-01T10:15:30.123456Z"));
    assertThat(back.getList(9)).containsExactly("a", "b");
    assertThat(back.getJavaMap(10)).isEqualTo(Map.of("x", 1L));
    assertThat(back.getStruct(11)).isEqualTo(RowFactory.create("Paris", 75001));

    // Inferred from the items: doubles are decimals, dates and timestamps ISO-8601 strings.
    Dataset<Row> inferred = read(table).load();
    assertThat(inferred.schema().apply("d").dataType())
        .isEqualTo(DataTypes.createDecimalType(38, 1));
    assertThat(inferred.schema().apply("day").dataType()).isEqualTo(DataTypes.StringType);
    Row raw = inferred.selectExpr("d", "day", "ts").collectAsList().get(0);
    assertThat(raw.getDecimal(0)).isEqualByComparingTo("2.5");
    assertThat(raw.getString(1)).isEqualTo("2024-02-29");
    assertThat(raw.getString(2)).isEqualTo("2024-03-01T10:15:30.123456Z");
  }

  @Test
  void theOtherSparkTypesAndNullsInsideCollectionsRoundTrip() {
    String table = DYNAMODB.uniqueTableName("types");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.S).create();
    StructType line =
        new StructType().add("sku", DataTypes.StringType).add("qty", DataTypes.ShortType);
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("tiny", DataTypes.ByteType)
            .add("small", DataTypes.ShortType)
            .add("f", DataTypes.FloatType)
            .add("wide", DataTypes.createDecimalType(38, 18))
            .add("local", DataTypes.TimestampNTZType)
            .add("empty", DataTypes.StringType)
            .add("lines", DataTypes.createArrayType(line))
            .add("matrix", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.LongType)))
            .add("maybe", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("by_day", DataTypes.createMapType(DataTypes.DateType, DataTypes.DoubleType, true))
            .add("by_code", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.BinaryType))
            .add("none", DataTypes.createArrayType(DataTypes.StringType));
    Row row =
        RowFactory.create(
            "t1",
            (byte) -7,
            (short) 31000,
            0.1f,
            new BigDecimal("12345678901234567890.123456789012345678"),
            java.time.LocalDateTime.parse("2024-02-29T23:59:59.999999"),
            "",
            List.of(RowFactory.create("a-1", (short) 2), RowFactory.create("b-2", (short) 5)),
            List.of(List.of(1L, 2L), List.of(), List.of(Long.MAX_VALUE)),
            Arrays.asList("x", null, "z"),
            Map.of(java.sql.Date.valueOf("2024-01-02"), 1.5),
            Map.of(404, new byte[] {9, 8}),
            null);
    spark
        .createDataFrame(List.of(row), schema)
        .write()
        .format("dynamodb")
        .mode("append")
        .options(options(table))
        .save();

    Row back = read(table).schema(schema).load().collectAsList().get(0);
    assertThat(back.getString(0)).isEqualTo("t1");
    assertThat(back.getByte(1)).isEqualTo((byte) -7);
    assertThat(back.getShort(2)).isEqualTo((short) 31000);
    assertThat(back.getFloat(3)).isEqualTo(0.1f);
    assertThat(back.getDecimal(4))
        .isEqualTo(new BigDecimal("12345678901234567890.123456789012345678"));
    assertThat((java.time.LocalDateTime) back.get(5))
        .isEqualTo(java.time.LocalDateTime.parse("2024-02-29T23:59:59.999999"));
    assertThat(back.getString(6)).isEmpty();
    assertThat(back.getList(7))
        .containsExactly(RowFactory.create("a-1", (short) 2), RowFactory.create("b-2", (short) 5));
    // Nested arrays as JSON: Row gives them as Scala collections, which differ between Scala 2.12
    // and 2.13.
    assertThat(
            read(table)
                .schema(schema)
                .load()
                .selectExpr("to_json(matrix)")
                .collectAsList()
                .get(0)
                .getString(0))
        .isEqualTo("[[1,2],[],[9223372036854775807]]");
    assertThat(back.getList(9)).containsExactly("x", null, "z");
    assertThat(back.getJavaMap(10)).isEqualTo(Map.of(java.sql.Date.valueOf("2024-01-02"), 1.5));
    assertThat((byte[]) back.<Integer, byte[]>getJavaMap(11).get(404)).containsExactly(9, 8);
    assertThat(back.isNullAt(12)).isTrue();
    // How they are stored: a float as its shortest decimal, a null list element as NULL, a null
    // column not at all.
    Map<String, AttributeValue> item = DYNAMODB.scanAll(table).get(0);
    assertThat(item.get("f")).isEqualTo(AttributeValue.fromN("0.1"));
    assertThat(item.get("maybe").l())
        .containsExactly(
            AttributeValue.fromS("x"), AttributeValue.fromNul(true), AttributeValue.fromS("z"));
    assertThat(item).doesNotContainKey("none");
  }

  /**
   * Items with DynamoDB sets, lists and maps, read with the inferred schema and written to another
   * table, come back as the same items: sets stay sets (SS, NS, BS), lists lists, maps maps.
   */
  @Test
  void dynamoDbSetsListsAndMapsRoundTripThroughAnInferredSchema() {
    String source = usersTable();
    String target = usersTable();
    Map<String, AttributeValue> address =
        item(
            "city", AttributeValue.fromS("Paris"),
            "lines",
                AttributeValue.fromL(
                    List.of(AttributeValue.fromS("1 rue"), AttributeValue.fromS("Bat B"))),
            "codes", AttributeValue.fromNs(List.of("75001", "75002")));
    List<Map<String, AttributeValue>> items =
        List.of(
            item(
                "user_id", AttributeValue.fromS("u1"),
                "tags", AttributeValue.fromSs(List.of("a", "b")),
                "scores", AttributeValue.fromNs(List.of("1", "2.5")),
                "keys",
                    AttributeValue.fromBs(
                        List.of(
                            software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {1}),
                            software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {2}))),
                "history",
                    AttributeValue.fromL(
                        List.of(
                            AttributeValue.fromM(
                                item(
                                    "at",
                                    AttributeValue.fromS("2024-01-01"),
                                    "n",
                                    AttributeValue.fromN("1"))),
                            AttributeValue.fromM(
                                item(
                                    "at",
                                    AttributeValue.fromS("2024-02-01"),
                                    "n",
                                    AttributeValue.fromN("2"))))),
                "address", AttributeValue.fromM(address)),
            item(
                "user_id", AttributeValue.fromS("u2"),
                "tags", AttributeValue.fromSs(List.of("c"))));
    DYNAMODB.putItems(source, items);

    Dataset<Row> df = read(source).load();
    df.write().format("dynamodb").mode("append").options(options(target)).save();

    assertThat(df.schema().apply("tags").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, false));
    assertThat(DYNAMODB.scanAll(target))
        .containsExactlyInAnyOrderElementsOf(DYNAMODB.scanAll(source));
    assertThat(DYNAMODB.scanAll(source)).hasSize(2);
  }

  @Test
  void schemaInferenceUnifiesHeterogeneousItems() {
    String table = usersTable();
    DYNAMODB.putItems(
        table,
        List.of(
            item(
                "user_id", AttributeValue.fromS("u1"),
                "n", AttributeValue.fromN("1"),
                "mixed", AttributeValue.fromS("text")),
            item(
                "user_id", AttributeValue.fromS("u2"),
                "n", AttributeValue.fromN("12345678901"),
                "mixed", AttributeValue.fromN("5"),
                "only_here", AttributeValue.fromBool(true))));

    Dataset<Row> df = read(table).load();

    // Integers widen to bigint; a string in one item and a number in another stay whole as
    // DynamoDB JSON; attributes missing from some items are nullable.
    assertThat(df.schema().simpleString())
        .isEqualTo("struct<user_id:string,mixed:string,n:bigint,only_here:boolean>");
    assertThat(df.orderBy("user_id").collectAsList())
        .containsExactly(
            RowFactory.create("u1", "{\"S\":\"text\"}", 1L, null),
            RowFactory.create("u2", "{\"N\":\"5\"}", 12345678901L, true));
  }

  @Test
  void anItemTheSampleDidNotSeeFailsTheReadNamingItsKeyAndWhatToDo() {
    String table = usersTable();
    DYNAMODB.putItems(
        table,
        List.of(
            item("user_id", AttributeValue.fromS("u1"), "amount", AttributeValue.fromN("1.25")),
            item("user_id", AttributeValue.fromS("u2"), "amount", AttributeValue.fromN("7.5"))));
    Dataset<Row> df = read(table).load();
    assertThat(df.schema().simpleString()).isEqualTo("struct<user_id:string,amount:decimal(38,2)>");
    // Written after the schema was inferred: an item no sample saw.
    DYNAMODB.putItems(
        table,
        List.of(
            item("user_id", AttributeValue.fromS("u3"), "amount", AttributeValue.fromN("0.125"))));

    assertThatThrownBy(df::collectAsList)
        .rootCause()
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot read attribute 'amount' of item {user_id=S:u3}: 0.125 has 3 fractional digits"
                + " but DECIMAL(38, 2) keeps 2; declare a larger scale (Floe never rounds). The"
                + " schema was inferred from at most 1000 sampled items, which did not include one"
                + " like this: give the schema yourself (spark.read.schema(...), or the columns of"
                + " CREATE TABLE), or sample more items with option schema_sample_size");
    // With a schema that holds it, the same table reads whole.
    assertThat(
            read(table)
                .schema("user_id STRING, amount DECIMAL(38, 3)")
                .load()
                .orderBy("user_id")
                .collectAsList())
        .containsExactly(
            RowFactory.create("u1", new BigDecimal("1.250")),
            RowFactory.create("u2", new BigDecimal("7.500")),
            RowFactory.create("u3", new BigDecimal("0.125")));
  }

  @Test
  void pushedDownFiltersReturnTheSameRowsAsWithPushdownDisabled() {
    String table = DYNAMODB.uniqueTableName("orders");
    DYNAMODB
        .table(table)
        .hashKey("customer", ScalarAttributeType.S)
        .rangeKey("order_id", ScalarAttributeType.N)
        .create();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Map<String, AttributeValue> item =
          item(
              "customer", AttributeValue.fromS("c" + (i % 5)),
              "order_id", AttributeValue.fromN(Integer.toString(i)),
              "status", AttributeValue.fromS(i % 3 == 0 ? "open" : "closed"));
      if (i % 4 != 0) {
        item.put("amount", AttributeValue.fromN(Integer.toString(i * 10)));
      }
      items.add(item);
    }
    DYNAMODB.putItems(table, items);

    for (String where :
        List.of(
            "customer = 'c1'",
            "customer = 'c2' AND amount > 500",
            "status = 'open' AND amount >= 100 AND amount < 1000",
            "amount IS NULL",
            "status IN ('open', 'none') OR order_id <= 3",
            "NOT (status = 'open')",
            "customer LIKE 'c3%' AND amount IS NOT NULL")) {
      List<Row> pushed = read(table).load().where(where).orderBy("order_id").collectAsList();
      List<Row> notPushed =
          read(table)
              .option("filter_pushdown", "false")
              .load()
              .where(where)
              .orderBy("order_id")
              .collectAsList();
      assertThat(pushed).as(where).isNotEmpty().isEqualTo(notPushed);
    }
    // The partition key equality is pushed (DynamoDbPushdownRequestITCase shows the Query sent).
    String plan =
        read(table).load().where("customer = 'c1'").queryExecution().executedPlan().toString();
    assertThat(plan).contains("EqualTo(customer,c1)");
    assertThat(read(table).load().where("customer = 'c1'").count()).isEqualTo(40);
  }

  @Test
  void aDataFrameWithoutTheKeyFailsBeforeAnyWrite() {
    String table = DYNAMODB.uniqueTableName("orders");
    DYNAMODB
        .table(table)
        .hashKey("customer", ScalarAttributeType.S)
        .rangeKey("order_id", ScalarAttributeType.N)
        .create();
    StructType schema =
        new StructType().add("customer", DataTypes.StringType).add("note", DataTypes.StringType);
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("c1", "x")), schema);

    assertThatThrownBy(
            () -> df.write().format("dynamodb").mode("append").options(options(table)).save())
        .hasMessageContaining(
            "Cannot write to DynamoDB table '"
                + table
                + "': the DataFrame has no column for key attribute order_id; the table's primary"
                + " key is customer (S), order_id (N) and the DataFrame's columns are [customer,"
                + " note]. Nothing was written");
    assertThat(DYNAMODB.count(table)).isZero();
  }

  @Test
  void badOptionsFailWithTheValidOptions() {
    String table = usersTable();
    Dataset<Row> df = users(RowFactory.create("u1", "Alice", 30L, 1.0));

    assertThatThrownBy(
            () ->
                df.write()
                    .format("dynamodb")
                    .mode("append")
                    .options(options(table))
                    .option("totl_segments", "4")
                    .save())
        .hasMessageContaining(
            "Unknown option totl_segments for format(\"dynamodb\"). Valid options"
                + " (case-insensitive): table_name, aws_region, aws_access_key_id,"
                + " aws_secret_access_key, aws_session_token, endpoint_url, total_segments,"
                + " consistent_read, delete_flag_column, delete_flag_value, schema_sample_size,"
                + " read_throughput, write_throughput, filter_pushdown, index_name,"
                + " assume_role_arn");
    assertThatThrownBy(
            () ->
                spark
                    .read()
                    .format("dynamodb")
                    .option("TABLE_NAME", table)
                    .option("endpoint_url", DYNAMODB.endpoint().toString())
                    .load())
        .hasMessageStartingWith("Missing option aws_region for format(\"dynamodb\")");
    assertThatThrownBy(
            () -> df.write().format("dynamodb").mode("overwrite").options(options(table)).save())
        .hasMessageContaining(
            "with SaveMode.Overwrite (INSERT OVERWRITE, or a streaming query's complete output"
                + " mode): here it would delete every item of the table before writing");
    assertThat(DYNAMODB.count(table)).isZero();
  }

  @Test
  void throttlingAndUnprocessedItemsLoseNothing() {
    String table = DYNAMODB.uniqueTableName("events");
    DYNAMODB.table(table).hashKey("id", ScalarAttributeType.N).create();
    StructType schema =
        new StructType().add("id", DataTypes.LongType).add("v", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      rows.add(RowFactory.create(i, "v" + i));
    }
    try (DynamoDbFaultProxy proxy =
        DynamoDbFaultProxy.forwardingTo(DYNAMODB.endpoint())
            .rule(
                FaultRule.inject(Fault.error(DynamoDbError.PROVISIONED_THROUGHPUT_EXCEEDED))
                    .onOperations("BatchWriteItem", "Scan")
                    .onEveryNthCall(3))
            .rule(
                FaultRule.inject(Fault.partialBatchKeeping(0.5))
                    .onOperations("BatchWriteItem")
                    .onEveryNthCall(2))
            .start()) {
      spark
          .createDataFrame(rows, schema)
          .repartition(4)
          .write()
          .format("dynamodb")
          .mode("append")
          .options(LocalSpark.options(table, proxy.endpoint()))
          .save();
      List<Row> back =
          spark
              .read()
              .format("dynamodb")
              .options(LocalSpark.options(table, proxy.endpoint()))
              .option("total_segments", "4")
              .load()
              .collectAsList();

      assertThat(proxy.faultCount()).isPositive();
      assertThat(proxy.unprocessedItemCount()).isPositive();
      assertThat(back).hasSize(500);
    }
    assertThat(DYNAMODB.count(table)).isEqualTo(500);
  }

  @Test
  void sparkSqlInsertsIntoAndSelectsFromATemporaryView() {
    String table = usersTable();
    DYNAMODB.putItems(
        table,
        List.of(
            item(
                "user_id", AttributeValue.fromS("u1"),
                "name", AttributeValue.fromS("Alice"),
                "age", AttributeValue.fromN("30"))));
    String name = "users_sql_" + Math.abs(table.hashCode());
    spark.sql(
        "CREATE TEMPORARY VIEW "
            + name
            + " USING dynamodb "
            + LocalSpark.sqlOptions(table, DYNAMODB.endpoint()));
    try {
      spark.sql("INSERT INTO " + name + " VALUES ('u2', 41, 'Bob')");

      assertThat(spark.sql("SELECT user_id, name FROM " + name + " WHERE age > 35").collectAsList())
          .containsExactly(RowFactory.create("u2", "Bob"));
      assertThat(DYNAMODB.count(table)).isEqualTo(2);
    } finally {
      spark.catalog().dropTempView(name);
    }
  }
}
