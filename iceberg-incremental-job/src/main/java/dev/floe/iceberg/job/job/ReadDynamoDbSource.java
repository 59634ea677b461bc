package dev.floe.iceberg.job.job;

import dev.floe.core.conversion.ConversionOptions;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalType;
import dev.floe.core.dynamodb.ReadSpec;
import dev.floe.flink.dynamodb.source.DynamoDbSource;
import dev.floe.flink.dynamodb.source.RowDataItemDeserializer;
import dev.floe.flink.dynamodb.table.FlinkTypeMapping;
import dev.floe.iceberg.job.plan.DynamoDbSourcePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * The part of a run's graph that reads one DynamoDB source: Floe's parallel scan source, with the
 * plan's filter sent to DynamoDB, reads the items straight into the target's row type (attributes
 * the target lacks are not read, target columns an item lacks are null), and {@link
 * TakeDynamoDbRecords} turns them into candidates and reports the high-water mark.
 */
final class ReadDynamoDbSource {
  private ReadDynamoDbSource() {}

  static SingleOutputStreamOperator<Tuple5<String, Long, Integer, String, RowData>> candidates(
      StreamExecutionEnvironment env,
      RunSpec.DynamoDbSource source,
      int sourceRank,
      DynamoDbSourcePlan plan,
      RowType targetType,
      OptionalLong maxRecords,
      TypeInformation<Tuple5<String, Long, Integer, String, RowData>> candidateType) {
    List<String> documentColumns = new ArrayList<>();
    List<String> setColumns = new ArrayList<>();
    for (LogicalType.Field field : plan.schema().fields()) {
      if (field.type().kind() == LogicalType.Kind.DOCUMENT) {
        documentColumns.add(field.name());
      } else if (field.type().kind() == LogicalType.Kind.SET) {
        setColumns.add(field.name());
      }
    }
    LogicalSchema itemSchema =
        FlinkTypeMapping.fromRowType(
            targetType, plan.keys().attributeNames(), documentColumns, setColumns);
    ReadSpec.Builder read = ReadSpec.builder(source.tableName());
    if (plan.pushedFilter() != null) {
      read.filter(plan.pushedFilter());
    }
    DynamoDbSource.Builder<RowData> scan =
        DynamoDbSource.<RowData>builder()
            .clientConfig(source.client())
            .readSpec(read.build())
            .deserializer(
                RowDataItemDeserializer.create(
                    targetType,
                    itemSchema,
                    InternalTypeInfo.of(targetType),
                    ConversionOptions.builder()
                        .timestampEncoding(source.datetimeEncoding())
                        .build(),
                    RowDataItemDeserializer.OnTypeMismatch.FAIL));
    if (source.segments() != null) {
      scan.totalSegments(source.segments());
    }
    SingleOutputStreamOperator<Tuple5<String, Long, Integer, String, RowData>> taken =
        env.fromSource(scan.build(), WatermarkStrategy.noWatermarks(), "scan " + source.name())
            .transform(
                "take " + source.name(),
                candidateType,
                new TakeDynamoDbRecords(
                    source.name(),
                    sourceRank,
                    targetType,
                    source.indexField(),
                    source.datetimeField(),
                    plan.keys().attributeNames(),
                    plan.committedMark(),
                    plan.fromMicros(),
                    maxRecords.orElse(Long.MAX_VALUE)));
    if (maxRecords.isPresent()) {
      // The oldest records of the whole table: one instance sees them all.
      taken.setParallelism(1).setMaxParallelism(1);
    }
    return taken;
  }
}
