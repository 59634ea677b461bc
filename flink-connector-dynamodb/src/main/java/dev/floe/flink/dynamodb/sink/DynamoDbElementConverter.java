package dev.floe.flink.dynamodb.sink;

import dev.floe.core.dynamodb.WriteOperation;
import java.io.Serializable;

/**
 * Turns a stream element into the DynamoDB write it stands for: a put, a delete or an update
 * ({@link WriteOperation}). Return null to drop the element (the SQL sink drops UPDATE_BEFORE rows
 * this way). Implement it directly to decide per element; {@link RowDataElementConverter} and
 * {@link JavaModelElementConverter} cover Flink rows and Java records or beans.
 */
@FunctionalInterface
public interface DynamoDbElementConverter<T> extends Serializable {
  WriteOperation convert(T element);
}
