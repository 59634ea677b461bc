package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.DynamoDbTableException;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.ScanPlanner;
import dev.floe.core.dynamodb.ScanSegment;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Plans one split per scan segment and hands them out one at a time as readers ask, so fast readers
 * take more segments than slow ones. Splits a failed reader held come back and go out again.
 */
final class DynamoDbSplitEnumerator
    implements SplitEnumerator<DynamoDbSourceSplit, DynamoDbEnumeratorState> {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSplitEnumerator.class);

  private final SplitEnumeratorContext<DynamoDbSourceSplit> context;
  private final AwsClientConfig clientConfig;
  private final ReadSpec readSpec;
  private final Integer totalSegments;
  private final ArrayDeque<DynamoDbSourceSplit> unassigned;
  private boolean planned;

  DynamoDbSplitEnumerator(
      SplitEnumeratorContext<DynamoDbSourceSplit> context,
      AwsClientConfig clientConfig,
      ReadSpec readSpec,
      Integer totalSegments,
      DynamoDbEnumeratorState state) {
    this.context = context;
    this.clientConfig = clientConfig;
    this.readSpec = readSpec;
    this.totalSegments = totalSegments;
    this.unassigned = new ArrayDeque<>(state.unassignedSplits());
    this.planned = state.planned();
  }

  @Override
  public void start() {
    if (planned) {
      return;
    }
    int total = readSpec.isQuery() ? 1 : totalSegments != null ? totalSegments : segmentsFor();
    for (ScanSegment segment : ScanPlanner.plan(readSpec, total)) {
      unassigned.add(DynamoDbSourceSplit.of(segment));
    }
    planned = true;
    LOG.info("Reading {} in {} splits", readSpec, unassigned.size());
  }

  private int segmentsFor() {
    try (DynamoDbClient client = DynamoDbClientFactory.createSync(clientConfig)) {
      TableDescription table = client.describeTable(r -> r.tableName(readSpec.tableName())).table();
      return ScanPlanner.segmentsFor(table, context.currentParallelism());
    } catch (SdkException e) {
      throw new DynamoDbTableException(
          "Cannot plan the scan of DynamoDB table '"
              + readSpec.tableName()
              + "': DescribeTable failed ("
              + e.getMessage()
              + "); check the table name, the region and the dynamodb:DescribeTable permission,"
              + " or set totalSegments on the source",
          e);
    }
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    if (!context.registeredReaders().containsKey(subtaskId)) {
      return; // the reader failed since it asked
    }
    DynamoDbSourceSplit split = unassigned.poll();
    if (split == null) {
      context.signalNoMoreSplits(subtaskId);
    } else {
      context.assignSplit(split, subtaskId);
    }
  }

  @Override
  public void addSplitsBack(List<DynamoDbSourceSplit> splits, int subtaskId) {
    // Splits assigned after the last checkpoint: the reader restarts without them.
    for (int i = splits.size() - 1; i >= 0; i--) {
      unassigned.addFirst(splits.get(i));
    }
  }

  @Override
  public void addReader(int subtaskId) {
    // Readers ask for splits themselves.
  }

  @Override
  public DynamoDbEnumeratorState snapshotState(long checkpointId) {
    return new DynamoDbEnumeratorState(List.copyOf(unassigned), planned);
  }

  @Override
  public void close() {}
}
