package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.core.dynamodb.DynamoDbWriterConfig;
import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.flink.dynamodb.sink.DynamoDbSink;
import dev.floe.flink.dynamodb.sink.RowDataElementConverter;
import java.util.Map;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

/**
 * The planned {@code dynamodb} sink. With a PRIMARY KEY (checked to be the DynamoDB key) it
 * consumes an upsert changelog: INSERT and UPDATE_AFTER put, DELETE deletes by key. Without one it
 * accepts any changelog, and UPDATE_BEFORE deletes its key too, since an update may move a row to
 * another DynamoDB key.
 */
final class DynamoDbDynamicTableSink implements DynamicTableSink, SupportsPartitioning {
  private final AwsClientConfig clientConfig;
  private final DynamoDbWriterConfig writerConfig;
  private final TableKeySchema keySchema;
  private final ResolvedSchema schema;
  private final DocumentAndSetColumns documentAndSetColumns;
  private final ConversionOptions conversionOptions;
  private final String deleteFlagColumn;
  private final String deleteFlagValue;
  private final boolean hasPrimaryKey;
  private final Integer parallelism;

  DynamoDbDynamicTableSink(
      AwsClientConfig clientConfig,
      DynamoDbWriterConfig writerConfig,
      TableKeySchema keySchema,
      ResolvedSchema schema,
      DocumentAndSetColumns documentAndSetColumns,
      ConversionOptions conversionOptions,
      String deleteFlagColumn,
      String deleteFlagValue,
      boolean hasPrimaryKey,
      Integer parallelism) {
    this.clientConfig = clientConfig;
    this.writerConfig = writerConfig;
    this.keySchema = keySchema;
    this.schema = schema;
    this.documentAndSetColumns = documentAndSetColumns;
    this.conversionOptions = conversionOptions;
    this.deleteFlagColumn = deleteFlagColumn;
    this.deleteFlagValue = deleteFlagValue;
    this.hasPrimaryKey = hasPrimaryKey;
    this.parallelism = parallelism;
  }

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
    if (hasPrimaryKey) {
      return ChangelogMode.upsert();
    }
    ChangelogMode.Builder mode = ChangelogMode.newBuilder();
    for (RowKind kind : requestedMode.getContainedKinds()) {
      mode.addContainedKind(kind);
    }
    return mode.build();
  }

  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    RowType rowType = (RowType) schema.toPhysicalRowDataType().getLogicalType();
    RowDataElementConverter converter =
        RowDataElementConverter.builder(rowType, keySchema)
            .schema(documentAndSetColumns.schemaOf(rowType, keySchema.attributeNames()))
            .conversionOptions(conversionOptions)
            .deleteFlag(deleteFlagColumn, deleteFlagValue)
            .upsertByKey(hasPrimaryKey)
            .build();
    DynamoDbSink<RowData> sink =
        DynamoDbSink.<RowData>builder()
            .clientConfig(clientConfig)
            .writerConfig(writerConfig)
            .keySchema(keySchema)
            .elementConverter(converter)
            .build();
    return SinkV2Provider.of(sink, parallelism);
  }

  @Override
  public void applyStaticPartition(Map<String, String> partition) {
    // DynamoDB has no partitions to write into: PARTITIONED BY only names the key (checked by the
    // factory), as in the Apache Flink connector. A static partition is a constant column value.
  }

  @Override
  public DynamicTableSink copy() {
    return new DynamoDbDynamicTableSink(
        clientConfig,
        writerConfig,
        keySchema,
        schema,
        documentAndSetColumns,
        conversionOptions,
        deleteFlagColumn,
        deleteFlagValue,
        hasPrimaryKey,
        parallelism);
  }

  @Override
  public String asSummaryString() {
    return "DynamoDB(table="
        + writerConfig.tableName()
        + ", key="
        + keySchema.attributeNames()
        + ")";
  }
}
