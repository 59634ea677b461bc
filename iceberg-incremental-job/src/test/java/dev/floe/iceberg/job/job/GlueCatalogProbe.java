package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.config.JobConfig;
import dev.floe.iceberg.job.config.JobConfigParser;
import java.nio.file.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Run by {@link GlueCatalogITCase} in a JVM of its own, on the job jar's classpath and with the
 * environment and system properties of one credential scenario: parses the configuration file given
 * as the argument, loads the catalog as a run does, and prints what it finds, one {@code key:
 * value} line each. A failure is printed as {@code error:} with its causes, not thrown, so that the
 * test reads every message a user would see.
 */
final class GlueCatalogProbe {
  /** The second argument that skips reading the table's metadata from S3. */
  static final String GLUE_ONLY = "--glue-only";

  private GlueCatalogProbe() {}

  public static void main(String[] args) {
    try {
      JobConfig config = JobConfigParser.parse(Path.of(args[0]));
      System.out.println("config: " + config);
      Catalog catalog = RunSpecs.catalogLoader(config).loadCatalog();
      System.out.println("catalog: " + catalog.getClass().getName());
      // Glue alone first (the table is not there), then Glue and S3: the metadata on s3proxy.
      System.out.println(
          "target exists: " + catalog.tableExists(TableIdentifier.of("analytics", "orders")));
      if (args.length < 2 || !GLUE_ONLY.equals(args[1])) {
        Table source = catalog.loadTable(TableIdentifier.of("sales", "orders"));
        System.out.println("io: " + source.io().getClass().getName());
        System.out.println("records: " + source.currentSnapshot().summary().get("total-records"));
      }
    } catch (RuntimeException | LinkageError e) {
      StringBuilder messages = new StringBuilder();
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        messages.append(messages.length() == 0 ? "" : " <- ").append(cause);
      }
      System.out.println("error: " + messages);
    }
    System.out.flush();
    // The AWS SDK and Hadoop leave threads behind.
    System.exit(0);
  }
}
