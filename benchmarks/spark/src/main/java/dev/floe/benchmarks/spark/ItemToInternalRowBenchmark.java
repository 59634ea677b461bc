package dev.floe.benchmarks.spark;

import dev.floe.benchmarks.Comparison;
import dev.floe.spark.dynamodb.read.ItemRowConverter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
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
 * JMH: DynamoDB item to Spark {@code InternalRow}, through the read path's {@link ItemRowConverter}
 * (type-checked and exact, docs/type-mapping.md; what every scanned item goes through) against
 * hand-written code for the same six-column item that trusts its types and reads each attribute
 * straight into Spark's internal form. Prints {@code item-to-internalrow: ours=<items>/s
 * baseline=<items>/s ratio=<ours/baseline>} after JMH's own table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ItemToInternalRowBenchmark {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("name", DataTypes.StringType)
          .add("price", DataTypes.createDecimalType(12, 2))
          .add("score", DataTypes.DoubleType)
          .add("updated_at", DataTypes.TimestampType)
          .add("tags", DataTypes.createArrayType(DataTypes.StringType));

  private ItemRowConverter converter;
  private List<Map<String, AttributeValue>> items;
  private int next;

  @Setup
  public void setUp() {
    converter = ItemRowConverter.of(SCHEMA, List.of("id"));
    items = new ArrayList<>();
    Instant start = Instant.parse("2024-05-01T10:15:00Z");
    for (int i = 0; i < 1024; i++) {
      items.add(
          Map.of(
              "id", AttributeValue.fromN(Integer.toString(i)),
              "name", AttributeValue.fromS("name-" + i),
              "price", AttributeValue.fromN(new BigDecimal(i).movePointLeft(2).toPlainString()),
              "score", AttributeValue.fromN(Double.toString(i / 7.0)),
              "updated_at", AttributeValue.fromS(start.plusSeconds(i).toString()),
              "tags",
                  AttributeValue.fromL(
                      List.of(AttributeValue.fromS("a"), AttributeValue.fromS("b" + i)))));
    }
  }

  private Map<String, AttributeValue> nextItem() {
    Map<String, AttributeValue> item = items.get(next);
    next = (next + 1) & 1023;
    return item;
  }

  @Benchmark
  public InternalRow ours() {
    return converter.toRow(nextItem());
  }

  @Benchmark
  public InternalRow baseline() {
    Map<String, AttributeValue> item = nextItem();
    List<AttributeValue> tags = item.get("tags").l();
    Object[] elements = new Object[tags.size()];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = UTF8String.fromString(tags.get(i).s());
    }
    return new GenericInternalRow(
        new Object[] {
          Long.parseLong(item.get("id").n()),
          UTF8String.fromString(item.get("name").s()),
          Decimal.apply(new BigDecimal(item.get("price").n()), 12, 2),
          Double.parseDouble(item.get("score").n()),
          ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(item.get("updated_at").s())),
          new GenericArrayData(elements)
        });
  }

  public static void main(String[] args) throws Exception {
    double ours = 0;
    double baseline = 0;
    for (RunResult result :
        new Runner(
                new OptionsBuilder()
                    .include(ItemToInternalRowBenchmark.class.getName() + ".*")
                    .build())
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
            "item-to-internalrow",
            new Comparison.Measurement(Math.round(ours), 1_000_000_000L),
            new Comparison.Measurement(Math.round(baseline), 1_000_000_000L)));
  }
}
