package dev.floe.iceberg.job.config;

/** Whether the job stops after one pass; written in lower case in YAML. */
public enum RunMode {
  /** Copy what is new since the last run, commit, and stop. */
  BATCH,
  /** Keep running and commit what is new at every checkpoint. */
  STREAMING
}
