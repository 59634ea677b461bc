package dev.floe.iceberg.job.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding API runs where Flink is absent, as in an AWS Lambda function: the module's test
 * class path without Flink's jars, in a class loader of its own (and Iceberg's context class loader
 * set to it, as a Lambda runtime sets it to the function's).
 */
class WithoutFlinkITCase {
  /** Flink's row type classes, which Iceberg's Flink runtime needs when it first reads a file. */
  private static final Set<String> TYPE_JARS = Set.of("flink-table-common", "flink-annotations");

  @TempDir Path dir;

  @Test
  void aReadAndAWriteRunWithFlinksTypeClassesButWithoutFlink() throws Exception {
    assertThat(runWithout(TYPE_JARS))
        .isEqualTo("no Flink runtime; read 2; written 2; read again 0");
  }

  @Test
  void withoutFlinksTypeClassesOpeningSaysWhatToAdd() {
    assertThatThrownBy(() -> runWithout(Set.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot open the embedding API: Iceberg's Flink runtime, through which it reads and"
                + " writes files, loads Flink's row types (org.apache.flink.table.data.RowData)"
                + " when it first reads or writes a file. Add org.apache.flink:flink-table-common"
                + " and org.apache.flink:flink-annotations (the version of the job's Flink, without"
                + " their dependencies) to the application; Flink itself is not needed.");
  }

  /** Runs {@link NoFlinkRun} on the test class path without the Flink jars but {@code keep}. */
  private String runWithout(Set<String> keep) throws Exception {
    String classPath = System.getProperty("java.class.path");
    List<URL> urls = new ArrayList<>();
    int left = 0;
    for (String entry : classPath.split(File.pathSeparator)) {
      String path = entry.replace(File.separatorChar, '/');
      int flink = path.indexOf("/org/apache/flink/");
      if (flink >= 0) {
        String artifact = path.substring(flink + "/org/apache/flink/".length()).split("/")[0];
        if (!keep.contains(artifact)) {
          left++;
          continue;
        }
      }
      urls.add(toUrl(entry));
    }
    assertThat(left).as("Flink jars left out of %s", classPath).isGreaterThan(10);

    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      @SuppressWarnings("unchecked")
      Function<String, String> run =
          (Function<String, String>)
              loader.loadClass(NoFlinkRun.class.getName()).getDeclaredConstructor().newInstance();
      assertThat(run.getClass().getClassLoader()).isSameAs(loader);
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        return run.apply(dir.toString());
      } catch (RuntimeException e) {
        // Its class comes from the other loader: rethrow it as the same JDK exception.
        if (e.getClass().getName().equals(IllegalStateException.class.getName())) {
          throw new IllegalStateException(e.getMessage(), e);
        }
        throw e;
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  private static URL toUrl(String entry) throws MalformedURLException {
    return new File(entry).toURI().toURL();
  }
}
