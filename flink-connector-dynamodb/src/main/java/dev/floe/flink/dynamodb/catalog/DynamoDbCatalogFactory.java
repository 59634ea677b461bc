package dev.floe.flink.dynamodb.catalog;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.flink.dynamodb.table.AwsClientOptions;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code CREATE CATALOG ddb WITH ('type' = 'dynamodb', 'aws.region' = '...', ...)}: a {@link
 * DynamoDbCatalog} over the tables of one account and region. Options are checked, and the AWS
 * client configuration built, before any request.
 */
public final class DynamoDbCatalogFactory implements CatalogFactory {

  @Override
  public String factoryIdentifier() {
    return DynamoDbCatalogOptions.IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    Set<ConfigOption<?>> options = new HashSet<>(DynamoDbCatalogOptions.awsOptions());
    options.add(DynamoDbCatalogOptions.DEFAULT_DATABASE);
    options.add(DynamoDbCatalogOptions.SCHEMA_SAMPLE_SIZE);
    return options;
  }

  @Override
  public Catalog createCatalog(Context context) {
    FactoryUtil.CatalogFactoryHelper helper = FactoryUtil.createCatalogFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();

    String database = options.get(DynamoDbCatalogOptions.DEFAULT_DATABASE);
    if (database == null || database.isBlank()) {
      throw new ValidationException(
          "Option '" + DynamoDbCatalogOptions.DEFAULT_DATABASE.key() + "' must not be empty.");
    }
    int sampleSize = options.get(DynamoDbCatalogOptions.SCHEMA_SAMPLE_SIZE);
    if (sampleSize < 1) {
      throw new ValidationException(
          "Option '"
              + DynamoDbCatalogOptions.SCHEMA_SAMPLE_SIZE.key()
              + "' must be at least 1, but is "
              + sampleSize
              + ".");
    }
    AwsClientConfig clientConfig = AwsClientOptions.clientConfig(options);

    // The tables get the aws.* options exactly as written, so the connector resolves them the same
    // way; the other catalog options are the catalog's own.
    Map<String, String> connectionOptions = new TreeMap<>();
    for (ConfigOption<?> option : DynamoDbCatalogOptions.awsOptions()) {
      String value = context.getOptions().get(option.key());
      if (value != null) {
        connectionOptions.put(option.key(), value);
      }
    }
    return new DynamoDbCatalog(
        context.getName(), database, sampleSize, clientConfig, connectionOptions);
  }
}
