package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.Page;
import dev.floe.core.dynamodb.PageReader;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.ScanSegment;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one segment page by page with core's {@link PageReader} (retries, backoff and the rate
 * limit live there) and converts each item to a row; missing attributes are nulls.
 */
final class SegmentReader implements PartitionReader<InternalRow> {
  private final DynamoDbClient client;
  private final PageReader reader;
  private final ItemRowConverter converter;
  private ScanSegment position;
  private Iterator<Map<String, AttributeValue>> items =
      List.<Map<String, AttributeValue>>of().iterator();
  private InternalRow current;

  SegmentReader(
      DynamoDbSparkOptions options,
      ReadSpec spec,
      ScanSegment segment,
      ItemRowConverter converter) {
    this.client = DynamoDbClientFactory.createSyncWithoutRetries(options.clientConfig());
    this.reader = new PageReader(client, spec);
    this.converter = converter;
    this.position = segment;
  }

  @Override
  public boolean next() {
    while (!items.hasNext()) {
      if (position.isFinished()) {
        return false;
      }
      Page page = reader.read(position);
      position = position.after(page);
      items = page.items().iterator();
    }
    current = converter.toRow(items.next());
    return true;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public void close() {
    client.close();
  }
}
