package dev.floe.flink.dynamodb.sink;

import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.conversion.Row;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.core.dynamodb.WriteOperation;
import dev.floe.flink.dynamodb.table.FlinkTypeMapping;
import dev.floe.flink.dynamodb.table.RowDataConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns Flink rows into DynamoDB writes following the changelog: INSERT and UPDATE_AFTER put the
 * row as an item (docs/type-mapping.md), DELETE deletes the item by its key attributes only.
 * UPDATE_BEFORE deletes its key too, unless the builder was told the changelog is keyed by the
 * DynamoDB key ({@link Builder#upsertByKey}), where the UPDATE_AFTER that follows replaces the item
 * anyway. (Without that guarantee an update may move a row to another DynamoDB key, and the old
 * item must go.) With a delete flag, a row whose flag column holds the flag value is a delete too,
 * and the flag column is never written.
 */
public final class RowDataElementConverter implements DynamoDbElementConverter<RowData> {
  private static final long serialVersionUID = 1L;

  private final RowDataConverter rows;
  private final ItemConverter items;
  private final TableKeySchema keySchema;
  private final int[] keyPositions;
  private final int deleteFlagPosition;
  private final String deleteFlagColumn;
  private final String deleteFlagValue;
  private final boolean upsertByKey;

  private RowDataElementConverter(Builder builder) {
    RowType rowType = builder.rowType;
    this.keySchema = builder.keySchema;
    List<String> keys = keySchema.attributeNames();
    LogicalSchema schema =
        builder.schema == null
            ? FlinkTypeMapping.fromRowType(rowType, keys)
            : LogicalSchema.of(builder.schema.fields(), keys);
    this.rows = RowDataConverter.of(rowType, schema);
    this.items = ItemConverter.of(schema, builder.conversionOptions);
    this.keyPositions = new int[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      keyPositions[i] = position(rowType, keys.get(i), "key attribute");
    }
    this.upsertByKey = builder.upsertByKey;
    this.deleteFlagColumn = builder.deleteFlagColumn;
    this.deleteFlagValue = builder.deleteFlagValue;
    this.deleteFlagPosition =
        deleteFlagColumn == null ? -1 : position(rowType, deleteFlagColumn, "delete flag column");
  }

  /**
   * @param rowType the rows' physical type
   * @param keySchema the DynamoDB table's key; its attributes must be columns of the row
   */
  public static Builder builder(RowType rowType, TableKeySchema keySchema) {
    return new Builder(rowType, keySchema);
  }

  private static int position(RowType rowType, String column, String role) {
    int position = rowType.getFieldNames().indexOf(column);
    if (position < 0) {
      throw new ValidationException(
          "The "
              + role
              + " '"
              + column
              + "' is not a column of the row; its columns are "
              + rowType.getFieldNames());
    }
    return position;
  }

  @Override
  public WriteOperation convert(RowData rowData) {
    switch (rowData.getRowKind()) {
      case UPDATE_BEFORE:
        // The buffer merges this delete with the UPDATE_AFTER of the same key (last write wins).
        return upsertByKey ? null : WriteOperation.delete(key(rows.toRow(rowData)));
      case DELETE:
        return WriteOperation.delete(key(rows.toRow(rowData)));
      default:
        Row row = rows.toRow(rowData);
        if (isFlaggedDelete(row)) {
          return WriteOperation.delete(key(row));
        }
        Map<String, AttributeValue> item = items.toItem(row);
        if (deleteFlagColumn != null) {
          item = new LinkedHashMap<>(item);
          item.remove(deleteFlagColumn);
        }
        return WriteOperation.put(item);
    }
  }

  private boolean isFlaggedDelete(Row row) {
    if (deleteFlagPosition < 0) {
      return false;
    }
    Object flag = row.get(deleteFlagPosition);
    return flag != null && deleteFlagValue.equalsIgnoreCase(flag.toString());
  }

  private Map<String, AttributeValue> key(Row row) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    List<LogicalType.Field> fields = items.schema().fields();
    for (int position : keyPositions) {
      LogicalType.Field field = fields.get(position);
      key.put(field.name(), items.toAttributeValue(row.get(position), field.type(), field.name()));
    }
    return key;
  }

  /** Builds a {@link RowDataElementConverter}. */
  public static final class Builder {
    private final RowType rowType;
    private final TableKeySchema keySchema;
    private ConversionOptions conversionOptions = ConversionOptions.defaults();
    private LogicalSchema schema;
    private String deleteFlagColumn;
    private String deleteFlagValue = "true";
    private boolean upsertByKey;

    private Builder(RowType rowType, TableKeySchema keySchema) {
      this.rowType = Objects.requireNonNull(rowType, "rowType");
      this.keySchema = Objects.requireNonNull(keySchema, "keySchema");
    }

    /**
     * The Floe schema rows are stored as: the row's columns in order, with Floe types their Flink
     * types can hold (see {@link RowDataConverter#of(RowType, LogicalSchema)}), e.g. from {@link
     * FlinkTypeMapping#fromRowType(RowType, List, java.util.Collection, java.util.Collection)} to
     * store STRING columns as DynamoDB documents and ARRAY columns as sets. Its key attributes are
     * replaced by the table's. Default: {@link FlinkTypeMapping#fromRowType(RowType, List)}.
     */
    public Builder schema(LogicalSchema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** Timestamp encoding and null handling (docs/type-mapping.md). */
    public Builder conversionOptions(ConversionOptions conversionOptions) {
      this.conversionOptions = Objects.requireNonNull(conversionOptions, "conversionOptions");
      return this;
    }

    /**
     * Rows whose {@code column} holds {@code value} (compared as text, ignoring case) delete their
     * key instead of being written. A null column means no delete flag.
     */
    public Builder deleteFlag(String column, String value) {
      this.deleteFlagColumn = column;
      this.deleteFlagValue = value == null ? "true" : value;
      return this;
    }

    /**
     * Declares that the changelog's unique key is the DynamoDB key (a Flink table whose PRIMARY KEY
     * is the table's key, consumed in upsert mode), so UPDATE_BEFORE rows can be dropped.
     */
    public Builder upsertByKey(boolean upsertByKey) {
      this.upsertByKey = upsertByKey;
      return this;
    }

    public RowDataElementConverter build() {
      return new RowDataElementConverter(this);
    }
  }
}
