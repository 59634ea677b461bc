package dev.floe.flink.dynamodb.table;

import static dev.floe.core.conversion.LogicalTypes.BIGINT;
import static dev.floe.core.conversion.LogicalTypes.BINARY;
import static dev.floe.core.conversion.LogicalTypes.BOOLEAN;
import static dev.floe.core.conversion.LogicalTypes.DATE;
import static dev.floe.core.conversion.LogicalTypes.DOCUMENT;
import static dev.floe.core.conversion.LogicalTypes.DOUBLE;
import static dev.floe.core.conversion.LogicalTypes.FLOAT;
import static dev.floe.core.conversion.LogicalTypes.INT;
import static dev.floe.core.conversion.LogicalTypes.STRING;
import static dev.floe.core.conversion.LogicalTypes.TIME;
import static dev.floe.core.conversion.LogicalTypes.UUID;
import static dev.floe.core.conversion.LogicalTypes.decimal;
import static dev.floe.core.conversion.LogicalTypes.list;
import static dev.floe.core.conversion.LogicalTypes.map;
import static dev.floe.core.conversion.LogicalTypes.nullable;
import static dev.floe.core.conversion.LogicalTypes.required;
import static dev.floe.core.conversion.LogicalTypes.set;
import static dev.floe.core.conversion.LogicalTypes.struct;
import static dev.floe.core.conversion.LogicalTypes.timestamp;
import static dev.floe.core.conversion.LogicalTypes.timestampLtz;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalType.ListType;
import dev.floe.core.conversion.LogicalType.MapType;
import dev.floe.core.conversion.LogicalType.SetType;
import dev.floe.core.conversion.LogicalType.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.DayTimeIntervalType;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.NullType;
import org.apache.flink.table.types.logical.RawType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.StructuredType;
import org.apache.flink.table.types.logical.VariantType;
import org.apache.flink.table.types.logical.YearMonthIntervalType;
import org.apache.flink.table.types.logical.ZonedTimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every Flink SQL type: its Floe type, the reverse mapping, and the errors for the rest. */
class FlinkTypeMappingTest {

  /**
   * One row of the Flink mapping table: the Flink type, a value in Flink's internal form, the Floe
   * type it maps to and the DynamoDB value it is stored as. {@link RowDataConverterTest} takes each
   * value through DynamoDB's form and back.
   */
  record TypeCase(
      String name, DataType flink, Object internal, LogicalType core, AttributeValue stored) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<TypeCase> cases() {
    LocalDateTime dateTime = LocalDateTime.parse("2024-05-01T10:15:30.123456789");
    Instant instant = Instant.parse("2024-05-01T08:15:30.123456789Z");
    return Stream.of(
        new TypeCase("BOOLEAN", DataTypes.BOOLEAN(), true, BOOLEAN, AttributeValue.fromBool(true)),
        new TypeCase("TINYINT", DataTypes.TINYINT(), (byte) -128, INT, n("-128")),
        new TypeCase("SMALLINT", DataTypes.SMALLINT(), (short) 32767, INT, n("32767")),
        new TypeCase("INT", DataTypes.INT(), Integer.MIN_VALUE, INT, n("-2147483648")),
        new TypeCase(
            "BIGINT", DataTypes.BIGINT(), Long.MAX_VALUE, BIGINT, n("9223372036854775807")),
        new TypeCase("FLOAT", DataTypes.FLOAT(), 0.1f, FLOAT, n("0.1")),
        new TypeCase("DOUBLE", DataTypes.DOUBLE(), -2.5e-100, DOUBLE, n("-2.5E-100")),
        new TypeCase(
            "DECIMAL(10, 2)",
            DataTypes.DECIMAL(10, 2),
            dec("12.50", 10, 2),
            decimal(10, 2),
            n("12.5")),
        new TypeCase(
            "DECIMAL(38, 10)",
            DataTypes.DECIMAL(38, 10),
            dec("-1234567890123456789012345678.0123456789", 38, 10),
            decimal(38, 10),
            n("-1234567890123456789012345678.0123456789")),
        new TypeCase("CHAR(3)", DataTypes.CHAR(3), str("abc"), STRING, s("abc")),
        new TypeCase(
            "VARCHAR(20)", DataTypes.VARCHAR(20), str("héllo wörld ✓"), STRING, s("héllo wörld ✓")),
        new TypeCase("STRING", DataTypes.STRING(), str("🧊 floe"), STRING, s("🧊 floe")),
        new TypeCase(
            "BINARY(3)",
            DataTypes.BINARY(3),
            new byte[] {1, 2, 3},
            BINARY,
            b(new byte[] {1, 2, 3})),
        new TypeCase(
            "VARBINARY(10)",
            DataTypes.VARBINARY(10),
            new byte[] {0, -1},
            BINARY,
            b(new byte[] {0, -1})),
        new TypeCase("BYTES", DataTypes.BYTES(), new byte[] {42}, BINARY, b(new byte[] {42})),
        new TypeCase(
            "DATE",
            DataTypes.DATE(),
            (int) LocalDate.parse("2024-05-01").toEpochDay(),
            DATE,
            s("2024-05-01")),
        new TypeCase("TIME", DataTypes.TIME(), millisOfDay("10:15:30"), TIME, s("10:15:30")),
        new TypeCase(
            "TIME(3)", DataTypes.TIME(3), millisOfDay("10:15:30.123"), TIME, s("10:15:30.123")),
        new TypeCase(
            "TIMESTAMP(0)",
            DataTypes.TIMESTAMP(0),
            TimestampData.fromLocalDateTime(dateTime.withNano(0)),
            timestamp(0),
            s("2024-05-01T10:15:30")),
        new TypeCase(
            "TIMESTAMP(3)",
            DataTypes.TIMESTAMP(3),
            TimestampData.fromLocalDateTime(dateTime.withNano(123_000_000)),
            timestamp(3),
            s("2024-05-01T10:15:30.123")),
        new TypeCase(
            "TIMESTAMP(6)",
            DataTypes.TIMESTAMP(6),
            TimestampData.fromLocalDateTime(dateTime.withNano(123_456_000)),
            timestamp(6),
            s("2024-05-01T10:15:30.123456")),
        new TypeCase(
            "TIMESTAMP(9)",
            DataTypes.TIMESTAMP(9),
            TimestampData.fromLocalDateTime(dateTime),
            timestamp(9),
            s("2024-05-01T10:15:30.123456789")),
        new TypeCase(
            "TIMESTAMP_LTZ(3)",
            DataTypes.TIMESTAMP_LTZ(3),
            TimestampData.fromInstant(instant.minusNanos(456_789)),
            timestampLtz(3),
            s("2024-05-01T08:15:30.123Z")),
        new TypeCase(
            "TIMESTAMP_LTZ(9)",
            DataTypes.TIMESTAMP_LTZ(9),
            TimestampData.fromInstant(instant),
            timestampLtz(9),
            s("2024-05-01T08:15:30.123456789Z")),
        new TypeCase(
            "ARRAY<INT>",
            DataTypes.ARRAY(DataTypes.INT()),
            new GenericArrayData(new Object[] {1, null, 3}),
            list(INT),
            AttributeValue.fromL(List.of(n("1"), AttributeValue.fromNul(true), n("3")))),
        new TypeCase(
            "ARRAY<STRING NOT NULL>",
            DataTypes.ARRAY(DataTypes.STRING().notNull()),
            new GenericArrayData(new Object[] {str("a"), str("b")}),
            new ListType(STRING, false),
            AttributeValue.fromL(List.of(s("a"), s("b")))),
        new TypeCase(
            "MULTISET<STRING>",
            DataTypes.MULTISET(DataTypes.STRING()),
            multiset(str("a"), str("b")),
            set(STRING),
            AttributeValue.fromSs(List.of("a", "b"))),
        new TypeCase(
            "MULTISET<TINYINT>",
            DataTypes.MULTISET(DataTypes.TINYINT()),
            multiset((byte) 1, (byte) -2),
            set(INT),
            AttributeValue.fromNs(List.of("1", "-2"))),
        new TypeCase(
            "MULTISET<DECIMAL(5, 2)>",
            DataTypes.MULTISET(DataTypes.DECIMAL(5, 2)),
            multiset(dec("1.50", 5, 2), dec("-2.25", 5, 2)),
            set(decimal(5, 2)),
            AttributeValue.fromNs(List.of("1.5", "-2.25"))),
        new TypeCase(
            "MULTISET<DOUBLE>",
            DataTypes.MULTISET(DataTypes.DOUBLE()),
            multiset(0.5, 1e100),
            set(DOUBLE),
            AttributeValue.fromNs(List.of("0.5", "1.0E+100"))),
        new TypeCase(
            "MULTISET<BYTES>",
            DataTypes.MULTISET(DataTypes.BYTES()),
            multiset(new byte[] {1}, new byte[] {2, 3}),
            set(BINARY),
            AttributeValue.fromBs(
                List.of(
                    SdkBytes.fromByteArray(new byte[] {1}),
                    SdkBytes.fromByteArray(new byte[] {2, 3})))),
        new TypeCase(
            "MAP<STRING, INT>",
            DataTypes.MAP(DataTypes.STRING(), DataTypes.INT()),
            mapData(str("a"), 1, str("b"), null),
            map(STRING, INT),
            AttributeValue.fromM(orderedMap("a", n("1"), "b", AttributeValue.fromNul(true)))),
        new TypeCase(
            "MAP<INT, STRING NOT NULL>",
            DataTypes.MAP(DataTypes.INT(), DataTypes.STRING().notNull()),
            mapData(1, str("one"), -2, str("minus two")),
            new MapType(INT, STRING, false),
            AttributeValue.fromM(orderedMap("1", s("one"), "-2", s("minus two")))),
        new TypeCase(
            "MAP<SMALLINT, BOOLEAN>",
            DataTypes.MAP(DataTypes.SMALLINT(), DataTypes.BOOLEAN()),
            mapData((short) 7, false),
            map(INT, BOOLEAN),
            AttributeValue.fromM(orderedMap("7", AttributeValue.fromBool(false)))),
        new TypeCase(
            "MAP<BIGINT, DOUBLE>",
            DataTypes.MAP(DataTypes.BIGINT(), DataTypes.DOUBLE()),
            mapData(Long.MIN_VALUE, 0.25),
            map(BIGINT, DOUBLE),
            AttributeValue.fromM(orderedMap("-9223372036854775808", n("0.25")))),
        new TypeCase(
            "MAP<DATE, STRING>",
            DataTypes.MAP(DataTypes.DATE(), DataTypes.STRING()),
            mapData((int) LocalDate.parse("2024-05-01").toEpochDay(), str("may day")),
            map(DATE, STRING),
            AttributeValue.fromM(orderedMap("2024-05-01", s("may day")))),
        new TypeCase(
            "ROW<a INT NOT NULL, b STRING>",
            DataTypes.ROW(FIELD("a", DataTypes.INT().notNull()), FIELD("b", DataTypes.STRING())),
            GenericRowData.of(5, null),
            struct(required("a", INT), nullable("b", STRING)),
            AttributeValue.fromM(orderedMap("a", n("5"), "b", AttributeValue.fromNul(true)))),
        nestedCase());
  }

  /** ROW<lines ARRAY<ROW<...MULTISET...>>, attrs MAP<STRING, ARRAY<TIMESTAMP(9)>>>. */
  private static TypeCase nestedCase() {
    DataType line =
        DataTypes.ROW(
            FIELD("sku", DataTypes.STRING().notNull()),
            FIELD("qty", DataTypes.DECIMAL(10, 2)),
            FIELD("tags", DataTypes.MULTISET(DataTypes.STRING())));
    DataType type =
        DataTypes.ROW(
            FIELD("lines", DataTypes.ARRAY(line)),
            FIELD(
                "attrs",
                DataTypes.MAP(DataTypes.STRING(), DataTypes.ARRAY(DataTypes.TIMESTAMP(9)))));
    LogicalType coreLine =
        struct(
            required("sku", STRING),
            nullable("qty", decimal(10, 2)),
            nullable("tags", set(STRING)));
    LogicalType core =
        struct(
            nullable("lines", list(coreLine)), nullable("attrs", map(STRING, list(timestamp(9)))));
    LocalDateTime at = LocalDateTime.parse("2024-05-01T10:15:30.000000001");
    Object internal =
        GenericRowData.of(
            new GenericArrayData(
                new Object[] {
                  GenericRowData.of(str("s1"), dec("3.00", 10, 2), multiset(str("x"), str("y"))),
                  null,
                  GenericRowData.of(str("s2"), null, null)
                }),
            mapData(
                str("seen"),
                new GenericArrayData(new Object[] {TimestampData.fromLocalDateTime(at), null})));
    AttributeValue stored =
        AttributeValue.fromM(
            orderedMap(
                "lines",
                AttributeValue.fromL(
                    List.of(
                        AttributeValue.fromM(
                            orderedMap(
                                "sku", s("s1"),
                                "qty", n("3"),
                                "tags", AttributeValue.fromSs(List.of("x", "y")))),
                        AttributeValue.fromNul(true),
                        AttributeValue.fromM(
                            orderedMap(
                                "sku", s("s2"),
                                "qty", AttributeValue.fromNul(true),
                                "tags", AttributeValue.fromNul(true))))),
                "attrs",
                AttributeValue.fromM(
                    orderedMap(
                        "seen",
                        AttributeValue.fromL(
                            List.of(
                                s("2024-05-01T10:15:30.000000001"),
                                AttributeValue.fromNul(true)))))));
    return new TypeCase("nested ROW, ARRAY, MAP and MULTISET", type, internal, core, stored);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyFlinkTypeMapsToItsLogicalType(TypeCase typeCase) {
    assertThat(FlinkTypeMapping.toLogicalType(typeCase.flink(), "v")).isEqualTo(typeCase.core());
    assertThat(FlinkTypeMapping.toField("v", typeCase.flink().getLogicalType()).nullable())
        .isTrue();
    assertThat(
            FlinkTypeMapping.toField("v", typeCase.flink().notNull().getLogicalType()).nullable())
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void logicalTypesOfFlinkTypesMapBackToThemselves(TypeCase typeCase) {
    LogicalType core = typeCase.core();
    assertThat(FlinkTypeMapping.toLogicalType(FlinkTypeMapping.toFlinkType(core, true), "v"))
        .isEqualTo(setsAsLists(core));
    assertThat(FlinkTypeMapping.toDataType(core).getLogicalType())
        .isEqualTo(FlinkTypeMapping.toFlinkType(core, true));
  }

  @Test
  void logicalTypesWithoutAFlinkTwinMapToWhatFlinkSqlCanUse() {
    assertThat(summary(UUID)).isEqualTo("STRING");
    assertThat(summary(DOCUMENT)).isEqualTo("STRING");
    assertThat(summary(BINARY)).isEqualTo("BYTES");
    assertThat(summary(TIME)).isEqualTo("TIME(3)");
    assertThat(summary(timestamp(9))).isEqualTo("TIMESTAMP(9)");
    assertThat(summary(timestampLtz(3))).isEqualTo("TIMESTAMP_LTZ(3)");
    assertThat(summary(set(STRING))).isEqualTo("ARRAY<STRING NOT NULL>");
    assertThat(summary(set(decimal(38, 0)))).isEqualTo("ARRAY<DECIMAL(38, 0) NOT NULL>");
    assertThat(summary(map(UUID, DOCUMENT))).isEqualTo("MAP<STRING NOT NULL, STRING>");
    assertThat(summary(new MapType(DATE, list(INT), false)))
        .isEqualTo("MAP<DATE NOT NULL, ARRAY<INT> NOT NULL>");
    assertThat(summary(new ListType(BIGINT, false))).isEqualTo("ARRAY<BIGINT NOT NULL>");
    assertThat(summary(struct(required("a", FLOAT), nullable("b", BOOLEAN))))
        .isEqualTo("ROW<`a` FLOAT NOT NULL, `b` BOOLEAN>");
    assertThat(FlinkTypeMapping.toFlinkType(INT, false).asSummaryString())
        .isEqualTo("INT NOT NULL");
  }

  @Test
  void documentAndSetColumnsMapTheFlinkTypesShownForThemBackToDocumentsAndSets() {
    LogicalSchema schema =
        LogicalSchema.of(
            List.of(
                required("pk", STRING),
                nullable("doc", DOCUMENT),
                nullable("tags", set(STRING)),
                nullable("nums", set(decimal(38, 2))),
                nullable("bins", set(BINARY)),
                nullable("list", list(STRING))),
            List.of("pk"));
    RowType shown = FlinkTypeMapping.toRowType(schema);

    assertThat(
            FlinkTypeMapping.fromRowType(
                shown, List.of("pk"), List.of("doc"), List.of("tags", "nums", "bins")))
        .isEqualTo(schema);
    // Without them Flink's types decide: STRING and lists.
    assertThat(FlinkTypeMapping.fromRowType(shown, List.of("pk")).field("doc").type())
        .isEqualTo(STRING);
    assertThat(FlinkTypeMapping.fromRowType(shown, List.of("pk")).field("tags").type())
        .isEqualTo(new ListType(STRING, false));
    // A projection keeps its part; names it lacks are ignored.
    RowType projected =
        (RowType)
            DataTypes.ROW(
                    FIELD("tags", DataTypes.MULTISET(DataTypes.STRING())),
                    FIELD("doc", DataTypes.VARCHAR(10)))
                .getLogicalType();
    assertThat(
            FlinkTypeMapping.fromRowType(
                projected, List.of(), List.of("doc", "gone"), List.of("tags", "nums")))
        .isEqualTo(
            LogicalSchema.of(List.of(nullable("tags", set(STRING)), nullable("doc", DOCUMENT))));
  }

  @Test
  void documentAndSetColumnsMustHaveTypesThatHoldThem() {
    RowType rowType =
        (RowType)
            DataTypes.ROW(
                    FIELD("n", DataTypes.INT()),
                    FIELD("rows", DataTypes.ARRAY(DataTypes.ROW(FIELD("a", DataTypes.INT())))))
                .getLogicalType();

    assertThatThrownBy(
            () -> FlinkTypeMapping.fromRowType(rowType, List.of(), List.of("n"), List.of()))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot store column 'n' of Flink type INT as a DynamoDB document: a document column"
                + " holds DynamoDB JSON text, so it must be STRING, VARCHAR or CHAR");
    assertThatThrownBy(
            () -> FlinkTypeMapping.fromRowType(rowType, List.of(), List.of(), List.of("rows")))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot store column 'rows' of Flink type ARRAY<ROW<`a` INT>> as a DynamoDB set: a"
                + " set column is an ARRAY or MULTISET whose elements are CHAR, VARCHAR, STRING,"
                + " TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, BINARY, VARBINARY or"
                + " BYTES");
  }

  @Test
  void schemaMapsToARowTypeWithKeysNotNullAndToACatalogSchemaWithAPrimaryKey() {
    LogicalSchema schema =
        LogicalSchema.of(
            List.of(
                nullable("pk", STRING),
                required("sk", BIGINT),
                nullable("id", UUID),
                required("tags", set(STRING))),
            List.of("pk", "sk"));

    RowType rowType = FlinkTypeMapping.toRowType(schema);

    assertThat(rowType.asSummaryString())
        .isEqualTo(
            "ROW<`pk` STRING NOT NULL, `sk` BIGINT NOT NULL, `id` STRING,"
                + " `tags` ARRAY<STRING NOT NULL> NOT NULL> NOT NULL");
    assertThat(FlinkTypeMapping.toRowDataType(schema).getLogicalType()).isEqualTo(rowType);
    Schema catalogSchema = FlinkTypeMapping.toSchema(schema);
    assertThat(catalogSchema.getPrimaryKey()).isPresent();
    assertThat(catalogSchema.getPrimaryKey().get().getColumnNames()).containsExactly("pk", "sk");
    assertThat(catalogSchema.getColumns()).hasSize(4);
    assertThat(
            FlinkTypeMapping.toSchema(LogicalSchema.of(List.of(nullable("a", INT))))
                .getPrimaryKey())
        .isEmpty();
  }

  @Test
  void resolvedSchemaMapsItsPhysicalColumns() {
    ResolvedSchema schema =
        new ResolvedSchema(
            List.of(
                Column.physical("pk", DataTypes.STRING().notNull()),
                Column.metadata("written_at", DataTypes.TIMESTAMP_LTZ(3), "timestamp", true),
                Column.physical("qty", DataTypes.SMALLINT()),
                Column.physical("tags", DataTypes.MULTISET(DataTypes.STRING()).notNull())),
            List.of(),
            UniqueConstraint.primaryKey("PK_pk", List.of("pk")),
            List.of());

    LogicalSchema logical = FlinkTypeMapping.fromResolvedSchema(schema, List.of("pk"));

    assertThat(logical)
        .isEqualTo(
            LogicalSchema.of(
                List.of(
                    required("pk", STRING), nullable("qty", INT), required("tags", set(STRING))),
                List.of("pk")));
    assertThat(
            FlinkTypeMapping.fromRowType(
                (RowType) schema.toPhysicalRowDataType().getLogicalType(), List.of("pk")))
        .isEqualTo(logical);
  }

  @Test
  void keyAttributesMustBePhysicalColumns() {
    ResolvedSchema schema =
        ResolvedSchema.of(
            Column.physical("pk", DataTypes.STRING().notNull()),
            Column.metadata("written_at", DataTypes.TIMESTAMP_LTZ(3), "timestamp", true));

    assertThatThrownBy(() -> FlinkTypeMapping.fromResolvedSchema(schema, List.of("written_at")))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot use column 'written_at' as a DynamoDB key attribute: it is a metadata column,"
                + " and only physical columns are stored in DynamoDB");
    assertThatThrownBy(() -> FlinkTypeMapping.fromResolvedSchema(schema, List.of("id")))
        .isInstanceOf(ConversionException.class)
        .hasMessage("Cannot use key attribute 'id': no such column in [pk]");
  }

  static Stream<Object[]> unsupportedTypes() {
    String supported =
        "; supported types are BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE,"
            + " DECIMAL(p, s), CHAR, VARCHAR, STRING, BINARY, VARBINARY, BYTES, DATE, TIME,"
            + " TIMESTAMP(p), TIMESTAMP_LTZ(p), ARRAY, MULTISET, MAP and ROW";
    return Stream.of(
        new Object[] {
          new ZonedTimestampType(6),
          "Cannot map column 'c' of Flink type TIMESTAMP(6) WITH TIME ZONE to DynamoDB: Floe"
              + " stores instants, not zones; declare TIMESTAMP_LTZ(p)"
              + supported
        },
        new Object[] {
          new YearMonthIntervalType(YearMonthIntervalType.YearMonthResolution.YEAR_TO_MONTH),
          "Cannot map column 'c' of Flink type INTERVAL YEAR(2) TO MONTH to DynamoDB: intervals"
              + " have no DynamoDB form; cast to BIGINT or STRING"
              + supported
        },
        new Object[] {
          new DayTimeIntervalType(DayTimeIntervalType.DayTimeResolution.DAY_TO_SECOND),
          "Cannot map column 'c' of Flink type INTERVAL DAY(2) TO SECOND(6) to DynamoDB:"
              + " intervals have no DynamoDB form; cast to BIGINT or STRING"
              + supported
        },
        new Object[] {
          new NullType(),
          "Cannot map column 'c' of Flink type NULL to DynamoDB: the NULL type holds no values;"
              + " declare the column's real type"
              + supported
        },
        new Object[] {
          new RawType<>(String.class, StringSerializer.INSTANCE),
          "Cannot map column 'c' of Flink type RAW('java.lang.String', '...') to DynamoDB: RAW"
              + " values are opaque to Floe; declare BYTES and serialize them"
              + supported
        },
        new Object[] {
          DistinctType.newBuilder(
                  ObjectIdentifier.of("cat", "db", "Money"),
                  new org.apache.flink.table.types.logical.DecimalType(10, 2))
              .build(),
          "Cannot map column 'c' of Flink type `cat`.`db`.`Money` to DynamoDB: user-defined"
              + " types have no DynamoDB form; declare a ROW"
              + supported
        },
        new Object[] {
          StructuredType.newBuilder(ObjectIdentifier.of("cat", "db", "Point"))
              .attributes(
                  List.of(
                      new StructuredType.StructuredAttribute(
                          "x", new org.apache.flink.table.types.logical.IntType())))
              .build(),
          "Cannot map column 'c' of Flink type `cat`.`db`.`Point` to DynamoDB: user-defined"
              + " types have no DynamoDB form; declare a ROW"
              + supported
        },
        new Object[] {
          new VariantType(),
          "Cannot map column 'c' of Flink type VARIANT to DynamoDB: VARIANT has no DynamoDB"
              + " form yet; declare STRING"
              + supported
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedTypes")
  void unsupportedTypesAreAnErrorNamingTheColumn(
      org.apache.flink.table.types.logical.LogicalType type, String message) {
    assertThatThrownBy(() -> FlinkTypeMapping.toLogicalType(type, "c"))
        .isInstanceOf(ConversionException.class)
        .hasMessage(message);
    assertThatThrownBy(
            () ->
                RowDataConverter.of(
                    RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {type},
                        new String[] {"c"})))
        .isInstanceOf(ConversionException.class)
        .hasMessage(message);
  }

  @Test
  void unsupportedNestedTypesNameTheirPath() {
    DataType type =
        DataTypes.ROW(
            FIELD(
                "a",
                DataTypes.ARRAY(
                    DataTypes.ROW(FIELD("b", DataTypes.INTERVAL(DataTypes.SECOND(3)))))));
    assertThatThrownBy(
            () ->
                FlinkTypeMapping.fromResolvedSchema(
                    ResolvedSchema.of(Column.physical("col", type)), List.of()))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith(
            "Cannot map column 'col.a.element.b' of Flink type INTERVAL SECOND(3) to DynamoDB:");
    assertThatThrownBy(
            () ->
                FlinkTypeMapping.toLogicalType(
                    DataTypes.MAP(DataTypes.STRING(), DataTypes.TIMESTAMP_WITH_TIME_ZONE(3)), "m"))
        .hasMessageStartingWith(
            "Cannot map column 'm.value' of Flink type TIMESTAMP(3) WITH TIME ZONE to DynamoDB:");
  }

  static Stream<Object[]> badMultisets() {
    return Stream.of(
        new Object[] {DataTypes.MULTISET(DataTypes.BOOLEAN()), "MULTISET<BOOLEAN>", "BOOLEAN"},
        new Object[] {DataTypes.MULTISET(DataTypes.DATE()), "MULTISET<DATE>", "DATE"},
        new Object[] {
          DataTypes.MULTISET(DataTypes.TIMESTAMP(3)), "MULTISET<TIMESTAMP(3)>", "TIMESTAMP(3)"
        },
        new Object[] {
          DataTypes.MULTISET(DataTypes.ARRAY(DataTypes.INT())), "MULTISET<ARRAY<INT>>", "ARRAY<INT>"
        },
        new Object[] {
          DataTypes.MULTISET(DataTypes.ROW(FIELD("a", DataTypes.INT()))),
          "MULTISET<ROW<`a` INT>>",
          "ROW<`a` INT>"
        });
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badMultisets")
  void multisetsHoldOnlyWhatDynamoDbSetsHold(DataType type, String flinkName, String element) {
    assertThatThrownBy(() -> FlinkTypeMapping.toLogicalType(type, "tags"))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot map column 'tags' of Flink type "
                + flinkName
                + " to DynamoDB: a MULTISET is stored as a DynamoDB set (SS, NS or BS), whose"
                + " elements are CHAR, VARCHAR, STRING, TINYINT, SMALLINT, INT, BIGINT, FLOAT,"
                + " DOUBLE, DECIMAL, BINARY, VARBINARY or BYTES; declare ARRAY<"
                + element
                + "> for a list");
  }

  static Stream<Object[]> badMapKeys() {
    return Stream.of(
        new Object[] {DataTypes.MAP(DataTypes.DOUBLE(), DataTypes.STRING()), "MAP<DOUBLE, STRING>"},
        new Object[] {DataTypes.MAP(DataTypes.BOOLEAN(), DataTypes.INT()), "MAP<BOOLEAN, INT>"},
        new Object[] {
          DataTypes.MAP(DataTypes.DECIMAL(10, 0), DataTypes.INT()), "MAP<DECIMAL(10, 0), INT>"
        },
        new Object[] {DataTypes.MAP(DataTypes.BYTES(), DataTypes.INT()), "MAP<BYTES, INT>"},
        new Object[] {
          DataTypes.MAP(DataTypes.TIMESTAMP(3), DataTypes.INT()), "MAP<TIMESTAMP(3), INT>"
        },
        new Object[] {DataTypes.MAP(DataTypes.TIME(), DataTypes.INT()), "MAP<TIME(0), INT>"},
        new Object[] {
          DataTypes.MAP(DataTypes.ROW(FIELD("a", DataTypes.INT())), DataTypes.INT()),
          "MAP<ROW<`a` INT>, INT>"
        });
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badMapKeys")
  void mapKeysMustHaveATextForm(DataType type, String flinkName) {
    assertThatThrownBy(
            () ->
                FlinkTypeMapping.fromResolvedSchema(
                    ResolvedSchema.of(Column.physical("attrs", type)), List.of()))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "Cannot map column 'attrs' of Flink type "
                + flinkName
                + " to DynamoDB: DynamoDB map keys are text, so MAP keys must be CHAR, VARCHAR,"
                + " STRING, TINYINT, SMALLINT, INT, BIGINT or DATE");
  }

  // ---------------------------------------------------------------- helpers for the cases

  /** What Flink shows of a type: sets are arrays of NOT NULL elements (see FlinkTypeMapping). */
  private static LogicalType setsAsLists(LogicalType type) {
    switch (type.kind()) {
      case SET:
        return new ListType(((SetType) type).element(), false);
      case LIST:
        ListType list = (ListType) type;
        return new ListType(setsAsLists(list.element()), list.elementNullable());
      case MAP:
        MapType map = (MapType) type;
        return new MapType(map.key(), setsAsLists(map.value()), map.valueNullable());
      case STRUCT:
        List<Field> fields = new ArrayList<>();
        for (Field field : ((StructType) type).fields()) {
          fields.add(new Field(field.name(), setsAsLists(field.type()), field.nullable()));
        }
        return new StructType(fields);
      default:
        return type;
    }
  }

  private static String summary(LogicalType type) {
    return FlinkTypeMapping.toFlinkType(type, true).asSummaryString();
  }

  static AttributeValue n(String number) {
    return AttributeValue.fromN(number);
  }

  static AttributeValue s(String text) {
    return AttributeValue.fromS(text);
  }

  static AttributeValue b(byte[] bytes) {
    return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
  }

  static StringData str(String text) {
    return StringData.fromString(text);
  }

  static DecimalData dec(String value, int precision, int scale) {
    return DecimalData.fromBigDecimal(new BigDecimal(value), precision, scale);
  }

  static int millisOfDay(String time) {
    return (int) (LocalTime.parse(time).toNanoOfDay() / 1_000_000L);
  }

  /** A Flink MULTISET holding each element once, in order. */
  static GenericMapData multiset(Object... elements) {
    Map<Object, Object> counts = new LinkedHashMap<>();
    Arrays.stream(elements).forEach(element -> counts.put(element, 1));
    return new GenericMapData(counts);
  }

  static GenericMapData mapData(Object... keysAndValues) {
    return new GenericMapData(orderedMap(keysAndValues));
  }

  @SuppressWarnings("unchecked")
  static <K, V> Map<K, V> orderedMap(Object... keysAndValues) {
    Map<K, V> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
    }
    return map;
  }
}
