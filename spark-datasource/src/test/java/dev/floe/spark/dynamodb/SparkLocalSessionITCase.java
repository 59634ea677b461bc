package dev.floe.spark.dynamodb;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark stack this data source plugs into runs here on Java 17: a local session, a DataFrame
 * with a shuffle (group by), exact rows back on the driver; and it is the Spark line the build
 * selected. These tests run twice: in spark-datasource on the Spark the jar is compiled against,
 * and in spark4-tests, from the same test jar, on Spark 4 (docs/spark.md).
 */
class SparkLocalSessionITCase {

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = LocalSpark.start("floe-spark-datasource-it", java.util.Map.of());
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Each Maven test run passes the Spark and Scala versions it put on the classpath. */
  private static String expected(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(
          "System property "
              + property
              + " is not set: run these tests through Maven, which sets it per Spark line");
    }
    return value;
  }

  @Test
  void runsOnTheSparkLineTheBuildSelected() {
    assertThat(spark.version()).isEqualTo(expected("floe.spark.expected-version"));
    assertThat(scala.util.Properties.versionNumberString())
        .startsWith(expected("floe.spark.expected-scala") + ".");
  }

  @Test
  void groupedDataFrameCollectsExactRows() {
    StructType schema =
        new StructType()
            .add("pk", DataTypes.StringType, false)
            .add("amount", DataTypes.LongType, true);
    Dataset<Row> orders =
        spark.createDataFrame(
            List.of(
                RowFactory.create("customer#1", 10L),
                RowFactory.create("customer#2", 5L),
                RowFactory.create("customer#1", 32L),
                RowFactory.create("customer#3", null)),
            schema);

    List<Row> totals =
        orders
            .groupBy(col("pk"))
            .agg(count("*").as("orders"), sum("amount").as("total"))
            .orderBy(col("pk"))
            .collectAsList();

    assertThat(totals)
        .containsExactly(
            RowFactory.create("customer#1", 2L, 42L),
            RowFactory.create("customer#2", 1L, 5L),
            RowFactory.create("customer#3", 1L, null));
  }
}
