package dev.floe.iceberg.job.config;

/** How a newer record reaches the target table; written in lower case in YAML. */
public enum WriteMode {
  /** Keep history: a newer version of a record adds a row next to the older ones. */
  APPEND,
  /** One row per index value: a newer version of a record replaces its row. */
  UPSERT
}
