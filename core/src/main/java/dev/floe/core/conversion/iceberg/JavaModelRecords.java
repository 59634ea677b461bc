package dev.floe.core.conversion.iceberg;

import dev.floe.core.conversion.ConversionException;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Converts instances of a Java record or JavaBean class to Iceberg generic records and back, with
 * the schema of {@link JavaModelSchemas#schemaFor(Class)}. Immutable and thread-safe; the
 * reflection is done once per class.
 *
 * <p>Values use Iceberg's generic representation: {@code int} as {@code Integer} (also for {@code
 * byte}, {@code short}), {@code decimal} as {@code BigDecimal} with the declared scale, {@code
 * string} as {@code String}, {@code uuid} as {@code UUID}, {@code binary} as {@code ByteBuffer},
 * {@code date}/{@code time}/{@code timestamp} as {@code LocalDate}/{@code LocalTime}/{@code
 * LocalDateTime}, {@code timestamptz} as {@code OffsetDateTime} in UTC, lists as {@code List}, maps
 * as {@code Map} and structs as {@link Record}. Iceberg keeps times and timestamps to the
 * microsecond: file writers drop finer digits, this class passes them on unchanged.
 *
 * @param <T> the model class
 */
public final class JavaModelRecords<T> {
  private final Class<T> type;
  private final IntrospectedModel model;

  private JavaModelRecords(Class<T> type, IntrospectedModel model) {
    this.type = type;
    this.model = model;
  }

  /**
   * Returns the converter for a record or JavaBean class.
   *
   * @throws ConversionException when the class cannot be mapped, as {@link
   *     JavaModelSchemas#schemaFor(Class)}
   */
  public static <T> JavaModelRecords<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    try {
      return new JavaModelRecords<>(type, IntrospectedModel.forClass(type));
    } catch (FieldFailure failure) {
      throw failure.toConversionException("Cannot map", type, "");
    }
  }

  public Class<T> type() {
    return type;
  }

  /** The Iceberg schema the records follow. */
  public Schema schema() {
    return model.schema();
  }

  /**
   * Converts an instance to a {@link GenericRecord} of {@link #schema()}.
   *
   * @throws ConversionException naming the field path when a value does not fit: a null required
   *     field, a null map key, a decimal that would need rounding or more digits than declared
   */
  public Record toRecord(T value) {
    if (value == null) {
      throw new ConversionException(
          String.format(
              "Cannot convert null to an Iceberg record: expected an instance of %s",
              type.getName()));
    }
    try {
      return (Record) model.root().toIceberg(value, model.schema().asStruct());
    } catch (FieldFailure failure) {
      throw failure.toConversionException("Cannot convert", type, " to an Iceberg record");
    }
  }

  /**
   * Converts an Iceberg record back to an instance: records through their canonical constructor,
   * beans through their no-arg constructor and setters (or public fields). Columns are looked up by
   * name, so the record may have more columns than the model. Sets come back as {@code
   * LinkedHashSet}, lists as {@code ArrayList}, maps as {@code LinkedHashMap}.
   *
   * @throws ConversionException naming the field path when a value does not fit: a required column
   *     that is null or missing, an unknown enum constant, a value of the wrong class
   */
  public T fromRecord(Record record) {
    if (record == null) {
      throw new ConversionException(
          String.format("Cannot convert null to %s: expected an Iceberg record", type.getName()));
    }
    try {
      return type.cast(model.root().fromIceberg(record, model.schema().asStruct()));
    } catch (FieldFailure failure) {
      throw failure.toConversionException("Cannot convert", type, " from an Iceberg record");
    }
  }
}
