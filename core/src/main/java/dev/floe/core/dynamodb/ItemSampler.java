package dev.floe.core.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Samples items of a table for schema inference with a parallel scan: the first page of a table
 * holds the items of a few partition-key hashes only, while segments spread over the whole key
 * space. Each segment contributes its share; segments that run short are topped up from those that
 * still have items. Used wherever a schema is inferred from a table's items (catalogs, the
 * incremental job's DynamoDB sources, the Spark source).
 */
public final class ItemSampler {
  /** Segments scanned at once: enough to spread the sample, few enough for a catalog call. */
  public static final int SEGMENTS = 4;

  private static final int MAX_PAGE_SIZE = 1000;

  private final DynamoDbClient client;

  public ItemSampler(DynamoDbClient client) {
    this.client = client;
  }

  /** At most {@code sampleSize} items of {@code tableName}, from {@link #SEGMENTS} segments. */
  public List<Map<String, AttributeValue>> sample(String tableName, int sampleSize) {
    int share = (sampleSize + SEGMENTS - 1) / SEGMENTS;
    ReadSpec spec = ReadSpec.builder(tableName).pageSize(Math.min(share, MAX_PAGE_SIZE)).build();
    List<SegmentSample> samples = new ArrayList<>();
    for (ScanSegment segment : ScanPlanner.plan(spec, SEGMENTS)) {
      // A reader per segment: readers keep per-reader state and are not shared between threads.
      samples.add(new SegmentSample(new PageReader(client, spec), segment));
    }

    ExecutorService executor =
        Executors.newFixedThreadPool(
            SEGMENTS,
            runnable -> {
              Thread thread = new Thread(runnable, "dynamodb-sampler-" + tableName);
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<CompletableFuture<Void>> reads = new ArrayList<>();
      for (SegmentSample sample : samples) {
        reads.add(CompletableFuture.runAsync(() -> sample.readUpTo(share), executor));
      }
      CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0])).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    } finally {
      executor.shutdownNow();
    }

    int total = samples.stream().mapToInt(sample -> sample.items.size()).sum();
    for (SegmentSample sample : samples) {
      if (total >= sampleSize) {
        break;
      }
      int before = sample.items.size();
      sample.readUpTo(before + sampleSize - total);
      total += sample.items.size() - before;
    }

    List<Map<String, AttributeValue>> items = new ArrayList<>(Math.min(total, sampleSize));
    for (SegmentSample sample : samples) {
      for (Map<String, AttributeValue> item : sample.items) {
        if (items.size() == sampleSize) {
          return items;
        }
        items.add(item);
      }
    }
    return items;
  }

  /** The items read so far from one segment, and where it continues. */
  private static final class SegmentSample {
    private final PageReader reader;
    private ScanSegment position;
    private final List<Map<String, AttributeValue>> items = new ArrayList<>();

    SegmentSample(PageReader reader, ScanSegment start) {
      this.reader = reader;
      this.position = start;
    }

    void readUpTo(int count) {
      while (items.size() < count && !position.isFinished()) {
        Page page = reader.read(position);
        items.addAll(page.items());
        position = position.after(page);
      }
    }
  }
}
