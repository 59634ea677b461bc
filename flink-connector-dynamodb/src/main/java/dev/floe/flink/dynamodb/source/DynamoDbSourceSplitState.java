package dev.floe.flink.dynamodb.source;

/**
 * A split's position as far as it has been emitted; the emitter advances it after each record, in
 * the task thread, so a checkpoint always sees exactly what went downstream.
 */
final class DynamoDbSourceSplitState {
  private final DynamoDbSourceSplit initial;
  private ScannedItem lastEmitted;

  DynamoDbSourceSplitState(DynamoDbSourceSplit split) {
    this.initial = split;
  }

  void emitted(ScannedItem scanned) {
    lastEmitted = scanned;
  }

  DynamoDbSourceSplit toSplit() {
    return lastEmitted == null ? initial : DynamoDbSourceSplit.of(lastEmitted.positionAfter());
  }
}
