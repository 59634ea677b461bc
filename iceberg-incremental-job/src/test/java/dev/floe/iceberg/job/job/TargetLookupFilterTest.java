package dev.floe.iceberg.job.job;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter of the target lookup prunes files and row groups, so it must let through every key of
 * the lookup: a key it shuts out would be taken for a key the target does not hold.
 */
class TargetLookupFilterTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.StringType.get()),
          optional(2, "updated_at", Types.TimestampType.withoutZone()));

  @TempDir Path dir;
  private Table table;
  private TargetLookup lookup;

  @BeforeEach
  void open() {
    table = new LocalWarehouse(dir).create(TableIdentifier.of("db", "target"), SCHEMA);
    lookup =
        new TargetLookup(
            table, FlinkSchemaUtil.convert(SCHEMA), "id", List.of("updated_at"), List.of(), false);
  }

  private static List<Object> keys(int count, long seed) {
    Random random = new Random(seed);
    List<Object> keys = new ArrayList<>();
    while (keys.size() < count) {
      String key = "key-" + random.nextInt(1_000_000);
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static boolean matches(Expression filter, String id) {
    Record row = GenericRecord.create(SCHEMA);
    row.setField("id", id);
    return new Evaluator(SCHEMA.asStruct(), filter).eval(row);
  }

  @Test
  void upToOneInListTheFilterIsAnInListThatBloomFiltersCanAnswer() {
    List<Object> keys = keys(TargetLookup.BLOOM_KEYS, 1);

    Expression filter = lookup.filter(keys);

    assertThat(filter.op()).isEqualTo(Expression.Operation.IN);
    assertThat(keys).allMatch(key -> matches(filter, (String) key));
    assertThat(matches(filter, "key-not-looked-up")).isFalse();
  }

  @Test
  void beyondOneInListRangesOfTheSortedKeysLetEveryKeyThrough() {
    List<Object> keys = keys(5_000, 2);
    Collections.shuffle(keys, new Random(3)); // keys arrive in no particular order

    Expression filter = lookup.filter(keys);

    assertThat(filter.op()).isEqualTo(Expression.Operation.OR);
    assertThat(keys).allMatch(key -> matches(filter, (String) key));
    List<String> sorted = new ArrayList<>();
    keys.forEach(key -> sorted.add((String) key));
    Collections.sort(sorted);
    assertThat(matches(filter, sorted.get(0).substring(0, 4))).as("before the first").isFalse();
    assertThat(matches(filter, sorted.get(sorted.size() - 1) + "0")).as("after the last").isFalse();
  }
}
