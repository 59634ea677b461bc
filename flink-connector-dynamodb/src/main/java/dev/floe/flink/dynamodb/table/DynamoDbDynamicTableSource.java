package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.FilterPredicate;
import dev.floe.core.dynamodb.KeyCondition;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.flink.dynamodb.source.DynamoDbSource;
import dev.floe.flink.dynamodb.source.RowDataItemDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The planned {@code dynamodb} source: a bounded Scan (or a Query when the partition key is bound)
 * of the table for {@code SELECT}, and lookups by primary key for {@code JOIN ... FOR SYSTEM_TIME
 * AS OF}. Projections, filters DynamoDB evaluates exactly as Flink (see {@link FilterPushdown}) and
 * limits are pushed into the request. A projection may name fields of ROW columns on their own
 * ({@code SELECT address.city}): Flink then produces one column per projected field, which the
 * source reads from the attribute's path through nested maps.
 */
final class DynamoDbDynamicTableSource
    implements ScanTableSource,
        LookupTableSource,
        SupportsProjectionPushDown,
        SupportsFilterPushDown,
        SupportsLimitPushDown {

  private final AwsClientConfig clientConfig;
  private final ReadSpec baseSpec;
  private final Integer totalSegments;
  private final TableKeySchema keySchema;
  private final DocumentAndSetColumns documentAndSetColumns;
  private final ConversionOptions conversionOptions;
  private final RowDataItemDeserializer.OnTypeMismatch onTypeMismatch;
  private final boolean filterPushdown;
  private final LookupCache lookupCache;
  private final int lookupMaxRetries;
  private final boolean lookupAsync;
  private final Duration lookupBatchMaxWait;

  private DataType producedDataType;

  /** Where each produced column is read from: its attribute, or a path into nested maps. */
  private List<AttributePath> columnPaths;

  private FilterPredicate filter;

  /** Whether the pushed filter names a key attribute, which a lookup's Query cannot carry. */
  private boolean filterNamesKeyAttributes;

  private KeyCondition keyCondition;
  private Long limit;

  DynamoDbDynamicTableSource(
      AwsClientConfig clientConfig,
      ReadSpec baseSpec,
      Integer totalSegments,
      TableKeySchema keySchema,
      DataType physicalDataType,
      DocumentAndSetColumns documentAndSetColumns,
      ConversionOptions conversionOptions,
      RowDataItemDeserializer.OnTypeMismatch onTypeMismatch,
      boolean filterPushdown,
      LookupCache lookupCache,
      int lookupMaxRetries,
      boolean lookupAsync,
      Duration lookupBatchMaxWait) {
    this.clientConfig = clientConfig;
    this.baseSpec = baseSpec;
    this.totalSegments = totalSegments;
    this.keySchema = keySchema;
    this.producedDataType = physicalDataType;
    List<AttributePath> paths = new ArrayList<>();
    for (String column : DataType.getFieldNames(physicalDataType)) {
      paths.add(AttributePath.of(column));
    }
    this.columnPaths = List.copyOf(paths);
    this.documentAndSetColumns = documentAndSetColumns;
    this.conversionOptions = conversionOptions;
    this.onTypeMismatch = onTypeMismatch;
    this.filterPushdown = filterPushdown;
    this.lookupCache = lookupCache;
    this.lookupMaxRetries = lookupMaxRetries;
    this.lookupAsync = lookupAsync;
    this.lookupBatchMaxWait = lookupBatchMaxWait;
  }

  @Override
  public ChangelogMode getChangelogMode() {
    return ChangelogMode.insertOnly();
  }

  @Override
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
    ReadSpec spec =
        baseSpec.toBuilder()
            .projection(projection())
            .filter(filter)
            .keyCondition(keyCondition)
            .itemLimit(limit)
            .build();
    var builder =
        DynamoDbSource.<RowData>builder()
            .clientConfig(clientConfig)
            .readSpec(spec)
            .deserializer(deserializer(context.createTypeInformation(producedDataType)));
    if (totalSegments != null) {
      builder.totalSegments(totalSegments);
    }
    return SourceProvider.of(builder.build());
  }

  @Override
  public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
    RowType rowType = rowType();
    // Flink passes the key values in the order of context.getKeys(), as the key row's fields. They
    // are named by the attributes they read: Flink may have renamed a produced column.
    List<String> lookupKeys = new ArrayList<>();
    List<RowType.RowField> keyFields = new ArrayList<>();
    for (int[] key : context.getKeys()) {
      AttributePath path = key.length == 1 ? columnPaths.get(key[0]) : null;
      if (path == null || !path.isTopLevel()) {
        throw lookupKeyError(List.of("a nested field"));
      }
      lookupKeys.add(path.topLevel());
      keyFields.add(new RowType.RowField(path.topLevel(), rowType.getTypeAt(key[0])));
    }
    if (!new HashSet<>(lookupKeys).equals(new HashSet<>(keySchema.attributeNames()))) {
      throw lookupKeyError(lookupKeys);
    }
    if (keyCondition != null || limit != null || filterNamesKeyAttributes) {
      // Flink keeps no copy of a predicate it handed to us; a lookup cannot apply these.
      throw new ValidationException(
          "Cannot look up DynamoDB table '"
              + baseSpec.tableName()
              + "' with a condition on its key attributes or a LIMIT on the dimension table;"
              + " move it into the query after the join.");
    }
    ReadSpec spec =
        baseSpec.toBuilder()
            .indexName(null)
            .pageSize(null)
            .projection(projection())
            .filter(filter)
            .build();
    DynamoDbLookupFunction function =
        new DynamoDbLookupFunction(
            clientConfig,
            spec,
            keySchema,
            new RowType(false, keyFields),
            conversionOptions,
            deserializer(context.createTypeInformation(producedDataType)),
            lookupMaxRetries);
    if (lookupAsync) {
      DynamoDbAsyncLookupFunction async =
          new DynamoDbAsyncLookupFunction(function, lookupBatchMaxWait);
      return lookupCache == null
          ? AsyncLookupFunctionProvider.of(async)
          : PartialCachingAsyncLookupProvider.of(async, lookupCache);
    }
    return lookupCache == null
        ? LookupFunctionProvider.of(function)
        : PartialCachingLookupProvider.of(function, lookupCache);
  }

  private ValidationException lookupKeyError(List<String> lookupKeys) {
    return new ValidationException(
        "Cannot look up DynamoDB table '"
            + baseSpec.tableName()
            + "' by "
            + lookupKeys
            + ": lookups read items by primary key, so the join condition must bind exactly the"
            + " table's key attributes "
            + keySchema.attributeNames()
            + " with equalities (ON o.x = dim."
            + keySchema.partitionKey()
            + keySchema.sortKey().map(sk -> " AND o.y = dim." + sk).orElse("")
            + ").");
  }

  /**
   * Reads the produced (possibly projected) columns, as the sink writes them; the scan and both
   * lookup functions share it, so nested fields are found the same way in all three.
   */
  private RowDataItemDeserializer deserializer(TypeInformation<RowData> typeInformation) {
    RowType rowType = rowType();
    return RowDataItemDeserializer.create(
        rowType,
        columnPaths,
        documentAndSetColumns.producedSchemaOf(rowType, columnPaths),
        typeInformation,
        conversionOptions,
        onTypeMismatch);
  }

  private RowType rowType() {
    return (RowType) producedDataType.getLogicalType();
  }

  /**
   * The paths of the produced columns (DynamoDbExpressions drops one inside another, which DynamoDB
   * refuses); the partition key alone when none is needed (COUNT(*)).
   */
  private List<AttributePath> projection() {
    List<AttributePath> paths = new ArrayList<>(columnPaths);
    if (paths.isEmpty()) {
      paths.add(AttributePath.of(keySchema.partitionKey()));
    }
    return paths;
  }

  /** DynamoDB reads a path into nested maps on its own ({@code #n0.#n1}). */
  @Override
  public boolean supportsNestedProjection() {
    return true;
  }

  /**
   * Flink produces one flat column per projected path, named by the path's field names joined with
   * {@code _} (made unique); each is read from the attribute path the ROW field names spell.
   */
  @Override
  public void applyProjection(int[][] projectedFields, DataType producedDataType) {
    RowType rowType = rowType();
    List<AttributePath> paths = new ArrayList<>();
    for (int[] indexes : projectedFields) {
      List<String> names = new ArrayList<>(columnPaths.get(indexes[0]).names());
      LogicalType type = rowType.getTypeAt(indexes[0]);
      for (int depth = 1; depth < indexes.length; depth++) {
        RowType row = (RowType) type;
        names.add(row.getFieldNames().get(indexes[depth]));
        type = row.getTypeAt(indexes[depth]);
      }
      paths.add(AttributePath.of(names));
    }
    this.producedDataType = Projection.of(projectedFields).project(this.producedDataType);
    this.columnPaths = List.copyOf(paths);
  }

  /** The path a produced column is read from, by its name in the produced row; null if none. */
  private AttributePath columnPath(String column) {
    int index = rowType().getFieldNames().indexOf(column);
    return index < 0 ? null : columnPaths.get(index);
  }

  @Override
  public Result applyFilters(List<ResolvedExpression> filters) {
    if (!filterPushdown) {
      return Result.of(List.of(), filters);
    }
    FilterPushdown.Result result =
        FilterPushdown.apply(
            filters,
            this::columnPath,
            baseSpec.indexName().isPresent() ? null : keySchema,
            onTypeMismatch == RowDataItemDeserializer.OnTypeMismatch.NULL,
            documentAndSetColumns::isDocument);
    this.filter = result.filter;
    this.keyCondition = result.keyCondition;
    this.filterNamesKeyAttributes =
        result.accepted.stream()
            .anyMatch(
                c -> FilterPushdown.referencesAny(c, keySchema.attributeNames(), this::columnPath));
    return Result.of(result.accepted, result.remaining);
  }

  @Override
  public void applyLimit(long limit) {
    // LIMIT 0 never reaches a source; itemLimit counts from 1.
    this.limit = limit < 1 ? null : limit;
  }

  @Override
  public DynamicTableSource copy() {
    DynamoDbDynamicTableSource copy =
        new DynamoDbDynamicTableSource(
            clientConfig,
            baseSpec,
            totalSegments,
            keySchema,
            producedDataType,
            documentAndSetColumns,
            conversionOptions,
            onTypeMismatch,
            filterPushdown,
            lookupCache,
            lookupMaxRetries,
            lookupAsync,
            lookupBatchMaxWait);
    copy.columnPaths = columnPaths;
    copy.filter = filter;
    copy.filterNamesKeyAttributes = filterNamesKeyAttributes;
    copy.keyCondition = keyCondition;
    copy.limit = limit;
    return copy;
  }

  /** Names the table only: options (credentials among them) never reach a plan. */
  @Override
  public String asSummaryString() {
    return "DynamoDB(table=" + baseSpec.tableName() + ")";
  }
}
