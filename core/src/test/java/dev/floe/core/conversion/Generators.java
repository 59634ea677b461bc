package dev.floe.core.conversion;

import dev.floe.core.conversion.LogicalType.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Random DynamoDB values, logical types and values of those types, for property tests. */
final class Generators {
  private static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
  private static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);

  private Generators() {}

  // ---------------------------------------------------------------- DynamoDB values

  static Arbitrary<Map<String, AttributeValue>> items() {
    return Arbitraries.maps(names(), attributeValue(3)).ofMaxSize(6);
  }

  static Arbitrary<AttributeValue> attributeValue(int depth) {
    if (depth == 0) {
      return scalarAttributeValue();
    }
    Arbitrary<AttributeValue> inner = attributeValue(depth - 1);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, scalarAttributeValue()),
        net.jqwik.api.Tuple.of(
            1, Arbitraries.maps(names(), inner).ofMaxSize(4).map(AttributeValue::fromM)),
        net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(4).map(AttributeValue::fromL)));
  }

  static Arbitrary<AttributeValue> scalarAttributeValue() {
    return Arbitraries.oneOf(
        strings().map(AttributeValue::fromS),
        numbers().map(n -> AttributeValue.fromN(n.toString())),
        bytes().map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))),
        Arbitraries.of(true, false).map(AttributeValue::fromBool),
        Arbitraries.just(AttributeValue.fromNul(true)),
        strings()
            .set()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(s -> AttributeValue.fromSs(new ArrayList<>(s))),
        numbers()
            .set()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(s -> AttributeValue.fromNs(s.stream().map(BigDecimal::toString).toList())),
        bytes()
            .map(ByteBuffer::wrap)
            .set()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(
                s ->
                    AttributeValue.fromBs(
                        s.stream().map(b -> SdkBytes.fromByteBuffer(b)).toList())));
  }

  static Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('-', '.', '_', ' ')
        .ofMinLength(1)
        .ofMaxLength(8);
  }

  static Arbitrary<String> strings() {
    return Arbitraries.strings()
        .all()
        .ofMaxLength(12)
        .filter(s -> s.codePoints().allMatch(Character::isValidCodePoint))
        .filter(Generators::isWellFormedUtf16);
  }

  private static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(16);
  }

  /** Numbers DynamoDB holds: up to 38 significant digits, exponent -130 to 125. */
  static Arbitrary<BigDecimal> numbers() {
    Arbitrary<BigInteger> unscaled =
        Arbitraries.strings()
            .numeric()
            .ofMinLength(1)
            .ofMaxLength(38)
            .map(BigInteger::new)
            .flatMap(i -> Arbitraries.of(i, i.negate()));
    return Combinators.combine(unscaled, Arbitraries.integers().between(-80, 80))
        .as(BigDecimal::new)
        .filter(
            n -> {
              if (n.signum() == 0) {
                return true;
              }
              BigDecimal s = n.stripTrailingZeros();
              int exponent = s.precision() - s.scale() - 1;
              return exponent <= 125 && exponent >= -130;
            });
  }

  // ---------------------------------------------------------------- logical types and values

  static Arbitrary<LogicalType> logicalTypes(int depth) {
    Arbitrary<LogicalType> scalar = scalarTypes();
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<LogicalType> inner = logicalTypes(depth - 1);
    Arbitrary<LogicalType> list =
        Combinators.combine(inner, Arbitraries.of(true, false)).as(LogicalType.ListType::new);
    Arbitrary<LogicalType> set = setElementTypes().map(LogicalTypes::set);
    Arbitrary<LogicalType> map =
        Combinators.combine(mapKeyTypes(), inner, Arbitraries.of(true, false))
            .as(LogicalType.MapType::new);
    Arbitrary<LogicalType> struct =
        Combinators.combine(inner, Arbitraries.of(true, false))
            .as((t, n) -> new Field("f", t, n))
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(
                fields -> {
                  List<Field> named = new ArrayList<>();
                  for (int i = 0; i < fields.size(); i++) {
                    Field field = fields.get(i);
                    named.add(new Field("f" + i, field.type(), field.nullable()));
                  }
                  return LogicalTypes.struct(named);
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalar),
        net.jqwik.api.Tuple.of(1, list),
        net.jqwik.api.Tuple.of(1, set),
        net.jqwik.api.Tuple.of(1, map),
        net.jqwik.api.Tuple.of(1, struct));
  }

  static Arbitrary<LogicalType> scalarTypes() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            LogicalTypes.BOOLEAN,
            LogicalTypes.INT,
            LogicalTypes.BIGINT,
            LogicalTypes.FLOAT,
            LogicalTypes.DOUBLE,
            LogicalTypes.STRING,
            LogicalTypes.BINARY,
            LogicalTypes.DATE,
            LogicalTypes.TIME,
            LogicalTypes.UUID,
            LogicalTypes.DOCUMENT),
        Arbitraries.integers()
            .between(1, 38)
            .flatMap(
                p -> Arbitraries.integers().between(0, p).map(s -> LogicalTypes.decimal(p, s))),
        Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 9))
            .as(LogicalType.TimestampType::new));
  }

  static Arbitrary<LogicalType> setElementTypes() {
    return Arbitraries.of(
        LogicalTypes.STRING,
        LogicalTypes.BINARY,
        LogicalTypes.INT,
        LogicalTypes.BIGINT,
        LogicalTypes.DOUBLE,
        LogicalTypes.decimal(20, 4));
  }

  static Arbitrary<LogicalType> mapKeyTypes() {
    return Arbitraries.of(
        LogicalTypes.STRING,
        LogicalTypes.INT,
        LogicalTypes.BIGINT,
        LogicalTypes.DATE,
        LogicalTypes.UUID);
  }

  /** Values of {@code type}, null included where the type allows. */
  static Arbitrary<Object> values(LogicalType type, boolean nullable) {
    Arbitrary<Object> values = nonNullValues(type);
    return nullable ? values.injectNull(0.1) : values;
  }

  @SuppressWarnings("unchecked")
  static Arbitrary<Object> nonNullValues(LogicalType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Arbitraries.of(true, false).map(v -> v);
      case INT -> Arbitraries.integers().map(v -> v);
      case BIGINT -> Arbitraries.longs().map(v -> v);
      case FLOAT ->
          Arbitraries.floats().filter(f -> Float.isFinite(f) && !isNegativeZero(f)).map(v -> v);
      case DOUBLE ->
          Arbitraries.doubles()
              .filter(d -> Double.isFinite(d) && !isNegativeZero(d) && fitsDynamoDb(d))
              .map(v -> v);
      case DECIMAL -> {
        LogicalType.DecimalType decimal = (LogicalType.DecimalType) type;
        yield Arbitraries.strings()
            .numeric()
            .ofMinLength(1)
            .ofMaxLength(decimal.precision())
            .map(digits -> (Object) new BigDecimal(new BigInteger(digits), decimal.scale()))
            .flatMap(v -> Arbitraries.of(v, ((BigDecimal) v).negate()));
      }
      case STRING -> strings().map(v -> v);
      case BINARY -> bytes().map(b -> ByteBuffer.wrap(b).asReadOnlyBuffer());
      case DATE -> dates().map(v -> v);
      case TIME ->
          Arbitraries.longs()
              .between(0, 86_399_999_999L)
              .map(micros -> LocalTime.ofNanoOfDay(micros * 1_000));
      case UUID -> Arbitraries.randoms().map(r -> new UUID(r.nextLong(), r.nextLong()));
      case DOCUMENT ->
          attributeValue(2)
              .filter(v -> v.type() != AttributeValue.Type.NUL)
              .map(DynamoDbJson::write);
      case TIMESTAMP -> timestamps((LogicalType.TimestampType) type);
      case LIST -> {
        LogicalType.ListType list = (LogicalType.ListType) type;
        yield values(list.element(), list.elementNullable()).list().ofMaxSize(4).map(v -> v);
      }
      case SET ->
          nonNullValues(((LogicalType.SetType) type).element())
              .set()
              .ofMinSize(1)
              .ofMaxSize(4)
              .filter(Generators::uniqueAsDynamoDbNumbers)
              .map(v -> (Object) new LinkedHashSet<>(v));
      case MAP -> {
        LogicalType.MapType map = (LogicalType.MapType) type;
        yield Arbitraries.maps(nonNullValues(map.key()), values(map.value(), map.valueNullable()))
            .ofMaxSize(3)
            .map(m -> (Object) new LinkedHashMap<>(m));
      }
      case STRUCT -> {
        List<Field> fields = ((LogicalType.StructType) type).fields();
        List<Arbitrary<Object>> parts = new ArrayList<>();
        for (Field field : fields) {
          parts.add(values(field.type(), field.nullable()));
        }
        yield Combinators.combine(parts).as(v -> (Object) Row.of(v));
      }
    };
  }

  private static boolean uniqueAsDynamoDbNumbers(Set<Object> set) {
    Set<Object> seen = new java.util.HashSet<>();
    for (Object value : set) {
      Object key =
          value instanceof Number n
              ? new BigDecimal(DynamoDbNumbers.format(n)).stripTrailingZeros()
              : value;
      if (!seen.add(key)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNegativeZero(double value) {
    return value == 0 && Double.doubleToRawLongBits(value) != 0;
  }

  private static boolean isNegativeZero(float value) {
    return value == 0 && Float.floatToRawIntBits(value) != 0;
  }

  private static boolean fitsDynamoDb(double value) {
    double magnitude = Math.abs(value);
    return magnitude == 0 || (magnitude >= 1e-130 && magnitude < 9.9e125);
  }

  static Arbitrary<LocalDate> dates() {
    return Arbitraries.longs()
        .between(MIN_DATE.toEpochDay(), MAX_DATE.toEpochDay())
        .map(LocalDate::ofEpochDay);
  }

  private static Arbitrary<Object> timestamps(LogicalType.TimestampType type) {
    // Nanosecond timestamps are a 64-bit count of nanoseconds in Arrow and Iceberg: 1677 to 2262.
    long min =
        type.precision() > 6
            ? Instant.parse("1678-01-01T00:00:00Z").getEpochSecond()
            : MIN_DATE.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    long max =
        type.precision() > 6
            ? Instant.parse("2261-12-31T00:00:00Z").getEpochSecond()
            : MAX_DATE.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    long unit = (long) Math.pow(10, 9 - type.precision());
    return Combinators.combine(
            Arbitraries.longs().between(min, max), Arbitraries.longs().between(0, 999_999_999L))
        .as(
            (seconds, nanos) -> {
              Instant instant = Instant.ofEpochSecond(seconds, nanos - nanos % unit);
              return type.withZone()
                  ? (Object) instant
                  : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            });
  }
}
