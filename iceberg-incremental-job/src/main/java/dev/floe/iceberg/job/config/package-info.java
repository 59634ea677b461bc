/**
 * The incremental job's configuration: an immutable model ({@link
 * dev.floe.iceberg.job.config.JobConfig} and its sections, each with a builder) and the YAML reader
 * that fills it ({@link dev.floe.iceberg.job.config.JobConfigParser}). The model checks its own
 * rules, so a configuration built in code is held to the same rules as one read from a file; the
 * reader adds what only the file knows: unknown keys, YAML types, and the line and column of every
 * error. Nothing here touches a catalog, a table or the network.
 */
package dev.floe.iceberg.job.config;
