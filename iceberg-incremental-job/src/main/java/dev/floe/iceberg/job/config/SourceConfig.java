package dev.floe.iceberg.job.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code connector.source}: the tables to read and how much of them.
 *
 * @param tables at least one table, each listed once
 * @param timeFilterHours read only records whose {@code datetime_field} lies within this many hours
 *     before the run starts; null for no time filter
 * @param maxRecords read at most this many records in one run; null for no limit
 * @param dynamodb how DynamoDB source tables are reached; never null
 */
public record SourceConfig(
    List<SourceTableConfig> tables,
    Integer timeFilterHours,
    Long maxRecords,
    DynamoDbSourceConfig dynamodb)
    implements Serializable {

  static final String TABLES_PATH = "connector.source.tables";

  public SourceConfig {
    if (tables == null) {
      throw new JobConfigException(
          TABLES_PATH,
          "is missing. Add tables: a list with at least one source table, each with database,"
              + " table, index_field and datetime_field.");
    }
    if (tables.isEmpty()) {
      throw new JobConfigException(
          TABLES_PATH,
          "is empty. List at least one source table, each with database, table, index_field and"
              + " datetime_field.");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      SourceTableConfig table = tables.get(i);
      if (table == null) {
        throw new JobConfigException(
            tablePath(i), "is empty. Describe the table or remove the list item.");
      }
      Integer first = seen.putIfAbsent(table.type() + ":" + table.qualifiedName(), i);
      if (first != null) {
        throw new JobConfigException(
            tablePath(i),
            String.format(
                "repeats the %s table %s of %s. List each source table once.",
                table.type().name().toLowerCase(Locale.ROOT),
                table.qualifiedName(),
                tablePath(first)));
      }
    }
    tables = List.copyOf(tables);
    if (timeFilterHours != null && timeFilterHours <= 0) {
      throw new JobConfigException(
          "connector.source.time_filter_hours",
          String.format(
              "must be greater than 0, but is %d. Set how many hours back to read, or remove the"
                  + " key to read without a time filter.",
              timeFilterHours));
    }
    if (maxRecords != null && maxRecords <= 0) {
      throw new JobConfigException(
          "connector.source.max_records",
          String.format(
              "must be greater than 0, but is %d. Set the most records one run reads, or remove"
                  + " the key for no limit.",
              maxRecords));
    }
    if (dynamodb == null) {
      dynamodb = DynamoDbSourceConfig.defaults();
    }
  }

  static String tablePath(int index) {
    return TABLES_PATH + "[" + index + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .tables(tables)
        .timeFilterHours(timeFilterHours)
        .maxRecords(maxRecords)
        .dynamodb(dynamodb);
  }

  public static final class Builder {
    private final List<SourceTableConfig> tables = new ArrayList<>();
    private Integer timeFilterHours;
    private Long maxRecords;
    private DynamoDbSourceConfig dynamodb = DynamoDbSourceConfig.defaults();

    private Builder() {}

    public Builder addTable(SourceTableConfig table) {
      tables.add(table);
      return this;
    }

    /** Replaces the tables added so far. */
    public Builder tables(List<SourceTableConfig> tables) {
      this.tables.clear();
      this.tables.addAll(tables);
      return this;
    }

    public Builder timeFilterHours(Integer timeFilterHours) {
      this.timeFilterHours = timeFilterHours;
      return this;
    }

    public Builder maxRecords(Long maxRecords) {
      this.maxRecords = maxRecords;
      return this;
    }

    public Builder dynamodb(DynamoDbSourceConfig dynamodb) {
      this.dynamodb = dynamodb;
      return this;
    }

    /**
     * @throws JobConfigException when there is no table, a table is listed twice, or a limit is not
     *     positive
     */
    public SourceConfig build() {
      return new SourceConfig(tables, timeFilterHours, maxRecords, dynamodb);
    }
  }
}
