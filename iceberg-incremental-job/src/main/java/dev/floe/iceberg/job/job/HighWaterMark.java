package dev.floe.iceberg.job.job;

import java.io.Serializable;

/**
 * The greatest datetime a run took from a DynamoDB source, in microseconds since the epoch: the
 * source's position once committed (see {@code plan.DynamoDbSourcePlanner}).
 */
record HighWaterMark(String source, long micros) implements Serializable {}
