package dev.floe.iceberg.job.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The target lookup finds a target row by its index value's probe, made from the target row, in a
 * map keyed by the probes of the run's records, made from their Iceberg values: the two must be
 * equal, with equal hash codes, for every index type, or a record would miss the row it replaces.
 */
class IndexKeyProbeTest {
  record Case(LogicalType type, Object value, Object other) {}

  static List<Case> cases() {
    return List.of(
        new Case(new VarCharType(VarCharType.MAX_LENGTH), text("order-7"), text("order-8")),
        new Case(new BigIntType(), 7L, 8L),
        new Case(new IntType(), 7, 8),
        new Case(new DateType(), 20_000, 20_001),
        new Case(
            new DecimalType(10, 2),
            DecimalData.fromBigDecimal(new BigDecimal("7.10"), 10, 2),
            DecimalData.fromBigDecimal(new BigDecimal("7.11"), 10, 2)),
        new Case(new VarBinaryType(16), new byte[] {1, 2, 3}, new byte[] {1, 2, 4}));
  }

  private static StringData text(String text) {
    return StringData.fromString(text);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aTargetRowsProbeEqualsTheProbeOfTheRecordsIcebergValue(Case c) {
    RowType type = RowType.of(c.type());
    IndexKey index = IndexKey.of(type, "f0");
    // The run's record arrives as a binary row after the shuffle; the target row is read as-is.
    RowData record = new RowDataSerializer(type).toBinaryRow(GenericRowData.of(c.value()));
    RowData targetRow = GenericRowData.of(c.value());
    RowData otherRow = GenericRowData.of(c.other());

    Object wanted = index.probeOf(index.icebergValue(record));

    assertThat(index.probe(targetRow)).isEqualTo(wanted).hasSameHashCodeAs(wanted);
    assertThat(index.probe(otherRow)).isNotEqualTo(wanted);
  }
}
