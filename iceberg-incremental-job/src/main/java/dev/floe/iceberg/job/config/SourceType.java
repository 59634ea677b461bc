package dev.floe.iceberg.job.config;

/** Where a source table lives; written in lower case in YAML ({@code type: dynamodb}). */
public enum SourceType {
  /** An Iceberg table in the job's catalog, named by {@code database} and {@code table}. */
  ICEBERG,
  /**
   * A DynamoDB table in {@code connector.region}, named by {@code table}, read with a parallel
   * scan.
   */
  DYNAMODB
}
