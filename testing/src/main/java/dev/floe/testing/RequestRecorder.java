package dev.floe.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The requests a {@link DynamoDbFaultProxy} keeps for {@link DynamoDbFaultProxy#requests()}, in
 * arrival order, at most {@code maxRequests} of them. Thread-safe: handler threads record while the
 * test reads.
 *
 * <p>A full recorder does not drop requests silently: reading it fails until it is cleared, since a
 * test asserting that no request carried something would otherwise pass on the ones it never saw.
 */
final class RequestRecorder {

  private final Set<String> operations;
  private final int maxRequests;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private long notKept;

  /**
   * @param operations the operations to keep; empty for all
   */
  RequestRecorder(Set<String> operations, int maxRequests) {
    // Sorted, so messages list the operations in a stable order.
    this.operations = Collections.unmodifiableSortedSet(new TreeSet<>(operations));
    this.maxRequests = maxRequests;
  }

  /**
   * @param authorization the request's Authorization header, or null; only the access key id in it
   *     is kept
   */
  void record(String operation, byte[] body, String authorization) {
    if (!records(operation)) {
      return;
    }
    // Decoded before taking the lock: bodies can be megabytes (BatchWriteItem).
    RecordedRequest request =
        new RecordedRequest(
            operation,
            new String(body, StandardCharsets.UTF_8),
            RecordedRequest.signingAccessKeyId(authorization));
    synchronized (this) {
      if (requests.size() < maxRequests) {
        requests.add(request);
      } else {
        notKept++;
      }
    }
  }

  synchronized List<RecordedRequest> requests() {
    requireComplete();
    return List.copyOf(requests);
  }

  synchronized List<RecordedRequest> requests(String operation) {
    if (!records(operation)) {
      throw new IllegalStateException(
          "Cannot list recorded "
              + operation
              + " requests: this proxy records only "
              + operations
              + "; name "
              + operation
              + " in recordRequests(...)");
    }
    requireComplete();
    return requests.stream().filter(r -> r.operation().equals(operation)).toList();
  }

  synchronized void clear() {
    requests.clear();
    notKept = 0;
  }

  private boolean records(String operation) {
    return operations.isEmpty() || operations.contains(operation);
  }

  private void requireComplete() {
    if (notKept > 0) {
      throw new IllegalStateException(
          "Cannot list recorded requests: "
              + notKept
              + " more arrived after the first "
              + maxRequests
              + " were recorded; raise maxRecordedRequests(...) or call clearRecordedRequests()"
              + " between steps");
    }
  }
}
