package dev.floe.core.conversion.arrow;

import dev.floe.core.conversion.ConversionException;
import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.conversion.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Moves {@link Row}s of a {@link LogicalSchema} (and so DynamoDB items, through an {@link
 * ItemConverter}) into Arrow columns and back: columnar batches for engines and files. Immutable
 * and thread-safe; the {@link VectorSchemaRoot}s it makes belong to the caller, who closes them.
 */
public final class ArrowConverter {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final LogicalSchema schema;
  private final org.apache.arrow.vector.types.pojo.Schema arrowSchema;

  private ArrowConverter(LogicalSchema schema) {
    this.schema = schema;
    this.arrowSchema = ArrowTypeMapping.toArrow(schema);
  }

  public static ArrowConverter of(LogicalSchema schema) {
    return new ArrowConverter(schema);
  }

  public LogicalSchema logicalSchema() {
    return schema;
  }

  public org.apache.arrow.vector.types.pojo.Schema arrowSchema() {
    return arrowSchema;
  }

  /** One Arrow batch holding {@code rows}. */
  public VectorSchemaRoot toVectors(List<Row> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema, allocator);
    try {
      root.allocateNew();
      List<LogicalType.Field> fields = schema.fields();
      for (int r = 0; r < rows.size(); r++) {
        Row row = rows.get(r);
        if (row.size() != fields.size()) {
          throw new ConversionException(
              "Cannot write row "
                  + r
                  + " to Arrow: it has "
                  + row.size()
                  + " values, the schema "
                  + fields.size());
        }
        for (int c = 0; c < fields.size(); c++) {
          LogicalType.Field field = fields.get(c);
          write(root.getVector(c), r, row.get(c), field.type(), field.name());
        }
      }
      root.setRowCount(rows.size());
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** One Arrow batch holding {@code items}, converted by {@code converter} (same schema). */
  public VectorSchemaRoot itemsToVectors(
      List<Map<String, AttributeValue>> items, ItemConverter converter, BufferAllocator allocator) {
    requireSameSchema(converter);
    List<Row> rows = new ArrayList<>(items.size());
    for (Map<String, AttributeValue> item : items) {
      rows.add(converter.toRow(item));
    }
    return toVectors(rows, allocator);
  }

  /** The rows of an Arrow batch whose schema is this converter's. */
  public List<Row> toRows(VectorSchemaRoot root) {
    List<LogicalType.Field> fields = schema.fields();
    if (root.getFieldVectors().size() != fields.size()) {
      throw new ConversionException(
          "Cannot read Arrow batch with columns "
              + root.getSchema().getFields().stream().map(f -> f.getName()).toList()
              + " as "
              + schema.columnNames());
    }
    List<Row> rows = new ArrayList<>(root.getRowCount());
    for (int r = 0; r < root.getRowCount(); r++) {
      Object[] values = new Object[fields.size()];
      for (int c = 0; c < fields.size(); c++) {
        values[c] = read(root.getVector(c), r, fields.get(c).type());
      }
      rows.add(Row.of(values));
    }
    return rows;
  }

  /** The DynamoDB items of an Arrow batch, converted by {@code converter} (same schema). */
  public List<Map<String, AttributeValue>> toItems(VectorSchemaRoot root, ItemConverter converter) {
    requireSameSchema(converter);
    List<Map<String, AttributeValue>> items = new ArrayList<>(root.getRowCount());
    for (Row row : toRows(root)) {
      items.add(converter.toItem(row));
    }
    return items;
  }

  private void requireSameSchema(ItemConverter converter) {
    if (!converter.schema().asStruct().equals(schema.asStruct())) {
      throw new ConversionException(
          "Cannot convert items: the ItemConverter's schema "
              + converter.schema()
              + " is not the Arrow converter's "
              + schema);
    }
  }

  // ---------------------------------------------------------------- writing

  private static void write(
      FieldVector vector, int index, Object value, LogicalType type, String path) {
    if (value == null) {
      setNull(vector, index);
      return;
    }
    try {
      writeValue(vector, index, value, type, path);
    } catch (ClassCastException e) {
      throw new ConversionException(
          "Cannot write '"
              + path
              + "' to Arrow: expected a "
              + type.javaClass().getName()
              + " for "
              + type.sqlName()
              + ", found a "
              + value.getClass().getName());
    }
  }

  private static void writeValue(
      FieldVector vector, int index, Object value, LogicalType type, String path) {
    switch (type.kind()) {
      case BOOLEAN -> ((BitVector) vector).setSafe(index, ((Boolean) value) ? 1 : 0);
      case INT -> ((IntVector) vector).setSafe(index, (Integer) value);
      case BIGINT -> ((BigIntVector) vector).setSafe(index, (Long) value);
      case FLOAT -> ((Float4Vector) vector).setSafe(index, (Float) value);
      case DOUBLE -> ((Float8Vector) vector).setSafe(index, (Double) value);
      case DECIMAL -> {
        LogicalType.DecimalType decimal = (LogicalType.DecimalType) type;
        BigDecimal scaled;
        try {
          scaled = ((BigDecimal) value).setScale(decimal.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
          throw new ConversionException(
              "Cannot write '"
                  + path
                  + "' to Arrow: "
                  + value
                  + " does not fit "
                  + type.sqlName()
                  + " without rounding");
        }
        if (scaled.precision() > decimal.precision()) {
          throw new ConversionException(
              "Cannot write '"
                  + path
                  + "' to Arrow: "
                  + value
                  + " has more digits than "
                  + type.sqlName());
        }
        ((DecimalVector) vector).setSafe(index, scaled);
      }
      case STRING, DOCUMENT ->
          ((VarCharVector) vector)
              .setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
      case BINARY -> ((VarBinaryVector) vector).setSafe(index, bytes((ByteBuffer) value));
      case UUID -> {
        UUID uuid = (UUID) value;
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        ((FixedSizeBinaryVector) vector).setSafe(index, bytes.array());
      }
      case DATE ->
          ((DateDayVector) vector)
              .setSafe(index, Math.toIntExact(((LocalDate) value).toEpochDay()));
      case TIME ->
          ((TimeMicroVector) vector).setSafe(index, ((LocalTime) value).toNanoOfDay() / 1_000);
      case TIMESTAMP -> {
        LogicalType.TimestampType timestamp = (LogicalType.TimestampType) type;
        Instant instant =
            timestamp.withZone()
                ? (Instant) value
                : ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
        ((TimeStampVector) vector).setSafe(index, epochUnits(instant, timestamp, path));
      }
      case LIST, SET -> {
        ListVector list = (ListVector) vector;
        LogicalType element =
            type instanceof LogicalType.ListType l
                ? l.element()
                : ((LogicalType.SetType) type).element();
        Collection<?> elements = (Collection<?>) value;
        int offset = list.startNewValue(index);
        int i = 0;
        for (Object item : elements) {
          write(list.getDataVector(), offset + i, item, element, path + "[" + i + "]");
          i++;
        }
        list.endValue(index, elements.size());
      }
      case MAP -> {
        MapVector map = (MapVector) vector;
        LogicalType.MapType mapType = (LogicalType.MapType) type;
        StructVector entries = (StructVector) map.getDataVector();
        FieldVector keys = entries.getChildrenFromFields().get(0);
        FieldVector values = entries.getChildrenFromFields().get(1);
        Map<?, ?> entryMap = (Map<?, ?>) value;
        int offset = map.startNewValue(index);
        int i = 0;
        for (Map.Entry<?, ?> entry : entryMap.entrySet()) {
          entries.setIndexDefined(offset + i);
          write(keys, offset + i, entry.getKey(), mapType.key(), path + ".key");
          write(values, offset + i, entry.getValue(), mapType.value(), path + "." + entry.getKey());
          i++;
        }
        map.endValue(index, entryMap.size());
      }
      case STRUCT -> {
        StructVector struct = (StructVector) vector;
        List<LogicalType.Field> fields = ((LogicalType.StructType) type).fields();
        Row row = (Row) value;
        struct.setIndexDefined(index);
        for (int i = 0; i < fields.size(); i++) {
          LogicalType.Field field = fields.get(i);
          write(
              struct.getChildrenFromFields().get(i),
              index,
              row.get(i),
              field.type(),
              path + "." + field.name());
        }
      }
    }
  }

  private static long epochUnits(Instant instant, LogicalType.TimestampType type, String path) {
    try {
      if (type.precision() <= LogicalType.TimestampType.MICROS) {
        if (instant.getNano() % 1_000 != 0) {
          throw new ConversionException(
              "Cannot write '" + path + "' to Arrow: " + instant + " is finer than microseconds");
        }
        return Math.addExact(
            Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
      }
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      throw new ConversionException(
          "Cannot write '"
              + path
              + "' to Arrow: "
              + instant
              + " is out of range for "
              + type.sqlName());
    }
  }

  private static void setNull(FieldVector vector, int index) {
    if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector fixed) {
      fixed.setNull(index);
    } else if (vector instanceof org.apache.arrow.vector.BaseVariableWidthVector variable) {
      variable.setNull(index);
    } else if (vector instanceof ListVector list) {
      list.setNull(index);
    } else if (vector instanceof StructVector struct) {
      struct.setNull(index);
    } else {
      throw new IllegalStateException("no null for " + vector.getClass());
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  // ---------------------------------------------------------------- reading

  private static Object read(FieldVector vector, int index, LogicalType type) {
    if (vector.isNull(index)) {
      return null;
    }
    switch (type.kind()) {
      case BOOLEAN:
        return ((BitVector) vector).get(index) == 1;
      case INT:
        return ((IntVector) vector).get(index);
      case BIGINT:
        return ((BigIntVector) vector).get(index);
      case FLOAT:
        return ((Float4Vector) vector).get(index);
      case DOUBLE:
        return ((Float8Vector) vector).get(index);
      case DECIMAL:
        return ((DecimalVector) vector).getObject(index);
      case STRING:
      case DOCUMENT:
        return new String(((VarCharVector) vector).get(index), StandardCharsets.UTF_8);
      case BINARY:
        return ByteBuffer.wrap(((VarBinaryVector) vector).get(index)).asReadOnlyBuffer();
      case UUID:
        ByteBuffer uuid = ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(index));
        return new UUID(uuid.getLong(), uuid.getLong());
      case DATE:
        return LocalDate.ofEpochDay(((DateDayVector) vector).get(index));
      case TIME:
        return LocalTime.ofNanoOfDay(
            Math.floorMod(((TimeMicroVector) vector).get(index), MICROS_PER_DAY) * 1_000);
      case TIMESTAMP:
        LogicalType.TimestampType timestamp = (LogicalType.TimestampType) type;
        long units = ((TimeStampVector) vector).get(index);
        Instant instant =
            timestamp.precision() <= LogicalType.TimestampType.MICROS
                ? Instant.ofEpochSecond(
                    Math.floorDiv(units, 1_000_000L), Math.floorMod(units, 1_000_000L) * 1_000)
                : Instant.ofEpochSecond(
                    Math.floorDiv(units, 1_000_000_000L), Math.floorMod(units, 1_000_000_000L));
        return timestamp.withZone() ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
      case LIST:
      case SET:
        ListVector list = (ListVector) vector;
        LogicalType element =
            type instanceof LogicalType.ListType l
                ? l.element()
                : ((LogicalType.SetType) type).element();
        int start = list.getElementStartIndex(index);
        int end = list.getElementEndIndex(index);
        Collection<Object> elements =
            type.kind() == LogicalType.Kind.SET ? new LinkedHashSet<>() : new ArrayList<>();
        for (int i = start; i < end; i++) {
          elements.add(read(list.getDataVector(), i, element));
        }
        return type.kind() == LogicalType.Kind.SET
            ? (Set<Object>) elements
            : (List<Object>) elements;
      case MAP:
        MapVector map = (MapVector) vector;
        LogicalType.MapType mapType = (LogicalType.MapType) type;
        StructVector entries = (StructVector) map.getDataVector();
        FieldVector keys = entries.getChildrenFromFields().get(0);
        FieldVector values = entries.getChildrenFromFields().get(1);
        Map<Object, Object> result = new LinkedHashMap<>();
        for (int i = map.getElementStartIndex(index); i < map.getElementEndIndex(index); i++) {
          result.put(read(keys, i, mapType.key()), read(values, i, mapType.value()));
        }
        return result;
      case STRUCT:
        StructVector struct = (StructVector) vector;
        List<LogicalType.Field> fields = ((LogicalType.StructType) type).fields();
        Object[] row = new Object[fields.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = read(struct.getChildrenFromFields().get(i), index, fields.get(i).type());
        }
        return Row.of(row);
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }
}
