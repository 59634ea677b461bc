package dev.floe.iceberg.job.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * The incremental job's configuration: the {@code connector} section of its YAML file. Read one
 * with {@link JobConfigParser}, or build one with {@link #builder()}; either way the same rules
 * hold, so a configuration that exists is valid.
 *
 * @param region the AWS region; required for a glue catalog (unless its properties set {@code
 *     client.region}) and for DynamoDB source tables, null when absent
 * @param mode whether the job stops after one pass or keeps running
 * @param checkpointInterval how often a streaming job checkpoints and commits; unused in batch mode
 * @param pollInterval how often a streaming job looks for new snapshots of its sources; unused in
 *     batch mode
 * @param catalog the Iceberg catalog of the target and of Iceberg source tables
 * @param source the tables to read
 * @param target the table to write
 */
public record JobConfig(
    String region,
    RunMode mode,
    Duration checkpointInterval,
    Duration pollInterval,
    CatalogConfig catalog,
    SourceConfig source,
    TargetConfig target)
    implements Serializable {

  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  static final String CHECKPOINT_INTERVAL_PATH = "connector.streaming.checkpoint_interval";
  static final String POLL_INTERVAL_PATH = "connector.streaming.poll_interval";

  public JobConfig {
    JobConfigException.optionalText(
        region, "connector.region", "the AWS region, e.g. eu-central-1");
    if (mode == null) {
      mode = RunMode.BATCH;
    }
    if (checkpointInterval == null) {
      checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
    }
    checkPositive(checkpointInterval, CHECKPOINT_INTERVAL_PATH, DEFAULT_CHECKPOINT_INTERVAL);
    if (pollInterval == null) {
      pollInterval = DEFAULT_POLL_INTERVAL;
    }
    checkPositive(pollInterval, POLL_INTERVAL_PATH, DEFAULT_POLL_INTERVAL);
    if (catalog == null) {
      catalog = CatalogConfig.builder().build();
    }
    if (source == null) {
      throw new JobConfigException(
          "connector.source", "is missing. Add source: with tables: a list of the tables to read.");
    }
    if (target == null) {
      throw new JobConfigException(
          "connector.target",
          "is missing. Add target: with the database, table, index_field and datetime_field of the"
              + " Iceberg table to write.");
    }
    checkRegion(region, catalog, source);
    checkTargetIsNotASource(source, target);
  }

  private static void checkPositive(Duration interval, String keyPath, Duration defaultValue) {
    if (interval.isNegative() || interval.isZero()) {
      throw new JobConfigException(
          keyPath,
          String.format(
              "must be greater than 0, but is %dms. Set a duration such as 30s or 5m, or remove the"
                  + " key for %ds.",
              interval.toMillis(), defaultValue.toSeconds()));
    }
  }

  private static void checkRegion(String region, CatalogConfig catalog, SourceConfig source) {
    if (region != null) {
      return;
    }
    if (catalog.type() == CatalogType.GLUE && !catalog.hasClientRegion()) {
      throw new JobConfigException(
          "connector.region",
          "is missing. A glue catalog needs the AWS region of its Data Catalog: add region:"
              + " <region> under connector (e.g. region: eu-central-1), or set client.region in"
              + " connector.catalog.properties.");
    }
    if (catalog.assumesRoleWithoutRegion()) {
      throw new JobConfigException(
          "connector.region",
          "is missing. connector.catalog.properties."
              + CatalogConfig.ASSUME_ROLE_ARN
              + " assumes the role through AWS STS, which needs a region: add region: <region>"
              + " under connector (e.g. region: eu-central-1), or set client.assume-role.region in"
              + " connector.catalog.properties.");
    }
    for (int i = 0; i < source.tables().size(); i++) {
      SourceTableConfig table = source.tables().get(i);
      if (table.type() == SourceType.DYNAMODB) {
        throw new JobConfigException(
            "connector.region",
            String.format(
                "is missing. %s reads the DynamoDB table %s, which needs an AWS region: add"
                    + " region: <region> under connector (DynamoDB Local accepts any, e.g."
                    + " us-east-1).",
                SourceConfig.tablePath(i), table.table()));
      }
    }
  }

  /** Reading and writing one table would feed the job its own output on every run. */
  private static void checkTargetIsNotASource(SourceConfig source, TargetConfig target) {
    for (int i = 0; i < source.tables().size(); i++) {
      SourceTableConfig table = source.tables().get(i);
      if (table.type() == SourceType.ICEBERG
          && table.qualifiedName().equals(target.qualifiedName())) {
        throw new JobConfigException(
            TargetConfig.PATH,
            String.format(
                "names the Iceberg table %s, which %s reads. Write to a table the job does not"
                    + " read.",
                target.qualifiedName(), SourceConfig.tablePath(i)));
      }
    }
  }

  /**
   * The properties that load {@link #catalog()} with Iceberg's {@code
   * CatalogUtil.buildIcebergCatalog}, with {@link #region()} for a glue catalog. Holds secrets
   * verbatim: never log it.
   *
   * @see CatalogConfig#icebergProperties(String)
   */
  public Map<String, String> icebergCatalogProperties() {
    return catalog.icebergProperties(region);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .region(region)
        .mode(mode)
        .checkpointInterval(checkpointInterval)
        .pollInterval(pollInterval)
        .catalog(catalog)
        .source(source)
        .target(target);
  }

  /**
   * Builds a configuration; batch mode, a 60 s checkpoint interval, a 10 s poll interval and the
   * default jdbc catalog unless set. Source and target are required.
   */
  public static final class Builder {
    private String region;
    private RunMode mode = RunMode.BATCH;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private CatalogConfig catalog;
    private SourceConfig source;
    private TargetConfig target;

    private Builder() {}

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder mode(RunMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder checkpointInterval(Duration checkpointInterval) {
      this.checkpointInterval = checkpointInterval;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder catalog(CatalogConfig catalog) {
      this.catalog = catalog;
      return this;
    }

    public Builder source(SourceConfig source) {
      this.source = source;
      return this;
    }

    public Builder target(TargetConfig target) {
      this.target = target;
      return this;
    }

    /**
     * @throws JobConfigException when source or target is missing, the region is missing where
     *     needed, or the target is one of the sources
     */
    public JobConfig build() {
      return new JobConfig(region, mode, checkpointInterval, pollInterval, catalog, source, target);
    }
  }
}
