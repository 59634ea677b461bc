package dev.floe.core.conversion.iceberg;

import dev.floe.core.conversion.ConversionException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Builds an Iceberg {@link PartitionSpec} from configuration entries such as {@code [year, month,
 * day]}, {@code day(ts)}, {@code bucket[16](id)} or {@code truncate(4, name)}. The accepted forms,
 * the rules and the errors are documented in {@code docs/partitioning.md}.
 */
public final class PartitionSpecs {
  private PartitionSpecs() {}

  /**
   * Parses partition entries against a schema. Transform names are case-insensitive and may be
   * plural ({@code days(ts)}); column names are case-sensitive and may be dotted paths through
   * structs ({@code address.city}). Bare time granularities ({@code year}, {@code month}, {@code
   * day}, {@code hour}) apply to {@code defaultTimeColumn} and collapse to the finest one listed,
   * since Iceberg allows one time transform per column and the finest determines the others.
   *
   * @param schema the table schema
   * @param entries the entries in partition order; null or empty means unpartitioned
   * @param defaultTimeColumn the column bare granularities apply to; may be null
   * @return the spec, validated by Iceberg's own builder
   * @throws ConversionException naming the entry and the column when an entry is malformed, names
   *     an unknown transform or column, does not fit the column's type, or repeats or conflicts
   *     with another entry
   */
  public static PartitionSpec parse(Schema schema, List<String> entries, String defaultTimeColumn) {
    Objects.requireNonNull(schema, "schema");
    List<Resolved> resolved = new ArrayList<>();
    if (entries != null) {
      for (String text : entries) {
        resolved.add(resolve(schema, PartitionEntry.parse(text), defaultTimeColumn));
      }
    }
    List<Resolved> fields = collapseGranularities(resolved);
    checkConflicts(fields);

    PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
    for (Resolved field : fields) {
      try {
        field.entry.transform().addTo(builder, field.column, field.entry.parameter());
      } catch (RuntimeException e) {
        // Iceberg's own checks, e.g. a partition name that collides with a column name.
        throw new ConversionException(
            String.format(
                "Cannot parse partition entry '%s': Iceberg rejects %s: %s",
                field.entry.text(), field.render(), e.getMessage()),
            e);
      }
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new ConversionException(
          String.format("Cannot build a partition spec from %s: %s", entries, e.getMessage()), e);
    }
  }

  /** An entry with its source column found and checked. */
  private record Resolved(PartitionEntry entry, String column, int sourceId, boolean bare) {
    String render() {
      return entry.render(column);
    }

    /** How the entry reads in a message: bare words also name the column they apply to. */
    String describe() {
      return bare
          ? String.format("'%s' (%s on the default time column)", entry.text().strip(), render())
          : "'" + entry.text().strip() + "'";
    }
  }

  private static Resolved resolve(Schema schema, PartitionEntry entry, String defaultTimeColumn) {
    if (!entry.isBare()) {
      return checked(schema, entry, entry.column(), false);
    }
    String word = entry.column();
    PartitionTransform granularity = PartitionTransform.granularity(word);
    boolean isColumn = schema.asStruct().field(word) != null;
    String timeColumn =
        defaultTimeColumn == null || defaultTimeColumn.isBlank() ? null : defaultTimeColumn.strip();
    if (granularity != null && timeColumn != null) {
      if (isColumn) {
        throw PartitionEntry.invalid(
            entry.text(),
            String.format(
                "ambiguous: '%s' is both a time granularity for the default time column '%s' and"
                    + " a column name; write %s(%s) or identity(%s)",
                word, timeColumn, granularity.label(), timeColumn, word));
      }
      PartitionEntry timeEntry = new PartitionEntry(entry.text(), granularity, 0, timeColumn);
      return checked(schema, timeEntry, timeColumn, true);
    }
    if (granularity != null && !isColumn) {
      throw PartitionEntry.invalid(
          entry.text(),
          String.format(
              "a bare time granularity applies to the default time column, but none is"
                  + " configured; write %s(column)",
              granularity.label()));
    }
    PartitionEntry identity =
        new PartitionEntry(entry.text(), PartitionTransform.IDENTITY, 0, word);
    return checked(schema, identity, word, false);
  }

  private static Resolved checked(
      Schema schema, PartitionEntry entry, String columnName, boolean bare) {
    Types.NestedField column = findColumn(schema, entry, columnName, bare);
    PartitionTransform transform = entry.transform();
    if (!transform.accepts(column.type())) {
      throw PartitionEntry.invalid(
          entry.text(),
          String.format(
              "transform %s needs %s column, but column '%s' is %s",
              transform.label(), transform.acceptedText(), columnName, column.type()));
    }
    // The canonical name, so "address . city" reaches Iceberg's builder as "address.city".
    return new Resolved(entry, schema.findColumnName(column.fieldId()), column.fieldId(), bare);
  }

  /** Finds a column by name or by a dotted path through structs (never into lists or maps). */
  private static Types.NestedField findColumn(
      Schema schema, PartitionEntry entry, String name, boolean defaultColumn) {
    Types.StructType struct = schema.asStruct();
    Types.NestedField whole = struct.field(name);
    if (whole != null) {
      return whole;
    }
    String what = defaultColumn ? "default time column" : "column";
    String[] path = name.split("\\.", -1);
    String walked = "";
    Types.NestedField field = null;
    for (int i = 0; i < path.length; i += 1) {
      if (i > 0) {
        if (!field.type().isStructType()) {
          throw PartitionEntry.invalid(
              entry.text(),
              String.format(
                  "%s '%s' goes through '%s', which is %s, not a struct; partition sources must be"
                      + " reached through structs only",
                  what, name, walked, field.type()));
        }
        struct = field.type().asStructType();
      }
      field = struct.field(path[i].strip());
      if (field == null) {
        throw PartitionEntry.invalid(entry.text(), unknownColumn(what, name, walked, struct));
      }
      walked = walked.isEmpty() ? field.name() : walked + "." + field.name();
    }
    return field;
  }

  private static String unknownColumn(
      String what, String name, String parent, Types.StructType struct) {
    List<String> names = struct.fields().stream().map(Types.NestedField::name).toList();
    String hint = "";
    String last = name.substring(name.lastIndexOf('.') + 1).strip();
    for (String candidate : names) {
      if (candidate.toLowerCase(Locale.ROOT).equals(last.toLowerCase(Locale.ROOT))) {
        hint = String.format(" (column names are case-sensitive: did you mean '%s'?)", candidate);
      }
    }
    return parent.isEmpty()
        ? String.format(
            "unknown %s '%s'; available top-level columns: %s%s", what, name, names, hint)
        : String.format("unknown %s '%s'; columns of '%s': %s%s", what, name, parent, names, hint);
  }

  /**
   * Bare granularities ({@code [year, month, day]}) become the finest one, in the place of the
   * first: it determines the coarser ones, and Iceberg still prunes year and month filters with it.
   */
  private static List<Resolved> collapseGranularities(List<Resolved> resolved) {
    Resolved finest = null;
    Map<PartitionTransform, Resolved> seen = new EnumMap<>(PartitionTransform.class);
    for (Resolved field : resolved) {
      if (field.bare) {
        Resolved previous = seen.putIfAbsent(field.entry.transform(), field);
        if (previous != null) {
          throw duplicate(field, previous);
        }
        if (finest == null
            || field.entry.transform().timeRank() > finest.entry.transform().timeRank()) {
          finest = field;
        }
      }
    }
    List<Resolved> result = new ArrayList<>();
    boolean placed = false;
    for (Resolved field : resolved) {
      if (!field.bare) {
        result.add(field);
      } else if (!placed) {
        result.add(finest);
        placed = true;
      }
    }
    return result;
  }

  private static void checkConflicts(List<Resolved> fields) {
    Map<String, Resolved> seen = new HashMap<>();
    for (Resolved field : fields) {
      PartitionTransform transform = field.entry.transform();
      // Iceberg allows one time transform per column; the others are one per kind.
      String family = transform.isTime() ? "time" : transform.label();
      Resolved previous = seen.putIfAbsent(field.sourceId + "/" + family, field);
      if (previous == null) {
        continue;
      }
      if (previous.entry.transform() == transform
          && previous.entry.parameter() == field.entry.parameter()) {
        throw duplicate(field, previous);
      }
      if (transform.isTime()) {
        Resolved finer =
            transform.timeRank() > previous.entry.transform().timeRank() ? field : previous;
        throw new ConversionException(
            String.format(
                "Cannot parse partition entries %s and %s: both partition column '%s' by time,"
                    + " but Iceberg allows one time transform per column; keep only the finest,"
                    + " %s, which also serves filters on the coarser ones",
                previous.describe(), field.describe(), field.column, finer.render()));
      }
      throw new ConversionException(
          String.format(
              "Cannot parse partition entries %s and %s: both partition column '%s' by %s;"
                  + " keep one",
              previous.describe(), field.describe(), field.column, transform.label()));
    }
  }

  private static ConversionException duplicate(Resolved field, Resolved previous) {
    return PartitionEntry.invalid(
        field.entry.text(),
        String.format(
            "it repeats %s: column '%s' is already partitioned by %s",
            previous.describe(), field.column, previous.render()));
  }
}
