package dev.floe.iceberg.job.plan;

/**
 * A source's consumed snapshot is no longer in its history (expired, or the table was replaced or
 * rolled back): reading it again cannot succeed, so a streaming job fails without restarts.
 */
public final class SnapshotNotInHistoryException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  SnapshotNotInHistoryException(String message) {
    super(message);
  }
}
