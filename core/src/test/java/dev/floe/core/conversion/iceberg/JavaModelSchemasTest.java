package dev.floe.core.conversion.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.ConversionException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class JavaModelSchemasTest {

  enum Color {
    RED,
    GREEN,
    BLUE
  }

  record AllScalars(
      boolean primitiveBoolean,
      Boolean boxedBoolean,
      byte primitiveByte,
      Byte boxedByte,
      short primitiveShort,
      Short boxedShort,
      int primitiveInt,
      Integer boxedInt,
      long primitiveLong,
      Long boxedLong,
      float primitiveFloat,
      Float boxedFloat,
      double primitiveDouble,
      Double boxedDouble,
      BigDecimal defaultDecimal,
      @IcebergDecimal(precision = 10, scale = 2) BigDecimal price,
      String string,
      CharSequence charSequence,
      char primitiveChar,
      Character boxedChar,
      Color color,
      UUID uuid,
      byte[] bytes,
      ByteBuffer buffer,
      LocalDate date,
      LocalTime time,
      LocalDateTime timestamp,
      Instant instant,
      OffsetDateTime offsetDateTime) {}

  @Test
  void mapsEveryScalarTypeWithPrimitivesRequired() {
    Types.StructType expected =
        Types.StructType.of(
            required(1, "primitiveBoolean", Types.BooleanType.get()),
            optional(2, "boxedBoolean", Types.BooleanType.get()),
            required(3, "primitiveByte", Types.IntegerType.get()),
            optional(4, "boxedByte", Types.IntegerType.get()),
            required(5, "primitiveShort", Types.IntegerType.get()),
            optional(6, "boxedShort", Types.IntegerType.get()),
            required(7, "primitiveInt", Types.IntegerType.get()),
            optional(8, "boxedInt", Types.IntegerType.get()),
            required(9, "primitiveLong", Types.LongType.get()),
            optional(10, "boxedLong", Types.LongType.get()),
            required(11, "primitiveFloat", Types.FloatType.get()),
            optional(12, "boxedFloat", Types.FloatType.get()),
            required(13, "primitiveDouble", Types.DoubleType.get()),
            optional(14, "boxedDouble", Types.DoubleType.get()),
            optional(15, "defaultDecimal", Types.DecimalType.of(38, 18)),
            optional(16, "price", Types.DecimalType.of(10, 2)),
            optional(17, "string", Types.StringType.get()),
            optional(18, "charSequence", Types.StringType.get()),
            required(19, "primitiveChar", Types.StringType.get()),
            optional(20, "boxedChar", Types.StringType.get()),
            optional(21, "color", Types.StringType.get()),
            optional(22, "uuid", Types.UUIDType.get()),
            optional(23, "bytes", Types.BinaryType.get()),
            optional(24, "buffer", Types.BinaryType.get()),
            optional(25, "date", Types.DateType.get()),
            optional(26, "time", Types.TimeType.get()),
            optional(27, "timestamp", Types.TimestampType.withoutZone()),
            optional(28, "instant", Types.TimestampType.withZone()),
            optional(29, "offsetDateTime", Types.TimestampType.withZone()));

    assertThat(JavaModelSchemas.schemaFor(AllScalars.class).asStruct()).isEqualTo(expected);
  }

  record Containers(
      List<String> list,
      Collection<Integer> collection,
      Set<String> set,
      Map<String, Long> map,
      Map<Color, List<Integer>> listsByColor,
      List<@IcebergDecimal(precision = 5, scale = 1) BigDecimal> decimals,
      Optional<String> optionalString,
      Optional<List<String>> optionalList,
      Optional<@IcebergDecimal(precision = 7, scale = 3) BigDecimal> optionalDecimal) {}

  @Test
  void mapsContainersWithOptionalElementsAndValuesAndRequiredKeys() {
    Types.StructType expected =
        Types.StructType.of(
            optional(1, "list", Types.ListType.ofOptional(10, Types.StringType.get())),
            optional(2, "collection", Types.ListType.ofOptional(11, Types.IntegerType.get())),
            optional(3, "set", Types.ListType.ofOptional(12, Types.StringType.get())),
            optional(
                4,
                "map",
                Types.MapType.ofOptional(13, 14, Types.StringType.get(), Types.LongType.get())),
            optional(
                5,
                "listsByColor",
                Types.MapType.ofOptional(
                    15,
                    16,
                    Types.StringType.get(),
                    Types.ListType.ofOptional(17, Types.IntegerType.get()))),
            optional(6, "decimals", Types.ListType.ofOptional(18, Types.DecimalType.of(5, 1))),
            optional(7, "optionalString", Types.StringType.get()),
            optional(8, "optionalList", Types.ListType.ofOptional(19, Types.StringType.get())),
            optional(9, "optionalDecimal", Types.DecimalType.of(7, 3)));

    Types.StructType actual = JavaModelSchemas.schemaFor(Containers.class).asStruct();

    assertThat(actual).isEqualTo(expected);
    // StructType equality does not look at the ids or nullability of list elements and map keys.
    assertThat(actual.field("map").type().asMapType().fields())
        .containsExactly(
            required(13, "key", Types.StringType.get()),
            optional(14, "value", Types.LongType.get()));
    assertThat(actual.field("list").type().asListType().fields())
        .containsExactly(optional(10, "element", Types.StringType.get()));
  }

  record Address(String street, @IcebergField(required = true) String city) {}

  record Customer(long id, Address home, List<Address> previous, Map<String, Address> byLabel) {}

  @Test
  void mapsNestedRecordsToStructsWithIcebergFreshIds() {
    Types.StructType address5 =
        Types.StructType.of(
            optional(5, "street", Types.StringType.get()),
            required(6, "city", Types.StringType.get()));
    Types.StructType address8 =
        Types.StructType.of(
            optional(8, "street", Types.StringType.get()),
            required(9, "city", Types.StringType.get()));
    Types.StructType address12 =
        Types.StructType.of(
            optional(12, "street", Types.StringType.get()),
            required(13, "city", Types.StringType.get()));
    Types.StructType expected =
        Types.StructType.of(
            required(1, "id", Types.LongType.get()),
            optional(2, "home", address5),
            optional(3, "previous", Types.ListType.ofOptional(7, address8)),
            optional(
                4, "byLabel", Types.MapType.ofOptional(10, 11, Types.StringType.get(), address12)));

    assertThat(JavaModelSchemas.schemaFor(Customer.class).asStruct()).isEqualTo(expected);
  }

  /** A JavaBean with a superclass, a public field, an {@code is} getter and fields to skip. */
  public static class BaseBean {
    private long id;

    public long getId() {
      return id;
    }

    public void setId(long id) {
      this.id = id;
    }
  }

  public static class PersonBean extends BaseBean {
    static final String IGNORED_CONSTANT = "static fields are not properties";

    private String name;
    private boolean active;
    public Integer score;
    private transient String cache;

    @IcebergField(name = "home_address", doc = "where the person lives")
    private Address address;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public boolean isActive() {
      return active;
    }

    public void setActive(boolean active) {
      this.active = active;
    }

    public Address getAddress() {
      return address;
    }

    public void setAddress(Address address) {
      this.address = address;
    }

    public String getCache() {
      return cache;
    }
  }

  @Test
  void mapsBeansInDeclarationOrderWithSuperclassFieldsFirst() {
    Types.StructType expected =
        Types.StructType.of(
            required(1, "id", Types.LongType.get()),
            optional(2, "name", Types.StringType.get()),
            required(3, "active", Types.BooleanType.get()),
            optional(4, "score", Types.IntegerType.get()),
            optional(
                5,
                "home_address",
                Types.StructType.of(
                    optional(6, "street", Types.StringType.get()),
                    required(7, "city", Types.StringType.get())),
                "where the person lives"));

    Types.StructType actual = JavaModelSchemas.schemaFor(PersonBean.class).asStruct();

    assertThat(actual).isEqualTo(expected);
    assertThat(actual.field("home_address").doc()).isEqualTo("where the person lives");
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
  @interface NotNull {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE_USE)
  @interface NonNull {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  @interface Nonnull {}

  record Nullability(
      @NotNull String notNullOnField,
      @NonNull String nonNullOnType,
      @Nonnull String nonnullOnComponent,
      @IcebergField(required = true) String requiredByIcebergField,
      String plain,
      @NotNull Optional<String> notNullOptional,
      @IcebergField(name = "renamed", doc = "a column with a doc") String original) {}

  @Test
  void honoursRequiredAnnotationsFromAnyLibraryButNeverOnOptional() {
    Types.StructType expected =
        Types.StructType.of(
            required(1, "notNullOnField", Types.StringType.get()),
            required(2, "nonNullOnType", Types.StringType.get()),
            required(3, "nonnullOnComponent", Types.StringType.get()),
            required(4, "requiredByIcebergField", Types.StringType.get()),
            optional(5, "plain", Types.StringType.get()),
            optional(6, "notNullOptional", Types.StringType.get()),
            optional(7, "renamed", Types.StringType.get(), "a column with a doc"));

    Types.StructType actual = JavaModelSchemas.schemaFor(Nullability.class).asStruct();

    assertThat(actual).isEqualTo(expected);
    assertThat(actual.field("renamed").doc()).isEqualTo("a column with a doc");
  }

  record VersionOne(long id, String name, Address address, List<String> tags) {}

  record VersionTwo(long id, String name, Address address, List<String> tags, int added) {}

  @Test
  void idsAreStableAndAddingAColumnAtTheEndKeepsTopLevelIds() {
    Schema one = JavaModelSchemas.schemaFor(VersionOne.class);
    Schema two = JavaModelSchemas.schemaFor(VersionTwo.class);

    for (Types.NestedField column : one.columns()) {
      assertThat(two.findField(column.name()).fieldId()).isEqualTo(column.fieldId());
    }
    assertThat(two.findField("added").fieldId()).isEqualTo(5);
    assertThat(one.columns()).extracting(Types.NestedField::fieldId).containsExactly(1, 2, 3, 4);
  }

  @Test
  void idsAreTheOnesIcebergAssignsWhenItCreatesTheTable() {
    Schema schema = JavaModelSchemas.schemaFor(Customer.class);
    AtomicInteger ids = new AtomicInteger();

    assertThat(TypeUtil.assignFreshIds(schema, ids::incrementAndGet).asStruct())
        .isEqualTo(schema.asStruct());

    try (InMemoryCatalog catalog = new InMemoryCatalog()) {
      catalog.initialize("memory", Map.of());
      catalog.createNamespace(Namespace.of("db"));
      Table table =
          catalog.createTable(
              TableIdentifier.of("db", "customers"), schema, PartitionSpec.unpartitioned());
      assertThat(table.schema().asStruct()).isEqualTo(schema.asStruct());
      assertThat(table.schema().findField("byLabel.value.city").fieldId())
          .isEqualTo(schema.findField("byLabel.value.city").fieldId());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void cachesTheSchemaPerClass() {
    assertThat(JavaModelSchemas.schemaFor(Customer.class))
        .isSameAs(JavaModelSchemas.schemaFor(Customer.class));
  }

  // ---- errors ----

  record HasObject(String name, Object value) {}

  record Item(String sku, Object price) {}

  record OrderLine(List<Item> items) {}

  record Order(List<OrderLine> orders) {}

  @Test
  void rejectsObjectNamingTheFieldPathAndTheSupportedTypes() {
    assertThatThrownBy(() -> JavaModelSchemas.schemaFor(HasObject.class))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith(
            "Cannot map field 'value' of "
                + HasObject.class.getName()
                + ": unsupported Java type java.lang.Object; supported: boolean, byte,")
        .hasMessageContaining("records and JavaBeans");
    assertThatThrownBy(() -> JavaModelSchemas.schemaFor(Order.class))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith(
            "Cannot map field 'orders.items.price' of "
                + Order.class.getName()
                + ": unsupported Java type java.lang.Object");
  }

  @SuppressWarnings("rawtypes")
  record RawList(List values) {}

  record Wildcard(List<?> values) {}

  record Generic<T>(T value) {}

  record StructKey(Map<Address, String> byAddress) {}

  record ListKey(Map<List<String>, String> byList) {}

  record Node(String name, List<Node> children) {}

  record Ping(String name, Pong pong) {}

  record Pong(Ping ping) {}

  record RequiredOptional(@IcebergField(required = true) Optional<String> value) {}

  record NestedOptional(Optional<Optional<String>> value) {}

  record DecimalOnString(@IcebergDecimal(precision = 5, scale = 1) String value) {}

  record DecimalTooPrecise(@IcebergDecimal(precision = 40, scale = 2) BigDecimal value) {}

  record DecimalScaleAbovePrecision(@IcebergDecimal(precision = 4, scale = 5) BigDecimal value) {}

  record DuplicateColumn(String a, @IcebergField(name = "a") String b) {}

  record Empty() {}

  record HasDate(Date when) {}

  record HasInterface(Runnable task) {}

  record HasArrayList(ArrayList<String> values) {}

  record HasIntArray(int[] values) {}

  public static class NoGetter {
    private String hidden;

    public void setHidden(String hidden) {
      this.hidden = hidden;
    }

    @Override
    public String toString() {
      return hidden;
    }
  }

  public static class NoSetter {
    private String name;

    public String getName() {
      return name;
    }
  }

  public static class NoDefaultConstructor {
    public String name;

    public NoDefaultConstructor(String name) {
      this.name = name;
    }
  }

  class InnerBean {
    public String name;
  }

  record HasInner(InnerBean inner) {}

  @Test
  void rejectsRawWildcardAndGenericTypes() {
    assertMapError(
        RawList.class, "field 'values'", "unsupported raw type java.util.List; declare its type");
    assertMapError(Wildcard.class, "field 'values'", "unsupported wildcard type ?");
    assertMapError(Generic.class, "field 'value'", "unsupported type variable T");
  }

  @Test
  void rejectsMapKeysThatAreNotScalars() {
    assertMapError(
        StructKey.class,
        "field 'byAddress'",
        "unsupported map key type " + Address.class.getName() + "; map keys must be");
    assertMapError(
        ListKey.class,
        "field 'byList'",
        "unsupported map key type java.util.List<java.lang.String>");
  }

  @Test
  void rejectsRecursiveTypes() {
    assertMapError(
        Node.class,
        "field 'children'",
        "recursive type " + Node.class.getName() + ": an Iceberg struct cannot contain itself");
    assertMapError(Ping.class, "field 'pong.ping'", "recursive type " + Ping.class.getName());
  }

  @Test
  void rejectsContradictoryOrInvalidAnnotations() {
    assertMapError(RequiredOptional.class, "field 'value'", "an Optional field cannot be required");
    assertMapError(NestedOptional.class, "field 'value'", "unsupported nested Optional");
    assertMapError(
        DecimalOnString.class,
        "field 'value'",
        "@IcebergDecimal applies only to java.math.BigDecimal, found java.lang.String");
    assertMapError(
        DecimalTooPrecise.class,
        "field 'value'",
        "invalid @IcebergDecimal(precision = 40, scale = 2): expected 1 <= precision <= 38");
    assertMapError(
        DecimalScaleAbovePrecision.class,
        "field 'value'",
        "invalid @IcebergDecimal(precision = 4, scale = 5)");
    assertMapError(
        DuplicateColumn.class, "field 'b'", "column name 'a' is already used by field 'a'");
  }

  @Test
  void rejectsClassesThatAreNotRecordsOrBeans() {
    assertThatThrownBy(() -> JavaModelSchemas.schemaFor(Empty.class))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot map %s: %s has no fields, but an Iceberg struct needs at least one",
            Empty.class.getName(), Empty.class.getName());
    assertThatThrownBy(() -> JavaModelSchemas.schemaFor(String.class))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith(
            "Cannot map java.lang.String: expected a record or a JavaBean class, found"
                + " java.lang.String");
    assertMapError(
        HasDate.class,
        "field 'when'",
        "unsupported Java type java.util.Date: a JDK class that is not a supported type");
    assertMapError(
        HasInterface.class,
        "field 'task'",
        "unsupported Java type java.lang.Runnable: an interface");
    assertMapError(
        HasArrayList.class,
        "field 'values'",
        "unsupported Java type java.util.ArrayList<java.lang.String>");
    assertMapError(HasIntArray.class, "field 'values'", "unsupported Java type int[]");
    assertMapError(
        HasInner.class,
        "field 'inner'",
        "unsupported Java type "
            + InnerBean.class.getName()
            + ": an inner class that needs an enclosing instance (make it static)");
  }

  @Test
  void rejectsBeansWithoutAccessors() {
    assertMapError(
        NoGetter.class,
        "field 'hidden'",
        "expected a public getter getHidden() or a public field, found neither");
    assertMapError(
        NoSetter.class,
        "field 'name'",
        "expected a public setter setName(String) or a public non-final field, found neither");
    assertThatThrownBy(() -> JavaModelSchemas.schemaFor(NoDefaultConstructor.class))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot map %s: expected a record or a JavaBean with a no-arg constructor, found %s"
                + " without one",
            NoDefaultConstructor.class.getName(), NoDefaultConstructor.class.getName());
  }

  private static void assertMapError(Class<?> model, String where, String detail) {
    assertThatThrownBy(() -> JavaModelSchemas.schemaFor(model))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("Cannot map " + where + " of " + model.getName() + ": " + detail);
    assertThatThrownBy(() -> JavaModelRecords.of(model))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("Cannot map " + where + " of " + model.getName() + ": " + detail);
  }
}
