package dev.floe.flink.dynamodb.table;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the {@code dynamodb} SQL connector. Names follow the official Flink AWS connector
 * where it has the option, so tables move between the two connectors unchanged.
 */
public final class DynamoDbConnectorOptions {

  /** The identifier used in {@code WITH ('connector' = 'dynamodb')}. */
  public static final String IDENTIFIER = "dynamodb";

  public static final ConfigOption<String> TABLE_NAME =
      ConfigOptions.key("table-name")
          .stringType()
          .noDefaultValue()
          .withDescription("Name of the DynamoDB table to read from or write to.");

  public static final ConfigOption<String> AWS_REGION =
      ConfigOptions.key("aws.region")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "AWS region of the table, for example 'us-east-1'. When unset, the default AWS"
                  + " region provider chain decides.");

  private DynamoDbConnectorOptions() {}
}
