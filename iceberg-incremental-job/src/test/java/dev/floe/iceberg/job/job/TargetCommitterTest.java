package dev.floe.iceberg.job.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.iceberg.job.plan.ConsumedPositions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer on a real target, with commits of another writer next to its own. */
class TargetCommitterTest {
  static final TableIdentifier TARGET = StreamingRunITCase.TARGET;

  @TempDir Path dir;

  @Test
  void theSnapshotOfACommitIsItsOwnAlsoWhenAnotherWriterCommitsRightAfterIt() throws Exception {
    LocalWarehouse warehouse = new LocalWarehouse(dir);
    TargetTable.prepare(
        warehouse.catalog,
        new TargetTable.Settings(TARGET, "id", "processed_at", null, List.of()),
        List.of(StreamingRunITCase.SOURCE_SCHEMA));
    TargetCommitter committer = committer(null, "run-1");
    // Compaction, say: a commit of another writer lands right after this commit, before the
    // committing table looks at its metadata again.
    Catalog catalog = catalogCommittingAfterEachCommit(warehouse);

    TargetCommitter.Result result =
        committer.commitRun(() -> catalog, List.of(), List.of(), Map.of());

    Table target = warehouse.catalog.loadTable(TARGET);
    long theirs = target.currentSnapshot().snapshotId();
    long ours = target.currentSnapshot().parentId();
    assertThat(target.snapshot(ours).summary()).containsEntry(ConsumedPositions.RUN_ID, "run-1");
    assertThat(target.snapshot(theirs).summary()).doesNotContainKey(ConsumedPositions.RUN_ID);
    assertThat(result.outcome()).isEqualTo(TargetCommitter.Outcome.COMMITTED);
    assertThat(result.snapshotId()).isEqualTo(ours);
  }

  @Test
  void aCommitAfterTheSnapshotWithThePositionsExpiredIsRefusedAndSaysSo() throws Exception {
    LocalWarehouse warehouse = new LocalWarehouse(dir);
    TargetTable.prepare(
        warehouse.catalog,
        new TargetTable.Settings(TARGET, "id", "processed_at", null, List.of()),
        List.of(StreamingRunITCase.SOURCE_SCHEMA));
    long ours =
        committer(null, "run-1")
            .commitRun(() -> warehouse.catalog, List.of(), List.of(), Map.of())
            .snapshotId();
    // A compaction commits after it, and an expiration that keeps only the newest snapshot.
    Table target = warehouse.catalog.loadTable(TARGET);
    target.newAppend().commit();
    target.expireSnapshots().expireSnapshotId(ours).commit();

    assertThatThrownBy(
            () ->
                committer(ours, "run-2")
                    .commitRun(() -> warehouse.catalog, List.of(), List.of(), Map.of()))
        .isInstanceOf(TargetCommitter.OvertakenException.class)
        .hasMessage(
            "Cannot commit to target_db.target_table: the target's positions are gone. Snapshot "
                + ours
                + ", which holds the positions this run started from, is no longer in the table's"
                + " history, and no newer snapshot holds positions (snapshot expiration removed it,"
                + " or the table was rolled back). Keep the target's newest snapshots when expiring"
                + " them. Started again, the job reads every source from the start and applies only"
                + " what is newer than the target.");
  }

  private static TargetCommitter committer(Long base, String runId) {
    return new TargetCommitter(
        TARGET,
        base,
        base,
        ConsumedPositions.fromMap(Map.of("source_db.source_table", 7L)).summary(runId),
        true,
        null);
  }

  /**
   * The warehouse's catalog, whose tables' operations append an empty commit through another
   * catalog handle right after each commit they make.
   */
  private static Catalog catalogCommittingAfterEachCommit(LocalWarehouse warehouse) {
    Catalog own = warehouse.loader.loadCatalog();
    return proxy(
        Catalog.class,
        own,
        (catalogMethod, loaded) -> {
          if (!catalogMethod.equals("loadTable")) {
            return loaded;
          }
          Table table = (Table) loaded;
          TableOperations operations =
              proxy(
                  TableOperations.class,
                  ((HasTableOperations) table).operations(),
                  (method, result) -> {
                    if (method.equals("commit")) {
                      warehouse.catalog.loadTable(TARGET).newAppend().commit();
                    }
                    return result;
                  });
          return new BaseTable(operations, table.name());
        });
  }

  /** What a call returned, replaced as a test needs it. */
  private interface AfterCall {
    Object after(String method, Object result);
  }

  private static <T> T proxy(Class<T> type, T delegate, AfterCall after) {
    InvocationHandler handler =
        (self, method, args) -> {
          try {
            return after.after(method.getName(), method.invoke(delegate, args));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
