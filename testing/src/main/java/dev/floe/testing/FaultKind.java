package dev.floe.testing;

/** What the {@link DynamoDbFaultProxy} did to a request; the key of its fault counters. */
public enum FaultKind {
  /** Answered {@link DynamoDbError#PROVISIONED_THROUGHPUT_EXCEEDED}. */
  PROVISIONED_THROUGHPUT_EXCEEDED,
  /** Answered {@link DynamoDbError#THROTTLING}. */
  THROTTLING,
  /** Answered {@link DynamoDbError#REQUEST_LIMIT_EXCEEDED}. */
  REQUEST_LIMIT_EXCEEDED,
  /** Answered {@link DynamoDbError#INTERNAL_SERVER_ERROR}. */
  INTERNAL_SERVER_ERROR,
  /** Answered {@link DynamoDbError#SERVICE_UNAVAILABLE}. */
  SERVICE_UNAVAILABLE,
  /** Closed the connection without an answer. */
  CONNECTION_RESET,
  /** Delayed the request before forwarding it. */
  LATENCY,
  /** Forwarded only part of a batch and answered the rest as unprocessed. */
  PARTIAL_BATCH
}
