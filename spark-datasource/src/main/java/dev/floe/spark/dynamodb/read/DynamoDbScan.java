package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.core.dynamodb.KeyCondition;
import dev.floe.core.dynamodb.KeyConditionPlanner;
import dev.floe.core.dynamodb.ReadRateLimit;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.ScanPlanner;
import dev.floe.core.dynamodb.ScanSegment;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.TableInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.StringStartsWith;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A planned read: one Spark partition per parallel-scan segment, or a single partition for a Query
 * (when the filters bind the partition key of the table or index read). The number of segments is
 * {@code total_segments}, or else core's {@link ScanPlanner#segmentsFor} of the table size and
 * Spark's default parallelism.
 */
final class DynamoDbScan implements Scan, Batch {
  private final DynamoDbSparkOptions options;
  private final StructType schema;
  private final List<Filter> pushed;
  private final List<FilterPredicate> predicates;
  private final TableInfo described;
  private final boolean wholeItems;
  private TableInfo table;
  private ReadSpec spec;
  private List<ScanSegment> segments;
  private int parallelism;

  DynamoDbScan(
      DynamoDbSparkOptions options,
      StructType schema,
      List<Filter> pushed,
      List<FilterPredicate> predicates,
      TableInfo described,
      boolean wholeItems) {
    this.options = options;
    this.schema = schema;
    this.pushed = List.copyOf(pushed);
    this.predicates = List.copyOf(predicates);
    this.described = described;
    this.wholeItems = wholeItems;
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
    ItemRowConverter converter = ItemRowConverter.of(schema, table.keySchema().attributeNames());
    if (described != null) {
      // The schema was inferred with this description.
      converter = converter.inferredFrom(options.schemaSampleSize());
    }
    return new SegmentReaderFactory(options, shared, converter);
  }

  /**
   * Fixes the spec and the segments, with the table as described when its schema was inferred (its
   * key schema and indexes cannot have changed since, its size only sizes the scan), or else
   * described now. A rate limit in percent of provisioned capacity always takes today's capacity.
   */
  private void plan() {
    if (spec != null) {
      return;
    }
    boolean percentOfProvisioned =
        options.readThroughput().map(ReadRateLimit::isPercentOfProvisioned).orElse(false);
    table = described != null && !percentOfProvisioned ? described : TableInfo.describe(options);
    TableKeySchema readKey = table.readKeySchema(options);
    ReadSpec.Builder builder =
        ReadSpec.builder(options.tableName())
            .indexName(options.indexName().orElse(null))
            .consistentRead(options.consistentRead())
            .readRateLimit(options.readThroughput().map(table::resolve).orElse(null));
    if (!wholeItems) {
      // The table's key comes along (an index's items hold it too): it names an item that cannot
      // be converted, and it keeps count(*) from an empty projection, which would read everything.
      Set<String> names = new LinkedHashSet<>(List.of(schema.fieldNames()));
      names.addAll(table.keySchema().attributeNames());
      List<AttributePath> projection = new ArrayList<>();
      for (String name : names) {
        projection.add(AttributePath.of(name));
      }
      builder.projection(projection);
    }

    List<FilterPredicate> filters = new ArrayList<>(predicates);
    Optional<KeyConditionPlanner.Plan> query = keyCondition(readKey);
    if (query.isPresent()) {
      // A Query's FilterExpression must not name key attributes; Spark still checks those filters.
      Set<String> keys = new HashSet<>(readKey.attributeNames());
      keys.addAll(table.keySchema().attributeNames());
      filters.clear();
      for (int i = 0; i < pushed.size(); i++) {
        if (!namesAny(pushed.get(i), keys)) {
          filters.add(predicates.get(i));
        }
      }
      builder.keyCondition(query.get().condition());
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
                TableDescription.builder().tableSizeBytes(table.sizeBytes()).build(), parallelism);
    segments = ScanPlanner.plan(spec, total);
  }

  /**
   * The Query's key condition, if the pushed filters bind the partition key of what is read (the
   * table, or the index {@code index_name}) by an equality: core's {@link KeyConditionPlanner}
   * chooses it from the filters that compare a key attribute with a value of its DynamoDB type.
   */
  private Optional<KeyConditionPlanner.Plan> keyCondition(TableKeySchema readKey) {
    FilterTranslator translator = new FilterTranslator(schema);
    List<KeyConditionPlanner.Bound> bounds = new ArrayList<>();
    for (Filter filter : pushed) {
      KeyConditionPlanner.Bound bound = bound(filter, translator);
      if (bound != null
          && readKey.attributeNames().contains(bound.attribute())
          && table.keyType(bound.attribute()) != null
          && bound.value().type().name().equals(table.keyType(bound.attribute()).name())) {
        bounds.add(bound);
      }
    }
    return KeyConditionPlanner.plan(bounds, readKey);
  }

  /** {@code column op value} as a key bound, or null for any other filter. */
  private static KeyConditionPlanner.Bound bound(Filter filter, FilterTranslator translator) {
    String attribute;
    Object value;
    KeyCondition.SortOperator op;
    if (filter instanceof EqualTo) {
      attribute = ((EqualTo) filter).attribute();
      value = ((EqualTo) filter).value();
      op = KeyCondition.SortOperator.EQ;
    } else if (filter instanceof GreaterThan) {
      attribute = ((GreaterThan) filter).attribute();
      value = ((GreaterThan) filter).value();
      op = KeyCondition.SortOperator.GT;
    } else if (filter instanceof GreaterThanOrEqual) {
      attribute = ((GreaterThanOrEqual) filter).attribute();
      value = ((GreaterThanOrEqual) filter).value();
      op = KeyCondition.SortOperator.GE;
    } else if (filter instanceof LessThan) {
      attribute = ((LessThan) filter).attribute();
      value = ((LessThan) filter).value();
      op = KeyCondition.SortOperator.LT;
    } else if (filter instanceof LessThanOrEqual) {
      attribute = ((LessThanOrEqual) filter).attribute();
      value = ((LessThanOrEqual) filter).value();
      op = KeyCondition.SortOperator.LE;
    } else if (filter instanceof StringStartsWith) {
      attribute = ((StringStartsWith) filter).attribute();
      value = ((StringStartsWith) filter).value();
      op = KeyCondition.SortOperator.BEGINS_WITH;
      // An empty prefix matches every string: nothing to narrow.
      if (((String) value).isEmpty()) {
        return null;
      }
    } else {
      return null;
    }
    Optional<AttributeValue> operand = translator.comparable(attribute, value);
    return operand.map(v -> new KeyConditionPlanner.Bound(attribute, op, v)).orElse(null);
  }

  private static boolean namesAny(Filter filter, Set<String> attributes) {
    for (String reference : filter.references()) {
      if (attributes.contains(reference)) {
        return true;
      }
    }
    return false;
  }
}
