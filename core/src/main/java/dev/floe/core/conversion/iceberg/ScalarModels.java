package dev.floe.core.conversion.iceberg;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The one table of Java types that map to an Iceberg primitive type; everything else is a
 * container, an {@code Optional} or a nested record or bean.
 */
final class ScalarModels {
  /** Precision and scale for a {@code BigDecimal} without {@link IcebergDecimal}. */
  static final int DEFAULT_PRECISION = 38;

  static final int DEFAULT_SCALE = 18;

  /** Listed in errors about unsupported types, so users see their choices. */
  static final String SUPPORTED =
      "boolean, byte, short, int, long, float, double and their boxes, BigDecimal, String,"
          + " CharSequence, char, enums, UUID, byte[], ByteBuffer, LocalDate, LocalTime,"
          + " LocalDateTime, Instant, OffsetDateTime, List<T>, Collection<T>, Set<T>, Map<K, V>,"
          + " Optional<T>, records and JavaBeans";

  private static final Map<Class<?>, ScalarModel> FIXED = fixedModels();

  private ScalarModels() {}

  private static Map<Class<?>, ScalarModel> fixedModels() {
    Map<Class<?>, ScalarModel> models = new HashMap<>();
    ScalarModel bool = same("boolean", Boolean.class, Types.BooleanType.get());
    models.put(boolean.class, bool);
    models.put(Boolean.class, bool);

    ScalarModel byteModel =
        narrowInt(
            "byte", v -> ((Byte) v).intValue(), Byte.MIN_VALUE, Byte.MAX_VALUE, Integer::byteValue);
    models.put(byte.class, byteModel);
    models.put(Byte.class, byteModel);
    ScalarModel shortModel =
        narrowInt(
            "short",
            v -> ((Short) v).intValue(),
            Short.MIN_VALUE,
            Short.MAX_VALUE,
            Integer::shortValue);
    models.put(short.class, shortModel);
    models.put(Short.class, shortModel);
    ScalarModel intModel = same("int", Integer.class, Types.IntegerType.get());
    models.put(int.class, intModel);
    models.put(Integer.class, intModel);

    // Iceberg may promote int to long and float to double; reading promoted columns still works.
    ScalarModel longModel =
        model(
            "long",
            Types.LongType.get(),
            (v, t) -> v,
            (v, t) ->
                v instanceof Integer i
                    ? (Object) i.longValue()
                    : ModelType.expect(v, Long.class, t));
    models.put(long.class, longModel);
    models.put(Long.class, longModel);
    ScalarModel floatModel = same("float", Float.class, Types.FloatType.get());
    models.put(float.class, floatModel);
    models.put(Float.class, floatModel);
    ScalarModel doubleModel =
        model(
            "double",
            Types.DoubleType.get(),
            (v, t) -> v,
            (v, t) ->
                v instanceof Float f
                    ? (Object) f.doubleValue()
                    : ModelType.expect(v, Double.class, t));
    models.put(double.class, doubleModel);
    models.put(Double.class, doubleModel);

    // Readers may hand strings back as any CharSequence (Avro's Utf8, for one).
    models.put(
        String.class,
        model(
            "java.lang.String",
            Types.StringType.get(),
            (v, t) -> v,
            (v, t) -> ModelType.expect(v, CharSequence.class, t).toString()));
    models.put(
        CharSequence.class,
        model(
            "java.lang.CharSequence",
            Types.StringType.get(),
            (v, t) -> v.toString(), // a snapshot: a StringBuilder may change after conversion
            (v, t) -> ModelType.expect(v, CharSequence.class, t).toString()));
    ScalarModel charModel =
        model("char", Types.StringType.get(), (v, t) -> v.toString(), ScalarModels::toChar);
    models.put(char.class, charModel);
    models.put(Character.class, charModel);

    models.put(UUID.class, same("java.util.UUID", UUID.class, Types.UUIDType.get()));
    models.put(
        byte[].class,
        model(
            "byte[]",
            Types.BinaryType.get(),
            (v, t) -> ByteBuffer.wrap((byte[]) v),
            ScalarModels::toByteArray));
    models.put(
        ByteBuffer.class,
        model(
            "java.nio.ByteBuffer",
            Types.BinaryType.get(),
            // a duplicate, so reading the buffer later does not move the caller's position
            (v, t) -> ((ByteBuffer) v).duplicate(),
            ScalarModels::toByteBuffer));

    models.put(LocalDate.class, same("java.time.LocalDate", LocalDate.class, Types.DateType.get()));
    // Iceberg's time and timestamp types keep microseconds: finer values are an error, since
    // Iceberg's file writers would drop the extra digits silently.
    models.put(
        LocalTime.class,
        model(
            "java.time.LocalTime",
            Types.TimeType.get(),
            (v, t) -> requireMicros(v, ((LocalTime) v).getNano()),
            (v, t) -> ModelType.expect(v, LocalTime.class, t)));
    models.put(
        LocalDateTime.class,
        model(
            "java.time.LocalDateTime",
            Types.TimestampType.withoutZone(),
            (v, t) -> requireMicros(v, ((LocalDateTime) v).getNano()),
            (v, t) -> ModelType.expect(v, LocalDateTime.class, t)));
    models.put(
        Instant.class,
        model(
            "java.time.Instant",
            Types.TimestampType.withZone(),
            (v, t) ->
                OffsetDateTime.ofInstant(
                    (Instant) requireMicros(v, ((Instant) v).getNano()), ZoneOffset.UTC),
            (v, t) -> ModelType.expect(v, OffsetDateTime.class, t).toInstant()));
    // timestamptz stores an instant: the offset is not kept, so values are normalized to UTC.
    models.put(
        OffsetDateTime.class,
        model(
            "java.time.OffsetDateTime",
            Types.TimestampType.withZone(),
            (v, t) ->
                ((OffsetDateTime) requireMicros(v, ((OffsetDateTime) v).getNano()))
                    .withOffsetSameInstant(ZoneOffset.UTC),
            (v, t) ->
                ModelType.expect(v, OffsetDateTime.class, t)
                    .withOffsetSameInstant(ZoneOffset.UTC)));
    return Map.copyOf(models);
  }

  /**
   * The model of a scalar Java class, or null when the class is not a scalar. {@code decimal}
   * applies to {@code BigDecimal} only; the caller rejects it elsewhere.
   */
  static ScalarModel forClass(Class<?> type, IcebergDecimal decimal) {
    if (type == BigDecimal.class) {
      return decimal == null
          ? decimal(DEFAULT_PRECISION, DEFAULT_SCALE)
          : decimal(decimal.precision(), decimal.scale());
    }
    if (type.isEnum()) {
      return enumModel(type);
    }
    return FIXED.get(type);
  }

  private static ScalarModel decimal(int precision, int scale) {
    if (precision < 1 || precision > DEFAULT_PRECISION || scale < 0 || scale > precision) {
      throw new FieldFailure(
          String.format(
              "invalid @IcebergDecimal(precision = %d, scale = %d): expected 1 <= precision <= 38"
                  + " and 0 <= scale <= precision",
              precision, scale));
    }
    return model(
        "java.math.BigDecimal",
        Types.DecimalType.of(precision, scale),
        (v, t) -> fitDecimal((BigDecimal) v, precision, scale),
        (v, t) -> ModelType.expect(v, BigDecimal.class, t));
  }

  /** Sets the declared scale, which Iceberg writers require, but never rounds. */
  private static BigDecimal fitDecimal(BigDecimal value, int precision, int scale) {
    BigDecimal scaled;
    try {
      scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new FieldFailure(
          String.format(
              "value %s has %d digits after the point, but decimal(%d, %d) keeps %d and values"
                  + " are never rounded",
              value.toPlainString(), value.scale(), precision, scale, scale));
    }
    if (scaled.precision() > precision) {
      throw new FieldFailure(
          String.format(
              "value %s has %d digits before the point, but decimal(%d, %d) allows at most %d",
              value.toPlainString(),
              scaled.precision() - scale,
              precision,
              scale,
              precision - scale));
    }
    return scaled;
  }

  private static ScalarModel enumModel(Class<?> type) {
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object constant : type.getEnumConstants()) {
      byName.put(((Enum<?>) constant).name(), constant);
    }
    return model(
        type.getName(),
        Types.StringType.get(),
        (v, t) -> ((Enum<?>) v).name(),
        (v, t) -> {
          String name = ModelType.expect(v, CharSequence.class, t).toString();
          Object constant = byName.get(name);
          if (constant == null) {
            throw new FieldFailure(
                String.format(
                    "unknown constant '%s' of enum %s; expected one of %s",
                    name, type.getName(), byName.keySet()));
          }
          return constant;
        });
  }

  private static Object toChar(Object value, Type type) {
    String text = ModelType.expect(value, CharSequence.class, type).toString();
    if (text.length() != 1) {
      throw new FieldFailure(
          String.format(
              "expected a string of exactly one character for a char, found '%s' (%d characters)",
              text, text.length()));
    }
    return text.charAt(0);
  }

  private static Object toByteArray(Object value, Type type) {
    if (value instanceof byte[] bytes) {
      return Arrays.copyOf(bytes, bytes.length);
    }
    ByteBuffer buffer = ModelType.expect(value, ByteBuffer.class, type).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static Object toByteBuffer(Object value, Type type) {
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    return ModelType.expect(value, ByteBuffer.class, type).duplicate();
  }

  private static ScalarModel narrowInt(
      String javaType,
      Function<Object, Integer> widen,
      int min,
      int max,
      Function<Integer, Object> narrow) {
    return model(
        javaType,
        Types.IntegerType.get(),
        (v, t) -> widen.apply(v),
        (v, t) -> {
          int value = ModelType.expect(v, Integer.class, t);
          if (value < min || value > max) {
            throw new FieldFailure(
                String.format(
                    "value %d is out of range for a %s (%d to %d)", value, javaType, min, max));
          }
          return narrow.apply(value);
        });
  }

  /** A type whose Iceberg generic value is the Java value itself. */
  private static Object requireMicros(Object value, int nano) {
    if (nano % 1_000 != 0) {
      throw new FieldFailure(
          value
              + " has digits finer than microseconds, which Iceberg's time and timestamp types do"
              + " not keep; truncate it first (Floe never truncates silently)");
    }
    return value;
  }

  private static ScalarModel same(String javaType, Class<?> valueClass, Type.PrimitiveType type) {
    return model(javaType, type, (v, t) -> v, (v, t) -> ModelType.expect(v, valueClass, t));
  }

  private static ScalarModel model(
      String javaType,
      Type.PrimitiveType type,
      BiFunction<Object, Type, Object> toIceberg,
      BiFunction<Object, Type, Object> fromIceberg) {
    return new ScalarModel(javaType, type, toIceberg, fromIceberg);
  }
}
