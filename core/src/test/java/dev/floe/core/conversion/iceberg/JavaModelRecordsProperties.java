package dev.floe.core.conversion.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.conversion.iceberg.JavaModelSchemasTest.Color;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Random instances with every supported field type survive instance -> Record -> instance. */
class JavaModelRecordsProperties {

  record Inner(String name, @IcebergField(required = true) Integer count) {}

  record Everything(
      boolean flag,
      Boolean boxedFlag,
      byte tiny,
      Short small,
      int number,
      Long big,
      float ratio,
      Double measure,
      @IcebergDecimal(precision = 12, scale = 3) BigDecimal amount,
      String text,
      char letter,
      Color color,
      UUID id,
      byte[] bytes,
      ByteBuffer buffer,
      LocalDate day,
      LocalTime time,
      LocalDateTime local,
      Instant instant,
      OffsetDateTime zoned,
      List<String> names,
      Set<Integer> numbers,
      Map<String, Long> counts,
      Optional<String> maybe,
      Inner inner,
      List<Inner> inners,
      Map<Color, Inner> byColor) {}

  private static final JavaModelRecords<Everything> RECORDS = JavaModelRecords.of(Everything.class);

  @Property(tries = 300)
  void instancesSurviveARoundTrip(@ForAll("everything") Everything value) {
    Everything back = RECORDS.fromRecord(RECORDS.toRecord(value));

    assertThat(back)
        .usingRecursiveComparison()
        .withEqualsForType(ByteBuffer::equals, ByteBuffer.class)
        .withEqualsForType(OffsetDateTime::isEqual, OffsetDateTime.class)
        .isEqualTo(value);
    assertThat(back.zoned() == null || back.zoned().getOffset().equals(ZoneOffset.UTC)).isTrue();
    assertThat(back.numbers()).isEqualTo(value.numbers());
  }

  @Property(tries = 300)
  void recordsHoldIcebergGenericValuesThatFitTheSchema(@ForAll("everything") Everything value) {
    Record record = RECORDS.toRecord(value);

    assertFits(RECORDS.schema().asStruct(), record);
  }

  /** Checks a value against Iceberg's generic representation of its type, recursively. */
  private static void assertFits(Type type, Object value) {
    switch (type.typeId()) {
      case BOOLEAN -> assertThat(value).isInstanceOf(Boolean.class);
      case INTEGER -> assertThat(value).isInstanceOf(Integer.class);
      case LONG -> assertThat(value).isInstanceOf(Long.class);
      case FLOAT -> assertThat(value).isInstanceOf(Float.class);
      case DOUBLE -> assertThat(value).isInstanceOf(Double.class);
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        assertThat(value).isInstanceOf(BigDecimal.class);
        assertThat(((BigDecimal) value).scale()).isEqualTo(decimal.scale());
        assertThat(((BigDecimal) value).precision()).isLessThanOrEqualTo(decimal.precision());
      }
      case STRING -> assertThat(value).isInstanceOf(CharSequence.class);
      case UUID -> assertThat(value).isInstanceOf(UUID.class);
      case BINARY -> assertThat(value).isInstanceOf(ByteBuffer.class);
      case DATE -> assertThat(value).isInstanceOf(LocalDate.class);
      case TIME -> assertThat(value).isInstanceOf(LocalTime.class);
      case TIMESTAMP -> {
        if (((Types.TimestampType) type).shouldAdjustToUTC()) {
          assertThat(value).isInstanceOf(OffsetDateTime.class);
          assertThat(((OffsetDateTime) value).getOffset()).isEqualTo(ZoneOffset.UTC);
        } else {
          assertThat(value).isInstanceOf(LocalDateTime.class);
        }
      }
      case LIST -> {
        assertThat(value).isInstanceOf(List.class);
        for (Object element : (List<?>) value) {
          if (element != null) {
            assertFits(type.asListType().elementType(), element);
          }
        }
      }
      case MAP -> {
        assertThat(value).isInstanceOf(Map.class);
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          assertThat(entry.getKey()).isNotNull();
          assertFits(type.asMapType().keyType(), entry.getKey());
          if (entry.getValue() != null) {
            assertFits(type.asMapType().valueType(), entry.getValue());
          }
        }
      }
      case STRUCT -> {
        assertThat(value).isInstanceOf(Record.class);
        Record record = (Record) value;
        assertThat(record.struct()).isEqualTo(type.asStructType());
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int i = 0; i < fields.size(); i += 1) {
          Object field = record.get(i, Object.class);
          if (field == null) {
            assertThat(fields.get(i).isOptional()).as(fields.get(i).name()).isTrue();
          } else {
            assertFits(fields.get(i).type(), field);
          }
        }
      }
      default -> throw new AssertionError("unexpected type " + type);
    }
  }

  @Provide
  Arbitrary<Everything> everything() {
    List<Arbitrary<Object>> parts =
        anyOf(
            Arbitraries.of(true, false),
            Arbitraries.of(true, false).injectNull(0.2),
            Arbitraries.bytes(),
            Arbitraries.shorts().injectNull(0.2),
            Arbitraries.integers(),
            Arbitraries.longs().injectNull(0.2),
            Arbitraries.floats(),
            Arbitraries.doubles().injectNull(0.2),
            Arbitraries.bigDecimals()
                .between(new BigDecimal("-999999999.999"), new BigDecimal("999999999.999"))
                .ofScale(3)
                .injectNull(0.2),
            Arbitraries.strings().ofMaxLength(20).injectNull(0.2),
            Arbitraries.chars(),
            Arbitraries.of(Color.class).injectNull(0.2),
            Arbitraries.create(UUID::randomUUID).injectNull(0.2),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(16).injectNull(0.2),
            Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(16)
                .map(ByteBuffer::wrap)
                .injectNull(0.2),
            Arbitraries.longs().between(-700_000, 3_000_000).map(LocalDate::ofEpochDay),
            Arbitraries.longs()
                .between(0, 86_400_000_000L - 1)
                .map(micros -> LocalTime.ofNanoOfDay(micros * 1000)),
            micros()
                .map(
                    i ->
                        LocalDateTime.ofEpochSecond(
                            i.getEpochSecond(), i.getNano(), ZoneOffset.UTC)),
            micros().injectNull(0.2),
            Combinators.combine(micros(), Arbitraries.integers().between(-18 * 3600, 18 * 3600))
                .as((i, offset) -> OffsetDateTime.ofInstant(i, ZoneOffset.ofTotalSeconds(offset)))
                .injectNull(0.2),
            Arbitraries.strings()
                .ofMaxLength(5)
                .injectNull(0.1)
                .list()
                .ofMaxSize(4)
                .injectNull(0.2),
            Arbitraries.integers().set().ofMaxSize(5).injectNull(0.2),
            Arbitraries.maps(
                    Arbitraries.strings().ofMaxLength(5), Arbitraries.longs().injectNull(0.2))
                .ofMaxSize(4),
            Arbitraries.strings().ofMaxLength(5).optional(),
            inner().injectNull(0.2),
            inner().list().ofMaxSize(3),
            Arbitraries.maps(Arbitraries.of(Color.class), inner().injectNull(0.2)).ofMaxSize(3));
    return Combinators.combine(parts)
        .as(
            values ->
                new Everything(
                    (Boolean) values.get(0),
                    (Boolean) values.get(1),
                    (Byte) values.get(2),
                    (Short) values.get(3),
                    (Integer) values.get(4),
                    (Long) values.get(5),
                    (Float) values.get(6),
                    (Double) values.get(7),
                    (BigDecimal) values.get(8),
                    (String) values.get(9),
                    (Character) values.get(10),
                    (Color) values.get(11),
                    (UUID) values.get(12),
                    (byte[]) values.get(13),
                    (ByteBuffer) values.get(14),
                    (LocalDate) values.get(15),
                    (LocalTime) values.get(16),
                    (LocalDateTime) values.get(17),
                    (Instant) values.get(18),
                    (OffsetDateTime) values.get(19),
                    cast(values.get(20)),
                    cast(values.get(21)),
                    cast(values.get(22)),
                    cast(values.get(23)),
                    (Inner) values.get(24),
                    cast(values.get(25)),
                    cast(values.get(26))));
  }

  /** Iceberg timestamps keep microseconds; nanoseconds below that are dropped by file writers. */
  private static Arbitrary<Instant> micros() {
    return Arbitraries.longs()
        .between(-62_000_000_000_000_000L, 253_000_000_000_000_000L)
        .map(
            micros ->
                Instant.EPOCH
                    .plusSeconds(Math.floorDiv(micros, 1_000_000L))
                    .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000));
  }

  private static Arbitrary<Inner> inner() {
    return Combinators.combine(
            Arbitraries.strings().ofMaxLength(5).injectNull(0.2), Arbitraries.integers())
        .as(Inner::new);
  }

  @SuppressWarnings("unchecked")
  private static List<Arbitrary<Object>> anyOf(Arbitrary<?>... arbitraries) {
    return List.of((Arbitrary<Object>[]) arbitraries);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }
}
