/**
 * Engine-neutral DynamoDB access: clients and credentials ({@link
 * dev.floe.core.dynamodb.AwsClientConfig}, {@link dev.floe.core.dynamodb.DynamoDbClientFactory}),
 * table keys and item sizes ({@link dev.floe.core.dynamodb.TableKeySchema}, {@link
 * dev.floe.core.dynamodb.ItemSize}), the batch writer the Flink sink and the Spark writer share
 * ({@link dev.floe.core.dynamodb.DynamoDbBatchWriter}; docs/dynamodb-writes.md) and the read path
 * the scan sources, lookup joins and the Spark reader share ({@link
 * dev.floe.core.dynamodb.ReadSpec}, {@link dev.floe.core.dynamodb.ScanPlanner}, {@link
 * dev.floe.core.dynamodb.PageReader}, {@link dev.floe.core.dynamodb.BatchGetReader}, {@link
 * dev.floe.core.dynamodb.DynamoDbExpressions}; docs/dynamodb-reads.md).
 */
package dev.floe.core.dynamodb;
