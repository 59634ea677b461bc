/**
 * Engine-neutral DynamoDB access: clients and credentials ({@link
 * dev.floe.core.dynamodb.AwsClientConfig}, {@link dev.floe.core.dynamodb.DynamoDbClientFactory}),
 * table keys and item sizes ({@link dev.floe.core.dynamodb.TableKeySchema}, {@link
 * dev.floe.core.dynamodb.ItemSize}) and the batch writer the Flink sink and the Spark writer share
 * ({@link dev.floe.core.dynamodb.DynamoDbBatchWriter}). See docs/dynamodb-writes.md.
 */
package dev.floe.core.dynamodb;
