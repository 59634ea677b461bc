/**
 * Iceberg: logical types and values as Iceberg types and records ({@code IcebergTypeMapping},
 * {@code IcebergValueConverter}); the Iceberg schema of a Java record or JavaBean ({@link
 * dev.floe.core.conversion.iceberg.JavaModelSchemas}) and conversion between its instances and
 * Iceberg generic records ({@link dev.floe.core.conversion.iceberg.JavaModelRecords}); partition
 * specs from configuration strings ({@link dev.floe.core.conversion.iceberg.PartitionSpecs}).
 */
package dev.floe.core.conversion.iceberg;
