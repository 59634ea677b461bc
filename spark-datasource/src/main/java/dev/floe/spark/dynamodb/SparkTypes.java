package dev.floe.spark.dynamodb;

import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Maps Spark SQL types to core's {@link LogicalType}s and back. Values of each logical type are
 * converted by {@link SparkValues}; how they are stored in DynamoDB is core's business
 * (docs/type-mapping.md).
 */
public final class SparkTypes {
  private SparkTypes() {}

  /** The Spark schema of a logical schema, e.g. one inferred from sampled items. */
  public static StructType toSpark(LogicalSchema schema) {
    return toSparkStruct(schema.fields());
  }

  /**
   * Field metadata saying what a column is in DynamoDB where its Spark type does not: {@value
   * #DOCUMENT} marks a string column that holds DynamoDB JSON (core's DOCUMENT type), so that
   * reading it keeps any value whole instead of expecting a DynamoDB string; {@value #SET} marks an
   * array column read from a DynamoDB set (SS, NS, BS), so that writing it writes a set again. Only
   * a column or a struct field carries metadata: a set inside an array or a map is written back as
   * a list.
   */
  public static final String TYPE_METADATA = "dynamodb.type";

  static final String DOCUMENT = "document";

  static final String SET = "set";

  private static StructType toSparkStruct(List<Field> fields) {
    StructType struct = new StructType();
    for (Field field : fields) {
      LogicalType.Kind kind = field.type().kind();
      Metadata metadata =
          kind == LogicalType.Kind.DOCUMENT
              ? new MetadataBuilder().putString(TYPE_METADATA, DOCUMENT).build()
              : kind == LogicalType.Kind.SET
                  ? new MetadataBuilder().putString(TYPE_METADATA, SET).build()
                  : Metadata.empty();
      struct = struct.add(field.name(), toSpark(field.type()), field.nullable(), metadata);
    }
    return struct;
  }

  public static DataType toSpark(LogicalType type) {
    switch (type.kind()) {
      case BOOLEAN:
        return DataTypes.BooleanType;
      case INT:
        return DataTypes.IntegerType;
      case BIGINT:
        return DataTypes.LongType;
      case FLOAT:
        return DataTypes.FloatType;
      case DOUBLE:
        return DataTypes.DoubleType;
      case DECIMAL:
        LogicalType.DecimalType decimal = (LogicalType.DecimalType) type;
        return DataTypes.createDecimalType(decimal.precision(), decimal.scale());
      case BINARY:
        return DataTypes.BinaryType;
      case DATE:
        return DataTypes.DateType;
      case TIMESTAMP:
        return ((LogicalType.TimestampType) type).withZone()
            ? DataTypes.TimestampType
            : DataTypes.TimestampNTZType;
      case STRING:
      case DOCUMENT: // DynamoDB JSON text
      case UUID:
      case TIME:
        return DataTypes.StringType;
      case LIST:
        LogicalType.ListType list = (LogicalType.ListType) type;
        return DataTypes.createArrayType(toSpark(list.element()), list.elementNullable());
      case SET:
        return DataTypes.createArrayType(toSpark(((LogicalType.SetType) type).element()), false);
      case MAP:
        LogicalType.MapType map = (LogicalType.MapType) type;
        return DataTypes.createMapType(
            toSpark(map.key()), toSpark(map.value()), map.valueNullable());
      case STRUCT:
        return toSparkStruct(((LogicalType.StructType) type).fields());
      default:
        throw new IllegalStateException("Unhandled logical type " + type.sqlName());
    }
  }

  /**
   * The logical schema of a Spark schema; {@code keyAttributes} must be among its columns.
   *
   * @throws IllegalArgumentException naming the column, for a Spark type DynamoDB cannot hold
   */
  public static LogicalSchema toLogical(StructType schema, List<String> keyAttributes) {
    return LogicalSchema.of(toLogicalFields(schema, ""), keyAttributes);
  }

  private static List<Field> toLogicalFields(StructType struct, String prefix) {
    List<Field> fields = new ArrayList<>();
    for (StructField field : struct.fields()) {
      String path = prefix + field.name();
      String marked =
          field.metadata().contains(TYPE_METADATA) ? field.metadata().getString(TYPE_METADATA) : "";
      LogicalType type;
      if (field.dataType() instanceof StringType && DOCUMENT.equals(marked)) {
        type = LogicalTypes.DOCUMENT;
      } else if (field.dataType() instanceof ArrayType && SET.equals(marked)) {
        type =
            LogicalTypes.set(toLogical(((ArrayType) field.dataType()).elementType(), path + "[]"));
      } else {
        type = toLogical(field.dataType(), path);
      }
      fields.add(new Field(field.name(), type, field.nullable()));
    }
    return fields;
  }

  public static LogicalType toLogical(DataType type, String path) {
    if (type instanceof StringType) {
      return LogicalTypes.STRING;
    } else if (type instanceof BooleanType) {
      return LogicalTypes.BOOLEAN;
    } else if (type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType) {
      return LogicalTypes.INT;
    } else if (type instanceof LongType) {
      return LogicalTypes.BIGINT;
    } else if (type instanceof FloatType) {
      return LogicalTypes.FLOAT;
    } else if (type instanceof DoubleType) {
      return LogicalTypes.DOUBLE;
    } else if (type instanceof DecimalType) {
      DecimalType decimal = (DecimalType) type;
      return LogicalTypes.decimal(decimal.precision(), decimal.scale());
    } else if (type instanceof BinaryType) {
      return LogicalTypes.BINARY;
    } else if (type instanceof DateType) {
      return LogicalTypes.DATE;
    } else if (type instanceof TimestampType) {
      return LogicalTypes.TIMESTAMP_LTZ;
    } else if (type instanceof TimestampNTZType) {
      return LogicalTypes.TIMESTAMP;
    } else if (type instanceof ArrayType) {
      ArrayType array = (ArrayType) type;
      return new LogicalType.ListType(
          toLogical(array.elementType(), path + "[]"), array.containsNull());
    } else if (type instanceof MapType) {
      MapType map = (MapType) type;
      LogicalType key = toLogical(map.keyType(), path + ".key");
      if (!LogicalType.MapType.isMapKey(key)) {
        throw new IllegalArgumentException(
            "Cannot map column '"
                + path
                + "' of type "
                + type.simpleString()
                + " to DynamoDB: DynamoDB map keys are text, so map keys must be string, int, bigint or date");
      }
      return new LogicalType.MapType(
          key, toLogical(map.valueType(), path + ".value"), map.valueContainsNull());
    } else if (type instanceof StructType) {
      return LogicalTypes.struct(toLogicalFields((StructType) type, path + "."));
    }
    throw new IllegalArgumentException(
        "Cannot map column '"
            + path
            + "' of type "
            + type.simpleString()
            + " to DynamoDB: supported are string, boolean, tinyint, smallint, int, bigint, float,"
            + " double, decimal, binary, date, timestamp, timestamp_ntz, array, map and struct");
  }
}
