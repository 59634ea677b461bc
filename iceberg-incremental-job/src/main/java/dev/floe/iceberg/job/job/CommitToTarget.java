package dev.floe.iceberg.job.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.WriteResult;

/**
 * The run's commit in the Flink graph: collects every writer's files and, at the end of the input,
 * with parallelism 1, hands them to {@link TargetCommitter}, which commits them with the run's new
 * source positions in one Iceberg commit (see there for the guarantees).
 */
final class CommitToTarget extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<byte[], Void>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalog;
  private final TargetCommitter committer;

  private transient List<WriteResult> results;
  private transient Map<String, Long> highWaterMarks;

  /**
   * @param catalog loads the target's catalog in the task
   */
  CommitToTarget(CatalogLoader catalog, TargetCommitter committer) {
    this.catalog = catalog;
    this.committer = committer;
  }

  @Override
  public void open() throws Exception {
    super.open();
    results = new ArrayList<>();
    highWaterMarks = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<byte[]> element) throws Exception {
    Object received =
        InstantiationUtil.deserializeObject(element.getValue(), getClass().getClassLoader());
    if (received instanceof HighWaterMark mark) {
      highWaterMarks.merge(mark.source(), mark.micros(), Math::max);
    } else {
      results.add((WriteResult) received);
    }
  }

  @Override
  public void endInput() throws Exception {
    commit(results);
  }

  /**
   * Commits {@code writes} with the run's positions. Also called by the client for a run whose
   * sources moved but planned no files (their new snapshots only deleted or rewrote data).
   */
  void commit(List<WriteResult> writes) throws Exception {
    List<DataFile> dataFiles = new ArrayList<>();
    List<DeleteFile> deleteFiles = new ArrayList<>();
    for (WriteResult result : writes) {
      dataFiles.addAll(List.of(result.dataFiles()));
      deleteFiles.addAll(List.of(result.deleteFiles()));
    }
    committer.commit(
        catalog::loadCatalog,
        dataFiles,
        deleteFiles,
        highWaterMarks == null ? Map.of() : highWaterMarks);
  }
}
