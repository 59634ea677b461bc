package dev.floe.iceberg.job.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ScanTaskParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads one planned file scan task of an Iceberg source (see {@code IcebergSourcePlanner}) into
 * Iceberg generic records, in one JVM and without Flink: the source's position and equality deletes
 * are applied, and so is the task's residual filter (the time filter).
 */
final class SourceTaskReader {
  private final Table source;

  SourceTaskReader(Table source) {
    this.source = source;
  }

  /** The planned tasks ({@code ScanTaskParser} JSON, as the planner writes them), in plan order. */
  static List<FileScanTask> parse(List<String> tasks) {
    List<FileScanTask> parsed = new ArrayList<>();
    for (String task : tasks) {
      parsed.add(ScanTaskParser.fromJson(task, true));
    }
    return parsed;
  }

  /**
   * Hands every live record of the task, in the source's current schema (plus metadata columns the
   * delete filter needed, which callers ignore), to {@code out}.
   */
  void read(FileScanTask task, Consumer<Record> out) {
    Schema schema = source.schema();
    GenericDeleteFilter deletes = new GenericDeleteFilter(source.io(), task, schema, schema);
    Schema required = deletes.requiredSchema();
    ReadBuilder<Record, Object> builder =
        FormatModelRegistry.<Record, Object>readBuilder(
                task.file().format(), Record.class, source.io().newInputFile(task.file()))
            .project(required)
            .idToConstant(
                PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant))
            .split(task.start(), task.length())
            .caseSensitive(true)
            .filter(task.residual());
    String nameMapping = source.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    if (nameMapping != null) {
      builder = builder.withNameMapping(NameMappingParser.fromJson(nameMapping));
    }
    Expression residual = task.residual();
    Evaluator evaluator =
        residual == null || residual == Expressions.alwaysTrue()
            ? null
            : new Evaluator(required.asStruct(), residual, true);
    // Readers prune row groups by the residual; single rows are checked here.
    InternalRecordWrapper wrapper = new InternalRecordWrapper(required.asStruct());
    try (CloseableIterable<Record> records = deletes.filter(builder.build())) {
      for (Record record : records) {
        if (evaluator == null || evaluator.eval(wrapper.wrap(record))) {
          out.accept(record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read " + task.file().location() + " of source table " + source.name(), e);
    }
  }
}
