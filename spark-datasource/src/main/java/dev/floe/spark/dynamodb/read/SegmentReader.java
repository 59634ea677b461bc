package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.Page;
import dev.floe.core.dynamodb.PageReader;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.ScanSegment;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one segment page by page with core's {@link PageReader} (retries, backoff and the rate
 * limit live there) and converts each item to a row; missing attributes are nulls.
 *
 * <p>While Spark consumes a page, the next one is already being read on a thread of this reader:
 * DynamoDB answers while the task converts and processes rows, instead of the two taking turns. A
 * segment still has at most one request in flight (each page needs the previous one's last key), so
 * requests, retries and the rate limit are the same as without it, and at most one page more is
 * held in memory. A failure of the page read ahead surfaces when the task reaches that page.
 */
final class SegmentReader implements PartitionReader<InternalRow> {
  private final DynamoDbClient client;
  private final PageReader reader;
  private final ItemRowConverter converter;
  private final ExecutorService readAhead;
  private ScanSegment position;
  private Future<Page> nextPage;
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
    this.readAhead =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "floe-dynamodb-read-ahead-" + segment.id());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public boolean next() throws IOException {
    while (!items.hasNext()) {
      if (position.isFinished()) {
        return false;
      }
      Page page = nextPage == null ? reader.read(position) : await(nextPage);
      position = position.after(page);
      ScanSegment following = position;
      nextPage = following.isFinished() ? null : readAhead.submit(() -> reader.read(following));
      items = page.items().iterator();
    }
    current = converter.toRow(items.next());
    return true;
  }

  /** The page read ahead; its failure is thrown as if the page had been read here. */
  private Page await(Future<Page> page) throws IOException {
    try {
      return page.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while reading " + position.id());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("Cannot read " + position.id(), cause);
    }
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public void close() {
    try {
      // A page still being read ahead is not wanted any more (the task ends or fails).
      readAhead.shutdownNow();
    } finally {
      client.close();
    }
  }
}
