package dev.floe.flink.dynamodb.source;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.util.Collector;

/**
 * Deserializes an item into the output, then moves its split past it: both in the task thread,
 * between checkpoints, which is what makes the scan exactly-once.
 */
final class DynamoDbRecordEmitter<T>
    implements RecordEmitter<ScannedItem, T, DynamoDbSourceSplitState> {
  private final DynamoDbItemDeserializer<T> deserializer;
  private final OutputCollector<T> collector = new OutputCollector<>();

  DynamoDbRecordEmitter(DynamoDbItemDeserializer<T> deserializer) {
    this.deserializer = deserializer;
  }

  @Override
  public void emitRecord(
      ScannedItem scanned, SourceOutput<T> output, DynamoDbSourceSplitState state)
      throws Exception {
    if (scanned.item() != null) {
      collector.output = output;
      deserializer.deserialize(scanned.item(), collector);
    }
    state.emitted(scanned);
  }

  private static final class OutputCollector<T> implements Collector<T> {
    private SourceOutput<T> output;

    @Override
    public void collect(T record) {
      output.collect(record);
    }

    @Override
    public void close() {}
  }
}
