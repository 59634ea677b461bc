package dev.floe.flink.dynamodb.catalog;

import dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions;
import java.lang.reflect.Field;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.catalog.CommonCatalogOptions;

/**
 * Options of {@code CREATE CATALOG ... WITH ('type' = 'dynamodb', ...)}: the connector's {@code
 * aws.*} options (same names, meaning and defaults, see {@link DynamoDbConnectorOptions}), plus the
 * catalog's database name and schema sample size.
 */
public final class DynamoDbCatalogOptions {
  private DynamoDbCatalogOptions() {}

  public static final String IDENTIFIER = "dynamodb";

  public static final ConfigOption<String> DEFAULT_DATABASE =
      ConfigOptions.key(CommonCatalogOptions.DEFAULT_DATABASE_KEY)
          .stringType()
          .defaultValue("default")
          .withDescription(
              "Name of the catalog's only database, which holds every DynamoDB table of the"
                  + " account and region.");

  public static final ConfigOption<Integer> SCHEMA_SAMPLE_SIZE =
      ConfigOptions.key("schema.sample-size")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "How many items, at most, to sample (with a parallel scan) to infer a table's"
                  + " schema. The sample is taken once per table and catalog instance.");

  /** The connector's {@code aws.*} options, which the catalog accepts and passes to its tables. */
  public static Set<ConfigOption<?>> awsOptions() {
    Set<ConfigOption<?>> options = new LinkedHashSet<>();
    for (Field field : DynamoDbConnectorOptions.class.getFields()) {
      if (!ConfigOption.class.isAssignableFrom(field.getType())) {
        continue;
      }
      try {
        ConfigOption<?> option = (ConfigOption<?>) field.get(null);
        if (option.key().startsWith("aws.")) {
          options.add(option);
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return options;
  }
}
