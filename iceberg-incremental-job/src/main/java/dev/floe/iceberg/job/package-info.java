/**
 * The incremental copy job: its Flink graph and entry point. Configuration ({@code config}), the
 * plan of what is new ({@code plan}) and the embedded read/write API ({@code api}) come as sibling
 * packages.
 */
package dev.floe.iceberg.job;
