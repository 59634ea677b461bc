package dev.floe.flink.dynamodb.source;

import java.util.List;
import java.util.Objects;

/**
 * What the enumerator checkpoints: the splits no reader holds, and whether the scan was planned (so
 * a restored enumerator with no splits left does not plan the scan again).
 */
public final class DynamoDbEnumeratorState {
  private final List<DynamoDbSourceSplit> unassignedSplits;
  private final boolean planned;

  public DynamoDbEnumeratorState(List<DynamoDbSourceSplit> unassignedSplits, boolean planned) {
    this.unassignedSplits = List.copyOf(unassignedSplits);
    this.planned = planned;
  }

  /** The state before planning. */
  static DynamoDbEnumeratorState initial() {
    return new DynamoDbEnumeratorState(List.of(), false);
  }

  public List<DynamoDbSourceSplit> unassignedSplits() {
    return unassignedSplits;
  }

  /** Whether the splits were planned; an unplanned enumerator plans them when it starts. */
  public boolean planned() {
    return planned;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DynamoDbEnumeratorState that
        && planned == that.planned
        && unassignedSplits.equals(that.unassignedSplits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(unassignedSplits, planned);
  }

  @Override
  public String toString() {
    return "DynamoDbEnumeratorState{planned=" + planned + ", unassigned=" + unassignedSplits + "}";
  }
}
