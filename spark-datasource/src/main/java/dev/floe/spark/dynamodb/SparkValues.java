package dev.floe.spark.dynamodb;

import dev.floe.core.conversion.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts values between Spark's internal form (what {@link InternalRow}s hold: {@link
 * UTF8String}, {@link Decimal}, days and microseconds, {@link ArrayData}, {@link MapData}) and the
 * Java form of core's logical types ({@link String}, {@link BigDecimal}, {@link LocalDate}, {@link
 * Instant}, {@link List}, {@link Map}, core {@link Row}), which core converts to and from items.
 * The Spark types are those {@link SparkTypes} maps.
 */
public final class SparkValues {
  private SparkValues() {}

  // ---------------------------------------------------------------- Spark -> core

  /** The core row of a Spark row of {@code schema}. */
  public static Row toCoreRow(InternalRow row, StructType schema) {
    StructField[] fields = schema.fields();
    List<Object> values = new ArrayList<>(fields.length);
    for (int i = 0; i < fields.length; i++) {
      values.add(
          row.isNullAt(i) ? null : toJava(row.get(i, fields[i].dataType()), fields[i].dataType()));
    }
    return Row.of(values);
  }

  public static Object toJava(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type instanceof StringType) {
      return value.toString();
    } else if (type instanceof ByteType) {
      return ((Byte) value).intValue();
    } else if (type instanceof ShortType) {
      return ((Short) value).intValue();
    } else if (type instanceof DecimalType) {
      return ((Decimal) value).toJavaBigDecimal();
    } else if (type instanceof DateType) {
      return LocalDate.ofEpochDay((Integer) value);
    } else if (type instanceof TimestampType) {
      return Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS);
    } else if (type instanceof TimestampNTZType) {
      return LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC)
          .plus((Long) value, ChronoUnit.MICROS);
    } else if (type instanceof ArrayType) {
      DataType element = ((ArrayType) type).elementType();
      ArrayData array = (ArrayData) value;
      List<Object> list = new ArrayList<>(array.numElements());
      for (int i = 0; i < array.numElements(); i++) {
        list.add(array.isNullAt(i) ? null : toJava(array.get(i, element), element));
      }
      return list;
    } else if (type instanceof MapType) {
      MapType mapType = (MapType) type;
      MapData map = (MapData) value;
      ArrayData keys = map.keyArray();
      ArrayData values = map.valueArray();
      Map<Object, Object> result = new LinkedHashMap<>();
      for (int i = 0; i < map.numElements(); i++) {
        Object v =
            values.isNullAt(i)
                ? null
                : toJava(values.get(i, mapType.valueType()), mapType.valueType());
        result.put(toJava(keys.get(i, mapType.keyType()), mapType.keyType()), v);
      }
      return result;
    } else if (type instanceof StructType) {
      return toCoreRow((InternalRow) value, (StructType) type);
    }
    // Boolean, Integer, Long, Float, Double and byte[] are the same in both forms.
    return value;
  }

  // ---------------------------------------------------------------- core -> Spark

  /** The Spark row of a core row of {@code schema}. */
  public static InternalRow toInternalRow(Row row, StructType schema) {
    StructField[] fields = schema.fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = toInternal(row.get(i), fields[i].dataType());
    }
    return new GenericInternalRow(values);
  }

  public static Object toInternal(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type instanceof StringType) {
      return UTF8String.fromString(value.toString());
    } else if (type instanceof ByteType) {
      return ((Number) value).byteValue();
    } else if (type instanceof ShortType) {
      return ((Number) value).shortValue();
    } else if (type instanceof IntegerType) {
      return ((Number) value).intValue();
    } else if (type instanceof LongType) {
      return ((Number) value).longValue();
    } else if (type instanceof FloatType) {
      return ((Number) value).floatValue();
    } else if (type instanceof DoubleType) {
      return ((Number) value).doubleValue();
    } else if (type instanceof DecimalType) {
      DecimalType decimal = (DecimalType) type;
      BigDecimal number = ((BigDecimal) value).setScale(decimal.scale(), RoundingMode.UNNECESSARY);
      return Decimal.apply(number, decimal.precision(), decimal.scale());
    } else if (type instanceof BinaryType) {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } else if (type instanceof DateType) {
      return (int) ((LocalDate) value).toEpochDay();
    } else if (type instanceof TimestampType) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value);
    } else if (type instanceof TimestampNTZType) {
      return ChronoUnit.MICROS.between(
          Instant.EPOCH, ((LocalDateTime) value).toInstant(ZoneOffset.UTC));
    } else if (type instanceof ArrayType) {
      DataType element = ((ArrayType) type).elementType();
      Collection<?> collection = (Collection<?>) value;
      Object[] elements = new Object[collection.size()];
      int i = 0;
      for (Object item : collection) {
        elements[i++] = toInternal(item, element);
      }
      return new GenericArrayData(elements);
    } else if (type instanceof MapType) {
      MapType mapType = (MapType) type;
      Map<?, ?> map = (Map<?, ?>) value;
      Object[] keys = new Object[map.size()];
      Object[] values = new Object[map.size()];
      int i = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        keys[i] = toInternal(entry.getKey(), mapType.keyType());
        values[i] = toInternal(entry.getValue(), mapType.valueType());
        i++;
      }
      return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
    } else if (type instanceof StructType) {
      return toInternalRow((Row) value, (StructType) type);
    }
    // Boolean is the same in both forms.
    return value;
  }
}
