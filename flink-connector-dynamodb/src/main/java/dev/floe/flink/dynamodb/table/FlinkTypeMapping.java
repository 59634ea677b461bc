package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalType.ListType;
import dev.floe.core.conversion.LogicalType.MapType;
import dev.floe.core.conversion.LogicalType.SetType;
import dev.floe.core.conversion.LogicalType.StructType;
import dev.floe.core.conversion.LogicalType.TimestampType;
import dev.floe.core.conversion.LogicalTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * Maps Flink SQL types to Floe's engine-neutral {@link dev.floe.core.conversion.LogicalType}s and
 * back, following {@code docs/type-mapping.md} and {@code docs/flink-sink.md}.
 *
 * <p>Flink to Floe ({@link #toLogicalType}) is what a table declared in Flink SQL stores in
 * DynamoDB. It is not one-to-one: TINYINT, SMALLINT and INT all become INT; CHAR, VARCHAR and
 * STRING become STRING; BINARY, VARBINARY and BYTES become BINARY; TIME(p) becomes TIME. {@link
 * RowDataConverter} keeps the Flink type of every column, so values come back as the Flink type
 * they were declared with.
 *
 * <p>Floe to Flink ({@link #toFlinkType}) is the type a scan source or catalog exposes for a
 * DynamoDB schema: UUID and DOCUMENT become STRING, SET becomes an ARRAY of NOT NULL elements (an
 * array is what Flink SQL can index, UNNEST and test with ARRAY_CONTAINS; a MULTISET is a map of
 * counts), TIME becomes TIME(3) (Flink holds times of day as milliseconds). The way back is not in
 * the Flink type: a table names its DOCUMENT and SET columns ({@code document-columns}, {@code
 * set-columns}) and {@link #fromRowType(RowType, List, Collection, Collection)} maps them.
 *
 * <p>Errors name the column path ({@code address.lines.element.qty}, with {@code element}, {@code
 * key} and {@code value} for the parts of ARRAY, MULTISET and MAP types), the Flink type, and what
 * is supported.
 */
public final class FlinkTypeMapping {

  /** Flink types stored as DynamoDB set elements (SS, NS, BS). */
  private static final Set<LogicalTypeRoot> SET_ELEMENT_ROOTS =
      EnumSet.of(
          LogicalTypeRoot.CHAR,
          LogicalTypeRoot.VARCHAR,
          LogicalTypeRoot.TINYINT,
          LogicalTypeRoot.SMALLINT,
          LogicalTypeRoot.INTEGER,
          LogicalTypeRoot.BIGINT,
          LogicalTypeRoot.FLOAT,
          LogicalTypeRoot.DOUBLE,
          LogicalTypeRoot.DECIMAL,
          LogicalTypeRoot.BINARY,
          LogicalTypeRoot.VARBINARY);

  /** {@link #SET_ELEMENT_ROOTS} as error messages list them. */
  private static final String SET_ELEMENTS =
      "CHAR, VARCHAR, STRING, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, BINARY,"
          + " VARBINARY or BYTES";

  /** Flink types with a text form that DynamoDB map keys can hold. */
  private static final Set<LogicalTypeRoot> MAP_KEY_ROOTS =
      EnumSet.of(
          LogicalTypeRoot.CHAR,
          LogicalTypeRoot.VARCHAR,
          LogicalTypeRoot.TINYINT,
          LogicalTypeRoot.SMALLINT,
          LogicalTypeRoot.INTEGER,
          LogicalTypeRoot.BIGINT,
          LogicalTypeRoot.DATE);

  private static final String SUPPORTED =
      "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), CHAR, VARCHAR,"
          + " STRING, BINARY, VARBINARY, BYTES, DATE, TIME, TIMESTAMP(p), TIMESTAMP_LTZ(p),"
          + " ARRAY, MULTISET, MAP and ROW";

  private FlinkTypeMapping() {}

  // ---------------------------------------------------------------- Flink -> Floe

  /**
   * The Floe schema of a Flink table: its physical columns in order (computed and metadata columns
   * are not stored in DynamoDB), NOT NULL columns required.
   *
   * @param keyAttributes the DynamoDB partition key, then the optional sort key; physical columns
   */
  public static LogicalSchema fromResolvedSchema(
      ResolvedSchema schema, List<String> keyAttributes) {
    for (String key : keyAttributes) {
      Optional<Column> column = schema.getColumn(key);
      if (column.isPresent() && !column.get().isPhysical()) {
        throw new ConversionException(
            "Cannot use column '"
                + key
                + "' as a DynamoDB key attribute: it is a "
                + (column.get() instanceof Column.ComputedColumn ? "computed" : "metadata")
                + " column, and only physical columns are stored in DynamoDB");
      }
    }
    List<Field> fields = new ArrayList<>();
    for (Column column : schema.getColumns()) {
      if (column.isPhysical()) {
        fields.add(toField(column.getName(), column.getDataType().getLogicalType()));
      }
    }
    return LogicalSchema.of(fields, keyAttributes);
  }

  /** The Floe schema of a Flink row type: one column per field, NOT NULL fields required. */
  public static LogicalSchema fromRowType(RowType rowType, List<String> keyAttributes) {
    return LogicalSchema.of(toStructType(rowType, null).fields(), keyAttributes);
  }

  /**
   * The Floe schema of a Flink row type in which some columns hold what Flink has no type for:
   * DynamoDB JSON text in the STRING columns {@code documentColumns} (DOCUMENT), DynamoDB sets in
   * the ARRAY or MULTISET columns {@code setColumns} (SET). The other columns map as in {@link
   * #fromRowType(RowType, List)}. Listed names the row type lacks are ignored, so a projected row
   * type gets the projected part of the table's schema.
   *
   * @throws ConversionException naming the column if a listed column's type cannot hold documents
   *     or sets
   */
  public static LogicalSchema fromRowType(
      RowType rowType,
      List<String> keyAttributes,
      Collection<String> documentColumns,
      Collection<String> setColumns) {
    List<Field> fields = new ArrayList<>();
    for (RowType.RowField field : rowType.getFields()) {
      String name = field.getName();
      LogicalType type = field.getType();
      if (documentColumns.contains(name)) {
        fields.add(new Field(name, toDocumentType(type, name), type.isNullable()));
      } else if (setColumns.contains(name)) {
        fields.add(new Field(name, toSetType(type, name), type.isNullable()));
      } else {
        fields.add(toField(name, type));
      }
    }
    return LogicalSchema.of(fields, keyAttributes);
  }

  /** A column (or ROW field) of Flink type {@code type}; NOT NULL makes it required. */
  public static Field toField(String name, LogicalType type) {
    return new Field(name, toLogicalType(type, name), type.isNullable());
  }

  /**
   * The Floe type of a Flink type.
   *
   * @param columnPath names the column in errors
   * @throws ConversionException for a type DynamoDB cannot hold, naming the column and the type
   */
  public static dev.floe.core.conversion.LogicalType toLogicalType(
      LogicalType type, String columnPath) {
    switch (type.getTypeRoot()) {
      case BOOLEAN:
        return LogicalTypes.BOOLEAN;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
        return LogicalTypes.INT;
      case BIGINT:
        return LogicalTypes.BIGINT;
      case FLOAT:
        return LogicalTypes.FLOAT;
      case DOUBLE:
        return LogicalTypes.DOUBLE;
      case DECIMAL:
        DecimalType decimal = (DecimalType) type;
        return LogicalTypes.decimal(decimal.getPrecision(), decimal.getScale());
      case CHAR:
      case VARCHAR:
        return LogicalTypes.STRING;
      case BINARY:
      case VARBINARY:
        return LogicalTypes.BINARY;
      case DATE:
        return LogicalTypes.DATE;
      case TIME_WITHOUT_TIME_ZONE:
        return LogicalTypes.TIME;
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        return LogicalTypes.timestamp(
            ((org.apache.flink.table.types.logical.TimestampType) type).getPrecision());
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return LogicalTypes.timestampLtz(((LocalZonedTimestampType) type).getPrecision());
      case ARRAY:
        LogicalType element = ((ArrayType) type).getElementType();
        return new ListType(toLogicalType(element, columnPath + ".element"), element.isNullable());
      case MULTISET:
        return toSetType((MultisetType) type, columnPath);
      case MAP:
        return toMapType((org.apache.flink.table.types.logical.MapType) type, columnPath);
      case ROW:
        return toStructType((RowType) type, columnPath);
      default:
        throw unsupported(type, columnPath);
    }
  }

  /** The Floe type of a Flink data type; see {@link #toLogicalType(LogicalType, String)}. */
  public static dev.floe.core.conversion.LogicalType toLogicalType(
      DataType type, String columnPath) {
    return toLogicalType(type.getLogicalType(), columnPath);
  }

  /**
   * The Floe type of a column that holds any DynamoDB attribute as DynamoDB JSON text ({@code
   * document-columns}): DOCUMENT.
   *
   * @throws ConversionException unless the column is CHAR, VARCHAR or STRING
   */
  public static dev.floe.core.conversion.LogicalType toDocumentType(
      LogicalType type, String columnPath) {
    if (!holdsDocuments(type)) {
      throw new ConversionException(
          "Cannot store column '"
              + columnPath
              + "' of Flink type "
              + type.asSummaryString()
              + " as a DynamoDB document: a document column holds DynamoDB JSON text, so it must"
              + " be STRING, VARCHAR or CHAR");
    }
    return LogicalTypes.DOCUMENT;
  }

  /**
   * The Floe SET type of an ARRAY or MULTISET column stored as a DynamoDB set ({@code
   * set-columns}); the element type decides SS, NS or BS.
   *
   * @throws ConversionException unless the column is an ARRAY or MULTISET of a string, numeric or
   *     binary type
   */
  public static SetType toSetType(LogicalType type, String columnPath) {
    if (!holdsSets(type)) {
      throw new ConversionException(
          "Cannot store column '"
              + columnPath
              + "' of Flink type "
              + type.asSummaryString()
              + " as a DynamoDB set: a set column is an ARRAY or MULTISET whose elements are "
              + SET_ELEMENTS);
    }
    LogicalType element = type.getChildren().get(0);
    return new SetType(toLogicalType(element, columnPath + ".element"));
  }

  /** Whether a column of this type can hold DynamoDB JSON text (CHAR, VARCHAR, STRING). */
  static boolean holdsDocuments(LogicalType type) {
    return type.getTypeRoot() == LogicalTypeRoot.CHAR
        || type.getTypeRoot() == LogicalTypeRoot.VARCHAR;
  }

  /** Whether a column of this type can hold a DynamoDB set (SS, NS or BS). */
  static boolean holdsSets(LogicalType type) {
    LogicalTypeRoot root = type.getTypeRoot();
    return (root == LogicalTypeRoot.ARRAY || root == LogicalTypeRoot.MULTISET)
        && SET_ELEMENT_ROOTS.contains(type.getChildren().get(0).getTypeRoot());
  }

  private static SetType toSetType(MultisetType type, String columnPath) {
    LogicalType element = type.getElementType();
    if (!SET_ELEMENT_ROOTS.contains(element.getTypeRoot())) {
      throw new ConversionException(
          "Cannot map column '"
              + columnPath
              + "' of Flink type "
              + type.asSummaryString()
              + " to DynamoDB: a MULTISET is stored as a DynamoDB set (SS, NS or BS), whose"
              + " elements are "
              + SET_ELEMENTS
              + "; declare ARRAY<"
              + element.asSummaryString()
              + "> for a list");
    }
    return new SetType(toLogicalType(element, columnPath + ".element"));
  }

  private static MapType toMapType(
      org.apache.flink.table.types.logical.MapType type, String columnPath) {
    LogicalType key = type.getKeyType();
    if (!MAP_KEY_ROOTS.contains(key.getTypeRoot())) {
      throw new ConversionException(
          "Cannot map column '"
              + columnPath
              + "' of Flink type "
              + type.asSummaryString()
              + " to DynamoDB: DynamoDB map keys are text, so MAP keys must be CHAR, VARCHAR,"
              + " STRING, TINYINT, SMALLINT, INT, BIGINT or DATE");
    }
    LogicalType value = type.getValueType();
    return new MapType(
        toLogicalType(key, columnPath + ".key"),
        toLogicalType(value, columnPath + ".value"),
        value.isNullable());
  }

  private static StructType toStructType(RowType type, String parentPath) {
    List<Field> fields = new ArrayList<>();
    for (RowType.RowField field : type.getFields()) {
      String path = parentPath == null ? field.getName() : parentPath + "." + field.getName();
      fields.add(
          new Field(
              field.getName(), toLogicalType(field.getType(), path), field.getType().isNullable()));
    }
    return new StructType(fields);
  }

  private static ConversionException unsupported(LogicalType type, String columnPath) {
    return new ConversionException(
        "Cannot map column '"
            + columnPath
            + "' of Flink type "
            + type.asSummaryString()
            + " to DynamoDB: "
            + hint(type.getTypeRoot())
            + "; supported types are "
            + SUPPORTED);
  }

  private static String hint(LogicalTypeRoot root) {
    switch (root) {
      case TIMESTAMP_WITH_TIME_ZONE:
        return "Floe stores instants, not zones; declare TIMESTAMP_LTZ(p)";
      case INTERVAL_YEAR_MONTH:
      case INTERVAL_DAY_TIME:
        return "intervals have no DynamoDB form; cast to BIGINT or STRING";
      case DISTINCT_TYPE:
      case STRUCTURED_TYPE:
        return "user-defined types have no DynamoDB form; declare a ROW";
      case NULL:
        return "the NULL type holds no values; declare the column's real type";
      case RAW:
        return "RAW values are opaque to Floe; declare BYTES and serialize them";
      case VARIANT:
        return "VARIANT has no DynamoDB form yet; declare STRING";
      default:
        return "this type has no DynamoDB form";
    }
  }

  // ---------------------------------------------------------------- Floe -> Flink

  /**
   * The Flink type that shows values of a Floe type (see the class comment for the choices).
   *
   * @param nullable whether the Flink type is nullable (a required field is NOT NULL)
   */
  public static LogicalType toFlinkType(
      dev.floe.core.conversion.LogicalType type, boolean nullable) {
    switch (type.kind()) {
      case BOOLEAN:
        return new BooleanType(nullable);
      case INT:
        return new IntType(nullable);
      case BIGINT:
        return new BigIntType(nullable);
      case FLOAT:
        return new FloatType(nullable);
      case DOUBLE:
        return new DoubleType(nullable);
      case DECIMAL:
        dev.floe.core.conversion.LogicalType.DecimalType decimal =
            (dev.floe.core.conversion.LogicalType.DecimalType) type;
        return new DecimalType(nullable, decimal.precision(), decimal.scale());
      case STRING:
      case UUID:
      case DOCUMENT:
        return new VarCharType(nullable, VarCharType.MAX_LENGTH);
      case BINARY:
        return new VarBinaryType(nullable, VarBinaryType.MAX_LENGTH);
      case DATE:
        return new DateType(nullable);
      case TIME:
        return new TimeType(nullable, RowDataConverter.FLINK_TIME_PRECISION);
      case TIMESTAMP:
        TimestampType timestamp = (TimestampType) type;
        return timestamp.withZone()
            ? new LocalZonedTimestampType(nullable, timestamp.precision())
            : new org.apache.flink.table.types.logical.TimestampType(
                nullable, timestamp.precision());
      case LIST:
        ListType list = (ListType) type;
        return new ArrayType(nullable, toFlinkType(list.element(), list.elementNullable()));
      case SET:
        return new ArrayType(nullable, toFlinkType(((SetType) type).element(), false));
      case MAP:
        MapType map = (MapType) type;
        return new org.apache.flink.table.types.logical.MapType(
            nullable, toFlinkType(map.key(), false), toFlinkType(map.value(), map.valueNullable()));
      case STRUCT:
        return toRowType(((StructType) type).fields(), nullable);
      default:
        throw new IllegalStateException("Unknown logical type: " + type);
    }
  }

  /** {@link #toFlinkType} as a nullable Flink data type with the default conversion classes. */
  public static DataType toDataType(dev.floe.core.conversion.LogicalType type) {
    return TypeConversions.fromLogicalToDataType(toFlinkType(type, true));
  }

  /**
   * The Flink row type of a Floe schema: one field per column, required columns NOT NULL. Key
   * attributes are NOT NULL too, as every item has its key.
   */
  public static RowType toRowType(LogicalSchema schema) {
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.fields()) {
      boolean key = schema.keyAttributes().contains(field.name());
      fields.add(new Field(field.name(), field.type(), field.nullable() && !key));
    }
    return toRowType(fields, false);
  }

  /** {@link #toRowType(LogicalSchema)} as a Flink data type. */
  public static DataType toRowDataType(LogicalSchema schema) {
    return TypeConversions.fromLogicalToDataType(toRowType(schema));
  }

  /**
   * The Flink table schema of a Floe schema, for a catalog: the columns of {@link
   * #toRowType(LogicalSchema)} and the key attributes as the (not enforced) primary key.
   */
  public static Schema toSchema(LogicalSchema schema) {
    Schema.Builder builder = Schema.newBuilder().fromRowDataType(toRowDataType(schema));
    if (!schema.keyAttributes().isEmpty()) {
      builder.primaryKey(schema.keyAttributes());
    }
    return builder.build();
  }

  private static RowType toRowType(List<Field> fields, boolean nullable) {
    List<RowType.RowField> flinkFields = new ArrayList<>();
    for (Field field : fields) {
      flinkFields.add(
          new RowType.RowField(field.name(), toFlinkType(field.type(), field.nullable())));
    }
    return new RowType(nullable, flinkFields);
  }
}
