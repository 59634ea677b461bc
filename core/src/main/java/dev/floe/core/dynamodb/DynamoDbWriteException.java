package dev.floe.core.dynamodb;

/**
 * A write to DynamoDB that failed or cannot be made. The message names the table, the key of the
 * item at fault (in the form {@code {id=S:u1, ts=N:5}}) and the reason, and says what to do; it
 * never holds credentials or whole items.
 */
public class DynamoDbWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public DynamoDbWriteException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public DynamoDbWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
