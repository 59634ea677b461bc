/**
 * Spark DataSource V2 for Amazon DynamoDB, {@code format("dynamodb")}.
 *
 * <p>Subpackages: {@code read} (batch scan or Query) and {@code write} (batch and Structured
 * Streaming writes: a micro-batch is a write whose replay is idempotent). {@link
 * dev.floe.spark.dynamodb.DynamoDbSessionCatalog} serves SQL tables {@code USING dynamodb} on Spark
 * 3.5. Pure Java: only Spark's Java interfaces and data classes, never {@code scala.collection}
 * types, so one jar runs on Spark 3.5 (Scala 2.12) and 4.x (Scala 2.13). Conversion and DynamoDB
 * access live in {@code floe-core}.
 */
package dev.floe.spark.dynamodb;
