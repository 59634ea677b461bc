package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.ScanSegment;

/**
 * A split's position as far as it has been emitted; the emitter advances it after each record, in
 * the task thread, so a checkpoint always sees exactly what went downstream.
 */
final class DynamoDbSourceSplitState {
  private ScanSegment pageStart;
  private int emittedInPage;

  DynamoDbSourceSplitState(DynamoDbSourceSplit split) {
    this.pageStart = split.segment();
    this.emittedInPage = split.itemsToSkip();
  }

  void emitted(ScannedItem scanned) {
    if (scanned.endsPage()) {
      pageStart = scanned.page().end();
      emittedInPage = 0;
    } else {
      pageStart = scanned.page().start();
      emittedInPage = scanned.index() + 1;
    }
  }

  DynamoDbSourceSplit toSplit() {
    return new DynamoDbSourceSplit(pageStart, emittedInPage);
  }
}
