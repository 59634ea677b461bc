/**
 * Flink connectors for Amazon DynamoDB.
 *
 * <p>Subpackages, one per direction: {@code sink} (batched writes), {@code source} (parallel scan:
 * enumerator, reader, split), {@code streams} (DynamoDB Streams change data capture) and {@code
 * table} (Flink SQL factories and their options). Conversion and DynamoDB access live in {@code
 * floe-core}; this module only adapts them to Flink.
 */
package dev.floe.flink.dynamodb;
