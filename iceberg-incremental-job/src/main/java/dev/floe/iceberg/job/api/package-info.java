/**
 * The embedding API of the incremental job: {@link dev.floe.iceberg.job.api.IncrementalConnector}
 * reads what the sources gained as an Arrow batch and writes Java records into the target with the
 * job's rules and exactly-once commit, in one JVM and without Flink (e.g. in AWS Lambda). It shares
 * the job's planning ({@code plan}), target preparation, merge rules and committer ({@code job});
 * what differs is only the row representation: Iceberg generic records instead of Flink's RowData.
 */
package dev.floe.iceberg.job.api;
