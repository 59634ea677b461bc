package dev.floe.iceberg.job.plan;

import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.conversion.LogicalType.Field;
import dev.floe.core.conversion.LogicalTypes;
import dev.floe.core.conversion.SchemaInference;
import dev.floe.core.conversion.TimestampEncoding;
import dev.floe.core.conversion.iceberg.IcebergTypeMapping;
import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbClientFactory;
import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.core.dynamodb.ItemSampler;
import dev.floe.core.dynamodb.TableKeySchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plans what a run reads of a DynamoDB source table. DynamoDB has no snapshots, so a DynamoDB
 * source's position is a high-water mark: the greatest datetime the last run took. A run reads the
 * items whose datetime is at or after it (and within {@code time_filter_hours}); re-reading the
 * items at the mark itself is harmless, because a record is only copied when it is newer than what
 * the target holds for its index. Items written after a run with a datetime older than its mark are
 * not seen: write the datetime field when an item is written.
 *
 * <p>The columns are inferred from items sampled across scan segments ({@link ItemSampler}, core's
 * {@link SchemaInference}); the datetime field becomes a timestamp with zone, read from ISO-8601
 * strings or epoch numbers.
 *
 * <p>The filter sent to DynamoDB only removes items that are surely older ({@code NOT (field <
 * :bound)}): items without the field, or whose value has another type than the bound, still reach
 * the job, which checks every item exactly and fails on one without a datetime rather than drop it.
 * For ISO-8601 strings the bound lies {@link #ISO_OFFSET_SLACK} earlier, because strings written
 * with a zone offset do not sort as instants.
 */
public final class DynamoDbSourcePlanner {
  /** Items sampled for the schema. */
  public static final int SAMPLE_SIZE = 1000;

  /** The widest zone offset west of UTC (-12:00): ISO-8601 text with it sorts this much early. */
  static final Duration ISO_OFFSET_SLACK = Duration.ofHours(12);

  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private DynamoDbSourcePlanner() {}

  /**
   * Plans the read of {@code tableName}.
   *
   * @param source the source's name in messages
   * @param position the high-water mark of the last run, in microseconds since the epoch; empty
   *     before the first run
   * @param minMicros the time filter's bound in microseconds; null for none
   * @throws IllegalArgumentException naming the table and field when the table does not exist, its
   *     sampled items lack the index or datetime field, or the datetime field holds neither strings
   *     nor numbers
   */
  public static DynamoDbSourcePlan plan(
      String source,
      String tableName,
      AwsClientConfig client,
      String indexField,
      String datetimeField,
      TimestampEncoding encoding,
      OptionalLong position,
      Long minMicros) {
    TableKeySchema keys;
    List<Map<String, AttributeValue>> items;
    try (DynamoDbClient dynamoDb = DynamoDbClientFactory.createSync(client)) {
      try {
        keys = TableKeySchema.describe(dynamoDb, tableName);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot read source table %s: %s Check the table name, connector.region and"
                    + " connector.source.dynamodb.endpoint_url.",
                source, e.getMessage()),
            e);
      }
      items = new ItemSampler(dynamoDb).sample(tableName, SAMPLE_SIZE);
    }
    LogicalSchema inferred =
        SchemaInference.builder()
            .sampleSize(SAMPLE_SIZE)
            .build()
            .infer(items, keys.attributeNames())
            // The sample is not the table: only the key is surely present in every item.
            .withNonKeyColumnsNullable();
    Long committedMark = position.isPresent() ? position.getAsLong() : null;
    Long from = max(committedMark, minMicros);
    if (items.isEmpty()) {
      return new DynamoDbSourcePlan(null, null, keys, committedMark, from, null);
    }
    if (!inferred.columnNames().contains(indexField)) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read source table %s: none of %d sampled items has the index field '%s';"
                  + " their attributes are %s",
              source, items.size(), indexField, inferred.columnNames()));
    }
    if (!inferred.columnNames().contains(datetimeField)) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read source table %s: none of %d sampled items has the datetime field '%s';"
                  + " their attributes are %s",
              source, items.size(), datetimeField, inferred.columnNames()));
    }
    LogicalType.Kind kind = inferred.field(datetimeField).type().kind();
    boolean number =
        kind == LogicalType.Kind.INT
            || kind == LogicalType.Kind.BIGINT
            || kind == LogicalType.Kind.DECIMAL
            || kind == LogicalType.Kind.DOUBLE;
    if (kind != LogicalType.Kind.STRING && !number) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read source table %s: datetime field '%s' holds %s values, not ISO-8601"
                  + " strings or epoch numbers. Set datetime_field to an attribute that holds the"
                  + " record's time.",
              source, datetimeField, kind));
    }
    if (number && !encoding.isEpoch()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read source table %s: datetime field '%s' holds numbers, which need a unit."
                  + " Set connector.source.dynamodb.datetime_encoding to epoch_seconds,"
                  + " epoch_millis, epoch_micros or epoch_nanos.",
              source, datetimeField));
    }
    List<Field> fields = new ArrayList<>();
    for (Field field : inferred.fields()) {
      fields.add(
          field.name().equals(datetimeField)
              ? new Field(field.name(), LogicalTypes.TIMESTAMP_LTZ, field.nullable())
              : field);
    }
    LogicalSchema schema = LogicalSchema.of(fields, inferred.keyAttributes());
    return new DynamoDbSourcePlan(
        schema,
        IcebergTypeMapping.toIceberg(schema),
        keys,
        committedMark,
        from,
        from == null ? null : notOlderThan(datetimeField, from, encoding));
  }

  /** The filter that removes only items surely older than {@code micros}. */
  static FilterPredicate notOlderThan(String field, long micros, TimestampEncoding encoding) {
    AttributeValue bound;
    if (encoding.isEpoch()) {
      BigDecimal units =
          BigDecimal.valueOf(micros)
              .multiply(BigDecimal.valueOf(encoding.unitsPerSecond()))
              .divide(BigDecimal.valueOf(1_000_000L));
      // Rounded down: an item at the bound itself passes, the job compares exactly.
      BigInteger floor = units.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
      bound = AttributeValue.fromN(floor.toString());
    } else {
      Instant earliest =
          Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L)).minus(ISO_OFFSET_SLACK);
      bound = AttributeValue.fromS(ISO_SECONDS.format(earliest));
    }
    return FilterPredicate.not(FilterPredicate.lt(AttributePath.of(field), bound));
  }

  private static Long max(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }
}
