package dev.floe.benchmarks;

import dev.floe.core.dynamodb.DynamoDbBatchWriter;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.core.dynamodb.WriteMetrics;
import dev.floe.core.dynamodb.WriteOperation;
import dev.floe.testing.LocalAwsClients;
import java.net.URI;
import java.util.Map;
import java.util.function.LongFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The benchmarks' tables: a number partition key {@code id} with items 1..n, loaded by core's
 * writer.
 */
public final class NumberedTable {
  private NumberedTable() {}

  /** Creates {@code table} and puts {@code item(id)} for ids 1 to {@code items}. */
  static void create(
      URI endpoint, String table, long items, LongFunction<Map<String, AttributeValue>> item)
      throws Exception {
    createEmpty(endpoint, table);
    try (DynamoDbAsyncClient client =
            DynamoDbClientFactory.createAsync(LocalClientConfig.forEndpoint(endpoint).build());
        DynamoDbBatchWriter writer =
            new DynamoDbBatchWriter(
                client,
                DynamoDbWriterConfig.builder(table).maxInFlightRequests(8).build(),
                TableKeySchema.of("id", null),
                WriteMetrics.NONE)) {
      for (long id = 1; id <= items; id++) {
        writer.write(WriteOperation.put(item.apply(id)));
      }
      writer.flush();
    }
  }

  /**
   * Creates {@code table}, on-demand, keyed by the number {@code id}, and waits until it exists.
   */
  public static void createEmpty(URI endpoint, String table) {
    try (DynamoDbClient client = LocalAwsClients.dynamoDb(endpoint).build()) {
      client.createTable(
          b ->
              b.tableName(table)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      a -> a.attributeName("id").attributeType(ScalarAttributeType.N))
                  .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
      client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }
  }

  /** How many items {@code table} holds, by a counting Scan. */
  public static long count(URI endpoint, String table) {
    try (DynamoDbClient client = LocalAwsClients.dynamoDb(endpoint).build()) {
      return client.scanPaginator(b -> b.tableName(table).select("COUNT")).stream()
          .mapToLong(page -> page.count())
          .sum();
    }
  }
}
