package dev.floe.spark.dynamodb;

import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.DynamoDbLocalExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Spark SQL on permanent tables of the session catalog: {@code CREATE TABLE ... USING dynamodb},
 * {@code INSERT INTO}, {@code SELECT ... WHERE}, {@code DROP TABLE}. The session is configured with
 * {@link DynamoDbSessionCatalog}, which Spark 3.5 needs; on Spark 4 the built-in catalog is checked
 * to need nothing.
 */
class DynamoDbSparkSqlITCase {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB =
      DynamoDbLocalExtension.forEndpoint(IsolatedDynamoDbLocal.endpoint());

  private static final String SESSION_CATALOG = "spark.sql.catalog.spark_catalog";

  @TempDir static Path warehouse;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        LocalSpark.start(
            "floe-spark-sql-it",
            Map.of(
                SESSION_CATALOG,
                DynamoDbSessionCatalog.class.getName(),
                // Managed tables get a directory here; it stays empty.
                "spark.sql.warehouse.dir",
                warehouse.toUri().toString()));
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
    DYNAMODB.putItems(
        table,
        List.of(
            item(
                "user_id", AttributeValue.fromS("u1"),
                "name", AttributeValue.fromS("Alice"),
                "age", AttributeValue.fromN("30"))));
    return table;
  }

  private static String createTable(String name, String columns, String table) {
    return "CREATE TABLE "
        + name
        + (columns.isEmpty() ? "" : " (" + columns + ")")
        + " USING dynamodb "
        + LocalSpark.sqlOptions(table, DYNAMODB.endpoint());
  }

  @Test
  void createTableInsertIntoSelectWhereAndDropTable() {
    String table = usersTable();
    spark.sql(createTable("users_sql", "", table));
    try {
      // The columns were inferred from the items at CREATE TABLE and stored in the catalog.
      assertThat(spark.table("users_sql").schema().simpleString())
          .isEqualTo("struct<user_id:string,age:int,name:string>");

      spark.sql("INSERT INTO users_sql VALUES ('u2', 41, 'Bob'), ('u3', 19, 'Carol')");

      assertThat(DYNAMODB.scanAll(table))
          .contains(
              item(
                  "user_id", AttributeValue.fromS("u2"),
                  "age", AttributeValue.fromN("41"),
                  "name", AttributeValue.fromS("Bob")));
      assertThat(
              spark
                  .sql("SELECT user_id, name FROM users_sql WHERE age > 25 ORDER BY user_id")
                  .collectAsList())
          .containsExactly(RowFactory.create("u1", "Alice"), RowFactory.create("u2", "Bob"));
      assertThat(spark.sql("SELECT name FROM users_sql WHERE user_id = 'u3'").collectAsList())
          .containsExactly(RowFactory.create("Carol"));
      // Permanent: another session of the application sees it.
      assertThat(spark.newSession().sql("SELECT count(*) FROM users_sql").collectAsList())
          .containsExactly(RowFactory.create(3L));
    } finally {
      spark.sql("DROP TABLE users_sql");
    }
    assertThat(spark.catalog().tableExists("users_sql")).isFalse();
    // DROP TABLE forgets the catalog entry; the DynamoDB table and its items stay.
    assertThat(DYNAMODB.count(table)).isEqualTo(3);
  }

  @Test
  void createTableWithColumnsReadsThemAsTheProjection() {
    String table = usersTable();
    spark.sql(createTable("users_cols", "user_id STRING, name STRING, email STRING", table));
    try {
      spark.sql("INSERT INTO users_cols (user_id, name, email) VALUES ('u2', 'Bob', 'b@x')");
      spark.sql("INSERT INTO users_cols VALUES ('u3', 'Carol', NULL)");

      assertThat(spark.sql("SELECT * FROM users_cols ORDER BY user_id").collectAsList())
          .containsExactly(
              RowFactory.create("u1", "Alice", null),
              RowFactory.create("u2", "Bob", "b@x"),
              RowFactory.create("u3", "Carol", null));
      // Written as given: a null leaves its attribute out, and Alice keeps her age.
      assertThat(DYNAMODB.scanAll(table))
          .containsExactlyInAnyOrder(
              item(
                  "user_id", AttributeValue.fromS("u1"),
                  "name", AttributeValue.fromS("Alice"),
                  "age", AttributeValue.fromN("30")),
              item(
                  "user_id", AttributeValue.fromS("u2"),
                  "name", AttributeValue.fromS("Bob"),
                  "email", AttributeValue.fromS("b@x")),
              item("user_id", AttributeValue.fromS("u3"), "name", AttributeValue.fromS("Carol")));
    } finally {
      spark.sql("DROP TABLE users_cols");
    }
  }

  @Test
  void createTableChecksTheOptionsAndTheTableAndStoresNothingOnFailure() {
    String missing = DYNAMODB.uniqueTableName("missing");

    assertThatThrownBy(() -> spark.sql(createTable("users_missing", "", missing)))
        .hasMessageContaining(
            "DynamoDB table '"
                + missing
                + "' does not exist in region us-east-1 at "
                + DYNAMODB.endpoint()
                + ": create it first (format(\"dynamodb\") never creates tables), or check option"
                + " table_name");
    assertThatThrownBy(
            () ->
                spark.sql(
                    "CREATE TABLE users_typo USING dynamodb OPTIONS (table_name 'users',"
                        + " aws_region 'us-east-1', totl_segments '4')"))
        .hasMessageContaining(
            "Unknown option totl_segments for format(\"dynamodb\"). Valid options"
                + " (case-insensitive): table_name, aws_region,");
    assertThat(spark.catalog().tableExists("users_missing")).isFalse();
    assertThat(spark.catalog().tableExists("users_typo")).isFalse();
  }

  @Test
  void insertOverwriteIsRefusedWithWhatItWouldMean() {
    String table = usersTable();
    spark.sql(createTable("users_overwrite", "", table));
    try {
      assertThatThrownBy(
              () -> spark.sql("INSERT OVERWRITE users_overwrite VALUES ('u9', 1, 'Nine')"))
          .hasMessageContaining(
              "Cannot write to DynamoDB table '"
                  + table
                  + "' with SaveMode.Overwrite (INSERT OVERWRITE, or a streaming query's complete"
                  + " output mode): here it would delete every item of the table before writing");
      assertThat(DYNAMODB.count(table)).isEqualTo(1);
    } finally {
      spark.sql("DROP TABLE users_overwrite");
    }
  }

  /**
   * The built-in session catalog: Spark 4 reads and writes the table without configuration; Spark
   * 3.5 stores it but then resolves it as a V1 source, which this data source is not.
   */
  @Test
  void theBuiltInSessionCatalogServesTheTableOnSpark4Only() {
    String table = usersTable();
    SparkSession plain = spark.newSession();
    plain.conf().unset(SESSION_CATALOG);
    plain.sql(createTable("users_builtin", "", table));
    try {
      if (LocalSpark.majorVersion(plain) >= 4) {
        plain.sql("INSERT INTO users_builtin VALUES ('u2', 41, 'Bob')");
        assertThat(
                plain.sql("SELECT user_id, name FROM users_builtin WHERE age > 35").collectAsList())
            .containsExactly(RowFactory.create("u2", "Bob"));
      } else {
        assertThatThrownBy(() -> plain.sql("SELECT * FROM users_builtin").collectAsList())
            .hasMessageContaining("dynamodb is not a valid Spark SQL Data Source");
      }
    } finally {
      plain.sql("DROP TABLE users_builtin");
    }
    List<Row> rows =
        spark
            .read()
            .format("dynamodb")
            .options(LocalSpark.options(table, DYNAMODB.endpoint()))
            .load()
            .collectAsList();
    assertThat(rows).hasSize(LocalSpark.majorVersion(plain) >= 4 ? 2 : 1);
  }
}
