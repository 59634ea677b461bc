package dev.floe.spark.dynamodb;

import dev.floe.testing.LocalAwsClients;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;

/**
 * The local Spark session and the {@code format("dynamodb")} options the integration tests share:
 * {@code local[2]}, no UI, loopback only, two shuffle partitions.
 */
final class LocalSpark {
  private LocalSpark() {}

  /** A new local session; {@code config} adds to or replaces the shared settings. */
  static SparkSession start(String appName, Map<String, String> config) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2");
    config.forEach(builder::config);
    return builder.getOrCreate();
  }

  /** The options reaching {@code table} at {@code endpoint} with DynamoDB Local's credentials. */
  static Map<String, String> options(String table, URI endpoint) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("table_name", table);
    options.put("aws_region", LocalAwsClients.REGION.id());
    options.put("aws_access_key_id", LocalAwsClients.ACCESS_KEY_ID);
    options.put("aws_secret_access_key", LocalAwsClients.SECRET_ACCESS_KEY);
    options.put("endpoint_url", endpoint.toString());
    return options;
  }

  /** {@link #options} as SQL: {@code OPTIONS (table_name 't', ...)}. */
  static String sqlOptions(String table, URI endpoint) {
    StringBuilder sql = new StringBuilder("OPTIONS (");
    for (Map.Entry<String, String> option : options(table, endpoint).entrySet()) {
      if (sql.length() > "OPTIONS (".length()) {
        sql.append(", ");
      }
      sql.append(option.getKey()).append(" '").append(option.getValue()).append('\'');
    }
    return sql.append(')').toString();
  }

  /**
   * Sets {@code options} on a streaming writer. A direct {@code writer.option(k, v)} compiled
   * against Spark 3.5 fails on Spark 4 with NoSuchMethodError (there it returns the generic
   * option-holder type), so the one jar's tests call it by name; {@code format}, {@code
   * outputMode}, {@code trigger} and {@code start} keep their signatures on both lines.
   */
  static <T> DataStreamWriter<T> withOptions(
      DataStreamWriter<T> writer, Map<String, String> options) {
    try {
      java.lang.reflect.Method option =
          writer.getClass().getMethod("option", String.class, String.class);
      for (Map.Entry<String, String> entry : options.entrySet()) {
        option.invoke(writer, entry.getKey(), entry.getValue());
      }
      return writer;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot set options on " + writer.getClass(), e);
    }
  }

  /** The Spark version the tests run on, e.g. 3 for 3.5.9. */
  static int majorVersion(SparkSession spark) {
    return Integer.parseInt(spark.version().split("\\.")[0]);
  }
}
