package dev.floe.benchmarks;

import dev.floe.core.dynamodb.TableKeySchema;
import dev.floe.flink.dynamodb.sink.RowDataElementConverter;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JMH: Flink {@code RowData} to DynamoDB item, through the SQL sink's {@link
 * RowDataElementConverter} (type-checked, exact, docs/type-mapping.md) against hand-written AWS SDK
 * code for the same row (no checks). Prints {@code rowdata-to-item: ours=<rows>/s baseline=<rows>/s
 * ratio=<ours/baseline>} after JMH's own table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RowDataToItemBenchmark {
  private static final RowType ROW_TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                  DataTypes.FIELD("name", DataTypes.STRING()),
                  DataTypes.FIELD("price", DataTypes.DECIMAL(12, 2)),
                  DataTypes.FIELD("score", DataTypes.DOUBLE()),
                  DataTypes.FIELD("updated_at", DataTypes.TIMESTAMP(6)),
                  DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())))
              .getLogicalType();

  private RowDataElementConverter converter;
  private List<RowData> rows;
  private int next;

  @Setup
  public void setUp() {
    converter = RowDataElementConverter.builder(ROW_TYPE, TableKeySchema.of("id", null)).build();
    rows = new ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      rows.add(
          GenericRowData.of(
              (long) i,
              StringData.fromString("name-" + i),
              DecimalData.fromBigDecimal(new BigDecimal(i).movePointLeft(2), 12, 2),
              i / 7.0,
              TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 5, 1, 10, 15).plusSeconds(i)),
              new GenericArrayData(
                  new Object[] {StringData.fromString("a"), StringData.fromString("b" + i)})));
    }
  }

  private RowData nextRow() {
    RowData row = rows.get(next);
    next = (next + 1) & 1023;
    return row;
  }

  @Benchmark
  public Object ours() {
    return converter.convert(nextRow());
  }

  @Benchmark
  public Object baseline() {
    RowData row = nextRow();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", AttributeValue.fromN(Long.toString(row.getLong(0))));
    item.put("name", AttributeValue.fromS(row.getString(1).toString()));
    item.put(
        "price", AttributeValue.fromN(row.getDecimal(2, 12, 2).toBigDecimal().toPlainString()));
    item.put("score", AttributeValue.fromN(Double.toString(row.getDouble(3))));
    item.put(
        "updated_at", AttributeValue.fromS(row.getTimestamp(4, 6).toLocalDateTime().toString()));
    List<AttributeValue> tags = new ArrayList<>();
    for (int i = 0; i < row.getArray(5).size(); i++) {
      tags.add(AttributeValue.fromS(row.getArray(5).getString(i).toString()));
    }
    item.put("tags", AttributeValue.fromL(tags));
    return item;
  }

  public static void main(String[] args) throws Exception {
    double ours = 0;
    double baseline = 0;
    for (RunResult result :
        new Runner(
                new OptionsBuilder().include(RowDataToItemBenchmark.class.getName() + ".*").build())
            .run()) {
      double score = result.getPrimaryResult().getScore();
      if (result.getParams().getBenchmark().endsWith(".ours")) {
        ours = score;
      } else {
        baseline = score;
      }
    }
    System.out.println(
        Comparison.line(
            "rowdata-to-item",
            new Comparison.Measurement(Math.round(ours), 1_000_000_000L),
            new Comparison.Measurement(Math.round(baseline), 1_000_000_000L)));
  }
}
