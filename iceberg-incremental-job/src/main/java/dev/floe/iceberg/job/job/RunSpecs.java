package dev.floe.iceberg.job.job;

import dev.floe.core.dynamodb.AwsClientConfig;
import dev.floe.iceberg.job.config.CatalogConfig;
import dev.floe.iceberg.job.config.CatalogType;
import dev.floe.iceberg.job.config.DynamoDbSourceConfig;
import dev.floe.iceberg.job.config.JobConfig;
import dev.floe.iceberg.job.config.JobConfigException;
import dev.floe.iceberg.job.config.RunMode;
import dev.floe.iceberg.job.config.SourceConfig;
import dev.floe.iceberg.job.config.SourceTableConfig;
import dev.floe.iceberg.job.config.SourceType;
import dev.floe.iceberg.job.config.TargetConfig;
import dev.floe.iceberg.job.config.WriteMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Maps the YAML configuration ({@link JobConfig}) onto a {@link RunSpec} (and, in streaming mode,
 * {@link StreamingRun.Settings}), refusing what this version of the job cannot run yet (DynamoDB
 * sources in streaming mode) with an error that names the key. DynamoDB clients use the default AWS
 * credential chain.
 */
public final class RunSpecs {
  private static final String CATALOG_IMPL = "catalog-impl";
  private static final String SQLITE_PREFIX = "jdbc:sqlite:";
  private static final String HTTP_CLIENT_TYPE = "http-client.type";

  private RunSpecs() {}

  /**
   * The run {@code config} describes. Creates the directories of a local warehouse and of a SQLite
   * catalog file, which the configuration only names (SQLite cannot create its file in a missing
   * directory).
   *
   * @throws JobConfigException when the configuration asks for what this version cannot run (a
   *     DynamoDB source in streaming mode), or a local directory cannot be created
   */
  public static RunSpec from(JobConfig config) {
    if (config.mode() == RunMode.STREAMING) {
      List<SourceTableConfig> tables = config.source().tables();
      for (int i = 0; i < tables.size(); i++) {
        if (tables.get(i).type() == SourceType.DYNAMODB) {
          throw new JobConfigException(
              "connector.source.tables[" + i + "].type",
              String.format(
                  "is dynamodb (table %s) with connector.mode streaming, which cannot read it: %s",
                  tables.get(i).table(), StreamingRun.WHY_NO_DYNAMODB));
        }
      }
    }
    List<RunSpec.SourceTable> sources = sources(config);
    TargetConfig target = config.target();
    createLocalDirectories(config.catalog());
    SourceConfig source = config.source();
    return new RunSpec(
        catalogLoader(config),
        sources,
        new TargetTable.Settings(
            TableIdentifier.of(target.database(), target.table()),
            target.indexField(),
            target.datetimeField(),
            target.location(),
            target.partitionBy()),
        target.writeMode() == WriteMode.UPSERT,
        source.timeFilterHours() == null ? null : Duration.ofHours(source.timeFilterHours()),
        source.maxRecords() == null ? OptionalLong.empty() : OptionalLong.of(source.maxRecords()),
        RunHooks.NONE);
  }

  /** How often a streaming job of {@code config} plans and commits. */
  public static StreamingRun.Settings streaming(JobConfig config) {
    return new StreamingRun.Settings(config.pollInterval(), config.checkpointInterval());
  }

  /** Loads the configured catalog in the client and in every task. */
  static CatalogLoader catalogLoader(JobConfig config) {
    // A HashMap: the loader travels to the tasks, and the rendered map is an unmodifiable view.
    Map<String, String> properties = new HashMap<>(config.icebergCatalogProperties());
    // Iceberg's AWS clients (S3FileIO, Glue) default to the Apache 4 HTTP client, which the job
    // does not bundle; it bundles the URL-connection client.
    properties.putIfAbsent(HTTP_CLIENT_TYPE, "urlconnection");
    CatalogConfig catalog = config.catalog();
    boolean jdbc = catalog.type() == CatalogType.JDBC;
    return new JdbcDriverRegisteringCatalogLoader(
        CatalogLoader.custom(
            catalog.name(), properties, new Configuration(), properties.get(CATALOG_IMPL)),
        jdbc ? catalog.uri() : null,
        jdbc ? catalog.maskedUri() : null);
  }

  private static List<RunSpec.SourceTable> sources(JobConfig config) {
    SourceConfig source = config.source();
    List<RunSpec.SourceTable> sources = new ArrayList<>();
    for (SourceTableConfig table : source.tables()) {
      if (table.type() == SourceType.DYNAMODB) {
        DynamoDbSourceConfig dynamoDb = source.dynamodb();
        AwsClientConfig.Builder client = AwsClientConfig.builder().region(config.region());
        if (dynamoDb.endpointUrl() != null) {
          client.endpoint(dynamoDb.endpointUrl());
        }
        sources.add(
            new RunSpec.DynamoDbSource(
                table.table(),
                table.indexField(),
                table.datetimeField(),
                client.build(),
                dynamoDb.segments(),
                dynamoDb.datetimeEncoding()));
      } else {
        sources.add(
            new RunSpec.Source(
                TableIdentifier.of(table.database(), table.table()),
                table.indexField(),
                table.datetimeField()));
      }
    }
    return sources;
  }

  private static void createLocalDirectories(CatalogConfig catalog) {
    if (catalog.type() != CatalogType.JDBC && catalog.type() != CatalogType.HADOOP) {
      return;
    }
    String warehouse = catalog.warehouse();
    if (warehouse != null && warehouse.regionMatches(true, 0, "file:", 0, 5)) {
      createDirectory(Path.of(URI.create(warehouse)), "connector.catalog.warehouse");
    }
    Path database = sqliteFile(catalog.uri());
    if (database != null && database.toAbsolutePath().getParent() != null) {
      createDirectory(database.toAbsolutePath().getParent(), "connector.catalog.uri");
    }
  }

  /** The file of a SQLite JDBC URL; null for other databases and in-memory SQLite. */
  private static Path sqliteFile(String uri) {
    if (uri == null || !uri.toLowerCase(Locale.ROOT).startsWith(SQLITE_PREFIX)) {
      return null;
    }
    String file = uri.substring(SQLITE_PREFIX.length());
    int parameters = file.indexOf('?');
    if (parameters >= 0) {
      file = file.substring(0, parameters);
    }
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return null;
    }
    try {
      return Path.of(file);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static void createDirectory(Path directory, String keyPath) {
    try {
      Files.createDirectories(directory);
    } catch (IOException | RuntimeException e) {
      throw new JobConfigException(
          keyPath,
          String.format(
              "names the local directory %s, which cannot be created (%s). Check the path and"
                  + " that the job may write there.",
              directory, e));
    }
  }
}
