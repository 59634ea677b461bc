package dev.floe.iceberg.job.config;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code connector.catalog}: the Iceberg catalog that holds the target table and the Iceberg source
 * tables. This class only describes the catalog; {@link #icebergProperties(String)} renders what
 * Iceberg's {@code CatalogUtil.buildIcebergCatalog} (or Flink's {@code CREATE CATALOG}) needs to
 * load it.
 *
 * @param type the catalog implementation
 * @param name the name the job registers the catalog under
 * @param warehouse the root location of table data. For jdbc and hadoop it defaults to {@code
 *     ./floe-warehouse}, and a path without a scheme becomes the {@code file:} URI of its absolute
 *     path. For rest it is passed as written (a name the server knows); for glue too (an S3
 *     location). Null when absent for glue and rest.
 * @param uri the catalog's address: a JDBC URL for jdbc (by default a SQLite file {@code
 *     catalog.db} in a local warehouse), the server URL for rest; null for glue and hadoop
 * @param properties further catalog properties passed to Iceberg verbatim, sorted by key; may hold
 *     secrets, which {@link #toString()} masks
 */
public record CatalogConfig(
    CatalogType type, String name, String warehouse, String uri, Map<String, String> properties)
    implements Serializable {

  public static final String DEFAULT_NAME = "floe";

  /** The warehouse directory of a jdbc or hadoop catalog without one, relative to the JVM's. */
  public static final String DEFAULT_WAREHOUSE_DIRECTORY = "floe-warehouse";

  static final String PATH = "connector.catalog";

  private static final String CATALOG_IMPL = "catalog-impl";
  private static final String WAREHOUSE = "warehouse";
  private static final String URI_KEY = "uri";
  private static final String JDBC_SCHEMA_VERSION = "jdbc.schema-version";
  private static final String CLIENT_REGION = "client.region";
  private static final String IO_IMPL = "io-impl";
  private static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";
  private static final String CLIENT_FACTORY = "client.factory";
  private static final String ASSUME_ROLE_FACTORY =
      "org.apache.iceberg.aws.AssumeRoleAwsClientFactory";
  static final String ASSUME_ROLE_ARN = "client.assume-role.arn";
  private static final String ASSUME_ROLE_REGION = "client.assume-role.region";
  private static final String SQLITE_PREFIX = "jdbc:sqlite:";

  /** A URI scheme such as {@code s3:} or {@code file:}; what lacks one is a local path. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  /** Property keys whose values are secrets; matched anywhere in the key, in any case. */
  private static final List<String> SECRET_KEY_PARTS =
      List.of("secret", "password", "token", "session", "credential", "authorization");

  private static final Pattern URI_USER_PASSWORD = Pattern.compile("(//[^/:@]*:)[^@/]*@");
  private static final Pattern URI_SECRET_PARAMETER =
      Pattern.compile("((?:password|secret|token)[^=&;]*=)[^&;]*", Pattern.CASE_INSENSITIVE);
  private static final String MASK = "****";

  public CatalogConfig {
    if (type == null) {
      throw new JobConfigException(PATH + ".type", "is missing. Set it to " + typeNames() + ".");
    }
    if (name == null) {
      name = DEFAULT_NAME;
    }
    JobConfigException.optionalText(name, PATH + ".name", "the name to register the catalog under");
    JobConfigException.optionalText(
        warehouse, PATH + ".warehouse", "the root location of table data, e.g. s3://bucket/path");
    JobConfigException.optionalText(uri, PATH + ".uri", "the catalog's address");
    if (type == CatalogType.JDBC || type == CatalogType.HADOOP) {
      // Resolved here, not by each task: a cluster's tasks run in other working directories. Only
      // for these two: a rest warehouse is a name the server knows, a glue one an S3 location.
      if (warehouse == null) {
        warehouse = DEFAULT_WAREHOUSE_DIRECTORY;
      }
      if (!SCHEME.matcher(warehouse).find()) {
        warehouse = fileUri(Path.of(warehouse));
      }
    }
    uri = checkUri(type, warehouse, uri);
    properties = checkProperties(properties);
  }

  private static String checkUri(CatalogType type, String warehouse, String uri) {
    String path = PATH + ".uri";
    switch (type) {
      case JDBC:
        if (uri != null) {
          return uri;
        }
        Path directory = localDirectory(warehouse);
        if (directory == null) {
          throw new JobConfigException(
              path,
              String.format(
                  "is missing. A jdbc catalog keeps its default SQLite database in a local"
                      + " warehouse, but %s.warehouse is %s: add uri: <JDBC URL> (e.g."
                      + " jdbc:postgresql://host:5432/iceberg), or use a file: warehouse.",
                  PATH, warehouse));
        }
        return SQLITE_PREFIX + directory.resolve("catalog.db");
      case REST:
        if (uri == null) {
          throw new JobConfigException(
              path,
              "is missing. A rest catalog needs the URL of its server: add uri:"
                  + " https://<host>/<path> under connector.catalog.");
        }
        return uri;
      default:
        if (uri != null) {
          throw new JobConfigException(
              path,
              String.format(
                  "is not used by a %s catalog, but is \"%s\". Remove it%s.",
                  type.name().toLowerCase(Locale.ROOT),
                  maskUri(uri),
                  type == CatalogType.GLUE
                      ? " (to reach Glue at another endpoint, set glue.endpoint in"
                          + " connector.catalog.properties)"
                      : "; a hadoop catalog keeps its metadata under the warehouse"));
        }
        return null;
    }
  }

  private static Map<String, String> checkProperties(Map<String, String> properties) {
    if (properties == null) {
      return Map.of();
    }
    Map<String, String> sorted = new TreeMap<>();
    properties.forEach(
        (key, value) -> {
          String path = PATH + ".properties." + key;
          if (key == null || key.isBlank()) {
            throw new JobConfigException(
                PATH + ".properties", "has an empty key. Name every property, or remove it.");
          }
          if (value == null) {
            throw new JobConfigException(path, "has no value. Give it a value, or remove it.");
          }
          switch (key) {
            case CATALOG_IMPL:
            case "type":
              throw new JobConfigException(
                  path,
                  "would override connector.catalog.type. Remove it, and choose the catalog with"
                      + " connector.catalog.type: "
                      + typeNames()
                      + ".");
            case WAREHOUSE:
            case URI_KEY:
              throw new JobConfigException(
                  path,
                  String.format(
                      "repeats connector.catalog.%s. Set the value there, and remove it from"
                          + " properties.",
                      key));
            default:
              sorted.put(key, value);
          }
        });
    return Collections.unmodifiableMap(sorted);
  }

  /**
   * The properties that load this catalog with Iceberg's {@code CatalogUtil.buildIcebergCatalog}:
   * {@link #properties()}, {@code catalog-impl}, {@code warehouse} and {@code uri} when set, and
   * defaults that the properties may override:
   *
   * <ul>
   *   <li>{@code jdbc.schema-version=V1} for a SQLite jdbc catalog;
   *   <li>{@code io-impl} S3FileIO and {@code client.region} from {@code region} for glue;
   *   <li>with {@code client.assume-role.arn}: {@code client.factory} Iceberg's
   *       AssumeRoleAwsClientFactory, without which Iceberg ignores the role, and {@code
   *       client.assume-role.region} from {@code client.region} or {@code region}.
   * </ul>
   *
   * <p>The map holds secrets verbatim: pass it to Iceberg, never to a log.
   *
   * @param region {@code connector.region}, for a glue catalog whose properties name no {@code
   *     client.region}; may be null
   * @return an unmodifiable map sorted by key
   */
  public Map<String, String> icebergProperties(String region) {
    Map<String, String> rendered = new TreeMap<>(properties);
    rendered.put(CATALOG_IMPL, type.catalogImpl());
    if (warehouse != null) {
      rendered.put(WAREHOUSE, warehouse);
    }
    if (uri != null) {
      rendered.put(URI_KEY, uri);
    }
    if (type == CatalogType.JDBC && uri.startsWith(SQLITE_PREFIX)) {
      // V1 is the layout that also stores views. Only for SQLite, a file the job creates: a shared
      // database keeps the version its other users chose, as Iceberg would migrate it otherwise.
      rendered.putIfAbsent(JDBC_SCHEMA_VERSION, "V1");
    }
    if (type == CatalogType.GLUE) {
      rendered.putIfAbsent(IO_IMPL, S3_FILE_IO);
      if (region != null) {
        rendered.putIfAbsent(CLIENT_REGION, region);
      }
    }
    if (rendered.containsKey(ASSUME_ROLE_ARN)) {
      // Iceberg's default client factory ignores the client.assume-role.* keys; only its
      // assume-role factory reads them, and that one refuses to start without a region.
      rendered.putIfAbsent(CLIENT_FACTORY, ASSUME_ROLE_FACTORY);
      String roleRegion = rendered.getOrDefault(CLIENT_REGION, region);
      if (roleRegion != null) {
        rendered.putIfAbsent(ASSUME_ROLE_REGION, roleRegion);
      }
    }
    return Collections.unmodifiableMap(rendered);
  }

  /**
   * Whether the properties assume a role through Iceberg's assume-role client factory but name no
   * region for it ({@code client.assume-role.region} or {@code client.region}).
   */
  boolean assumesRoleWithoutRegion() {
    return properties.containsKey(ASSUME_ROLE_ARN)
        && ASSUME_ROLE_FACTORY.equals(properties.getOrDefault(CLIENT_FACTORY, ASSUME_ROLE_FACTORY))
        && !properties.containsKey(ASSUME_ROLE_REGION)
        && !properties.containsKey(CLIENT_REGION);
  }

  /** Whether the properties name the region a glue catalog talks to. */
  boolean hasClientRegion() {
    return properties.containsKey(CLIENT_REGION);
  }

  /** The catalog with secret property values and URI passwords replaced by {@code ****}. */
  @Override
  public String toString() {
    Map<String, String> masked = new TreeMap<>();
    properties.forEach((key, value) -> masked.put(key, isSecret(key) ? MASK : value));
    return "CatalogConfig[type="
        + type.name().toLowerCase(Locale.ROOT)
        + ", name="
        + name
        + ", warehouse="
        + warehouse
        + ", uri="
        + maskUri(uri)
        + ", properties="
        + masked
        + "]";
  }

  /** {@link #uri()} with its password and secret parameters replaced by {@code ****}. */
  public String maskedUri() {
    return maskUri(uri);
  }

  static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_KEY_PARTS.stream().anyMatch(lower::contains);
  }

  private static String maskUri(String uri) {
    if (uri == null) {
      return null;
    }
    String masked = URI_USER_PASSWORD.matcher(uri).replaceAll("$1" + MASK + "@");
    return URI_SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
  }

  /** The local directory of a file: or scheme-less warehouse; null for any other location. */
  private static Path localDirectory(String warehouse) {
    if (!warehouse.regionMatches(true, 0, "file:", 0, 5)) {
      return null;
    }
    try {
      return Path.of(URI.create(warehouse));
    } catch (IllegalArgumentException e) {
      throw new JobConfigException(
          PATH + ".warehouse",
          String.format(
              "must be a local directory as an absolute file: URI such as file:///data/warehouse,"
                  + " but is \"%s\" (%s). Write the URI in full, or a plain path.",
              warehouse, e.getMessage()));
    }
  }

  /** An absolute {@code file:} URI without the trailing slash that existing directories get. */
  private static String fileUri(Path path) {
    String uri = path.toAbsolutePath().normalize().toUri().toString();
    return uri.endsWith("/") && uri.length() > "file:///".length()
        ? uri.substring(0, uri.length() - 1)
        : uri;
  }

  private static String typeNames() {
    return "jdbc, glue, rest or hadoop";
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().type(type).name(name).warehouse(warehouse).uri(uri).properties(properties);
  }

  /**
   * Builds a catalog; defaults to a jdbc catalog named {@value #DEFAULT_NAME} on a SQLite file in
   * {@value #DEFAULT_WAREHOUSE_DIRECTORY} under the working directory.
   */
  public static final class Builder {
    private CatalogType type = CatalogType.JDBC;
    private String name = DEFAULT_NAME;
    private String warehouse;
    private String uri;
    // Insertion order, and room for a null key, so that build() reports problems as written.
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {}

    public Builder type(CatalogType type) {
      this.type = type;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder warehouse(String warehouse) {
      this.warehouse = warehouse;
      return this;
    }

    public Builder uri(String uri) {
      this.uri = uri;
      return this;
    }

    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /** Replaces the properties set so far. */
    public Builder properties(Map<String, String> properties) {
      this.properties.clear();
      this.properties.putAll(properties);
      return this;
    }

    /**
     * @throws JobConfigException when a rest catalog has no uri, a glue or hadoop catalog has one,
     *     a jdbc catalog has neither a uri nor a local warehouse, or a property repeats a key of
     *     the section
     */
    public CatalogConfig build() {
      return new CatalogConfig(type, name, warehouse, uri, properties);
    }
  }
}
