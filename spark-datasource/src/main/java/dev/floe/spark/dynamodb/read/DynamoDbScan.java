package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.core.dynamodb.KeyCondition;
import dev.floe.core.dynamodb.ReadRateLimit;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.ScanPlanner;
import dev.floe.core.dynamodb.ScanSegment;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.TableInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A planned read: one Spark partition per parallel-scan segment, or a single partition for a Query.
 * The number of segments is {@code total_segments}, or else core's {@link ScanPlanner#segmentsFor}
 * of the table size and Spark's default parallelism.
 */
final class DynamoDbScan implements Scan, Batch {
  private final DynamoDbSparkOptions options;
  private final StructType schema;
  private final List<Filter> pushed;
  private final List<FilterPredicate> predicates;
  private ReadSpec spec;
  private List<ScanSegment> segments;
  private int parallelism;

  DynamoDbScan(
      DynamoDbSparkOptions options,
      StructType schema,
      List<Filter> pushed,
      List<FilterPredicate> predicates) {
    this.options = options;
    this.schema = schema;
    this.pushed = List.copyOf(pushed);
    this.predicates = List.copyOf(predicates);
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public String description() {
    return "DynamoDB "
        + (options.indexName().map(i -> "index " + i + " of ").orElse(""))
        + "table "
        + options.tableName()
        + " columns="
        + List.of(schema.fieldNames())
        + " pushedFilters="
        + pushed;
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    plan();
    InputPartition[] partitions = new InputPartition[segments.size()];
    for (int i = 0; i < partitions.length; i++) {
      partitions[i] = new SegmentPartition(segments.get(i));
    }
    return partitions;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    plan();
    ReadSpec shared = spec;
    if (spec.readRateLimit().isPresent()) {
      // At most this many segments are read at once, so together they stay within the limit.
      int concurrent = Math.max(1, Math.min(segments.size(), parallelism));
      ReadRateLimit limit = spec.readRateLimit().get().sharedAmong(concurrent);
      shared = spec.toBuilder().readRateLimit(limit).build();
    }
    return new SegmentReaderFactory(options, shared, schema);
  }

  /** Describes the table once and fixes the spec and the segments. */
  private void plan() {
    if (spec != null) {
      return;
    }
    TableInfo table = TableInfo.describe(options);
    ReadSpec.Builder builder =
        ReadSpec.builder(options.tableName())
            .indexName(options.indexName().orElse(null))
            .consistentRead(options.consistentRead())
            .readRateLimit(options.readThroughput().orElse(null));
    List<AttributePath> projection = new ArrayList<>();
    for (StructField field : schema.fields()) {
      projection.add(AttributePath.of(field.name()));
    }
    if (projection.isEmpty()) {
      // count(*) needs no attribute, but an empty projection would read them all.
      projection.add(AttributePath.of(table.keySchema().partitionKey()));
    }
    builder.projection(projection);

    List<FilterPredicate> filters = new ArrayList<>(predicates);
    KeyCondition key = options.indexName().isPresent() ? null : partitionKeyEquality(table);
    if (key != null) {
      // A Query's FilterExpression must not name key attributes; Spark still checks those filters.
      filters.clear();
      for (int i = 0; i < pushed.size(); i++) {
        if (!namesKey(pushed.get(i), table)) {
          filters.add(predicates.get(i));
        }
      }
      builder.keyCondition(key);
    }
    if (!filters.isEmpty()) {
      builder.filter(filters.size() == 1 ? filters.get(0) : FilterPredicate.and(filters));
    }
    spec = builder.build();
    parallelism = SparkSession.active().sparkContext().defaultParallelism();
    int total =
        options.totalSegments().isPresent()
            ? options.totalSegments().getAsInt()
            : ScanPlanner.segmentsFor(
                software.amazon.awssdk.services.dynamodb.model.TableDescription.builder()
                    .tableSizeBytes(table.sizeBytes())
                    .build(),
                parallelism);
    segments = ScanPlanner.plan(spec, total);
  }

  private KeyCondition partitionKeyEquality(TableInfo table) {
    String partitionKey = table.keySchema().partitionKey();
    FilterTranslator translator = new FilterTranslator(schema);
    for (Filter filter : pushed) {
      if (filter instanceof EqualTo && ((EqualTo) filter).attribute().equals(partitionKey)) {
        AttributeValue value =
            translator.comparable(partitionKey, ((EqualTo) filter).value()).orElse(null);
        if (value != null && value.type().name().equals(table.keyType(partitionKey).name())) {
          return KeyCondition.partitionKeyEquals(partitionKey, value);
        }
      }
    }
    return null;
  }

  private static boolean namesKey(Filter filter, TableInfo table) {
    for (String reference : filter.references()) {
      if (table.keySchema().attributeNames().contains(reference)) {
        return true;
      }
    }
    return false;
  }
}
