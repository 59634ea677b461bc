package dev.floe.iceberg.job.config;

import java.io.Serializable;

/**
 * One source table of {@code connector.source.tables}. Its key paths are relative to the table
 * entry ({@code index_field}); the parser places errors under {@code connector.source.tables[i]}.
 *
 * @param type where the table lives; the section's {@code type} unless the entry overrides it
 * @param database the Iceberg namespace; required for Iceberg tables, ignored for DynamoDB tables
 *     (whose names are unique per region) and null when absent
 * @param table the Iceberg or DynamoDB table name
 * @param indexField the column that identifies a record: versions with equal values are one record
 * @param datetimeField the column that orders versions of a record: the greatest value is newest
 */
public record SourceTableConfig(
    SourceType type, String database, String table, String indexField, String datetimeField)
    implements Serializable {

  static final String INDEX_FIELD_MEANING = "the column that identifies a record, e.g. id";

  public SourceTableConfig {
    if (type == null) {
      throw new JobConfigException("type", "is missing. Set it to iceberg or dynamodb.");
    }
    if (type == SourceType.ICEBERG) {
      if (database == null) {
        throw new JobConfigException(
            "database",
            "is missing. An iceberg source table needs the namespace that holds it: add database:"
                + " <namespace>, or add type: dynamodb if table names a DynamoDB table.");
      }
      JobConfigException.requireText(
          database, "database", "database", "the Iceberg namespace that holds the table");
    }
    JobConfigException.requireText(
        table,
        "table",
        "table",
        type == SourceType.ICEBERG
            ? "the name of the Iceberg table to read"
            : "the name of the DynamoDB table to read");
    JobConfigException.requireText(indexField, "index_field", "index_field", INDEX_FIELD_MEANING);
    JobConfigException.requireText(
        datetimeField,
        "datetime_field",
        "datetime_field",
        "the column that orders versions of a record, e.g. updated_at");
  }

  /**
   * The table as messages and the job's bookkeeping name it: {@code database.table} for Iceberg,
   * the bare table name for DynamoDB.
   */
  public String qualifiedName() {
    return type == SourceType.ICEBERG ? database + "." + table : table;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .type(type)
        .database(database)
        .table(table)
        .indexField(indexField)
        .datetimeField(datetimeField);
  }

  /** Builds a source table; {@code type} defaults to {@link SourceType#ICEBERG}. */
  public static final class Builder {
    private SourceType type = SourceType.ICEBERG;
    private String database;
    private String table;
    private String indexField;
    private String datetimeField;

    private Builder() {}

    public Builder type(SourceType type) {
      this.type = type;
      return this;
    }

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

    /**
     * @throws JobConfigException when a required key is missing or empty
     */
    public SourceTableConfig build() {
      return new SourceTableConfig(type, database, table, indexField, datetimeField);
    }
  }
}
