package dev.floe.spark.dynamodb.read;

import dev.floe.core.dynamodb.ScanSegment;
import org.apache.spark.sql.connector.read.InputPartition;

/** One segment of the parallel scan (or the single segment of a Query): one Spark partition. */
record SegmentPartition(ScanSegment segment) implements InputPartition {}
