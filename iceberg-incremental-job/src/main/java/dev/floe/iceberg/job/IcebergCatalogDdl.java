package dev.floe.iceberg.job;

import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the Flink SQL statement that registers an Iceberg catalog, so the job can reach any
 * catalog Iceberg can load ({@code catalog-impl}), not only the ones Flink's {@code catalog-type}
 * names.
 *
 * <p>The statement carries every property verbatim, secrets included: pass it to {@code
 * executeSql}, never to a log.
 */
public final class IcebergCatalogDdl {

  private static final String TYPE = "type";

  private IcebergCatalogDdl() {}

  /**
   * Returns {@code CREATE CATALOG `name` WITH ('type' = 'iceberg', ...)} with the properties sorted
   * by key, so that equal configurations give equal statements.
   */
  public static String createCatalog(String catalogName, Map<String, String> properties) {
    if (catalogName == null || catalogName.isBlank()) {
      throw new IllegalArgumentException("Cannot register Iceberg catalog: name is empty");
    }
    String type = properties.get(TYPE);
    if (type != null && !type.equals("iceberg")) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot register Iceberg catalog '%s': property 'type' must be 'iceberg' or unset,"
                  + " but is '%s'",
              catalogName, type));
    }

    StringBuilder ddl = new StringBuilder("CREATE CATALOG ");
    ddl.append(identifier(catalogName)).append(" WITH (");
    ddl.append(literal(TYPE)).append(" = ").append(literal("iceberg"));
    new TreeMap<>(properties)
        .forEach(
            (key, value) -> {
              if (!key.equals(TYPE)) {
                ddl.append(", ").append(literal(key)).append(" = ").append(literal(value));
              }
            });
    return ddl.append(')').toString();
  }

  private static String identifier(String name) {
    return '`' + name.replace("`", "``") + '`';
  }

  private static String literal(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }
}
