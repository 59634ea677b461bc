package dev.floe.testing;

/**
 * DynamoDB error answers the {@link DynamoDbFaultProxy} can send, exactly as DynamoDB sends them:
 * HTTP status, the {@code __type} of the JSON body (the SDK takes the part after {@code #} as the
 * error code) and DynamoDB's message.
 *
 * <p>The AWS SDK v2 retries all of them by default: the three 400s are in its list of throttling
 * error codes (they are retried with the throttling backoff), 500 and 503 by status code.
 */
public enum DynamoDbError {
  PROVISIONED_THROUGHPUT_EXCEEDED(
      400,
      "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
      "The level of configured provisioned throughput for the table was exceeded. Consider"
          + " increasing your provisioning level with the UpdateTable API."),
  THROTTLING(
      400,
      "com.amazon.coral.availability#ThrottlingException",
      "Rate of requests exceeds the allowed throughput."),
  REQUEST_LIMIT_EXCEEDED(
      400,
      "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded",
      "Throughput exceeds the current throughput limit for your account. Please contact AWS"
          + " Support at https://aws.amazon.com/support request a limit increase"),
  INTERNAL_SERVER_ERROR(
      500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
  SERVICE_UNAVAILABLE(
      503, "com.amazon.coral.availability#ServiceUnavailableException", "Service Unavailable");

  private final int statusCode;
  private final String type;
  private final String message;

  DynamoDbError(int statusCode, String type, String message) {
    this.statusCode = statusCode;
    this.type = type;
    this.message = message;
  }

  /** HTTP status code of the answer. */
  public int statusCode() {
    return statusCode;
  }

  /** The {@code __type} field, e.g. {@code com.amazon.coral.availability#ThrottlingException}. */
  public String type() {
    return type;
  }

  /** The error code the SDK reports ({@code AwsErrorDetails.errorCode()}): the type after '#'. */
  public String errorCode() {
    return type.substring(type.indexOf('#') + 1);
  }

  /** The {@code message} field. */
  public String message() {
    return message;
  }

  /** The counter this error is counted under. */
  public FaultKind kind() {
    return FaultKind.valueOf(name());
  }
}
