/**
 * Flink SQL support: {@code CREATE TABLE ... WITH ('connector' = 'dynamodb')}. One options class
 * ({@link dev.floe.flink.dynamodb.table.DynamoDbConnectorOptions}) and one factory per direction.
 */
package dev.floe.flink.dynamodb.table;
