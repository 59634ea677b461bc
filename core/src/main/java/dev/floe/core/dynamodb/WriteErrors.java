package dev.floe.core.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.retry.RetryUtils;

/**
 * The one place that decides whether a failed DynamoDB call is retried, and how a failure is told
 * to the user. The SDK's own classification comes first ({@link RetryUtils}: its list of throttling
 * error codes and HTTP 429); the rest follows the SDK's default retry conditions (HTTP
 * 500/502/503/504, I/O errors, attempt timeouts) plus DynamoDB's TransactionConflictException and
 * clock-skew codes. Everything else fails at once: retrying a bad request or bad credentials only
 * delays the error. Reads ({@link PageReader}, {@link BatchGetReader}) use the same classification;
 * only the advice differs ({@link #readAdvice(Throwable)}).
 */
final class WriteErrors {

  /** What to do with a failed call. */
  enum Kind {
    /** DynamoDB asked to slow down: retry after a backoff, and count a throttled request. */
    THROTTLED,
    /** A server or network failure that may pass: retry after a backoff. */
    TRANSIENT,
    /** Retrying cannot help: fail the writer. */
    FATAL
  }

  /** The status codes the SDK retries by default (SdkDefaultRetrySetting, internal there). */
  private static final Set<Integer> RETRYABLE_STATUS_CODES = Set.of(500, 502, 503, 504);

  /**
   * Error codes worth retrying that the SDK does not mark as such with retries disabled: a write
   * that met a running transaction, and clock-skew answers (the SDK corrects its clock offset from
   * the answer, so the next attempt is signed right). InvalidSignatureException is not among them:
   * it mostly means a wrong secret key.
   */
  private static final Set<String> TRANSIENT_ERROR_CODES =
      Set.of(
          "TransactionConflictException",
          "RequestTimeTooSkewed",
          "RequestExpired",
          "RequestInTheFuture");

  private static final Set<String> CREDENTIAL_ERROR_CODES =
      Set.of(
          "UnrecognizedClientException",
          "InvalidSignatureException",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "MissingAuthenticationToken",
          "InvalidClientTokenId",
          "ExpiredTokenException",
          "AuthFailure");

  /** What to do when DynamoDB keeps throttling, or keeps returning writes unprocessed. */
  static final String THROTTLING_ADVICE =
      "DynamoDB kept throttling: raise the table's write capacity (or use on-demand),"
          + " set a lower write rate limit, or allow more retries";

  /** What to do when DynamoDB keeps throttling reads, or keeps returning keys unprocessed. */
  static final String READ_THROTTLING_ADVICE =
      "DynamoDB kept throttling: raise the table's read capacity (or use on-demand),"
          + " set a lower read rate limit, or allow more retries";

  private WriteErrors() {}

  /** How to treat {@code failure}, a call's exception (possibly wrapped by a future). */
  static Kind classify(Throwable failure) {
    Throwable error = unwrap(failure);
    if (error instanceof SdkServiceException service) {
      if (RetryUtils.isThrottlingException(service)) {
        return Kind.THROTTLED;
      }
      if (RETRYABLE_STATUS_CODES.contains(service.statusCode())
          || RetryUtils.isRetryableException(service)
          || TRANSIENT_ERROR_CODES.contains(errorCode(service))) {
        return Kind.TRANSIENT;
      }
      return Kind.FATAL;
    }
    if (isCredentialsFailure(error)) {
      // A credentials chain that finds nothing will find nothing on the next attempt either.
      return Kind.FATAL;
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException
          || cause instanceof UncheckedIOException
          || cause instanceof RetryableException
          || cause instanceof ApiCallAttemptTimeoutException
          || cause instanceof ApiCallTimeoutException) {
        return Kind.TRANSIENT;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    if (error instanceof SdkException sdk && sdk.retryable()) {
      return Kind.TRANSIENT;
    }
    return Kind.FATAL;
  }

  /** The exception behind a future's wrapper. */
  static Throwable unwrap(Throwable failure) {
    Throwable error = failure;
    while ((error instanceof CompletionException || error instanceof ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }

  /**
   * A one-line account of the failure: DynamoDB's error code and message with status and request
   * id, or the client-side exception. Holds no credentials: neither DynamoDB's answers nor the
   * SDK's client exceptions carry them.
   */
  static String describe(Throwable failure) {
    Throwable error = unwrap(failure);
    if (error instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode()
          + ": "
          + service.awsErrorDetails().errorMessage()
          + " (HTTP "
          + service.statusCode()
          + ", request id "
          + service.requestId()
          + ")";
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    return root == error
        ? text
        : text + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  /** What the user can do about a failure that is not retried, or no longer. */
  static String advice(Throwable failure) {
    return advice(failure, CapacityLimit.Access.WRITE);
  }

  /** What the user can do about a failed read (Scan, Query, BatchGetItem). */
  static String readAdvice(Throwable failure) {
    return advice(failure, CapacityLimit.Access.READ);
  }

  private static String advice(Throwable failure, CapacityLimit.Access access) {
    Throwable error = unwrap(failure);
    Kind kind = classify(error);
    boolean read = access == CapacityLimit.Access.READ;
    if (kind == Kind.THROTTLED) {
      return read ? READ_THROTTLING_ADVICE : THROTTLING_ADVICE;
    }
    if (kind == Kind.TRANSIENT) {
      return "DynamoDB or the network kept failing: check the endpoint and connectivity, or allow"
          + " more retries";
    }
    String code = error instanceof SdkServiceException service ? errorCode(service) : "";
    if (code.equals("ResourceNotFoundException")) {
      return "check that the table exists and is ACTIVE, and the table name and region";
    }
    if (CREDENTIAL_ERROR_CODES.contains(code) || isCredentialsFailure(error)) {
      return "check the AWS credentials (access key, secret key, session token, profile or role)"
          + " and the machine's clock";
    }
    if (code.equals("AccessDeniedException") && read) {
      return "grant the principal dynamodb:Scan, Query, BatchGetItem and DescribeTable on the"
          + " table (and its indexes)";
    }
    if (code.equals("ValidationException") && read) {
      return "DynamoDB refused the request as invalid: check the projection, filter and key"
          + " condition against the table (key names and types, index name, operand types)";
    }
    if (code.equals("AccessDeniedException")) {
      return "grant the principal dynamodb:BatchWriteItem, PutItem, UpdateItem, DeleteItem and"
          + " DescribeTable on the table";
    }
    if (code.equals("ValidationException")) {
      return "DynamoDB refused the request as invalid: check the item against the table's key"
          + " schema (attribute types), and for empty sets, invalid numbers and sizes";
    }
    if (code.equals("ItemCollectionSizeLimitExceededException")) {
      return "the items of this partition key exceed 10 GB, the limit of tables with a local"
          + " secondary index: spread the data over more partition keys";
    }
    return "retrying cannot help; see the cause";
  }

  private static boolean isCredentialsFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SdkClientException
          && cause.getMessage() != null
          && cause.getMessage().contains("Unable to load credentials")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static String errorCode(SdkServiceException service) {
    if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      return code == null ? "" : code;
    }
    return "";
  }
}
