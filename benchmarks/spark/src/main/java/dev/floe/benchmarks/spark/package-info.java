/**
 * Benchmarks of the Spark data source {@code format("dynamodb")} against raw AWS SDK baselines on
 * the same DynamoDB Local, printing {@code <case>: ours=<rate>/s baseline=<rate>/s
 * ratio=<ours/baseline>} (docs/benchmarks.md).
 */
package dev.floe.benchmarks.spark;
