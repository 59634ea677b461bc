package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.PageReader;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Asks the enumerator for one split at a time and reads it page by page in a fetcher thread. Owns
 * the DynamoDB client: one per reader, closed with it.
 */
final class DynamoDbSourceReader<T>
    extends SingleThreadMultiplexSourceReaderBase<
        ScannedItem, T, DynamoDbSourceSplit, DynamoDbSourceSplitState> {
  private final DynamoDbClient client;

  DynamoDbSourceReader(
      DynamoDbClient client,
      PageReader pageReader,
      DynamoDbRecordEmitter<T> emitter,
      SourceReaderContext context) {
    super(() -> new DynamoDbSplitReader(pageReader), emitter, context.getConfiguration(), context);
    this.client = client;
  }

  @Override
  public void start() {
    super.start();
    if (getNumberOfCurrentlyAssignedSplits() == 0) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected void onSplitFinished(Map<String, DynamoDbSourceSplitState> finishedSplitIds) {
    for (int i = 0; i < finishedSplitIds.size(); i++) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected DynamoDbSourceSplitState initializedState(DynamoDbSourceSplit split) {
    return new DynamoDbSourceSplitState(split);
  }

  @Override
  protected DynamoDbSourceSplit toSplitType(String splitId, DynamoDbSourceSplitState state) {
    return state.toSplit();
  }

  @Override
  public void close() throws Exception {
    try {
      super.close();
    } finally {
      client.close();
    }
  }
}
