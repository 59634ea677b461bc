package dev.floe.flink.dynamodb.source;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.ItemKeys;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.Row;
import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.flink.dynamodb.table.FlinkTypeMapping;
import dev.floe.flink.dynamodb.table.RowDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads items into Flink {@link RowData} of a row type, following docs/type-mapping.md (core's
 * {@link ItemConverter}, then {@link RowDataConverter}): one column per top-level attribute of the
 * same name; a missing or NULL attribute is null (an error for a NOT NULL column); attributes not
 * in the row type are ignored. What happens to a value that does not fit its column is {@link
 * OnTypeMismatch}. The attribute types are those of {@link FlinkTypeMapping#fromRowType}, or of a
 * schema given to {@link #create(RowType, LogicalSchema, TypeInformation, ConversionOptions,
 * OnTypeMismatch)}, e.g. one in which a STRING column holds any attribute as DynamoDB JSON.
 *
 * <p>A column can also be a field inside nested maps ({@link #create(RowType, List, LogicalSchema,
 * TypeInformation, ConversionOptions, OnTypeMismatch)}, as Flink SQL's nested projection asks for
 * {@code address.city}): a missing or NULL map on the way reads as null, and a value that is not a
 * map where the path goes on is a type mismatch naming the path.
 */
public final class RowDataItemDeserializer implements DynamoDbItemDeserializer<RowData> {
  private static final long serialVersionUID = 1L;

  /** The counter (in the reader's group {@code dynamodb}) of items {@link OnTypeMismatch#SKIP}s. */
  public static final String SKIPPED_COUNTER = "itemsSkippedByTypeMismatch";

  /**
   * What to do with an attribute whose value does not fit its column ({@code
   * scan.on-type-mismatch}).
   */
  public enum OnTypeMismatch {
    /** Fail the job, naming the attribute, the expected and actual type, and the item key. */
    FAIL,
    /** Read the column as null (a NOT NULL column still fails). */
    NULL,
    /** Drop the item and count it in {@code dynamodb.itemsSkippedByTypeMismatch}. */
    SKIP
  }

  private final RowType rowType;
  private final TypeInformation<RowData> producedType;
  private final ConversionOptions options;
  private final OnTypeMismatch onTypeMismatch;

  /** Where the columns sit in an item; null when each is the top-level attribute of its name. */
  private final ColumnPaths columnPaths;

  private final List<Field> fields;
  private final RowDataConverter rowConverter;
  private ItemConverter itemConverter;
  private List<String> keyAttributes = List.of();

  // NULL only: each column on its own, to null just the columns that do not fit.
  private final RowDataConverter[] columnConverters;
  private final RowData.FieldGetter[] columnGetters;

  private transient Counter skippedCounter;
  private long skipped;

  private RowDataItemDeserializer(
      RowType rowType,
      ColumnPaths columnPaths,
      LogicalSchema schema,
      TypeInformation<RowData> producedType,
      ConversionOptions options,
      OnTypeMismatch onTypeMismatch) {
    Objects.requireNonNull(rowType, "rowType");
    if (columnPaths != null) {
      // The flattened item names its attributes by the labels: the converters read them by name.
      rowType = labeled(rowType, columnPaths.labels());
      schema = labeled(schema, columnPaths.labels());
    }
    this.rowType = rowType;
    this.columnPaths = columnPaths;
    this.producedType = Objects.requireNonNull(producedType, "producedType");
    this.options = Objects.requireNonNull(options, "options");
    this.onTypeMismatch = Objects.requireNonNull(onTypeMismatch, "onTypeMismatch");
    this.fields = schema.fields();
    this.itemConverter = ItemConverter.of(schema, options);
    this.rowConverter = RowDataConverter.of(rowType, schema);
    this.keyAttributes = schema.keyAttributes();
    int arity = rowType.getFieldCount();
    this.columnConverters = new RowDataConverter[arity];
    this.columnGetters = new RowData.FieldGetter[arity];
    if (onTypeMismatch == OnTypeMismatch.NULL) {
      for (int i = 0; i < arity; i++) {
        LogicalType type = rowType.getTypeAt(i);
        RowType column =
            RowType.of(new LogicalType[] {type}, new String[] {rowType.getFieldNames().get(i)});
        columnConverters[i] = RowDataConverter.of(column, LogicalSchema.of(List.of(fields.get(i))));
        columnGetters[i] = RowData.createFieldGetter(type, 0);
      }
    }
  }

  /**
   * A deserializer into rows of {@code rowType}.
   *
   * @param producedType Flink's type information for those rows (e.g. {@code
   *     InternalTypeInfo.of(rowType)}, or the planner's {@code createTypeInformation})
   * @param options how timestamps are stored
   * @throws ConversionException if a column type has no DynamoDB mapping
   */
  public static RowDataItemDeserializer create(
      RowType rowType,
      TypeInformation<RowData> producedType,
      ConversionOptions options,
      OnTypeMismatch onTypeMismatch) {
    return create(
        rowType,
        FlinkTypeMapping.fromRowType(rowType, List.of()),
        producedType,
        options,
        onTypeMismatch);
  }

  /**
   * A deserializer into rows of {@code rowType} of items of {@code schema}: the same columns in the
   * same order, with Floe types the Flink types can show (see {@link RowDataConverter#of(RowType,
   * LogicalSchema)}), such as {@link FlinkTypeMapping#fromRowType(RowType, List,
   * java.util.Collection, java.util.Collection)} gives for document and set columns.
   *
   * @throws ConversionException if the columns differ or a Flink type cannot show its column
   */
  public static RowDataItemDeserializer create(
      RowType rowType,
      LogicalSchema schema,
      TypeInformation<RowData> producedType,
      ConversionOptions options,
      OnTypeMismatch onTypeMismatch) {
    return new RowDataItemDeserializer(
        rowType,
        null,
        Objects.requireNonNull(schema, "schema"),
        producedType,
        options,
        onTypeMismatch);
  }

  /**
   * A deserializer into rows of {@code rowType} whose column {@code i} holds the value at {@code
   * columnPaths.get(i)}: a top-level attribute, or a field inside nested maps such as {@code
   * address.city} (the ROW field names). A missing or NULL map on the way, or a missing field,
   * reads as null; a value that is not a map where the path goes on does not fit the column, and
   * {@code onTypeMismatch} decides. {@code schema} has the columns' types in the same order and
   * their names, e.g. from {@link FlinkTypeMapping#fromRowType(RowType, List)}; errors name the
   * attribute paths.
   *
   * @throws ConversionException if the columns differ or a Flink type cannot show its column
   */
  public static RowDataItemDeserializer create(
      RowType rowType,
      List<AttributePath> columnPaths,
      LogicalSchema schema,
      TypeInformation<RowData> producedType,
      ConversionOptions options,
      OnTypeMismatch onTypeMismatch) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(columnPaths, "columnPaths");
    if (columnPaths.size() != rowType.getFieldCount()
        || schema.fields().size() != rowType.getFieldCount()) {
      throw new ConversionException(
          "Cannot read rows of "
              + rowType.getFieldCount()
              + " columns "
              + rowType.getFieldNames()
              + " from "
              + columnPaths.size()
              + " attribute paths "
              + columnPaths
              + " with a schema of "
              + schema.fields().size()
              + " columns: give one path and one schema column per column");
    }
    return new RowDataItemDeserializer(
        rowType,
        ColumnPaths.of(rowType.getFieldNames(), columnPaths),
        schema,
        producedType,
        options,
        onTypeMismatch);
  }

  private static RowType labeled(RowType rowType, List<String> labels) {
    List<RowType.RowField> fields = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      fields.add(new RowType.RowField(labels.get(i), rowType.getTypeAt(i)));
    }
    return new RowType(rowType.isNullable(), fields);
  }

  private static LogicalSchema labeled(LogicalSchema schema, List<String> labels) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      Field field = schema.fields().get(i);
      fields.add(new Field(labels.get(i), field.type(), field.nullable()));
    }
    List<String> keys = new ArrayList<>();
    for (String key : schema.keyAttributes()) {
      keys.add(labels.get(schema.asStruct().indexOf(key)));
    }
    return LogicalSchema.of(fields, keys);
  }

  /** The items dropped by {@link OnTypeMismatch#SKIP} in this instance. */
  public long itemsSkipped() {
    return skipped;
  }

  public OnTypeMismatch onTypeMismatch() {
    return onTypeMismatch;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return producedType;
  }

  @Override
  public void open(MetricGroup metricGroup, TableKeySchema tableKeys) {
    skippedCounter = metricGroup.addGroup("dynamodb").counter(SKIPPED_COUNTER);
    if (tableKeys != null) {
      withTableKeys(tableKeys.attributeNames());
    }
  }

  /**
   * Names items by these key attributes in error messages (the source sets the table's own). When
   * the row type lacks one of them, messages say the key is not known.
   */
  void withTableKeys(List<String> keys) {
    keyAttributes = List.copyOf(keys);
    List<String> names = rowType.getFieldNames();
    if (names.containsAll(keys)) {
      itemConverter = ItemConverter.of(LogicalSchema.of(fields, keys), options);
    }
  }

  @Override
  public void deserialize(Map<String, AttributeValue> item, Collector<RowData> out) {
    if (columnPaths != null) {
      try {
        // With NULL a value that is not a map on the way reads as null, as a missing map does.
        item = columnPaths.flatten(item, onTypeMismatch != OnTypeMismatch.NULL, keyAttributes);
      } catch (ConversionException e) {
        mismatch(item, e, out);
        return;
      }
    }
    Row row;
    try {
      row = itemConverter.toRow(item);
    } catch (ConversionException e) {
      mismatch(item, e, out);
      return;
    }
    RowData data;
    try {
      data = rowConverter.fromRow(row);
    } catch (ConversionException e) {
      mismatch(
          item,
          new ConversionException(
              e.getMessage() + " (item " + ItemKeys.describe(item, keyAttributes) + ")", e),
          out);
      return;
    }
    out.collect(data);
  }

  private void mismatch(
      Map<String, AttributeValue> item, ConversionException error, Collector<RowData> out) {
    switch (onTypeMismatch) {
      case SKIP:
        skipped++;
        if (skippedCounter != null) {
          skippedCounter.inc();
        }
        return;
      case NULL:
        out.collect(columnByColumn(item));
        return;
      case FAIL:
      default:
        throw error;
    }
  }

  /** The row with null in every nullable column whose value does not fit. */
  private RowData columnByColumn(Map<String, AttributeValue> item) {
    GenericRowData row = new GenericRowData(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      AttributeValue value = item.get(field.name());
      try {
        Object core =
            value == null || Boolean.TRUE.equals(value.nul())
                ? null
                : itemConverter.toValue(value, field.type(), field.name());
        if (core == null && !field.nullable()) {
          throw new ConversionException(
              "Cannot read attribute '"
                  + field.name()
                  + "' of item "
                  + ItemKeys.describe(item, keyAttributes)
                  + ": the column is NOT NULL but the attribute is missing or NULL");
        }
        row.setField(i, columnGetters[i].getFieldOrNull(columnConverters[i].fromRow(Row.of(core))));
      } catch (ConversionException e) {
        if (!field.nullable()) {
          throw e.getMessage().contains(" of item ")
              ? e
              : new ConversionException(
                  e.getMessage()
                      + " (item "
                      + ItemKeys.describe(item, keyAttributes)
                      + "; column '"
                      + field.name()
                      + "' is NOT NULL, so scan.on-type-mismatch NULL cannot null it)",
                  e);
        }
        row.setField(i, null);
      }
    }
    return row;
  }
}
