package dev.floe.iceberg.job.job;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The planner of the streaming job, as a source with parallelism 1 and one split: every poll
 * interval it plans what each Iceberg source gained after its position ({@link PlannerReader}) and
 * emits the file scan tasks, in commit order, followed by the sources' new positions. Its split
 * holds the positions, so they are checkpointed with the job: the tasks and the positions emitted
 * in one poll precede the same checkpoint barrier, and a restored job plans again exactly from
 * where its checkpoint ended.
 *
 * <p>Elements are {@code (source index, sequence, task JSON)} for a task and {@code (}{@value
 * #POSITION}{@code , snapshot id, source name)} for a moved position; {@link RoutePlannedWork}
 * sends them on. The source ends (and with it the job, after a last checkpoint commits what was
 * planned) when a source table's schema differs from the one the job started with, after a last
 * element {@code (}{@value #SCHEMA_CHANGED}{@code , 0, "")} that tells why.
 */
final class PlannerSource
    implements Source<Tuple3<Integer, Long, String>, PlannerSplit, List<PlannerSplit>> {
  private static final long serialVersionUID = 1L;

  /** The first field of an element that carries a position rather than a task. */
  static final int POSITION = -1;

  /**
   * The first field of the last element the planner emits when a source's schema changed, which
   * ends it: the job ends to start again with the target evolved, unlike a stopped job.
   */
  static final int SCHEMA_CHANGED = -2;

  /** An Iceberg source as the planner needs it; TableIdentifier is not serializable. */
  record SourceAddress(
      List<String> namespace, String table, String indexField, String datetimeField, int schemaId)
      implements Serializable {

    SourceAddress {
      namespace = List.copyOf(namespace);
    }

    static SourceAddress of(RunSpec.Source source, int schemaId) {
      return new SourceAddress(
          List.of(source.table().namespace().levels()),
          source.table().name(),
          source.indexField(),
          source.datetimeField(),
          schemaId);
    }

    RunSpec.Source source() {
      return new RunSpec.Source(
          TableIdentifier.of(Namespace.of(namespace.toArray(new String[0])), table),
          indexField,
          datetimeField);
    }
  }

  private final CatalogLoader catalog;
  private final List<SourceAddress> sources;
  private final Map<String, Long> startPositions;
  private final Duration pollInterval;
  private final Duration timeFilter;
  private final Long maxRecords;

  /**
   * @param sources the Iceberg sources in configuration order, each with the id of the schema the
   *     job's readers were built for
   * @param startPositions where a job that starts without a checkpoint begins: the positions the
   *     target's summary holds
   * @param timeFilter the seed's time_filter_hours, relative to each poll; null for none
   * @param maxRecords the cap on the records one poll plans per source; null for none
   */
  PlannerSource(
      CatalogLoader catalog,
      List<SourceAddress> sources,
      Map<String, Long> startPositions,
      Duration pollInterval,
      Duration timeFilter,
      Long maxRecords) {
    this.catalog = catalog;
    this.sources = List.copyOf(sources);
    this.startPositions = new LinkedHashMap<>(startPositions);
    this.pollInterval = pollInterval;
    this.timeFilter = timeFilter;
    this.maxRecords = maxRecords;
  }

  static TypeInformation<Tuple3<Integer, Long, String>> typeInfo() {
    return Types.TUPLE(Types.INT, Types.LONG, Types.STRING);
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SplitEnumerator<PlannerSplit, List<PlannerSplit>> createEnumerator(
      SplitEnumeratorContext<PlannerSplit> context) {
    return new Enumerator(context, List.of(new PlannerSplit(startPositions, 0)));
  }

  @Override
  public SplitEnumerator<PlannerSplit, List<PlannerSplit>> restoreEnumerator(
      SplitEnumeratorContext<PlannerSplit> context, List<PlannerSplit> unassigned) {
    return new Enumerator(context, unassigned);
  }

  @Override
  public SimpleVersionedSerializer<PlannerSplit> getSplitSerializer() {
    return PlannerSplit.Serializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<List<PlannerSplit>> getEnumeratorCheckpointSerializer() {
    return PlannerSplit.ListSerializer.INSTANCE;
  }

  @Override
  public SourceReader<Tuple3<Integer, Long, String>, PlannerSplit> createReader(
      SourceReaderContext context) {
    return new PlannerReader(catalog, sources, pollInterval, timeFilter, maxRecords);
  }

  /**
   * Hands the one split to the planner (subtask 0), again after a failover gives it back, and keeps
   * it in its checkpoints while unassigned.
   */
  private static final class Enumerator
      implements SplitEnumerator<PlannerSplit, List<PlannerSplit>> {
    private final SplitEnumeratorContext<PlannerSplit> context;
    private final List<PlannerSplit> unassigned;

    Enumerator(SplitEnumeratorContext<PlannerSplit> context, List<PlannerSplit> unassigned) {
      this.context = context;
      this.unassigned = new ArrayList<>(unassigned);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<PlannerSplit> splits, int subtaskId) {
      unassigned.addAll(splits);
      assign();
    }

    @Override
    public void addReader(int subtaskId) {
      assign();
    }

    private void assign() {
      if (!unassigned.isEmpty() && context.registeredReaders().containsKey(0)) {
        unassigned.forEach(split -> context.assignSplit(split, 0));
        unassigned.clear();
      }
    }

    @Override
    public List<PlannerSplit> snapshotState(long checkpointId) {
      return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}
  }
}
