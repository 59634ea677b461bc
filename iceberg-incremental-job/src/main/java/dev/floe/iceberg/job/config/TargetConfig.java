package dev.floe.iceberg.job.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code connector.target}: the Iceberg table the job writes.
 *
 * @param database the Iceberg namespace of the target table
 * @param table the target table name
 * @param indexField the column that identifies a record in the target
 * @param datetimeField the target's timestamp column; bare time granularities in {@code
 *     partitionBy} ({@code year}, {@code month}, {@code day}, {@code hour}) apply to it
 * @param location where a newly created table keeps its files; null for the catalog's default
 * @param partitionBy partition entries as written, in order ({@code day}, {@code bucket[16](id)});
 *     empty for an unpartitioned table. Only checked for emptiness here: {@code
 *     dev.floe.core.conversion.iceberg.PartitionSpecs.parse} checks them against the schema.
 * @param writeMode whether a newer record adds a row or replaces one
 */
public record TargetConfig(
    String database,
    String table,
    String indexField,
    String datetimeField,
    String location,
    List<String> partitionBy,
    WriteMode writeMode)
    implements Serializable {

  static final String PATH = "connector.target";

  public TargetConfig {
    JobConfigException.requireText(
        database, PATH + ".database", "database", "the Iceberg namespace of the target table");
    JobConfigException.requireText(
        table, PATH + ".table", "table", "the name of the Iceberg table to write");
    JobConfigException.requireText(
        indexField, PATH + ".index_field", "index_field", SourceTableConfig.INDEX_FIELD_MEANING);
    JobConfigException.requireText(
        datetimeField,
        PATH + ".datetime_field",
        "datetime_field",
        "the target's timestamp column, e.g. processed_at");
    JobConfigException.optionalText(
        location, PATH + ".location", "the table's location, e.g. s3://bucket/path");
    if (partitionBy == null) {
      partitionBy = List.of();
    }
    for (int i = 0; i < partitionBy.size(); i++) {
      String entry = partitionBy.get(i);
      if (entry == null || entry.isBlank()) {
        throw new JobConfigException(
            PATH + ".partition_by[" + i + "]",
            "is empty. Write a partition entry such as day, day(updated_at) or bucket[16](id), or"
                + " remove the list item.");
      }
    }
    partitionBy = List.copyOf(partitionBy);
    if (writeMode == null) {
      throw new JobConfigException(PATH + ".write_mode", "is missing. Set it to append or upsert.");
    }
  }

  /** {@code database.table}, as messages name the table. */
  public String qualifiedName() {
    return database + "." + table;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .database(database)
        .table(table)
        .indexField(indexField)
        .datetimeField(datetimeField)
        .location(location)
        .partitionBy(partitionBy)
        .writeMode(writeMode);
  }

  /** Builds a target; unpartitioned and {@link WriteMode#APPEND} unless set. */
  public static final class Builder {
    private String database;
    private String table;
    private String indexField;
    private String datetimeField;
    private String location;
    private List<String> partitionBy = List.of();
    private WriteMode writeMode = WriteMode.APPEND;

    private Builder() {}

    public Builder database(String database) {
      this.database = database;
      return this;
    }

    public Builder table(String table) {
      this.table = table;
      return this;
    }

    public Builder indexField(String indexField) {
      this.indexField = indexField;
      return this;
    }

    public Builder datetimeField(String datetimeField) {
      this.datetimeField = datetimeField;
      return this;
    }

    public Builder location(String location) {
      this.location = location;
      return this;
    }

    public Builder partitionBy(List<String> partitionBy) {
      // A copy that keeps nulls, so that build() reports them with their index.
      this.partitionBy = partitionBy == null ? null : new ArrayList<>(partitionBy);
      return this;
    }

    public Builder partitionBy(String... partitionBy) {
      return partitionBy(Arrays.asList(partitionBy));
    }

    public Builder writeMode(WriteMode writeMode) {
      this.writeMode = writeMode;
      return this;
    }

    /**
     * @throws JobConfigException when a required key is missing or empty, or a partition entry is
     *     empty
     */
    public TargetConfig build() {
      return new TargetConfig(
          database, table, indexField, datetimeField, location, partitionBy, writeMode);
    }
  }
}
