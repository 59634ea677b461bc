package dev.floe.iceberg.job.job;

/** Names of the Flink accumulators a run counts in, read back for its progress report. */
final class JobCounters {
  static final String NOT_NEWER = "not-newer-than-target";
  static final String WRITTEN = "written";
  static final String REPLACED = "replaced";

  private JobCounters() {}

  static String read(String source) {
    return "read " + source;
  }

  static String filtered(String source) {
    return "filtered " + source;
  }
}
