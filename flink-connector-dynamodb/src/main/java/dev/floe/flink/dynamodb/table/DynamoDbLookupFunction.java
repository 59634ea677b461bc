package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.BatchGetReader;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.DynamoDbReadException;
import dev.floe.core.dynamodb.ItemKey;
import dev.floe.core.dynamodb.KeyCondition;
import dev.floe.core.dynamodb.Page;
import dev.floe.core.dynamodb.PageReader;
import dev.floe.core.dynamodb.ReadMetrics;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.ScanSegment;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.flink.dynamodb.source.DynamoDbItemDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Looks up the item of one primary key (the lookup keys are the table's key attributes). Each call
 * sends one BatchGetItem of one key (keys of concurrent calls are not batched together: Flink calls
 * a sync lookup function one key at a time); with a filter pushed into the dimension table it sends
 * a Query of that key with the FilterExpression instead, since BatchGetItem takes no filter. The
 * item goes through the same deserializer as the scan, so {@code scan.on-type-mismatch} applies.
 * {@link DynamoDbAsyncLookupFunction} ({@code lookup.async}) batches keys of concurrent lookups
 * through the package-private methods below.
 */
public final class DynamoDbLookupFunction extends LookupFunction {
  private static final long serialVersionUID = 1L;

  private final AwsClientConfig clientConfig;
  private final ReadSpec spec;
  private final TableKeySchema keySchema;
  private final RowType keyRowType;
  private final ConversionOptions conversionOptions;
  private final DynamoDbItemDeserializer<RowData> deserializer;
  private final int maxRetries;

  private transient DynamoDbClient client;
  private transient BatchGetReader batchGetReader;
  private transient RowDataConverter keyConverter;
  private transient ItemConverter keyItems;

  DynamoDbLookupFunction(
      AwsClientConfig clientConfig,
      ReadSpec spec,
      TableKeySchema keySchema,
      RowType keyRowType,
      ConversionOptions conversionOptions,
      DynamoDbItemDeserializer<RowData> deserializer,
      int maxRetries) {
    this.clientConfig = clientConfig;
    this.spec = spec;
    this.keySchema = keySchema;
    this.keyRowType = keyRowType;
    this.conversionOptions = conversionOptions;
    this.deserializer = deserializer;
    this.maxRetries = maxRetries;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    super.open(context);
    client = DynamoDbClientFactory.createSyncWithoutRetries(clientConfig);
    if (spec.filter().isEmpty()) {
      batchGetReader = new BatchGetReader(client, spec, keySchema, ReadMetrics.NONE);
    }
    deserializer.open(context.getMetricGroup(), keySchema);
    keyConverter = RowDataConverter.of(keyRowType);
    keyItems =
        ItemConverter.of(
            FlinkTypeMapping.fromRowType(keyRowType, List.of()),
            conversionOptions.toBuilder().ignoreNulls(false).build());
  }

  @Override
  public Collection<RowData> lookup(RowData keyRow) throws IOException {
    Map<String, AttributeValue> key = keyOf(keyRow);
    return key == null ? List.of() : lookupKey(key);
  }

  /** The DynamoDB key of a lookup key row; null when a key field is null (no item matches). */
  Map<String, AttributeValue> keyOf(RowData keyRow) {
    for (int i = 0; i < keyRow.getArity(); i++) {
      if (keyRow.isNullAt(i)) {
        return null; // no item has a null key
      }
    }
    return keyItems.toItem(keyConverter.toRow(keyRow));
  }

  /** The rows of one key, read alone (a one-key BatchGetItem, or a Query with the filter). */
  List<RowData> lookupKey(Map<String, AttributeValue> key) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        List<RowData> rows = new ArrayList<>(1);
        Collector<RowData> out = collectorOf(rows);
        for (Map<String, AttributeValue> item : read(key)) {
          deserializer.deserialize(item, out);
        }
        return rows;
      } catch (DynamoDbReadException e) {
        // The reader has already retried throttling and I/O errors; lookup.max-retries repeats the
        // whole lookup on top, as Flink's other lookup connectors do.
        if (attempt >= maxRetries) {
          throw e;
        }
      }
    }
  }

  /** Whether keys can be read together with BatchGetItem (no filter pushed into the table). */
  boolean batchesKeys() {
    return batchGetReader != null;
  }

  ItemKey itemKeyOf(Map<String, AttributeValue> key) {
    return keySchema.keyOf(key);
  }

  String tableName() {
    return spec.tableName();
  }

  /**
   * The items of the given keys by key (missing items absent), read by BatchGetItem calls of at
   * most 100 keys; {@code lookup.max-retries} repeats the whole read on top of the reader's
   * retries.
   */
  Map<ItemKey, Map<String, AttributeValue>> readBatch(
      Collection<Map<String, AttributeValue>> keys) {
    for (int attempt = 0; ; attempt++) {
      try {
        return batchGetReader.get(keys);
      } catch (DynamoDbReadException e) {
        if (attempt >= maxRetries) {
          throw e;
        }
      }
    }
  }

  /** The rows of one item read by {@link #readBatch} (none when the deserializer skips it). */
  List<RowData> rowsOf(Map<String, AttributeValue> item) throws IOException {
    List<RowData> rows = new ArrayList<>(1);
    deserializer.deserialize(item, collectorOf(rows));
    return rows;
  }

  private List<Map<String, AttributeValue>> read(Map<String, AttributeValue> key) {
    if (batchGetReader != null) {
      Map<String, AttributeValue> item = batchGetReader.get(List.of(key)).get(keySchema.keyOf(key));
      return item == null ? List.of() : List.of(item);
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>(1);
    ScanSegment position = ScanSegment.start(0, 1);
    PageReader reader = queryReaderFor(key);
    while (!position.isFinished()) {
      Page page = reader.read(position);
      items.addAll(page.items());
      position = position.after(page);
    }
    return items;
  }

  private PageReader queryReaderFor(Map<String, AttributeValue> key) {
    KeyCondition condition =
        KeyCondition.partitionKeyEquals(
            keySchema.partitionKey(), key.get(keySchema.partitionKey()));
    if (keySchema.sortKey().isPresent()) {
      String sortKey = keySchema.sortKey().get();
      condition = condition.sortKey(sortKey, KeyCondition.SortOperator.EQ, key.get(sortKey));
    }
    return new PageReader(
        client, spec.toBuilder().keyCondition(condition).build(), ReadMetrics.NONE);
  }

  private static Collector<RowData> collectorOf(List<RowData> rows) {
    return new Collector<RowData>() {
      @Override
      public void collect(RowData record) {
        rows.add(record);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.close();
      client = null;
    }
    super.close();
  }
}
