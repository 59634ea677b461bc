package dev.floe.iceberg.job.job;

import org.apache.iceberg.hadoop.HadoopFileIO;

/** Iceberg's Hadoop FileIO that remembers whether it was closed, for tests of who closes it. */
public final class ClosingRecordingFileIO extends HadoopFileIO {
  private static final long serialVersionUID = 1L;

  private volatile boolean closed;

  public ClosingRecordingFileIO() {}

  @Override
  public void close() {
    closed = true;
    super.close();
  }

  public boolean isClosed() {
    return closed;
  }
}
