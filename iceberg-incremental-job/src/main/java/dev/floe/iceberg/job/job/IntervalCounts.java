package dev.floe.iceberg.job.job;

import java.io.Serializable;
import org.apache.iceberg.io.WriteResult;

/**
 * What the streaming job's merging tasks did between two checkpoints, summed up by the commit for
 * its log line and report.
 *
 * @param read per source rank, the records read (within the time filter)
 * @param written the records kept and written
 * @param notNewer the records not newer than what the target holds for their index value
 * @param replaced the target rows an upsert replaced
 * @param lookedUp the index values looked up in the target (the others were in keyed state)
 */
record IntervalCounts(long[] read, long written, long notNewer, long replaced, long lookedUp)
    implements Serializable {

  IntervalCounts {
    read = read.clone();
  }

  static IntervalCounts none(int sources) {
    return new IntervalCounts(new long[sources], 0, 0, 0, 0);
  }

  IntervalCounts plus(IntervalCounts other) {
    long[] sum = read.clone();
    for (int i = 0; i < sum.length && i < other.read.length; i++) {
      sum[i] += other.read[i];
    }
    return new IntervalCounts(
        sum,
        written + other.written,
        notNewer + other.notNewer,
        replaced + other.replaced,
        lookedUp + other.lookedUp);
  }

  @Override
  public long[] read() {
    return read.clone();
  }

  /**
   * One merging task's files and counts of one checkpoint interval, on its way to the commit.
   *
   * @param checkpointId the checkpoint the files were written for, before its barrier; {@link
   *     #END_OF_INPUT} for the files written when the input ended
   */
  record Write(long checkpointId, WriteResult files, IntervalCounts counts)
      implements Serializable {
    /** The tag of the files written at the end of the input, after every checkpoint before it. */
    static final long END_OF_INPUT = Long.MAX_VALUE;
  }
}
