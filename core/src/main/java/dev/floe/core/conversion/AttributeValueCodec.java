package dev.floe.core.conversion;

import dev.floe.core.conversion.LogicalType.DecimalType;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalType.ListType;
import dev.floe.core.conversion.LogicalType.MapType;
import dev.floe.core.conversion.LogicalType.SetType;
import dev.floe.core.conversion.LogicalType.StructType;
import dev.floe.core.conversion.LogicalType.TimestampType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts one value between its DynamoDB form and its {@link LogicalType}'s Java form, following
 * docs/type-mapping.md. Errors are {@link BadValueException}s carrying the attribute path; {@link
 * ItemConverter} adds the item key.
 */
final class AttributeValueCodec implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  /** Nanoseconds in the last fraction digit a precision keeps: index p holds 10^(9 - p). */
  private static final int[] NANOS_PER_DIGIT = {
    1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private final ConversionOptions options;

  AttributeValueCodec(ConversionOptions options) {
    this.options = options;
  }

  // ---------------------------------------------------------------- DynamoDB -> Java

  /** The Java value, or null for a missing or NULL attribute. */
  Object read(AttributeValue value, LogicalType type, AttributePath path) {
    if (value == null || value.type() == AttributeValue.Type.NUL) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> {
        expect(value, AttributeValue.Type.BOOL, type, path);
        yield value.bool();
      }
      case STRING -> {
        expect(value, AttributeValue.Type.S, type, path);
        yield value.s();
      }
      case BINARY -> {
        expect(value, AttributeValue.Type.B, type, path);
        yield value.b().asByteBuffer();
      }
      case INT, BIGINT -> readIntegral(value, type, path);
      case FLOAT -> readNumber(number(value, type, path), type, path);
      case DOUBLE -> readDouble(value, type, path);
      case DECIMAL -> readNumber(number(value, type, path), type, path);
      case DATE -> parseDate(text(value, type, path), path);
      case TIME -> parseTime(text(value, type, path), path);
      case UUID -> parseUuid(text(value, type, path), path);
      case TIMESTAMP -> readTimestamp(value, (TimestampType) type, path);
      case DOCUMENT -> DynamoDbJson.write(value);
      case LIST -> readList(value, (ListType) type, path);
      case SET -> readSet(value, (SetType) type, path);
      case MAP -> readMap(value, (MapType) type, path);
      case STRUCT -> {
        expect(value, AttributeValue.Type.M, type, path);
        yield readStruct(value.m(), (StructType) type, path);
      }
    };
  }

  Row readStruct(Map<String, AttributeValue> attributes, StructType type, AttributePath parent) {
    List<Field> fields = type.fields();
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      Field field = fields.get(i);
      AttributePath path =
          parent == null ? AttributePath.of(field.name()) : parent.child(field.name());
      Object value = read(attributes.get(field.name()), field.type(), path);
      if (value == null && !field.nullable()) {
        throw new BadValueException(
            path,
            "the attribute is "
                + (attributes.containsKey(field.name()) ? "NULL" : "missing")
                + " but the column is "
                + field.type().sqlName()
                + " NOT NULL");
      }
      values[i] = value;
    }
    return Row.wrap(values);
  }

  private static Object readNumber(BigDecimal number, LogicalType type, AttributePath path) {
    return switch (type.kind()) {
      case INT -> {
        long value = integral(number, type, path);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
          throw outOfRange(number, type, path);
        }
        yield (int) value;
      }
      case BIGINT -> integral(number, type, path);
      case FLOAT -> {
        float value = number.floatValue();
        if (Float.isInfinite(value) || (value == 0f && number.signum() != 0)) {
          throw outOfRange(number, type, path);
        }
        yield value;
      }
      case DOUBLE -> {
        double value = number.doubleValue();
        if (Double.isInfinite(value) || (value == 0d && number.signum() != 0)) {
          throw outOfRange(number, type, path);
        }
        yield value;
      }
      case DECIMAL -> fitDecimal(number, (DecimalType) type, path);
      default -> throw new IllegalStateException("not numeric: " + type);
    };
  }

  /** Reads an INT or BIGINT, parsing plain integers directly (DynamoDB returns them so). */
  private static Object readIntegral(AttributeValue value, LogicalType type, AttributePath path) {
    expect(value, AttributeValue.Type.N, type, path);
    String text = value.n();
    if (text.length() <= 18 && isPlainInteger(text)) {
      long parsed = Long.parseLong(text);
      if (type.kind() == LogicalType.Kind.BIGINT) {
        return parsed;
      }
      if (parsed >= Integer.MIN_VALUE && parsed <= Integer.MAX_VALUE) {
        return (int) parsed;
      }
    }
    return readNumber(number(value, type, path), type, path);
  }

  /**
   * Plain decimal text of at most 38 characters (what DynamoDB returns for most numbers) parses
   * straight to the nearest double, as {@code new BigDecimal(text).doubleValue()} would, and can
   * neither overflow nor underflow; anything else takes the checked path.
   */
  private static Object readDouble(AttributeValue value, LogicalType type, AttributePath path) {
    expect(value, AttributeValue.Type.N, type, path);
    String text = value.n();
    if (text.length() <= 38 && isPlainDecimal(text)) {
      double parsed = Double.parseDouble(text);
      // A decimal has no negative zero: "-0" reads as 0.0, as through BigDecimal.
      return parsed == 0 ? 0.0d : parsed;
    }
    return readNumber(number(value, type, path), type, path);
  }

  /** An optional minus, digits, and at most one point with digits on both sides. */
  private static boolean isPlainDecimal(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int point = text.indexOf('.');
    if (point == start || point == text.length() - 1 || start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && i != point) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPlainInteger(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static long integral(BigDecimal number, LogicalType type, AttributePath path) {
    BigDecimal stripped = number.stripTrailingZeros();
    if (stripped.scale() > 0) {
      throw new BadValueException(
          path, number + " has a fractional part, so it is not a valid " + type.sqlName());
    }
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      throw outOfRange(number, type, path);
    }
  }

  private static BigDecimal fitDecimal(BigDecimal number, DecimalType type, AttributePath path) {
    BigDecimal scaled;
    try {
      scaled = number.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new BadValueException(
          path,
          number.toPlainString()
              + " has "
              + number.stripTrailingZeros().scale()
              + " fractional digits but "
              + type.sqlName()
              + " keeps "
              + type.scale()
              + "; declare a larger scale (Floe never rounds)");
    }
    if (scaled.precision() > type.precision()) {
      throw new BadValueException(
          path,
          number.toPlainString()
              + " needs "
              + scaled.precision()
              + " digits at scale "
              + type.scale()
              + " but "
              + type.sqlName()
              + " holds "
              + type.precision()
              + "; declare a larger precision");
    }
    return scaled;
  }

  private static BadValueException outOfRange(
      BigDecimal number, LogicalType type, AttributePath path) {
    return new BadValueException(
        path, number + " is out of range for " + type.sqlName() + "; declare a wider type");
  }

  private Object readTimestamp(AttributeValue value, TimestampType type, AttributePath path) {
    if (value.type() == AttributeValue.Type.N && options.timestampEncoding().isEpoch()) {
      Instant instant = fromEpoch(number(value, type, path), path);
      checkPrecision(instant.getNano(), type.precision(), instant, path);
      return type.withZone() ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
    if (value.type() != AttributeValue.Type.S) {
      throw mismatch(
          value,
          type,
          options.timestampEncoding().isEpoch() ? "S (ISO-8601) or N (epoch)" : "S (ISO-8601)",
          path);
    }
    String text = value.s();
    try {
      if (type.withZone()) {
        // Instant.parse is the fast path for the UTC form Floe and the Flink connector write.
        Instant instant =
            text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
        checkPrecision(instant.getNano(), type.precision(), text, path);
        return instant;
      }
      // Flink and SQL print timestamps with a space between date and time; accept both forms.
      String iso =
          text.length() > 10 && text.charAt(10) == ' ' ? text.replaceFirst(" ", "T") : text;
      LocalDateTime dateTime = LocalDateTime.parse(iso);
      checkPrecision(dateTime.getNano(), type.precision(), text, path);
      return dateTime;
    } catch (DateTimeParseException e) {
      throw new BadValueException(
          path,
          "'"
              + text
              + "' is not an ISO-8601 "
              + (type.withZone()
                  ? "instant with zone, such as 2024-05-01T08:15:30Z or 2024-05-01T10:15:30+02:00"
                  : "local date-time, such as 2024-05-01T10:15:30")
              + " for "
              + type.sqlName());
    }
  }

  private Instant fromEpoch(BigDecimal units, AttributePath path) {
    long unitsPerSecond = options.timestampEncoding().unitsPerSecond();
    BigDecimal nanos = units.multiply(BigDecimal.valueOf(1_000_000_000L / unitsPerSecond));
    BigInteger wholeNanos;
    try {
      wholeNanos = nanos.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new BadValueException(
          path, units + " " + options.timestampEncoding() + " is finer than nanoseconds");
    }
    BigInteger[] secondsAndNanos = wholeNanos.divideAndRemainder(NANOS_PER_SECOND);
    long seconds = secondsAndNanos[0].longValueExact();
    long nano = secondsAndNanos[1].longValueExact();
    if (nano < 0) {
      seconds -= 1;
      nano += 1_000_000_000L;
    }
    return Instant.ofEpochSecond(seconds, nano);
  }

  private static void checkPrecision(int nano, int precision, Object value, AttributePath path) {
    if (nano % NANOS_PER_DIGIT[precision] != 0) {
      throw new BadValueException(
          path,
          value
              + " has more than "
              + precision
              + " fractional second digits; declare a higher precision (Floe never truncates)");
    }
  }

  private static LocalDate parseDate(String text, AttributePath path) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadValueException(
          path, "'" + text + "' is not an ISO-8601 date such as 2024-05-01");
    }
  }

  private static LocalTime parseTime(String text, AttributePath path) {
    LocalTime time;
    try {
      time = LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadValueException(
          path, "'" + text + "' is not an ISO-8601 time such as 10:15:30.123456");
    }
    checkPrecision(time.getNano(), TimestampType.MICROS, text, path);
    return time;
  }

  private static UUID parseUuid(String text, AttributePath path) {
    try {
      UUID uuid = UUID.fromString(text);
      if (!uuid.toString().equalsIgnoreCase(text)) {
        throw new IllegalArgumentException(text);
      }
      return uuid;
    } catch (IllegalArgumentException e) {
      throw new BadValueException(
          path, "'" + text + "' is not a UUID such as 123e4567-e89b-12d3-a456-426614174000");
    }
  }

  private List<Object> readList(AttributeValue value, ListType type, AttributePath path) {
    List<Object> list = new ArrayList<>();
    switch (value.type()) {
      case L -> {
        List<AttributeValue> elements = value.l();
        for (int i = 0; i < elements.size(); i++) {
          list.add(readElement(elements.get(i), type.element(), type.elementNullable(), path, i));
        }
      }
      // A set attribute read as a list keeps DynamoDB's order; users often declare ARRAY for SS.
      case SS, NS, BS -> {
        int i = 0;
        for (AttributeValue element : setElements(value)) {
          list.add(readElement(element, type.element(), false, path, i++));
        }
      }
      default -> throw mismatch(value, type, "L (or SS, NS, BS)", path);
    }
    return list;
  }

  private Object readElement(
      AttributeValue element, LogicalType type, boolean nullable, AttributePath parent, int i) {
    AttributePath path = parent.element(i);
    Object value = read(element, type, path);
    if (value == null && !nullable) {
      throw new BadValueException(path, "the element is NULL but the element type is NOT NULL");
    }
    return value;
  }

  private static List<AttributeValue> setElements(AttributeValue value) {
    List<AttributeValue> elements = new ArrayList<>();
    switch (value.type()) {
      case SS -> value.ss().forEach(s -> elements.add(AttributeValue.fromS(s)));
      case NS -> value.ns().forEach(n -> elements.add(AttributeValue.fromN(n)));
      case BS -> value.bs().forEach(b -> elements.add(AttributeValue.fromB(b)));
      default -> throw new IllegalStateException("not a set: " + value.type());
    }
    return elements;
  }

  private Set<Object> readSet(AttributeValue value, SetType type, AttributePath path) {
    AttributeValue.Type expected = setTypeFor(type.element());
    expect(value, expected, type, path);
    Set<Object> set = new LinkedHashSet<>();
    int i = 0;
    for (AttributeValue element : setElements(value)) {
      set.add(read(element, type.element(), path.element(i++)));
    }
    return set;
  }

  private static AttributeValue.Type setTypeFor(LogicalType element) {
    if (element instanceof LogicalType.StringType) {
      return AttributeValue.Type.SS;
    }
    if (element instanceof LogicalType.BinaryType) {
      return AttributeValue.Type.BS;
    }
    return AttributeValue.Type.NS;
  }

  private Map<Object, Object> readMap(AttributeValue value, MapType type, AttributePath path) {
    expect(value, AttributeValue.Type.M, type, path);
    Map<Object, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
      AttributePath entryPath = path.child(entry.getKey());
      Object key = parseKey(entry.getKey(), type.key(), entryPath);
      Object element = read(entry.getValue(), type.value(), entryPath);
      if (element == null && !type.valueNullable()) {
        throw new BadValueException(entryPath, "the value is NULL but the value type is NOT NULL");
      }
      map.put(key, element);
    }
    return map;
  }

  private static Object parseKey(String key, LogicalType type, AttributePath path) {
    try {
      return switch (type.kind()) {
        case STRING -> key;
        case INT -> Integer.parseInt(key);
        case BIGINT -> Long.parseLong(key);
        case DATE -> parseDate(key, path);
        case UUID -> parseUuid(key, path);
        default -> throw new IllegalStateException("not a map key type: " + type);
      };
    } catch (NumberFormatException e) {
      throw new BadValueException(path, "map key '" + key + "' is not a " + type.sqlName());
    }
  }

  private static BigDecimal number(AttributeValue value, LogicalType type, AttributePath path) {
    expect(value, AttributeValue.Type.N, type, path);
    try {
      return DynamoDbNumbers.parse(value.n());
    } catch (ConversionException e) {
      throw new BadValueException(path, e.getMessage());
    }
  }

  private static String text(AttributeValue value, LogicalType type, AttributePath path) {
    expect(value, AttributeValue.Type.S, type, path);
    return value.s();
  }

  private static void expect(
      AttributeValue value, AttributeValue.Type expected, LogicalType type, AttributePath path) {
    if (value.type() != expected) {
      throw mismatch(value, type, expected.toString(), path);
    }
  }

  private static BadValueException mismatch(
      AttributeValue value, LogicalType type, String expected, AttributePath path) {
    return new BadValueException(
        path,
        "expected " + expected + " for " + type.sqlName() + ", found " + ItemKeys.describe(value));
  }

  // ---------------------------------------------------------------- Java -> DynamoDB

  /**
   * The DynamoDB value for a Java value of {@code type}; null for a value that is written as no
   * attribute (null with ignoreNulls, or an empty set, which DynamoDB cannot store).
   */
  AttributeValue write(Object value, LogicalType type, AttributePath path) {
    if (value == null) {
      return options.ignoreNulls() ? null : AttributeValue.fromNul(true);
    }
    return switch (type.kind()) {
      case BOOLEAN -> AttributeValue.fromBool(cast(value, Boolean.class, type, path));
      case STRING -> AttributeValue.fromS(cast(value, CharSequence.class, type, path).toString());
      case BINARY -> AttributeValue.fromB(bytes(value, type, path));
      case INT -> AttributeValue.fromN(writeNumber(value, type, path));
      case BIGINT -> AttributeValue.fromN(writeNumber(value, type, path));
      case FLOAT -> AttributeValue.fromN(writeNumber(value, type, path));
      case DOUBLE -> AttributeValue.fromN(writeNumber(value, type, path));
      case DECIMAL -> AttributeValue.fromN(writeNumber(value, type, path));
      case DATE -> AttributeValue.fromS(cast(value, LocalDate.class, type, path).toString());
      case TIME -> {
        LocalTime time = cast(value, LocalTime.class, type, path);
        checkPrecision(time.getNano(), TimestampType.MICROS, time, path);
        yield AttributeValue.fromS(DateTimeFormatter.ISO_LOCAL_TIME.format(time));
      }
      case UUID -> AttributeValue.fromS(cast(value, UUID.class, type, path).toString());
      case TIMESTAMP -> writeTimestamp(value, (TimestampType) type, path);
      case DOCUMENT -> {
        String json = cast(value, CharSequence.class, type, path).toString();
        try {
          yield DynamoDbJson.read(json);
        } catch (ConversionException e) {
          throw new BadValueException(path, e.getMessage());
        }
      }
      case LIST -> writeList(value, (ListType) type, path);
      case SET -> writeSet(value, (SetType) type, path);
      case MAP -> writeMap(value, (MapType) type, path);
      case STRUCT ->
          AttributeValue.fromM(
              writeStruct(cast(value, Row.class, type, path), (StructType) type, path));
    };
  }

  Map<String, AttributeValue> writeStruct(Row row, StructType type, AttributePath parent) {
    List<Field> fields = type.fields();
    if (row.size() != fields.size()) {
      throw new BadValueException(
          parent == null ? AttributePath.of("<row>") : parent,
          "the row has "
              + row.size()
              + " values but "
              + type.sqlName()
              + " has "
              + fields.size()
              + " fields");
    }
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      AttributePath path =
          parent == null ? AttributePath.of(field.name()) : parent.child(field.name());
      Object value = row.get(i);
      if (value == null && !field.nullable()) {
        throw new BadValueException(
            path, "the value is null but the column is " + field.type().sqlName() + " NOT NULL");
      }
      AttributeValue attribute = write(value, field.type(), path);
      if (attribute != null) {
        attributes.put(field.name(), attribute);
      }
    }
    return attributes;
  }

  private static String writeNumber(Object value, LogicalType type, AttributePath path) {
    Number number = cast(value, Number.class, type, path);
    try {
      return switch (type.kind()) {
        case FLOAT -> DynamoDbNumbers.format(number.floatValue());
        case DOUBLE -> DynamoDbNumbers.format(number.doubleValue());
        // A value that fits DECIMAL(p <= 38, s <= p) is within DynamoDB's digits and range. It is
        // written as DynamoDB stores it (no trailing zeros, plain notation): 12.50 is N "12.5".
        case DECIMAL ->
            fitDecimal(decimal(number), (DecimalType) type, path)
                .stripTrailingZeros()
                .toPlainString();
        default -> {
          if (number instanceof Integer
              || number instanceof Long
              || number instanceof Short
              || number instanceof Byte) {
            long integral = number.longValue();
            if (type.kind() == LogicalType.Kind.INT
                && (integral < Integer.MIN_VALUE || integral > Integer.MAX_VALUE)) {
              throw outOfRange(BigDecimal.valueOf(integral), type, path);
            }
            yield Long.toString(integral);
          }
          BigDecimal decimal = decimal(number);
          long integral = integral(decimal, type, path);
          if (type instanceof LogicalType.IntType
              && (integral < Integer.MIN_VALUE || integral > Integer.MAX_VALUE)) {
            throw outOfRange(decimal, type, path);
          }
          yield Long.toString(integral);
        }
      };
    } catch (ConversionException e) {
      throw new BadValueException(path, e.getMessage());
    }
  }

  private static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (number instanceof Double || number instanceof Float) {
      return new BigDecimal(DynamoDbNumbers.format(number));
    }
    return BigDecimal.valueOf(number.longValue());
  }

  private AttributeValue writeTimestamp(Object value, TimestampType type, AttributePath path) {
    Instant instant;
    String iso;
    if (type.withZone()) {
      if (value instanceof Instant i) {
        instant = i;
      } else if (value instanceof OffsetDateTime offset) {
        instant = offset.toInstant();
      } else if (value instanceof ZonedDateTime zoned) {
        instant = zoned.toInstant();
      } else {
        throw wrongClass(value, Instant.class, type, path);
      }
      iso = DateTimeFormatter.ISO_INSTANT.format(instant);
    } else {
      LocalDateTime dateTime = cast(value, LocalDateTime.class, type, path);
      instant = dateTime.toInstant(ZoneOffset.UTC);
      iso = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
    }
    checkPrecision(instant.getNano(), type.precision(), value, path);
    TimestampEncoding encoding = options.timestampEncoding();
    if (!encoding.isEpoch()) {
      return AttributeValue.fromS(iso);
    }
    BigDecimal nanos =
        new BigDecimal(
            BigInteger.valueOf(instant.getEpochSecond())
                .multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(instant.getNano())));
    BigDecimal units = nanos.divide(BigDecimal.valueOf(1_000_000_000L / encoding.unitsPerSecond()));
    return AttributeValue.fromN(units.stripTrailingZeros().toPlainString());
  }

  private AttributeValue writeList(Object value, ListType type, AttributePath path) {
    Collection<?> collection = cast(value, Collection.class, type, path);
    List<AttributeValue> elements = new ArrayList<>(collection.size());
    int i = 0;
    for (Object element : collection) {
      AttributePath elementPath = path.element(i++);
      if (element == null && !type.elementNullable()) {
        throw new BadValueException(
            elementPath, "the element is null but the element type is NOT NULL");
      }
      // A list keeps its positions, so a null element is always written as NULL.
      AttributeValue converted = write(element, type.element(), elementPath);
      elements.add(converted == null ? AttributeValue.fromNul(true) : converted);
    }
    return AttributeValue.fromL(elements);
  }

  private AttributeValue writeSet(Object value, SetType type, AttributePath path) {
    Collection<?> collection = cast(value, Collection.class, type, path);
    if (collection.isEmpty()) {
      // DynamoDB rejects empty sets; an empty set is stored as no value (see type-mapping.md).
      return options.ignoreNulls() ? null : AttributeValue.fromNul(true);
    }
    AttributeValue.Type setType = setTypeFor(type.element());
    List<String> texts = new ArrayList<>();
    List<SdkBytes> bytes = new ArrayList<>();
    Set<Object> seen = new HashSet<>();
    int i = 0;
    for (Object element : collection) {
      AttributePath elementPath = path.element(i++);
      if (element == null) {
        throw new BadValueException(elementPath, "DynamoDB sets cannot hold null");
      }
      AttributeValue converted = write(element, type.element(), elementPath);
      Object identity =
          switch (setType) {
            case SS -> converted.s();
            case NS -> new BigDecimal(converted.n()).stripTrailingZeros();
            default -> converted.b();
          };
      if (!seen.add(identity)) {
        throw new BadValueException(
            elementPath,
            "the set holds "
                + element
                + " twice (as DynamoDB compares "
                + setType
                + " elements); DynamoDB sets must be unique");
      }
      if (setType == AttributeValue.Type.BS) {
        bytes.add(converted.b());
      } else {
        texts.add(setType == AttributeValue.Type.SS ? converted.s() : converted.n());
      }
    }
    return switch (setType) {
      case SS -> AttributeValue.fromSs(texts);
      case NS -> AttributeValue.fromNs(texts);
      default -> AttributeValue.fromBs(bytes);
    };
  }

  private AttributeValue writeMap(Object value, MapType type, AttributePath path) {
    Map<?, ?> map = cast(value, Map.class, type, path);
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = entry.getKey();
      if (key == null || !type.key().javaClass().isInstance(key)) {
        throw new BadValueException(
            path,
            "map key "
                + key
                + " is a "
                + (key == null ? "null" : key.getClass().getName())
                + ", expected "
                + type.key().javaClass().getName()
                + " for "
                + type.sqlName());
      }
      AttributePath entryPath = path.child(key.toString());
      Object element = entry.getValue();
      if (element == null && !type.valueNullable()) {
        throw new BadValueException(entryPath, "the value is null but the value type is NOT NULL");
      }
      AttributeValue converted = write(element, type.value(), entryPath);
      attributes.put(key.toString(), converted == null ? AttributeValue.fromNul(true) : converted);
    }
    return AttributeValue.fromM(attributes);
  }

  private static SdkBytes bytes(Object value, LogicalType type, AttributePath path) {
    if (value instanceof ByteBuffer || value instanceof byte[] || value instanceof SdkBytes) {
      return AttributeValues.bytes(value);
    }
    throw wrongClass(value, ByteBuffer.class, type, path);
  }

  private static <T> T cast(Object value, Class<T> expected, LogicalType type, AttributePath path) {
    if (!expected.isInstance(value)) {
      throw wrongClass(value, expected, type, path);
    }
    return expected.cast(value);
  }

  private static BadValueException wrongClass(
      Object value, Class<?> expected, LogicalType type, AttributePath path) {
    return new BadValueException(
        path,
        "expected a "
            + expected.getName()
            + " for "
            + type.sqlName()
            + ", found a "
            + value.getClass().getName()
            + " ("
            + abbreviate(String.valueOf(value))
            + ")");
  }

  private static String abbreviate(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
