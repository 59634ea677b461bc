package dev.floe.core.conversion.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.iceberg.JavaModelSchemasTest.AllScalars;
import dev.floe.core.conversion.iceberg.JavaModelSchemasTest.Color;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class JavaModelRecordsTest {
  private static final UUID ID = UUID.fromString("6f1c1a52-3b1e-4c7e-9a53-0d7f2b8e4c11");

  private static AllScalars allScalars() {
    return new AllScalars(
        true,
        Boolean.FALSE,
        (byte) -7,
        (byte) 8,
        (short) -300,
        (short) 301,
        42,
        43,
        9_007_199_254_740_993L,
        -1L,
        1.5f,
        -2.25f,
        3.125,
        -4.5,
        new BigDecimal("12.5"),
        new BigDecimal("19.9"),
        "text",
        new StringBuilder("built"),
        'x',
        'y',
        Color.GREEN,
        ID,
        "bytes".getBytes(StandardCharsets.UTF_8),
        ByteBuffer.wrap("buffer".getBytes(StandardCharsets.UTF_8)),
        LocalDate.of(2024, 2, 29),
        LocalTime.of(23, 59, 58, 123_456_000),
        LocalDateTime.of(2024, 2, 29, 12, 30, 15, 654_321_000),
        Instant.parse("2024-03-01T10:15:30.123456Z"),
        OffsetDateTime.parse("2024-03-01T12:15:30.5+02:00"));
  }

  @Test
  void writesIcebergGenericValues() {
    JavaModelRecords<AllScalars> records = JavaModelRecords.of(AllScalars.class);

    Record record = records.toRecord(allScalars());

    assertThat(record).isInstanceOf(GenericRecord.class);
    assertThat(record.struct()).isEqualTo(records.schema().asStruct());
    assertThat(record.getField("primitiveBoolean")).isEqualTo(true);
    assertThat(record.getField("primitiveByte")).isEqualTo(-7);
    assertThat(record.getField("boxedShort")).isEqualTo(301);
    assertThat(record.getField("primitiveLong")).isEqualTo(9_007_199_254_740_993L);
    assertThat(record.getField("boxedFloat")).isEqualTo(-2.25f);
    // The declared scale is set, never rounded.
    assertThat(record.getField("defaultDecimal"))
        .isEqualTo(new BigDecimal("12.500000000000000000"));
    assertThat(record.getField("price")).isEqualTo(new BigDecimal("19.90"));
    assertThat(record.getField("charSequence")).isEqualTo("built");
    assertThat(record.getField("primitiveChar")).isEqualTo("x");
    assertThat(record.getField("color")).isEqualTo("GREEN");
    assertThat(record.getField("uuid")).isEqualTo(ID);
    assertThat(record.getField("bytes"))
        .isEqualTo(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)));
    assertThat(record.getField("buffer"))
        .isEqualTo(ByteBuffer.wrap("buffer".getBytes(StandardCharsets.UTF_8)));
    assertThat(record.getField("date")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(record.getField("time")).isEqualTo(LocalTime.of(23, 59, 58, 123_456_000));
    assertThat(record.getField("timestamp"))
        .isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 30, 15, 654_321_000));
    assertThat(record.getField("instant"))
        .isEqualTo(OffsetDateTime.parse("2024-03-01T10:15:30.123456Z"));
  }

  @Test
  void normalizesOffsetDateTimeToUtcBecauseTimestamptzKeepsNoOffset() {
    JavaModelRecords<AllScalars> records = JavaModelRecords.of(AllScalars.class);

    Record record = records.toRecord(allScalars());
    AllScalars back = records.fromRecord(record);

    OffsetDateTime written = (OffsetDateTime) record.getField("offsetDateTime");
    assertThat(written.getOffset()).isEqualTo(ZoneOffset.UTC);
    assertThat(written).isEqualTo(OffsetDateTime.parse("2024-03-01T10:15:30.5Z"));
    assertThat(back.offsetDateTime()).isEqualTo(OffsetDateTime.parse("2024-03-01T10:15:30.5Z"));
    assertThat(back.offsetDateTime().isEqual(allScalars().offsetDateTime())).isTrue();
  }

  @Test
  void readsEveryScalarBack() {
    JavaModelRecords<AllScalars> records = JavaModelRecords.of(AllScalars.class);
    AllScalars original = allScalars();

    AllScalars back = records.fromRecord(records.toRecord(original));

    assertThat(back)
        .usingRecursiveComparison()
        .ignoringFields("price", "defaultDecimal", "charSequence", "offsetDateTime")
        .isEqualTo(original);
    assertThat(back.price()).isEqualTo(new BigDecimal("19.90"));
    assertThat(back.defaultDecimal()).isEqualByComparingTo("12.5");
    assertThat(back.charSequence()).hasToString("built");
    assertThat(back.bytes()).isEqualTo("bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(back.primitiveByte()).isEqualTo((byte) -7);
    assertThat(back.boxedChar()).isEqualTo('y');
    assertThat(back.color()).isEqualTo(Color.GREEN);
  }

  record Tagged(Set<String> tags, List<Integer> scores, Map<Color, Long> counts) {}

  @Test
  void writesSetsAsListsAndReadsThemBackAsSets() {
    JavaModelRecords<Tagged> records = JavaModelRecords.of(Tagged.class);
    Set<String> tags = new LinkedHashSet<>(List.of("b", "a", "c"));
    Map<Color, Long> counts = new LinkedHashMap<>();
    counts.put(Color.RED, 1L);
    counts.put(Color.BLUE, null);

    Record record = records.toRecord(new Tagged(tags, Arrays.asList(3, null, 1), counts));
    Tagged back = records.fromRecord(record);

    assertThat(record.getField("tags")).isInstanceOf(List.class).isEqualTo(List.of("b", "a", "c"));
    assertThat(record.getField("counts")).isEqualTo(mapOf("RED", 1L, "BLUE", null));
    assertThat(back.tags()).isInstanceOf(LinkedHashSet.class).containsExactly("b", "a", "c");
    assertThat(back.scores()).containsExactly(3, null, 1);
    assertThat(back.counts()).isEqualTo(counts);
  }

  record Street(String name, @IcebergField(required = true) String city) {}

  record Person(
      String name,
      Optional<Integer> age,
      Optional<Street> street,
      List<Street> previous,
      @IcebergField(name = "nick_name") String nickName) {}

  @Test
  void convertsNestedRecordsOptionalsAndRenamedColumns() {
    JavaModelRecords<Person> records = JavaModelRecords.of(Person.class);
    Person person =
        new Person(
            "Ada",
            Optional.empty(),
            Optional.of(new Street("Main", "Paris")),
            List.of(new Street(null, "Lyon")),
            "ada");

    Record record = records.toRecord(person);

    assertThat(record.getField("age")).isNull();
    assertThat(record.getField("nick_name")).isEqualTo("ada");
    Record street = (Record) record.getField("street");
    assertThat(street.struct())
        .isEqualTo(records.schema().findField("street").type().asStructType());
    assertThat(street.getField("city")).isEqualTo("Paris");
    assertThat(records.fromRecord(record)).isEqualTo(person);
  }

  @Test
  void readsMissingOptionalColumnsAsEmptyAndIgnoresExtraColumns() {
    JavaModelRecords<Person> records = JavaModelRecords.of(Person.class);
    Schema evolved =
        new Schema(
            Types.NestedField.optional(1, "name", Types.StringType.get()),
            Types.NestedField.optional(9, "added_later", Types.LongType.get()));
    GenericRecord record = GenericRecord.create(evolved);
    record.setField("name", "Grace");
    record.setField("added_later", 7L);

    assertThat(records.fromRecord(record))
        .isEqualTo(new Person("Grace", Optional.empty(), Optional.empty(), null, null));
  }

  /** A bean written through setters and read back through a public field. */
  public static class Account {
    private String owner;
    private int balance;
    public Street street;

    public String getOwner() {
      return owner;
    }

    public void setOwner(String owner) {
      this.owner = owner;
    }

    public int getBalance() {
      return balance;
    }

    public void setBalance(int balance) {
      this.balance = balance;
    }
  }

  @Test
  void convertsBeansThroughAccessorsAndPublicFields() {
    JavaModelRecords<Account> records = JavaModelRecords.of(Account.class);
    Account account = new Account();
    account.setOwner("Linus");
    account.setBalance(-5);
    account.street = new Street("Ring", "Oslo");

    Account back = records.fromRecord(records.toRecord(account));

    assertThat(back).usingRecursiveComparison().isEqualTo(account);
    assertThat(back).isNotSameAs(account);
  }

  @Test
  void readsPromotedColumns() {
    JavaModelRecords<AllScalars> records = JavaModelRecords.of(AllScalars.class);
    Record record = records.toRecord(allScalars());
    // Iceberg promotes int to long and float to double; a reader may hand back the narrower value.
    record.setField("primitiveLong", 5);
    record.setField("primitiveDouble", 1.5f);

    AllScalars back = records.fromRecord(record);

    assertThat(back.primitiveLong()).isEqualTo(5L);
    assertThat(back.primitiveDouble()).isEqualTo(1.5);
  }

  @Test
  void cachesTheModelPerClass() {
    assertThat(JavaModelRecords.of(Person.class).schema())
        .isSameAs(JavaModelRecords.of(Person.class).schema())
        .isSameAs(JavaModelSchemas.schemaFor(Person.class));
  }

  // ---- errors ----

  record Priced(
      @IcebergDecimal(precision = 10, scale = 2) BigDecimal price,
      List<@IcebergDecimal(precision = 3, scale = 1) BigDecimal> history) {}

  @Test
  void rejectsDecimalsThatWouldNeedRoundingOrMoreDigits() {
    JavaModelRecords<Priced> records = JavaModelRecords.of(Priced.class);

    assertThat(records.toRecord(new Priced(new BigDecimal("1.2300"), List.of())).getField("price"))
        .isEqualTo(new BigDecimal("1.23"));
    assertThatThrownBy(() -> records.toRecord(new Priced(new BigDecimal("1.234"), List.of())))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'price' of %s to an Iceberg record: value 1.234 has 3 digits"
                + " after the point, but decimal(10, 2) keeps 2 and values are never rounded",
            Priced.class.getName());
    assertThatThrownBy(() -> records.toRecord(new Priced(new BigDecimal("123456789.5"), List.of())))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'price' of %s to an Iceberg record: value 123456789.5 has 9"
                + " digits before the point, but decimal(10, 2) allows at most 8",
            Priced.class.getName());
    assertThatThrownBy(
            () ->
                records.toRecord(
                    new Priced(
                        BigDecimal.ONE,
                        Arrays.asList(new BigDecimal("1.5"), null, new BigDecimal("1.55")))))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith(
            "Cannot convert field 'history[2]' of "
                + Priced.class.getName()
                + " to an Iceberg record: value 1.55 has 2 digits after the point");
  }

  record Household(String name, List<Street> streets, Map<String, Street> byLabel) {}

  @Test
  void rejectsNullRequiredFieldsAndNullMapKeysNamingThePath() {
    JavaModelRecords<Household> records = JavaModelRecords.of(Household.class);
    Map<String, Street> byLabel = new LinkedHashMap<>();
    byLabel.put("home", new Street("Main", null));

    assertThatThrownBy(
            () ->
                records.toRecord(
                    new Household("h", List.of(new Street("a", "b"), new Street("c", null)), null)))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'streets[1].city' of %s to an Iceberg record: the field is"
                + " required, but its value is null",
            Household.class.getName());
    assertThatThrownBy(() -> records.toRecord(new Household("h", null, byLabel)))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("Cannot convert field 'byLabel[home].city' of ");

    Map<String, Street> nullKey = new LinkedHashMap<>();
    nullKey.put(null, new Street("Main", "Rome"));
    assertThatThrownBy(() -> records.toRecord(new Household("h", null, nullKey)))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'byLabel[null]' of %s to an Iceberg record: map key is null,"
                + " but Iceberg map keys are required",
            Household.class.getName());
    assertThatThrownBy(() -> records.toRecord(null))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert null to an Iceberg record: expected an instance of %s",
            Household.class.getName());
  }

  @Test
  void rejectsUnknownEnumConstantsListingTheValidOnes() {
    JavaModelRecords<Tagged> records = JavaModelRecords.of(Tagged.class);
    Record record = records.toRecord(new Tagged(Set.of(), List.of(), Map.of(Color.RED, 1L)));
    record.setField("counts", mapOf("PURPLE", 2L));

    assertThatThrownBy(() -> records.fromRecord(record))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'counts[PURPLE]' of %s from an Iceberg record: unknown constant"
                + " 'PURPLE' of enum %s; expected one of [RED, GREEN, BLUE]",
            Tagged.class.getName(), Color.class.getName());
  }

  @Test
  void rejectsRequiredColumnsThatAreNullOrMissing() {
    JavaModelRecords<Street> records = JavaModelRecords.of(Street.class);
    GenericRecord record = GenericRecord.create(records.schema());
    record.setField("name", "Main");

    assertThatThrownBy(() -> records.fromRecord(record))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'city' of %s from an Iceberg record: the field is required, but"
                + " column 'city' is null",
            Street.class.getName());

    GenericRecord withoutCity =
        GenericRecord.create(
            new Schema(Types.NestedField.optional(1, "name", Types.StringType.get())));
    assertThatThrownBy(() -> records.fromRecord(withoutCity))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'city' of %s from an Iceberg record: the field is required, but"
                + " the record has no column 'city'; its columns are [name]",
            Street.class.getName());

    JavaModelRecords<AllScalars> scalars = JavaModelRecords.of(AllScalars.class);
    Record noInt = scalars.toRecord(allScalars());
    noInt.setField("primitiveInt", null);
    assertThatThrownBy(() -> scalars.fromRecord(noInt))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("Cannot convert field 'primitiveInt' of ")
        .hasMessageEndingWith("the field is required, but column 'primitiveInt' is null");
  }

  @Test
  void rejectsValuesOfTheWrongClassOrRange() {
    JavaModelRecords<AllScalars> records = JavaModelRecords.of(AllScalars.class);

    Record wrongClass = records.toRecord(allScalars());
    wrongClass.setField("boxedInt", "42");
    assertThatThrownBy(() -> records.fromRecord(wrongClass))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'boxedInt' of %s from an Iceberg record: expected"
                + " java.lang.Integer for Iceberg type int, found java.lang.String",
            AllScalars.class.getName());

    Record outOfRange = records.toRecord(allScalars());
    outOfRange.setField("primitiveByte", 300);
    assertThatThrownBy(() -> records.fromRecord(outOfRange))
        .isInstanceOf(ConversionException.class)
        .hasMessageEndingWith("value 300 is out of range for a byte (-128 to 127)");

    Record longChar = records.toRecord(allScalars());
    longChar.setField("primitiveChar", "xy");
    assertThatThrownBy(() -> records.fromRecord(longChar))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("Cannot convert field 'primitiveChar' of ")
        .hasMessageEndingWith(
            "expected a string of exactly one character for a char, found 'xy' (2 characters)");

    assertThatThrownBy(() -> records.fromRecord(null))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert null to %s: expected an Iceberg record", AllScalars.class.getName());
  }

  record Validated(String value) {
    Validated {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("value must not be empty");
      }
    }
  }

  record HoldsValidated(List<Validated> values) {}

  @Test
  void reportsConstructorFailuresWithThePath() {
    JavaModelRecords<HoldsValidated> records = JavaModelRecords.of(HoldsValidated.class);
    Record record = records.toRecord(new HoldsValidated(List.of(new Validated("ok"))));
    Record element = (Record) ((List<?>) record.getField("values")).get(0);
    element.setField("value", "");

    assertThatThrownBy(() -> records.fromRecord(record))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot convert field 'values[0]' of %s from an Iceberg record: creating %s threw"
                + " java.lang.IllegalArgumentException: value must not be empty",
            HoldsValidated.class.getName(), Validated.class.getName())
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  private static Map<Object, Object> mapOf(Object k1, Object v1, Object... more) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    List<Object> rest = new ArrayList<>(Arrays.asList(more));
    for (int i = 0; i + 1 < rest.size(); i += 2) {
      map.put(rest.get(i), rest.get(i + 1));
    }
    return map;
  }

  record Stamped(java.time.Instant at) {}

  @Test
  void timestampsFinerThanMicrosecondsAreAnErrorNotATruncation() {
    JavaModelRecords<Stamped> records = JavaModelRecords.of(Stamped.class);

    assertThatThrownBy(
            () ->
                records.toRecord(
                    new Stamped(java.time.Instant.parse("2024-05-01T10:15:30.123456789Z"))))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("field 'at'")
        .hasMessageContaining(
            "2024-05-01T10:15:30.123456789Z has digits finer than microseconds, which Iceberg's time"
                + " and timestamp types do not keep");
  }
}
