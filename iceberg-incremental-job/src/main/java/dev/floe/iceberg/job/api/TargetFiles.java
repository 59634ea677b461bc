package dev.floe.iceberg.job.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.formats.FileWriterBuilder;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Writes a write call's rows and upsert deletes as files of the target, one data file and one
 * equality delete file per partition, without committing them. A delete row carries the partition
 * source values of the row it deletes, so it lands in that row's partition (Iceberg applies an
 * equality delete only within its partition). If writing fails, the files written so far are
 * deleted.
 */
final class TargetFiles {
  private final Table target;
  private final PartitionSpec spec;
  private final FileFormat format;
  private final OutputFileFactory files;
  private final MetricsConfig metrics;
  private final int[] equalityFieldIds;
  private final Schema deleteSchema;
  private final List<ContentFile<?>> written = new ArrayList<>();

  /**
   * @param deleteSchema the columns of delete rows (the equality fields); null in append mode
   */
  TargetFiles(Table target, List<Integer> equalityFieldIds, Schema deleteSchema) {
    this.target = target;
    this.spec = target.spec();
    this.format =
        FileFormat.fromString(
            target
                .properties()
                .getOrDefault(
                    TableProperties.DEFAULT_FILE_FORMAT,
                    TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    this.files = OutputFileFactory.builderFor(target, 0, 0).format(format).build();
    this.metrics = MetricsConfig.forTable(target);
    this.equalityFieldIds = equalityFieldIds.stream().mapToInt(Integer::intValue).toArray();
    this.deleteSchema = deleteSchema;
  }

  /** The data files of {@code rows} (target schema) and the delete files of {@code deletes}. */
  Written write(List<Record> rows, List<Record> deletes) {
    try {
      List<DataFile> dataFiles = new ArrayList<>();
      for (Map.Entry<StructLike, List<Record>> partition :
          byPartition(rows, target.schema()).entrySet()) {
        dataFiles.add(writeData(partition.getKey(), partition.getValue()));
      }
      List<DeleteFile> deleteFiles = new ArrayList<>();
      if (!deletes.isEmpty()) {
        for (Map.Entry<StructLike, List<Record>> partition :
            byPartition(deletes, deleteSchema).entrySet()) {
          deleteFiles.add(writeDeletes(partition.getKey(), partition.getValue()));
        }
      }
      return new Written(dataFiles, deleteFiles);
    } catch (IOException | RuntimeException e) {
      for (ContentFile<?> file : written) {
        target.io().deleteFile(file.location());
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Cannot write files of target " + target.name(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /** The files of one write. */
  record Written(List<DataFile> dataFiles, List<DeleteFile> deleteFiles) {}

  private Map<StructLike, List<Record>> byPartition(List<Record> records, Schema schema) {
    Map<StructLike, List<Record>> partitions = new LinkedHashMap<>();
    PartitionKey key = new PartitionKey(spec, schema);
    // Partition transforms take Iceberg's internal values (micros, days), not LocalDateTime.
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    for (Record record : records) {
      key.partition(wrapper.wrap(record));
      partitions.computeIfAbsent(key.copy(), k -> new ArrayList<>()).add(record);
    }
    return partitions;
  }

  private EncryptedOutputFile newFile(StructLike partition) {
    return spec.isUnpartitioned() ? files.newOutputFile() : files.newOutputFile(spec, partition);
  }

  private DataFile writeData(StructLike partition, List<Record> rows) throws IOException {
    FileWriterBuilder<DataWriter<Record>, Object> builder =
        FormatModelRegistry.<Record, Object>dataWriteBuilder(
                format, Record.class, newFile(partition))
            .schema(target.schema())
            .spec(spec)
            .setAll(target.properties())
            .metricsConfig(metrics);
    DataWriter<Record> writer =
        (spec.isUnpartitioned() ? builder : builder.partition(partition)).build();
    try (writer) {
      rows.forEach(writer::write);
    }
    DataFile file = writer.toDataFile();
    written.add(file);
    return file;
  }

  private DeleteFile writeDeletes(StructLike partition, List<Record> rows) throws IOException {
    FileWriterBuilder<EqualityDeleteWriter<Record>, Object> builder =
        FormatModelRegistry.<Record, Object>equalityDeleteWriteBuilder(
                format, Record.class, newFile(partition))
            .schema(deleteSchema)
            .spec(spec)
            .equalityFieldIds(equalityFieldIds)
            .setAll(target.properties())
            .metricsConfig(metrics);
    EqualityDeleteWriter<Record> writer =
        (spec.isUnpartitioned() ? builder : builder.partition(partition)).build();
    try (writer) {
      rows.forEach(writer::write);
    }
    DeleteFile file = writer.toDeleteFile();
    written.add(file);
    return file;
  }
}
