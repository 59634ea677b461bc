package dev.floe.iceberg.job.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple5;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;

/**
 * Turns the rows a DynamoDB source scanned (already in the target's row type) into candidates: it
 * drops the rows older than the run's bound, which DynamoDB's filter only approximates, and fails
 * on a row without a datetime. With {@code max_records} it runs with parallelism 1 and takes the
 * oldest records only, all of those at the cap's datetime included, so that the next run, which
 * reads from the greatest datetime taken, finds every record left behind and cannot stall on a
 * datetime shared by more records than the cap. Records at the committed mark itself, which the
 * last run took, pass without counting against the cap, or a full cap of them would stall the
 * source.
 *
 * <p>At the end of its input it reports the greatest datetime it took as the source's {@link
 * HighWaterMark} on {@link #HIGH_WATER_MARKS}, for {@link CommitToTarget} to commit with the data.
 */
final class TakeDynamoDbRecords
    extends AbstractStreamOperator<Tuple5<String, Long, Integer, String, RowData>>
    implements OneInputStreamOperator<RowData, Tuple5<String, Long, Integer, String, RowData>>,
        BoundedOneInput {
  private static final long serialVersionUID = 1L;

  /** Serialized {@link HighWaterMark}s, unioned into the commit's input. */
  static final OutputTag<byte[]> HIGH_WATER_MARKS =
      new OutputTag<>("high-water-marks", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private final String sourceName;
  private final int sourceRank;
  private final RowType target;
  private final String indexField;
  private final String datetimeField;
  private final List<String> keyAttributes;
  private final Long committedMark;
  private final Long fromMicros;
  private final long maxRecords;

  private transient IndexKey index;
  private transient int datetimePosition;
  private transient RowData.FieldGetter[] keyGetters;
  private transient PriorityQueue<Tuple5<String, Long, Integer, String, RowData>> newestFirst;
  private transient long highWaterMark;
  private transient LongCounter read;
  private transient LongCounter filtered;

  /**
   * @param committedMark the mark the last run committed; null before the first run
   * @param fromMicros rows with an older datetime are dropped; null for none
   * @param maxRecords records to take at most (ties at the last datetime taken included); {@code
   *     Long.MAX_VALUE} for all
   */
  TakeDynamoDbRecords(
      String sourceName,
      int sourceRank,
      RowType target,
      String indexField,
      String datetimeField,
      List<String> keyAttributes,
      Long committedMark,
      Long fromMicros,
      long maxRecords) {
    this.sourceName = sourceName;
    this.sourceRank = sourceRank;
    this.target = target;
    this.indexField = indexField;
    this.datetimeField = datetimeField;
    this.keyAttributes = List.copyOf(keyAttributes);
    this.committedMark = committedMark;
    this.fromMicros = fromMicros;
    this.maxRecords = maxRecords;
  }

  @Override
  public void open() throws Exception {
    super.open();
    index = IndexKey.of(target, indexField);
    datetimePosition = target.getFieldNames().indexOf(datetimeField);
    keyGetters = new RowData.FieldGetter[keyAttributes.size()];
    for (int i = 0; i < keyGetters.length; i++) {
      int position = target.getFieldNames().indexOf(keyAttributes.get(i));
      keyGetters[i] = RowData.createFieldGetter(target.getTypeAt(position), position);
    }
    newestFirst =
        new PriorityQueue<>(
            Comparator.<Tuple5<String, Long, Integer, String, RowData>>comparingLong(c -> c.f1)
                .reversed());
    highWaterMark = Long.MIN_VALUE;
    read = getRuntimeContext().getLongCounter(JobCounters.read(sourceName));
    filtered = getRuntimeContext().getLongCounter(JobCounters.filtered(sourceName));
  }

  @Override
  public void processElement(StreamRecord<RowData> element) {
    RowData row = element.getValue();
    read.add(1);
    String key = index.keyOf(row, sourceName);
    if (row.isNullAt(datetimePosition)) {
      throw new IllegalStateException(
          String.format(
              "Cannot copy the item %s of source %s: its datetime field '%s' is missing or null,"
                  + " so it cannot be compared with what the target holds. Write the field in"
                  + " every item of the table, or choose a datetime field every item has.",
              itemKey(row), sourceName, datetimeField));
    }
    long micros =
        RowToTarget.micros(row, datetimePosition, LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
    if (fromMicros != null && micros < fromMicros) {
      filtered.add(1);
      return;
    }
    Tuple5<String, Long, Integer, String, RowData> candidate =
        Candidate.of(key, micros, sourceRank, itemKey(row), row);
    if (maxRecords == Long.MAX_VALUE || (committedMark != null && micros <= committedMark)) {
      highWaterMark = Math.max(highWaterMark, micros);
      output.collect(new StreamRecord<>(candidate));
      return;
    }
    newestFirst.add(candidate);
    dropBeyondCap();
  }

  /** Drops the newest datetime's records while the others still fill the cap. */
  private void dropBeyondCap() {
    while (newestFirst.size() > maxRecords) {
      long newest = newestFirst.peek().f1;
      List<Tuple5<String, Long, Integer, String, RowData>> atNewest = new ArrayList<>();
      while (!newestFirst.isEmpty() && newestFirst.peek().f1 == newest) {
        atNewest.add(newestFirst.poll());
      }
      if (newestFirst.size() < maxRecords) {
        newestFirst.addAll(atNewest); // the cap falls inside this datetime: keep all of it
        return;
      }
    }
  }

  @Override
  public void endInput() throws Exception {
    for (Tuple5<String, Long, Integer, String, RowData> candidate : newestFirst) {
      highWaterMark = Math.max(highWaterMark, candidate.f1);
      output.collect(new StreamRecord<>(candidate));
    }
    newestFirst.clear();
    if (highWaterMark != Long.MIN_VALUE) {
      output.collect(
          HIGH_WATER_MARKS,
          new StreamRecord<>(
              InstantiationUtil.serializeObject(new HighWaterMark(sourceName, highWaterMark))));
    }
  }

  /** The item's table key as text, e.g. {@code id=7|sk=a}: names it in errors, orders ties. */
  private String itemKey(RowData row) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < keyGetters.length; i++) {
      if (i > 0) {
        text.append('|');
      }
      text.append(keyAttributes.get(i)).append('=').append(keyGetters[i].getFieldOrNull(row));
    }
    return text.toString();
  }
}
