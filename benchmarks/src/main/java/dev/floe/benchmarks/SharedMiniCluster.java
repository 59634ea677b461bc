package dev.floe.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Flink MiniCluster that every job of a benchmark runs on, as jobs run on a session cluster
 * under {@code flink run}: a job's time then holds its submission, scheduling and execution, but
 * not the start of a cluster, which {@code getExecutionEnvironment()} would pay for every job.
 */
final class SharedMiniCluster implements AutoCloseable {
  private static final String EXECUTOR = "floe-shared-minicluster";

  private final MiniCluster cluster;
  private final int parallelism;

  private SharedMiniCluster(MiniCluster cluster, int parallelism) {
    this.cluster = cluster;
    this.parallelism = parallelism;
  }

  /** Starts a cluster of one TaskManager with {@code parallelism} slots. */
  static SharedMiniCluster start(int parallelism) throws Exception {
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build());
    cluster.start();
    return new SharedMiniCluster(cluster, parallelism);
  }

  /** A new environment whose jobs run on this cluster, at the cluster's parallelism. */
  StreamExecutionEnvironment environment() {
    Configuration configuration = new Configuration();
    configuration.set(DeploymentOptions.TARGET, EXECUTOR);
    // Attached: execute() waits for the job and returns its accumulators (the run's counts).
    configuration.set(DeploymentOptions.ATTACHED, true);
    StreamExecutionEnvironment env =
        new StreamExecutionEnvironment(
            new Executors(cluster), configuration, SharedMiniCluster.class.getClassLoader());
    env.setParallelism(parallelism);
    return env;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /** Hands every pipeline to the shared cluster, whatever executor the configuration names. */
  private static final class Executors implements PipelineExecutorServiceLoader {
    private final MiniCluster cluster;

    Executors(MiniCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
      return new PipelineExecutorFactory() {
        @Override
        public String getName() {
          return EXECUTOR;
        }

        @Override
        public boolean isCompatibleWith(Configuration configuration) {
          return true;
        }

        @Override
        public PipelineExecutor getExecutor(Configuration configuration) {
          return Executors.this::submit;
        }
      };
    }

    @Override
    public Stream<String> getExecutorNames() {
      return Stream.of(EXECUTOR);
    }

    private CompletableFuture<JobClient> submit(
        Pipeline pipeline, Configuration configuration, ClassLoader classLoader) throws Exception {
      JobGraph job = PipelineExecutorUtils.getJobGraph(pipeline, configuration, classLoader);
      return cluster
          .submitJob(job)
          .thenApply(
              submitted ->
                  new MiniClusterJobClient(
                      submitted.getJobID(),
                      cluster,
                      classLoader,
                      MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }
  }
}
