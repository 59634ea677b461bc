package dev.floe.iceberg.job.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.iceberg.job.plan.SnapshotNotInHistoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming job's planner, called as its source task calls it, on a real source table. */
class PlannerReaderTest {
  @TempDir Path dir;
  private LocalWarehouse warehouse;
  private Table source;
  private PlannerReader reader;
  private final Collected output = new Collected();

  @BeforeEach
  void open() {
    warehouse = new LocalWarehouse(dir);
    source = warehouse.create(StreamingRunITCase.SOURCE, StreamingRunITCase.SOURCE_SCHEMA);
    LocalWarehouse.append(
        source, List.of(StreamingRunITCase.record(source.schema(), "1", "ada", 10, "eu")));
    reader =
        new PlannerReader(
            warehouse.loader,
            List.of(
                PlannerSource.SourceAddress.of(
                    new RunSpec.Source(StreamingRunITCase.SOURCE, "id", "updated_at"),
                    source.schema().schemaId())),
            Duration.ofMillis(500),
            null,
            null);
    reader.start();
  }

  @Test
  void theWaitForTheNextPollRunsOnATimerThreadOfItsOwnThatEndsWithTheReader() throws Exception {
    reader.addSplits(List.of(new PlannerSplit(Map.of(), 0)));
    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    assertThat(output.elements).hasSize(2); // the table's task and its position

    AtomicReference<Thread> completedOn = new AtomicReference<>();
    reader
        .isAvailable()
        .thenRun(() -> completedOn.set(Thread.currentThread()))
        .get(5, TimeUnit.SECONDS);
    Thread timer = completedOn.get();
    assertThat(timer.getName()).isEqualTo(PlannerReader.TIMER_THREAD);
    assertThat(timer.isDaemon()).isTrue();

    reader.close();
    timer.join(5_000);
    assertThat(timer.isAlive()).as("the timer thread after close").isFalse();
  }

  @Test
  void aConsumedSnapshotGoneFromTheSourcesHistoryFailsWithoutRestarts() throws Exception {
    reader.addSplits(List.of(new PlannerSplit(Map.of("source_db.source_table", 42L), 0)));

    assertThatThrownBy(() -> reader.pollNext(output))
        .isInstanceOf(SuppressRestartsException.class)
        .cause()
        .isInstanceOf(SnapshotNotInHistoryException.class)
        .hasMessageStartingWith(
            "Cannot read source table source_db.source_table incrementally: snapshot 42, which the"
                + " last run consumed, is no longer in its history");
    reader.close();
  }

  @Test
  void aNewSchemaEndsThePlannerWithAnElementThatSaysSo() throws Exception {
    source.updateSchema().addColumn("score", Types.IntegerType.get()).commit();
    reader.addSplits(List.of(new PlannerSplit(Map.of(), 0)));

    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.END_OF_INPUT);
    assertThat(output.elements).containsExactly(Tuple3.of(PlannerSource.SCHEMA_CHANGED, 0L, ""));
    reader.close();
  }

  /** The planner's output, collected. */
  private static final class Collected implements ReaderOutput<Tuple3<Integer, Long, String>> {
    final List<Tuple3<Integer, Long, String>> elements = new ArrayList<>();

    @Override
    public void collect(Tuple3<Integer, Long, String> element) {
      elements.add(element);
    }

    @Override
    public void collect(Tuple3<Integer, Long, String> element, long timestamp) {
      elements.add(element);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<Tuple3<Integer, Long, String>> createOutputForSplit(String splitId) {
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
  }
}
