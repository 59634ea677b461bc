package dev.floe.iceberg.job.config;

import dev.floe.core.conversion.TimestampEncoding;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the job's YAML configuration into a {@link JobConfig}. Every key is checked: unknown keys,
 * wrong types and invalid values fail with a {@link JobConfigException} that names the file, the
 * line and column, and the key path. The keys and their meaning are documented in {@code
 * docs/incremental-job.md}.
 */
public final class JobConfigParser {

  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,12})\\s*(ms|s|m|min|h)", Pattern.CASE_INSENSITIVE);

  private JobConfigParser() {}

  /**
   * Reads a configuration file, which must be UTF-8.
   *
   * @throws JobConfigException when the file cannot be read or the configuration is not valid
   */
  public static JobConfig parse(Path file) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw fileProblem(
          source, "is a directory, not a file. Pass the path of the YAML file itself.", null);
    }
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw fileProblem(
          source,
          String.format(
              "does not exist (absolute path %s). Pass the path of the job's YAML configuration"
                  + " file.",
              file.toAbsolutePath()),
          e);
    } catch (CharacterCodingException e) {
      throw fileProblem(source, "is not UTF-8 text. Save it as UTF-8.", e);
    } catch (IOException e) {
      throw fileProblem(
          source,
          "cannot be read: " + e + ". Check that the file exists and that the job may read it.",
          e);
    }
    return parse(yaml, source);
  }

  private static JobConfigException fileProblem(String source, String problem, Throwable cause) {
    return new JobConfigException(source, 0, 0, null, "the file " + problem, cause);
  }

  /**
   * Reads a configuration from YAML text.
   *
   * @param yaml the document
   * @param sourceName what errors call the document, e.g. its file name; may be null
   * @throws JobConfigException when the configuration is not valid
   */
  public static JobConfig parse(String yaml, String sourceName) {
    Objects.requireNonNull(yaml, "yaml");
    YamlNode root;
    try {
      root = YamlDocumentReader.read(yaml);
    } catch (JobConfigException e) {
      throw e.in(sourceName, null);
    }
    Map<String, YamlNode.Position> positions = new HashMap<>();
    if (root != null) {
      index(root, "", root.position(), positions);
    }
    try {
      return jobConfig(root);
    } catch (JobConfigException e) {
      // The model's own rules know key paths but not positions: point at the key, or at the
      // closest enclosing key when the key itself is missing.
      throw e.in(sourceName, closestPosition(e.keyPath(), positions));
    }
  }

  private static JobConfig jobConfig(YamlNode root) {
    if (root == null || (root instanceof YamlNode.Scalar scalar && scalar.isNull())) {
      throw new JobConfigException(
          "connector",
          "is missing: the document is empty. Start it with a connector: section; see"
              + " docs/incremental-job.md.");
    }
    if (!(root instanceof YamlNode.Mapping)) {
      throw JobConfigException.at(
          root.position(),
          null,
          String.format(
              "the document must be a mapping with a connector: section, but is %s. Start it with"
                  + " connector: and indent the job's settings under it.",
              root.describe()));
    }
    YamlSection document = YamlSection.of(root, "");
    document.allowOnly("connector");
    YamlSection connector = document.section("connector");
    if (connector == null) {
      throw new JobConfigException(
          "connector",
          "is missing. Start the document with a connector: section; see"
              + " docs/incremental-job.md.");
    }
    connector.allowOnly("catalog", "mode", "region", "source", "streaming", "target");

    Duration checkpointInterval = null;
    Duration pollInterval = null;
    YamlSection streaming = connector.section("streaming");
    if (streaming != null) {
      streaming.allowOnly("checkpoint_interval", "poll_interval");
      checkpointInterval = duration(streaming, "checkpoint_interval");
      pollInterval = duration(streaming, "poll_interval");
    }
    YamlSection catalog = connector.section("catalog");
    YamlSection source = connector.section("source");
    YamlSection target = connector.section("target");
    return new JobConfig(
        connector.text("region"),
        connector.enumValue("mode", RunMode.class),
        checkpointInterval,
        pollInterval,
        catalog == null ? null : catalogConfig(catalog),
        source == null ? null : sourceConfig(source),
        target == null ? null : targetConfig(target));
  }

  private static CatalogConfig catalogConfig(YamlSection catalog) {
    catalog.allowOnly("name", "properties", "type", "uri", "warehouse");
    CatalogType type = catalog.enumValue("type", CatalogType.class);
    return new CatalogConfig(
        type == null ? CatalogType.JDBC : type,
        catalog.text("name"),
        catalog.text("warehouse"),
        catalog.text("uri"),
        catalog.textMap("properties"));
  }

  private static SourceConfig sourceConfig(YamlSection source) {
    source.allowOnly("dynamodb", "max_records", "tables", "time_filter_hours", "type");
    SourceType defaultType = source.enumValue("type", SourceType.class);
    if (defaultType == null) {
      defaultType = SourceType.ICEBERG;
    }
    List<SourceTableConfig> tables = null;
    List<YamlNode> items = source.list("tables");
    if (items != null) {
      tables = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        tables.add(sourceTable(items.get(i), SourceConfig.tablePath(i), defaultType));
      }
    }
    Long hours = source.positiveInteger("time_filter_hours", Integer.MAX_VALUE);
    YamlSection dynamodb = source.section("dynamodb");
    return new SourceConfig(
        tables,
        hours == null ? null : hours.intValue(),
        source.positiveInteger("max_records", Long.MAX_VALUE),
        dynamodb == null ? null : dynamoDbSource(dynamodb));
  }

  private static SourceTableConfig sourceTable(YamlNode item, String path, SourceType type) {
    YamlSection table = YamlSection.of(item, path);
    table.allowOnly("database", "datetime_field", "index_field", "table", "type");
    SourceType own = table.enumValue("type", SourceType.class);
    String database = table.text("database");
    String name = table.text("table");
    String indexField = table.text("index_field");
    String datetimeField = table.text("datetime_field");
    try {
      return new SourceTableConfig(
          own == null ? type : own, database, name, indexField, datetimeField);
    } catch (JobConfigException e) {
      // The table knows its keys, not its place in the list.
      throw e.under(path);
    }
  }

  private static DynamoDbSourceConfig dynamoDbSource(YamlSection dynamodb) {
    dynamodb.allowOnly("datetime_encoding", "endpoint_url", "segments");
    String endpoint = dynamodb.text("endpoint_url");
    URI endpointUrl = null;
    if (endpoint != null) {
      try {
        endpointUrl = new URI(endpoint);
      } catch (URISyntaxException e) {
        throw DynamoDbSourceConfig.badEndpoint(endpoint);
      }
    }
    Long segments = dynamodb.positiveInteger("segments", Integer.MAX_VALUE);
    return new DynamoDbSourceConfig(
        endpointUrl,
        segments == null ? null : segments.intValue(),
        dynamodb.enumValue("datetime_encoding", TimestampEncoding.class));
  }

  private static TargetConfig targetConfig(YamlSection target) {
    target.allowOnly(
        "database",
        "datetime_field",
        "index_field",
        "location",
        "partition_by",
        "table",
        "write_mode");
    List<String> partitionBy = null;
    List<YamlNode> entries = target.list("partition_by");
    if (entries != null) {
      partitionBy = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        partitionBy.add(
            YamlSection.text(entries.get(i), target.childPath("partition_by") + "[" + i + "]"));
      }
    }
    WriteMode writeMode = target.enumValue("write_mode", WriteMode.class);
    return new TargetConfig(
        target.text("database"),
        target.text("table"),
        target.text("index_field"),
        target.text("datetime_field"),
        target.text("location"),
        partitionBy,
        writeMode == null ? WriteMode.APPEND : writeMode);
  }

  /**
   * A whole number and a unit, as Flink writes durations: {@code 500ms}, {@code 30s}, {@code 5m}.
   */
  private static Duration duration(YamlSection section, String key) {
    YamlNode value = section.value(key);
    if (value == null) {
      return null;
    }
    String text = YamlSection.text(value, section.childPath(key));
    Matcher matcher = DURATION.matcher(text.strip());
    if (!matcher.matches()) {
      throw JobConfigException.at(
          value.position(),
          section.childPath(key),
          String.format(
              "must be a duration such as 30s, 5m or 1h, but is %s. Write a whole number followed"
                  + " by ms, s, m or h.",
              value.describe()));
    }
    long amount = Long.parseLong(matcher.group(1));
    switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofMinutes(amount);
    }
  }

  /** Records where every key and list item starts, by key path. */
  private static void index(
      YamlNode node,
      String path,
      YamlNode.Position position,
      Map<String, YamlNode.Position> positions) {
    positions.putIfAbsent(path, position);
    if (node instanceof YamlNode.Mapping mapping) {
      for (YamlNode.Entry entry : mapping.entries().values()) {
        String child = path.isEmpty() ? entry.key() : path + "." + entry.key();
        index(entry.value(), child, entry.keyPosition(), positions);
      }
    } else if (node instanceof YamlNode.Sequence sequence) {
      for (int i = 0; i < sequence.items().size(); i++) {
        YamlNode item = sequence.items().get(i);
        index(item, path + "[" + i + "]", item.position(), positions);
      }
    }
  }

  /** The position of {@code keyPath}, or of its closest enclosing key; null when none is known. */
  private static YamlNode.Position closestPosition(
      String keyPath, Map<String, YamlNode.Position> positions) {
    if (keyPath == null) {
      return null;
    }
    String path = keyPath;
    while (true) {
      YamlNode.Position position = positions.get(path);
      if (position != null) {
        return position;
      }
      if (path.isEmpty()) {
        return null;
      }
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      path = cut < 0 ? "" : path.substring(0, cut);
    }
  }
}
