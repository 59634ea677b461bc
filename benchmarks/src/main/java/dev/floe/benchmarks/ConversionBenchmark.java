package dev.floe.benchmarks;

import dev.floe.core.conversion.ItemConverter;
import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.conversion.LogicalTypes;
import dev.floe.core.conversion.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The conversion layer against hand-written AWS SDK code that builds and reads the same items: what
 * the typed, checked conversion costs per item. Prints one {@code ratio=} line per direction.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> dev.floe.benchmarks.ConversionBenchmark [items]}.
 */
public final class ConversionBenchmark {
  private static final LogicalSchema SCHEMA =
      LogicalSchema.of(
          List.of(
              LogicalTypes.required("id", LogicalTypes.STRING),
              LogicalTypes.nullable("count", LogicalTypes.BIGINT),
              LogicalTypes.nullable("price", LogicalTypes.decimal(12, 2)),
              LogicalTypes.nullable("score", LogicalTypes.DOUBLE),
              LogicalTypes.nullable("updated_at", LogicalTypes.TIMESTAMP_LTZ),
              LogicalTypes.nullable("tags", LogicalTypes.list(LogicalTypes.STRING)),
              LogicalTypes.nullable(
                  "address",
                  LogicalTypes.struct(
                      LogicalTypes.nullable("city", LogicalTypes.STRING),
                      LogicalTypes.nullable("zip", LogicalTypes.STRING)))),
          List.of("id"));

  private ConversionBenchmark() {}

  public static void main(String[] args) {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    List<Row> rows = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      rows.add(
          Row.of(
              "item-" + i,
              (long) i,
              new BigDecimal(i).movePointLeft(2),
              i / 7.0,
              Instant.ofEpochSecond(1_700_000_000L + i, 123_000),
              List.of("a", "b" + i),
              Row.of("Berlin", "10115")));
    }
    ItemConverter converter = ItemConverter.of(SCHEMA);
    List<Map<String, AttributeValue>> converted = new ArrayList<>(items);
    rows.forEach(row -> converted.add(converter.toItem(row)));

    // One iteration converts one item, so the rates are items per second.
    Comparison comparison = new Comparison(2 * items, 5 * items);
    System.out.println(
        bestOf(
            comparison,
            "row-to-item",
            cycling(rows, converter::toItem),
            cycling(rows, ConversionBenchmark::handWrittenItem)));
    System.out.println(
        bestOf(
            comparison,
            "item-to-row",
            cycling(converted, converter::toRow),
            cycling(converted, ConversionBenchmark::handWrittenRow)));
  }

  /**
   * Alternates ours and the baseline over several rounds and compares the best round of each, so
   * JIT compilation and garbage collection in one round do not decide the ratio.
   */
  private static String bestOf(
      Comparison comparison, String caseName, Runnable ours, Runnable baseline) {
    Comparison.Measurement bestOurs = null;
    Comparison.Measurement bestBaseline = null;
    for (int round = 0; round < ROUNDS; round++) {
      Comparison.Measurement o = comparison.measure(ours);
      Comparison.Measurement b = comparison.measure(baseline);
      bestOurs = bestOurs == null || o.elapsedNanos() < bestOurs.elapsedNanos() ? o : bestOurs;
      bestBaseline =
          bestBaseline == null || b.elapsedNanos() < bestBaseline.elapsedNanos() ? b : bestBaseline;
    }
    return Comparison.line(caseName, bestOurs, bestBaseline);
  }

  private static final int ROUNDS = 5;

  /** A body that converts the next element of {@code inputs} each time it runs. */
  private static <T> Runnable cycling(List<T> inputs, java.util.function.Function<T, ?> convert) {
    int[] next = {0};
    return () -> {
      convert.apply(inputs.get(next[0]));
      next[0] = next[0] + 1 == inputs.size() ? 0 : next[0] + 1;
    };
  }

  /** What a user writes with the SDK alone for the same row (no type or range checks). */
  private static Map<String, AttributeValue> handWrittenItem(Row row) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", AttributeValue.fromS((String) row.get(0)));
    item.put("count", AttributeValue.fromN(Long.toString((Long) row.get(1))));
    item.put("price", AttributeValue.fromN(row.get(2).toString()));
    item.put("score", AttributeValue.fromN(Double.toString((Double) row.get(3))));
    item.put(
        "updated_at",
        AttributeValue.fromS(DateTimeFormatter.ISO_INSTANT.format((Instant) row.get(4))));
    List<AttributeValue> tags = new ArrayList<>();
    for (Object tag : (List<?>) row.get(5)) {
      tags.add(AttributeValue.fromS((String) tag));
    }
    item.put("tags", AttributeValue.fromL(tags));
    Row address = (Row) row.get(6);
    item.put(
        "address",
        AttributeValue.fromM(
            Map.of(
                "city", AttributeValue.fromS((String) address.get(0)),
                "zip", AttributeValue.fromS((String) address.get(1)))));
    return item;
  }

  /** What a user writes with the SDK alone to read the same item back. */
  private static Row handWrittenRow(Map<String, AttributeValue> item) {
    List<Object> tags = new ArrayList<>();
    for (AttributeValue tag : item.get("tags").l()) {
      tags.add(tag.s());
    }
    Map<String, AttributeValue> address = item.get("address").m();
    return Row.of(
        item.get("id").s(),
        Long.parseLong(item.get("count").n()),
        new BigDecimal(item.get("price").n()),
        Double.parseDouble(item.get("score").n()),
        Instant.parse(item.get("updated_at").s()),
        tags,
        Row.of(address.get("city").s(), address.get("zip").s()));
  }
}
