package dev.floe.iceberg.job.job;

import dev.floe.core.conversion.ConversionException;
import dev.floe.iceberg.job.config.JobConfig;
import dev.floe.iceberg.job.config.JobConfigException;
import dev.floe.iceberg.job.config.RunMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * The job's entry point: {@code --config <file.yaml>} runs the configured job, one batch run or, in
 * streaming mode, a streaming job until it is cancelled or stopped; {@code --demo [--warehouse
 * <dir>]} runs {@link IncrementalJobDemo} on embedded defaults.
 *
 * <p>Under {@code flink run} the runs go to the cluster; under {@code java -jar} they run on an
 * embedded Flink MiniCluster. Exit codes on {@code java -jar}: 0 done, 2 bad arguments or
 * configuration (the message, no stack trace, on stderr), 1 any other failure. On a cluster a
 * failure is thrown instead, since {@code System.exit} would end the JobManager in application
 * mode.
 */
public final class IncrementalJobMain {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      String.join(
          "\n",
          "Usage: IncrementalJobMain --config <job.yaml>",
          "       IncrementalJobMain --demo [--warehouse <dir>]",
          "  --config <file>    run the job configured in the YAML file (see"
              + " docs/incremental-job.md): once in batch mode, until cancelled or stopped in"
              + " streaming mode; a local path or s3://<bucket>/<key>",
          "  --demo             run a two-round demo on embedded defaults (local warehouse, SQLite"
              + " catalog)",
          "  --warehouse <dir>  the demo's warehouse, deleted and created again (default ./"
              + IncrementalJobDemo.DEFAULT_WAREHOUSE
              + ")",
          "  --help             print this text");

  /** Logging for {@code java -jar}; a Flink cluster names its own configuration. */
  private static final String STANDALONE_LOG_CONFIG = "floe-job-log4j2.properties";

  private IncrementalJobMain() {}

  /** The command line, parsed. */
  record Arguments(String config, boolean demo, Path warehouse, boolean help) {}

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", STANDALONE_LOG_CONFIG);
    }
    // Under flink run (or in application mode) the environment is the cluster's context
    // environment; only java -jar gives a local one.
    boolean embedded =
        StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
    int code =
        run(args, System.out, System.err, StreamExecutionEnvironment::getExecutionEnvironment);
    System.out.flush();
    System.err.flush();
    if (embedded) {
      // Flink, Hadoop and the catalog leave threads behind that would keep the JVM alive.
      System.exit(code);
    }
    releaseHadoop();
    if (code != OK) {
      throw new IllegalStateException(
          "The Floe incremental job failed with exit code " + code + "; see the message above");
    }
  }

  /**
   * Runs the command line, writing results to {@code out} and problems to {@code err}.
   *
   * @param environments a new Flink environment for each run
   * @return the exit code: {@link #OK}, {@link #USAGE} or {@link #FAILED}
   */
  static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Supplier<StreamExecutionEnvironment> environments) {
    try {
      JobConfigLocation locations = JobConfigLocation.withDefaultS3Client();
      if (args.length == 0) {
        // Managed Service for Apache Flink passes no arguments but runtime properties.
        Optional<JobConfig> managed =
            locations.fromRuntimeProperties(JobConfigLocation.runtimePropertiesFile());
        if (managed.isPresent()) {
          runJob(managed.get(), environments, out);
          return OK;
        }
      }
      Arguments arguments = parseArguments(args);
      if (arguments.help()) {
        out.println(USAGE_TEXT);
        return OK;
      }
      if (arguments.demo()) {
        IncrementalJobDemo.Result result =
            IncrementalJobDemo.run(
                arguments.warehouse(),
                environments,
                round -> {
                  round.describe().forEach(out::println);
                  out.println();
                });
        out.println("Configuration used by both rounds: " + result.config());
        out.println("Run it again (nothing new is copied): --config " + result.config());
      } else {
        runJob(locations.read(arguments.config()), environments, out);
      }
      return OK;
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    } catch (IllegalArgumentException e) {
      // JobConfigException and the run's own checks: each message says what to fix.
      err.println(e.getMessage());
      return USAGE;
    } catch (Exception | LinkageError e) {
      err.println("The run failed: " + rootMessage(e));
      e.printStackTrace(err);
      return FAILED;
    }
  }

  /**
   * Runs {@code config}: one batch run, whose report goes to {@code out}, or in streaming mode a
   * streaming job until it is cancelled or stopped, whose progress goes to the log.
   */
  static void runJob(
      JobConfig config, Supplier<StreamExecutionEnvironment> environments, PrintStream out)
      throws Exception {
    if (config.mode() != RunMode.STREAMING) {
      runConfig(config, environments.get()).lines().forEach(out::println);
      return;
    }
    RunSpec spec = RunSpecs.from(config);
    StreamingRun.Settings settings = RunSpecs.streaming(config);
    StreamingRun.Ended last;
    try {
      last =
          StreamingRun.run(
              spec,
              settings,
              environments,
              client ->
                  out.printf(
                      "Streaming into %s as Flink job %s: %s; progress goes to the log%n",
                      spec.target().identifier(), client.getJobID(), settings.describe()));
    } catch (ConversionException e) {
      throw partitionProblem(e);
    }
    if (last.ending() == StreamingRun.Ending.STOPPED) {
      out.printf(
          "Streaming job %s stopped with a savepoint: the target holds everything committed up to"
              + " it; start the job again, from the savepoint or without it, to continue from"
              + " there%n",
          last.job().getJobID());
    } else {
      out.printf(
          "Streaming job %s cancelled: the target holds everything committed up to its last"
              + " completed checkpoint; start the job again to continue from there%n",
          last.job().getJobID());
    }
  }

  /** Maps {@code config} onto a batch run and runs it. */
  static IncrementalRun.Report runConfig(JobConfig config, StreamExecutionEnvironment env)
      throws Exception {
    RunSpec spec = RunSpecs.from(config);
    try {
      return IncrementalRun.execute(spec, env);
    } catch (ConversionException e) {
      throw partitionProblem(e);
    }
  }

  /** The only conversion a run does before its Flink job: the partition spec of a new target. */
  private static JobConfigException partitionProblem(ConversionException e) {
    return new JobConfigException(
        "connector.target.partition_by",
        "cannot partition the target table: "
            + e.getMessage()
            + ". Fix the entry (see docs/partitioning.md), or remove it.");
  }

  /**
   * @throws UsageException naming the argument at fault
   */
  static Arguments parseArguments(String... args) {
    String config = null;
    Path warehouse = null;
    boolean demo = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        value = arg.substring(equals + 1);
        arg = arg.substring(0, equals);
      }
      switch (arg) {
        case "--config":
          if (config != null) {
            throw new UsageException("--config is given twice. Give one configuration file.");
          }
          config =
              value != null
                  ? checked(value, arg, "<job.yaml>")
                  : valueOf(args, ++i, arg, "<job.yaml>");
          break;
        case "--warehouse":
          if (warehouse != null) {
            throw new UsageException("--warehouse is given twice. Give one directory.");
          }
          warehouse =
              Path.of(
                  value != null ? checked(value, arg, "<dir>") : valueOf(args, ++i, arg, "<dir>"));
          break;
        case "--demo":
          noValue(arg, value);
          demo = true;
          break;
        case "--help":
        case "-h":
          noValue(arg, value);
          help = true;
          break;
        default:
          throw new UsageException(
              String.format(
                  "Unknown argument '%s'. Give --config <job.yaml>, or --demo.", args[i]));
      }
    }
    if (help) {
      return new Arguments(null, false, null, true);
    }
    if (demo && config != null) {
      throw new UsageException(
          "--demo and --config exclude each other. The demo writes its own configuration.");
    }
    if (warehouse != null && !demo) {
      throw new UsageException(
          "--warehouse belongs to --demo. A configuration file names its warehouse in"
              + " connector.catalog.warehouse.");
    }
    if (!demo && config == null) {
      throw new UsageException(
          args.length == 0
              ? "Missing arguments. Give --config <job.yaml>, or --demo."
              : "Missing --config <job.yaml>. Give the job's configuration file, or --demo.");
    }
    return new Arguments(
        config,
        demo,
        demo && warehouse == null ? IncrementalJobDemo.DEFAULT_WAREHOUSE : warehouse,
        false);
  }

  private static String valueOf(String[] args, int i, String option, String placeholder) {
    return checked(i < args.length ? args[i] : null, option, placeholder);
  }

  private static String checked(String value, String option, String placeholder) {
    if (value == null || value.startsWith("--") || value.isBlank()) {
      throw new UsageException(
          String.format("%s needs a value: %s %s.", option, option, placeholder));
    }
    return value;
  }

  private static void noValue(String option, String value) {
    if (value != null) {
      throw new UsageException(option + " takes no value, but is given '" + value + "'.");
    }
  }

  /**
   * Under {@code flink run} the job jar's Hadoop is loaded by a class loader that Flink closes once
   * main returns, but Hadoop's JVM shutdown hook runs later and then fails to load its own classes
   * ({@code NoClassDefFoundError: org/apache/hadoop/util/ShutdownHookManager$2} on stderr after a
   * successful run). Closes Hadoop's file systems and empties its hooks now, and loads the class
   * the hook still needs while the loader is open. Only for a Hadoop of the job jar: a Hadoop the
   * cluster provides (parent-first) and its hooks belong to the cluster.
   */
  private static void releaseHadoop() {
    try {
      if (ShutdownHookManager.class.getClassLoader() != IncrementalJobMain.class.getClassLoader()) {
        return;
      }
      FileSystem.closeAll();
      ShutdownHookManager.get().clearShutdownHooks();
      Class.forName(ShutdownHookManager.class.getName() + "$2");
    } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
      // Best effort: at worst the shutdown hook prints its error, after the job is done.
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e
        ? String.valueOf(e.getMessage())
        : e.getMessage() + " (caused by " + root + ")";
  }

  /** A command line that cannot be run; its message says what to change. */
  static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
