package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.Page;
import dev.floe.core.dynamodb.PageReader;
import dev.floe.core.dynamodb.ScanSegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one page per {@link #fetch()}, from one split at a time (a segment's pages follow each
 * other's LastEvaluatedKey, so there is nothing to interleave). Runs in the fetcher thread; the
 * {@link PageReader} and its client belong to the source reader.
 */
final class DynamoDbSplitReader implements SplitReader<ScannedItem, DynamoDbSourceSplit> {
  private final PageReader pageReader;
  private final ArrayDeque<DynamoDbSourceSplit> pending = new ArrayDeque<>();
  private String currentId;
  private ScanSegment position;

  DynamoDbSplitReader(PageReader pageReader) {
    this.pageReader = pageReader;
  }

  @Override
  public RecordsWithSplitIds<ScannedItem> fetch() {
    if (currentId == null) {
      DynamoDbSourceSplit next = pending.poll();
      if (next == null) {
        return new RecordsBySplits<>(Map.of(), Set.of());
      }
      currentId = next.splitId();
      position = next.segment();
    }
    ScanSegment pageStart = position;
    Page page = pageReader.read(pageStart);
    ScanSegment end = pageStart.after(page);
    List<Map<String, AttributeValue>> items = page.items();
    List<ScannedItem> records = new ArrayList<>(Math.max(1, items.size()));
    for (int i = 0; i < items.size(); i++) {
      records.add(new ScannedItem(items.get(i), pageStart, page, i));
    }
    String id = currentId;
    Set<String> finished = Set.of();
    if (end.isFinished()) {
      finished = Set.of(id);
      currentId = null;
      position = null;
    } else {
      if (records.isEmpty()) {
        records.add(ScannedItem.emptyPage(pageStart, page)); // moves the checkpointed position on
      }
      position = end;
    }
    return new RecordsBySplits<>(records.isEmpty() ? Map.of() : Map.of(id, records), finished);
  }

  @Override
  public void handleSplitsChanges(SplitsChange<DynamoDbSourceSplit> change) {
    if (!(change instanceof SplitsAddition)) {
      throw new UnsupportedOperationException(
          "Cannot handle " + change.getClass().getSimpleName() + " in the DynamoDB source");
    }
    pending.addAll(change.splits());
  }

  @Override
  public void wakeUp() {
    // fetch() is one request, bounded by the client's timeouts: nothing to interrupt.
  }

  @Override
  public void close() {
    // The client belongs to the source reader, which outlives fetchers.
  }
}
