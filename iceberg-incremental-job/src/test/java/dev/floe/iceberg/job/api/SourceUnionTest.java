package dev.floe.iceberg.job.api;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The columns read() returns for several sources, and records copied into them. */
class SourceUnionTest {
  private static final Schema A =
      new Schema(
          required(1, "id", Types.StringType.get()),
          optional(2, "count", Types.IntegerType.get()),
          optional(3, "address", Types.StructType.of(required(4, "city", Types.StringType.get()))));
  private static final Schema B =
      new Schema(
          required(1, "id", Types.StringType.get()),
          optional(
              2,
              "address",
              Types.StructType.of(
                  required(3, "city", Types.StringType.get()),
                  optional(4, "zip", Types.StringType.get()))),
          optional(5, "count", Types.LongType.get()),
          optional(6, "note", Types.StringType.get()));

  @Test
  void columnsAreUnitedByNameWidenedAndOptional() {
    Schema union = SourceUnion.of(List.of("db.a", "db.b"), List.of(A, B));

    assertThat(union.asStruct())
        .isEqualTo(
            Types.StructType.of(
                optional(1, "id", Types.StringType.get()),
                optional(2, "count", Types.LongType.get()),
                optional(
                    3,
                    "address",
                    Types.StructType.of(
                        required(5, "city", Types.StringType.get()),
                        optional(6, "zip", Types.StringType.get()))),
                optional(4, "note", Types.StringType.get())));
  }

  @Test
  void aRecordIsCopiedByNameAndWidened() {
    Schema union = SourceUnion.of(List.of("db.a", "db.b"), List.of(A, B));
    Record address = GenericRecord.create(A.findType("address").asStructType());
    address.setField("city", "Graz");
    Record record = GenericRecord.create(A);
    record.setField("id", "1");
    record.setField("count", 7);
    record.setField("address", address);

    Record copy = ByNameCopy.copy(record, union.asStruct(), "a record of db.a");

    assertThat(copy.getField("count")).isEqualTo(7L);
    assertThat(((Record) copy.getField("address")).getField("city")).isEqualTo("Graz");
    assertThat(((Record) copy.getField("address")).getField("zip")).isNull();
    assertThat(copy.getField("note")).isNull();
  }

  @Test
  void typesThatDoNotWidenAreRefusedNamingTheColumnAndBothSources() {
    Schema text = new Schema(optional(1, "count", Types.StringType.get()));

    assertThatThrownBy(() -> SourceUnion.of(List.of("db.a", "db.c"), List.of(A, text)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read source tables db.a and db.c together: column 'count' is int in db.a and"
                + " string in db.c, and neither type widens into the other. Give the column the"
                + " same type in every source.");
  }
}
