package dev.floe.core.conversion;

/**
 * How TIMESTAMP and TIMESTAMP_LTZ values are stored in DynamoDB.
 *
 * <p>{@link #ISO_8601} (the default) writes strings, the form the Apache Flink DynamoDB connector
 * writes, so tables it filled read back: {@code 2024-05-01T10:15:30.123456} without zone, {@code
 * 2024-05-01T08:15:30.123456Z} with zone. The epoch encodings write a number of units since
 * 1970-01-01T00:00:00Z, with a decimal fraction when the value is finer than the unit, so nothing
 * is rounded; a TIMESTAMP without zone is read as a UTC wall-clock time for this.
 *
 * <p>Reading accepts an ISO-8601 string whatever the encoding, and a number only under an epoch
 * encoding (a bare number cannot tell its unit).
 */
public enum TimestampEncoding {
  ISO_8601(0),
  EPOCH_SECONDS(1),
  EPOCH_MILLIS(1_000),
  EPOCH_MICROS(1_000_000),
  EPOCH_NANOS(1_000_000_000);

  private final long unitsPerSecond;

  TimestampEncoding(long unitsPerSecond) {
    this.unitsPerSecond = unitsPerSecond;
  }

  /** Units per second for the epoch encodings; 0 for ISO-8601. */
  public long unitsPerSecond() {
    return unitsPerSecond;
  }

  public boolean isEpoch() {
    return this != ISO_8601;
  }
}
