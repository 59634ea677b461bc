package dev.floe.iceberg.job.job;

import java.io.Serializable;

/**
 * Points in a run where tests stop it, to show that a run killed there and started again neither
 * loses nor duplicates a record, or watch it. Production runs use {@link #NONE}.
 */
public interface RunHooks extends Serializable {
  RunHooks NONE = new RunHooks() {};

  /** After every writer finished its files, before the commit. */
  default void beforeCommit() throws Exception {}

  /** Right after the commit succeeded. */
  default void afterCommit() throws Exception {}

  /** In a streaming job, after the commit of a checkpoint's data, with what it logged. */
  default void afterIntervalCommit(IntervalReport report) throws Exception {}
}
