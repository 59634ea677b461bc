package dev.floe.iceberg.job.job;

import java.io.Closeable;
import java.io.IOException;
import org.apache.iceberg.catalog.Catalog;

/** Closing what a {@code CatalogLoader} opened. */
public final class Catalogs {
  private Catalogs() {}

  /**
   * Closes {@code catalog} if it holds resources: REST and JDBC catalogs keep clients and file IO
   * that would otherwise leak with every run or task. Null is nothing to close.
   */
  public static void close(Catalog catalog) throws IOException {
    if (catalog instanceof Closeable closeable) {
      closeable.close();
    }
  }
}
