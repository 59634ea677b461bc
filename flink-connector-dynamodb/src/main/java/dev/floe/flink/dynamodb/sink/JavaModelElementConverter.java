package dev.floe.flink.dynamodb.sink;

import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.iceberg.IcebergValueConverter;
import dev.floe.core.conversion.iceberg.JavaModelRecords;
import dev.floe.core.dynamodb.WriteOperation;

/**
 * Puts Java records or beans as items, one attribute per field, through the same conversion as
 * every other path (docs/java-models.md for the Java types, docs/type-mapping.md for how they are
 * stored). Reflection happens once per subtask.
 */
public final class JavaModelElementConverter<T> implements DynamoDbElementConverter<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final ConversionOptions options;
  private transient JavaModelRecords<T> records;
  private transient IcebergValueConverter values;
  private transient ItemConverter items;

  private JavaModelElementConverter(Class<T> type, ConversionOptions options) {
    this.type = type;
    this.options = options;
    // Fails here, when the job is built, rather than on the first element.
    JavaModelRecords.of(type);
  }

  public static <T> JavaModelElementConverter<T> of(Class<T> type) {
    return new JavaModelElementConverter<>(type, ConversionOptions.defaults());
  }

  public static <T> JavaModelElementConverter<T> of(Class<T> type, ConversionOptions options) {
    return new JavaModelElementConverter<>(type, options);
  }

  @Override
  public WriteOperation convert(T element) {
    if (records == null) {
      records = JavaModelRecords.of(type);
      values = IcebergValueConverter.of(records.schema());
      items = ItemConverter.of(values.logicalSchema(), options);
    }
    return WriteOperation.put(items.toItem(values.toRow(records.toRecord(element))));
  }
}
