package dev.floe.core.dynamodb;

/**
 * A DynamoDB table cannot be used as configured: it does not exist, cannot be described, or its
 * settings do not fit the configuration (e.g. a rate limit in percent of provisioned capacity on an
 * on-demand table). The message names the table and says what to change.
 */
public class DynamoDbTableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public DynamoDbTableException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public DynamoDbTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
