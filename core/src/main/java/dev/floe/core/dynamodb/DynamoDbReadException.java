package dev.floe.core.dynamodb;

/**
 * A read from DynamoDB that failed: the message names the table (and index), the request,
 * DynamoDB's error and what to do. It never holds credentials or item values.
 */
public class DynamoDbReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DynamoDbReadException(String message) {
    super(message);
  }

  public DynamoDbReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
