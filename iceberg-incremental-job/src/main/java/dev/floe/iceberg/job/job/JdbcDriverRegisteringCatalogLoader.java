package dev.floe.iceberg.job.job;

import dev.floe.iceberg.job.config.JobConfigException;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Loads a catalog after registering the JDBC drivers the job's own class loader holds (the SQLite
 * driver of the job jar), so that a JDBC catalog connects in every job of a session cluster; and,
 * for a jdbc catalog, after checking that some driver accepts its URL, so that a missing driver
 * (PostgreSQL's, say) is named before anything is read or written, in place of the JDBC catalog's
 * "No suitable driver" failure, whose message carries the URL unmasked.
 *
 * <p>{@link DriverManager} looks for drivers once per JVM and gives a connection only to a caller
 * whose class loader sees the driver. On a Flink cluster each job has its own class loader: the
 * first job on a TaskManager registers its copy of the driver, and every later job there would fail
 * with "No suitable driver found for jdbc:sqlite:...".
 */
final class JdbcDriverRegisteringCatalogLoader implements CatalogLoader {
  private static final long serialVersionUID = 1L;

  /** Drivers people use for Iceberg's JDBC catalog, by JDBC subprotocol: what to add. */
  private static final Map<String, String> KNOWN_DRIVERS =
      Map.of(
          "postgresql", "PostgreSQL JDBC driver (Maven: org.postgresql:postgresql)",
          "mysql", "MySQL Connector/J (Maven: com.mysql:mysql-connector-j)",
          "mariadb", "MariaDB Connector/J (Maven: org.mariadb.jdbc:mariadb-java-client)");

  private final CatalogLoader delegate;
  private final String jdbcUri;
  private final String shownUri;

  /**
   * @param jdbcUri the JDBC URL of a jdbc catalog, whose driver is checked; null for other types
   * @param shownUri {@code jdbcUri} with its secrets masked, for the error message
   */
  JdbcDriverRegisteringCatalogLoader(CatalogLoader delegate, String jdbcUri, String shownUri) {
    this.delegate = delegate;
    this.jdbcUri = jdbcUri;
    this.shownUri = shownUri;
  }

  @Override
  public Catalog loadCatalog() {
    registerDrivers();
    if (jdbcUri != null) {
      checkDriver();
    }
    return delegate.loadCatalog();
  }

  @Override
  public CatalogLoader clone() {
    return new JdbcDriverRegisteringCatalogLoader(delegate.clone(), jdbcUri, shownUri);
  }

  /**
   * @throws JobConfigException naming {@code connector.catalog.uri} and the driver to add
   */
  private void checkDriver() {
    try {
      DriverManager.getDriver(jdbcUri);
    } catch (SQLException e) {
      String subprotocol = subprotocol(jdbcUri);
      String driver =
          KNOWN_DRIVERS.getOrDefault(subprotocol, "JDBC driver for jdbc:" + subprotocol + " URLs");
      throw new JobConfigException(
          "connector.catalog.uri",
          String.format(
              "is %s, but no JDBC driver on the job's classpath accepts it. Add the jar of the"
                  + " %s to the lib/ directory of the Flink cluster (before it starts) for flink"
                  + " run, or to the classpath of java (java -cp <standalone jar>:<driver jar>"
                  + " dev.floe.iceberg.job.job.IncrementalJobMain --config <job.yaml>). The job"
                  + " jar bundles only the SQLite driver.",
              shownUri, driver));
    }
  }

  /** {@code postgresql} of {@code jdbc:postgresql://host/db}. */
  private static String subprotocol(String uri) {
    String rest = uri.regionMatches(true, 0, "jdbc:", 0, 5) ? uri.substring(5) : uri;
    int colon = rest.indexOf(':');
    return (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  private static void registerDrivers() {
    ClassLoader own = JdbcDriverRegisteringCatalogLoader.class.getClassLoader();
    Iterator<Driver> drivers = ServiceLoader.load(Driver.class, own).iterator();
    while (true) {
      Driver driver;
      try {
        if (!drivers.hasNext()) {
          return;
        }
        driver = drivers.next();
      } catch (ServiceConfigurationError e) {
        // A driver that cannot be loaded here is not one this job needs.
        continue;
      }
      if (driver.getClass().getClassLoader() != own) {
        continue; // the cluster's own driver: registered by the cluster
      }
      // getDrivers() lists the drivers this class loader sees, so a copy of another job's loader
      // does not count.
      boolean registered =
          DriverManager.drivers().anyMatch(known -> known.getClass() == driver.getClass());
      if (!registered) {
        try {
          DriverManager.registerDriver(driver);
        } catch (SQLException e) {
          throw new IllegalStateException("Cannot register JDBC driver " + driver.getClass(), e);
        }
      }
    }
  }
}
