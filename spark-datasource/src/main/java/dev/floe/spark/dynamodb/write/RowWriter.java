package dev.floe.spark.dynamodb.write;

import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.core.dynamodb.WriteOperation;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.SparkTypes;
import dev.floe.spark.dynamodb.SparkValues;
import dev.floe.spark.dynamodb.TableInfo;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Turns Spark rows into DynamoDB writes: a put of the row's item, or, when the row's delete flag
 * column holds the delete flag value, a delete of its key. The flag column itself is never written.
 * Nulls leave their attribute out of the item (a put replaces the whole item, so the attribute is
 * gone either way). Floats and doubles are written as the exact decimal text of their shortest
 * representation (0.1 is written as 0.1), as DynamoDB numbers are decimals.
 */
final class RowWriter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final StructType itemSchema;
  private final int[] itemColumns;
  private final int flagColumn;
  private final DataType flagType;
  private final String flagValue;
  private final TableKeySchema keySchema;
  private final ItemConverter converter;

  private RowWriter(
      StructType schema,
      StructType itemSchema,
      int[] itemColumns,
      int flagColumn,
      String flagValue,
      TableKeySchema keySchema,
      ItemConverter converter) {
    this.schema = schema;
    this.itemSchema = itemSchema;
    this.itemColumns = itemColumns;
    this.flagColumn = flagColumn;
    this.flagType = flagColumn < 0 ? null : schema.fields()[flagColumn].dataType();
    this.flagValue = flagValue;
    this.keySchema = keySchema;
    this.converter = converter;
  }

  /**
   * Checks {@code schema} against the table and plans the conversion.
   *
   * @throws IllegalArgumentException naming the table, its key and the DataFrame's columns, if a
   *     key attribute or the delete flag column is missing, or a key column has a type DynamoDB
   *     does not accept for that key
   */
  static RowWriter plan(DynamoDbSparkOptions options, StructType schema, TableInfo table) {
    List<String> columns = Arrays.asList(schema.fieldNames());
    TableKeySchema keySchema = table.keySchema();
    List<String> missing = new ArrayList<>();
    for (String key : keySchema.attributeNames()) {
      if (!columns.contains(key)) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot write to DynamoDB table '"
              + options.tableName()
              + "': the DataFrame has no column for key attribute"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + "; the table's primary key is "
              + table.describeKey()
              + " and the DataFrame's columns are "
              + columns
              + ". Nothing was written");
    }
    for (String key : keySchema.attributeNames()) {
      DataType type = schema.apply(key).dataType();
      ScalarAttributeType expected = table.keyType(key);
      if (!fitsKey(type, expected)) {
        throw new IllegalArgumentException(
            "Cannot write to DynamoDB table '"
                + options.tableName()
                + "': key attribute "
                + key
                + " is of DynamoDB type "
                + expected
                + " but column "
                + key
                + " is "
                + type.simpleString()
                + "; cast it to "
                + (expected == ScalarAttributeType.S
                    ? "string"
                    : expected == ScalarAttributeType.N
                        ? "a number (int, bigint, decimal)"
                        : "binary")
                + ". Nothing was written");
      }
    }
    int flagColumn = -1;
    if (options.deleteFlagColumn().isPresent()) {
      String flag = options.deleteFlagColumn().get();
      flagColumn = columns.indexOf(flag);
      if (flagColumn < 0) {
        throw new IllegalArgumentException(
            "Cannot write to DynamoDB table '"
                + options.tableName()
                + "': option "
                + DynamoDbSparkOptions.DELETE_FLAG_COLUMN
                + " names column '"
                + flag
                + "', which the DataFrame does not have; its columns are "
                + columns
                + ". Nothing was written");
      }
      if (keySchema.attributeNames().contains(flag)) {
        throw new IllegalArgumentException(
            "Cannot use key attribute '"
                + flag
                + "' as option "
                + DynamoDbSparkOptions.DELETE_FLAG_COLUMN
                + ": name a column that only says whether to delete the row's item");
      }
    }
    List<Integer> itemColumns = new ArrayList<>();
    StructType itemSchema = new StructType();
    for (int i = 0; i < schema.fields().length; i++) {
      if (i != flagColumn) {
        StructField field = schema.fields()[i];
        itemColumns.add(i);
        itemSchema = itemSchema.add(field);
      }
    }
    LogicalSchema logical = SparkTypes.toLogical(itemSchema, keySchema.attributeNames());
    ItemConverter converter =
        ItemConverter.of(logical, ConversionOptions.builder().ignoreNulls(true).build());
    return new RowWriter(
        schema,
        itemSchema,
        itemColumns.stream().mapToInt(Integer::intValue).toArray(),
        flagColumn,
        options.deleteFlagValue(),
        keySchema,
        converter);
  }

  private static boolean fitsKey(DataType type, ScalarAttributeType expected) {
    switch (expected) {
      case S:
        return type instanceof StringType;
      case N:
        return type instanceof ByteType
            || type instanceof ShortType
            || type instanceof IntegerType
            || type instanceof LongType
            || type instanceof DecimalType;
      case B:
        return type instanceof BinaryType;
      default:
        return false;
    }
  }

  TableKeySchema keySchema() {
    return keySchema;
  }

  /** The write for {@code row}. */
  Operation operation(InternalRow row) {
    Object[] values = new Object[itemColumns.length];
    for (int i = 0; i < itemColumns.length; i++) {
      int column = itemColumns[i];
      values[i] = row.isNullAt(column) ? null : row.get(column, schema.fields()[column].dataType());
    }
    InternalRow itemRow = new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(values);
    Map<String, AttributeValue> item = converter.toItem(SparkValues.toCoreRow(itemRow, itemSchema));
    if (isDelete(row)) {
      return new Operation(WriteOperation.delete(keySchema.keyAttributes(item)), true);
    }
    return new Operation(WriteOperation.put(item), false);
  }

  private boolean isDelete(InternalRow row) {
    if (flagColumn < 0 || row.isNullAt(flagColumn)) {
      return false;
    }
    Object value = SparkValues.toJava(row.get(flagColumn, flagType), flagType);
    // Booleans print as true/false whatever case the option was given in; other values match
    // exactly.
    return value instanceof Boolean
        ? flagValue.equalsIgnoreCase(value.toString())
        : flagValue.equals(String.valueOf(value));
  }

  /** A put or a delete. */
  record Operation(WriteOperation write, boolean isDelete) {}
}
