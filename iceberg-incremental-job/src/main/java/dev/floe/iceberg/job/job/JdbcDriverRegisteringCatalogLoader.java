package dev.floe.iceberg.job.job;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Loads a catalog after registering the JDBC drivers the job's own class loader holds (the SQLite
 * driver of the job jar), so that a JDBC catalog connects in every job of a session cluster.
 *
 * <p>{@link DriverManager} looks for drivers once per JVM and gives a connection only to a caller
 * whose class loader sees the driver. On a Flink cluster each job has its own class loader: the
 * first job on a TaskManager registers its copy of the driver, and every later job there would fail
 * with "No suitable driver found for jdbc:sqlite:...".
 */
final class JdbcDriverRegisteringCatalogLoader implements CatalogLoader {
  private static final long serialVersionUID = 1L;

  private final CatalogLoader delegate;

  JdbcDriverRegisteringCatalogLoader(CatalogLoader delegate) {
    this.delegate = delegate;
  }

  @Override
  public Catalog loadCatalog() {
    registerDrivers();
    return delegate.loadCatalog();
  }

  @Override
  public CatalogLoader clone() {
    return new JdbcDriverRegisteringCatalogLoader(delegate.clone());
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
