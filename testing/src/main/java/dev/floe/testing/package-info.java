/**
 * Real local services for tests, as JUnit 5 extensions; every module uses this package test-scoped.
 *
 * <ul>
 *   <li>{@link dev.floe.testing.DynamoDbLocalExtension}: DynamoDB Local in-process (shared by the
 *       JVM), sync, async and Streams clients, a {@link dev.floe.testing.TableBuilder}, bulk load
 *       and scan helpers.
 *   <li>{@link dev.floe.testing.S3ProxyExtension}: s3proxy in-process, an S3 client, a bucket per
 *       test class and the properties Iceberg's S3FileIO needs.
 *   <li>{@link dev.floe.testing.DynamoDbFaultProxy}: an HTTP proxy in front of DynamoDB Local that
 *       injects DynamoDB's own errors, connection drops, latency and partial batches, by {@link
 *       dev.floe.testing.FaultRule}s, and counts what it did.
 *   <li>{@link dev.floe.testing.LocalAwsClients}: client builders for any local endpoint.
 * </ul>
 */
package dev.floe.testing;
