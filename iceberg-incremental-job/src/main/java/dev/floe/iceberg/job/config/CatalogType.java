package dev.floe.iceberg.job.config;

/**
 * The Iceberg catalog implementation; written in lower case in YAML ({@code type: glue}).
 *
 * <p>Each type is rendered as {@code catalog-impl}, never as Iceberg's {@code type} shorthand: the
 * same properties then load through {@code CatalogUtil.buildIcebergCatalog} and through Flink's
 * {@code CREATE CATALOG ... WITH ('type'='iceberg', ...)}, where {@code type} is taken.
 */
public enum CatalogType {
  /** Iceberg's JDBC catalog; by default a SQLite file in the warehouse, for one machine. */
  JDBC("org.apache.iceberg.jdbc.JdbcCatalog"),
  /** The AWS Glue Data Catalog of {@code connector.region}. */
  GLUE("org.apache.iceberg.aws.glue.GlueCatalog"),
  /** An Iceberg REST catalog server at {@code uri}. */
  REST("org.apache.iceberg.rest.RESTCatalog"),
  /** Metadata kept as files under the warehouse; no catalog service. */
  HADOOP("org.apache.iceberg.hadoop.HadoopCatalog");

  private final String catalogImpl;

  CatalogType(String catalogImpl) {
    this.catalogImpl = catalogImpl;
  }

  /** The class Iceberg loads for this type, the value of {@code catalog-impl}. */
  public String catalogImpl() {
    return catalogImpl;
  }
}
