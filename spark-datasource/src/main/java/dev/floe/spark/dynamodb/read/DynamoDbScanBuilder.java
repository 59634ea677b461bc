package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/**
 * Plans a read: the columns Spark needs become the ProjectionExpression; the filters DynamoDB can
 * evaluate exactly become the FilterExpression (an equality on the partition key turns the Scan
 * into a Query). Spark re-evaluates every filter on the rows, so pushdown only saves reads.
 */
public final class DynamoDbScanBuilder
    implements ScanBuilder, SupportsPushDownFilters, SupportsPushDownRequiredColumns {
  private final DynamoDbSparkOptions options;
  private StructType schema;
  private final List<Filter> pushed = new ArrayList<>();
  private final List<FilterPredicate> predicates = new ArrayList<>();

  public DynamoDbScanBuilder(DynamoDbSparkOptions options, StructType schema) {
    this.options = options;
    this.schema = schema;
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    if (options.filterPushdown()) {
      FilterTranslator translator = new FilterTranslator(schema);
      for (Filter filter : filters) {
        Optional<FilterPredicate> predicate = translator.translate(filter);
        if (predicate.isPresent()) {
          pushed.add(filter);
          predicates.add(predicate.get());
        }
      }
    }
    return filters;
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed.toArray(new Filter[0]);
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.schema = requiredSchema;
  }

  @Override
  public Scan build() {
    return new DynamoDbScan(options, schema, pushed, predicates);
  }
}
