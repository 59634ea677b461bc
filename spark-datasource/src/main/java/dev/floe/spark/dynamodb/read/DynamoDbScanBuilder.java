package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.spark.dynamodb.DynamoDbSparkOptions;
import dev.floe.spark.dynamodb.TableInfo;
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
  private final StructType tableSchema;
  private final TableInfo described;
  private StructType schema;
  private final List<Filter> pushed = new ArrayList<>();
  private final List<FilterPredicate> predicates = new ArrayList<>();

  /**
   * @param described the table as described when {@code schema} was inferred, or null for a given
   *     schema
   */
  public DynamoDbScanBuilder(DynamoDbSparkOptions options, StructType schema, TableInfo described) {
    this.options = options;
    this.tableSchema = schema;
    this.described = described;
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
    // Every column of an inferred schema is every attribute the sample saw: the whole item is what
    // is read, and a ProjectionExpression would only cost DynamoDB the work of applying it. Not so
    // for an index: without a projection a local index returns only the attributes it holds, where
    // one naming the others makes DynamoDB fetch them from the table.
    boolean wholeItems =
        described != null && options.indexName().isEmpty() && schema.equals(tableSchema);
    return new DynamoDbScan(options, schema, pushed, predicates, described, wholeItems);
  }
}
