package dev.floe.iceberg.job.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import org.apache.iceberg.BaseCombinedScanTask;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ScanTaskParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.InputFilesDecryptor;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.source.RowDataFileScanTaskReader;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Reads the file scan tasks a run planned for one Iceberg source (see {@code
 * IcebergSourcePlanner}), in parallel, and turns each row into a {@link Candidate} in the target's
 * row type. Deletes of the source are applied by the reader; the time filter is applied to each
 * row. Each task arrives with its place in the plan (commit order) and is read completely within
 * one call, so in a streaming job all its rows precede the next checkpoint barrier.
 */
final class ReadIcebergSource
    extends RichFlatMapFunction<
        Tuple2<Long, String>, Tuple5<String, Long, Integer, String, RowData>> {
  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final int sourceRank;
  private final Table source;
  private final RowType target;
  private final String indexField;
  private final String datetimeField;
  private final Long minMicros;
  private final Duration rollingTimeFilter;
  private final List<Expression> filters;

  private transient RowDataFileScanTaskReader reader;
  private transient RowToTarget toTarget;
  private transient IndexKey index;
  private transient LongCounter read;
  private transient LongCounter filtered;

  /**
   * @param source a serializable copy of the source table ({@code SerializableTable.copyOf})
   * @param minMicros rows with an older datetime are left out (the seed's time_filter_hours); null
   *     for none
   * @param rollingTimeFilter in a streaming job, the time filter itself: each task leaves out rows
   *     older than this before the time it is read, and {@code minMicros} (the cut-off when the job
   *     started, which only moves forward) prunes row groups; null in a batch run
   * @param filters the filter of {@code minMicros} as an Iceberg expression, for row groups
   */
  ReadIcebergSource(
      String sourceName,
      int sourceRank,
      Table source,
      RowType target,
      String indexField,
      String datetimeField,
      Long minMicros,
      Duration rollingTimeFilter,
      List<Expression> filters) {
    this.sourceName = sourceName;
    this.sourceRank = sourceRank;
    this.source = source;
    this.target = target;
    this.indexField = indexField;
    this.datetimeField = datetimeField;
    this.minMicros = minMicros;
    this.rollingTimeFilter = rollingTimeFilter;
    this.filters = List.copyOf(filters);
  }

  @Override
  public void open(OpenContext context) {
    reader =
        new RowDataFileScanTaskReader(
            source.schema(),
            source.schema(),
            source.properties().get(TableProperties.DEFAULT_NAME_MAPPING),
            true,
            filters);
    RowType sourceType = FlinkSchemaUtil.convert(source.schema());
    toTarget = new RowToTarget(sourceName, sourceType, target, datetimeField);
    index = IndexKey.of(sourceType, indexField);
    read = getRuntimeContext().getLongCounter(JobCounters.read(sourceName));
    filtered = getRuntimeContext().getLongCounter(JobCounters.filtered(sourceName));
  }

  @Override
  public void close() throws Exception {
    // The copy's FileIO is this task's own (deserialized with the function); an S3FileIO holds a
    // client that would otherwise outlive the task, once per failover.
    try {
      source.io().close();
    } finally {
      super.close();
    }
  }

  @Override
  public void flatMap(
      Tuple2<Long, String> planned, Collector<Tuple5<String, Long, Integer, String, RowData>> out)
      throws Exception {
    FileScanTask task = ScanTaskParser.fromJson(planned.f1, true);
    String file = task.file().location();
    // The task's place in the plan, which lists tasks in commit order: Iceberg's task JSON does not
    // carry the data sequence number.
    String sequence = String.format("%019d", planned.f0);
    Long cutOff =
        rollingTimeFilter == null
            ? minMicros
            : IcebergSources.minMicros(rollingTimeFilter, Instant.now());
    try (CloseableIterator<RowData> rows =
        reader.open(
            task,
            new InputFilesDecryptor(
                new BaseCombinedScanTask(task), source.io(), source.encryption()))) {
      long row = 0;
      while (rows.hasNext()) {
        RowData next = rows.next();
        row++;
        read.add(1);
        Long micros = toTarget.datetimeMicros(next);
        String key;
        try {
          key = index.keyOf(next, sourceName);
        } catch (IllegalStateException nullIndex) {
          // A fault of the data, which a restart would meet again.
          throw new SuppressRestartsException(nullIndex);
        }
        if (micros == null) {
          throw new SuppressRestartsException(
              IcebergSources.nullDatetime(sourceName, indexField, datetimeField, key));
        }
        if (cutOff != null && micros < cutOff) {
          filtered.add(1);
          continue;
        }
        String order =
            sequence + '|' + file + '|' + String.format("%012d|%012d", task.start(), row);
        out.collect(Candidate.of(key, micros, sourceRank, order, toTarget.convert(next)));
      }
    }
  }
}
