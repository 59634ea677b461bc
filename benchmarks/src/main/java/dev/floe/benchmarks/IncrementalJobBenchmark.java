package dev.floe.benchmarks;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.floe.iceberg.job.job.IncrementalJobDemo;
import dev.floe.iceberg.job.job.IncrementalRun;
import dev.floe.iceberg.job.job.RunSpec;
import dev.floe.iceberg.job.job.TargetTable;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;

/**
 * One incremental run of the job ({@link IncrementalRun}) with 10,000 new source records, against
 * targets of 100,000 and 1,000,000 rows (or the sizes given as arguments), compared with the seed's
 * approach in the same run on the same data; prints per size {@code incremental-run-<size>:
 * ours=<ms> ms baseline=<ms> ms ratio=<ours/baseline> ours-target-bytes=<n>
 * baseline-target-bytes=<n>} (for times lower is better) and {@code incremental-run-scaling:
 * ours(<largest>)=<ms> ms ours(<smallest>)=<ms> ms ratio=<largest/smallest>}.
 *
 * <p>Setup, not timed, per size N, in a JDBC catalog on a SQLite file in a temporary directory: a
 * source table {@code bench_src.orders} ({@code id} long, {@code customer}, {@code amount}, {@code
 * status}, {@code updated_at}) gets ids 1..N (in Parquet files of 100,000 rows, one snapshot), and
 * a first run of the job (upsert, {@code partition_by: [year, month, day]} as in the seed's
 * configuration) loads them into the target {@code bench_dw.orders}: the target is what the job
 * leaves, created by {@link TargetTable}. Then one more snapshot of 10,000 records is appended to
 * the source: 8,000 new ids (N+1..N+8,000) and 2,000 updates of existing ids, one drawn at random
 * from each of 2,000 equal stretches of 1..N, so they spread over the whole key range; every 10th
 * update is late (older than the target's row). Every measured run must report 9,800 records
 * written, 200 not newer than the target and 1,800 rows replaced.
 *
 * <p>Both paths are the same {@link IncrementalRun#execute} (plan the new source snapshot, read it
 * in Flink, reduce to the newest record per id, compare with the target, write data and equality
 * delete files, commit) and differ only in how the merging tasks learn what the target holds:
 *
 * <ul>
 *   <li>ours, {@link IncrementalRun.TargetRead#LOOKUP}: per chunk of 5,000 records, an Iceberg scan
 *       of the target filtered by the chunk's ids (pruning files and row groups by their
 *       statistics), reading the id, updated_at and processed_at columns and keeping only the rows
 *       of the chunk's ids;
 *   <li>baseline, {@link IncrementalRun.TargetRead#FULL_READ}, the seed's approach: each merging
 *       task reads every (id, updated_at) pair of the target (with {@code processed_at}, the
 *       partition source column the upsert's deletes need) without a filter, once, holds all of
 *       them in a hash map by id (as the lookup's own row objects), and filters its records against
 *       that map.
 * </ul>
 *
 * <p>Both read the same columns through the same Iceberg reader. With updates spread over the whole
 * key range every row group of the target holds some, so no file or row group can be skipped and
 * both read the same bytes; they differ in what they keep: ours the rows of its 10,000 ids, the
 * baseline every row of the target.
 *
 * <p>Timing: wall time of {@code IncrementalRun.execute}, from the call to its return (planning,
 * job submission and execution, commit), on one Flink MiniCluster shared by all runs (one
 * TaskManager, two slots, parallelism 2; the adaptive batch scheduler may run a stage with fewer
 * subtasks), as runs share a session cluster under {@code flink run}. One warm-up of both paths
 * against a 20,000-row target is discarded; then per size five rounds alternate which path goes
 * first, and the fastest run of each path is reported. Before each run the JVM collects garbage
 * (not timed), so no run pays for the garbage of the one before; after each run the target is
 * rolled back to the snapshot the setup left, so every run sees the same target and reads the same
 * 10,000 records. Target bytes: bytes read from the target's data and delete files (its {@code
 * data/} directory), counted by {@link CountingFileIO} in the catalog's {@code io-impl}; metadata
 * and the source's files are not counted.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -cp
 * "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * dev.floe.benchmarks.IncrementalJobBenchmark} (see docs/benchmarks.md).
 */
public final class IncrementalJobBenchmark {
  private static final int PARALLELISM = 2;
  private static final int ROUNDS = 5;
  private static final int WARM_UP_ROWS = 20_000;
  private static final int NEW_IDS = 8_000;
  private static final int UPDATES = 2_000;
  private static final int LATE_EVERY = 10;
  private static final int ROWS_PER_SOURCE_FILE = 100_000;

  private static final int LATE = UPDATES / LATE_EVERY;
  private static final long EXPECTED_WRITTEN = NEW_IDS + UPDATES - LATE;
  private static final long EXPECTED_NOT_NEWER = LATE;
  private static final long EXPECTED_REPLACED = UPDATES - LATE;

  private static final TableIdentifier SOURCE = TableIdentifier.of("bench_src", "orders");
  private static final TableIdentifier TARGET = TableIdentifier.of("bench_dw", "orders");
  private static final Schema SOURCE_SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "customer", Types.StringType.get()),
          optional(3, "amount", Types.DecimalType.of(12, 2)),
          optional(4, "status", Types.StringType.get()),
          optional(5, "updated_at", Types.TimestampType.withoutZone()));
  private static final LocalDateTime BASE = LocalDateTime.of(2026, 10, 1, 0, 0);
  private static final String[] STATUSES = {"placed", "paid", "shipped", "delivered"};

  private IncrementalJobBenchmark() {}

  /** The best (fastest) run of one path at one size. */
  private record Measured(long millis, long targetBytes) {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Integer.parseInt(arg.replace("_", "")));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(100_000, 1_000_000);
    }
    Path root = Files.createTempDirectory("floe-incremental-benchmark");
    int status = 0;
    try (SharedMiniCluster cluster = SharedMiniCluster.start(PARALLELISM)) {
      try (Setup warmUp = Setup.create(root.resolve("warm-up"), WARM_UP_ROWS, cluster)) {
        warmUp.measure(IncrementalRun.TargetRead.LOOKUP);
        warmUp.measure(IncrementalRun.TargetRead.FULL_READ);
      }

      Map<Integer, Measured> ours = new LinkedHashMap<>();
      List<Setup> setups = new ArrayList<>();
      try {
        for (int size : sizes) {
          setups.add(Setup.create(root.resolve("rows-" + size), size, cluster));
        }
        // Paths 2i and 2i+1 are ours and the baseline at sizes[i]. Every round runs each path once,
        // rotating the order, so that every path meets the machine's slow moments alike.
        IncrementalRun.TargetRead[] reads = {
          IncrementalRun.TargetRead.LOOKUP, IncrementalRun.TargetRead.FULL_READ
        };
        int paths = 2 * setups.size();
        Measured[] best = new Measured[paths];
        for (int round = 0; round < ROUNDS; round++) {
          for (int slot = 0; slot < paths; slot++) {
            int path = (round + slot) % paths;
            best[path] = faster(best[path], setups.get(path / 2).measure(reads[path % 2]));
          }
        }
        for (int i = 0; i < sizes.size(); i++) {
          ours.put(sizes.get(i), best[2 * i]);
          System.out.println(
              String.format(
                  Locale.ROOT,
                  "incremental-run-%s: ours=%d ms baseline=%d ms ratio=%.2f ours-target-bytes=%d"
                      + " baseline-target-bytes=%d (time ratio ours/baseline, lower is better)",
                  label(sizes.get(i)),
                  best[2 * i].millis(),
                  best[2 * i + 1].millis(),
                  (double) best[2 * i].millis() / best[2 * i + 1].millis(),
                  best[2 * i].targetBytes(),
                  best[2 * i + 1].targetBytes()));
        }
      } finally {
        for (Setup setup : setups) {
          setup.close();
        }
      }
      if (sizes.size() > 1) {
        int smallest = sizes.stream().min(Integer::compare).orElseThrow();
        int largest = sizes.stream().max(Integer::compare).orElseThrow();
        System.out.println(
            String.format(
                Locale.ROOT,
                "incremental-run-scaling: ours(%s)=%d ms ours(%s)=%d ms ratio=%.2f"
                    + " (ours(%s)/ours(%s), lower is better)",
                label(largest),
                ours.get(largest).millis(),
                label(smallest),
                ours.get(smallest).millis(),
                (double) ours.get(largest).millis() / ours.get(smallest).millis(),
                label(largest),
                label(smallest)));
      }
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      delete(root);
    }
    System.exit(status);
  }

  private static Measured faster(Measured best, Measured measured) {
    return best == null || measured.millis() < best.millis() ? measured : best;
  }

  /** 100000 as 100k, 1000000 as 1m. */
  static String label(int rows) {
    if (rows % 1_000_000 == 0) {
      return rows / 1_000_000 + "m";
    }
    if (rows % 1_000 == 0) {
      return rows / 1_000 + "k";
    }
    return Integer.toString(rows);
  }

  /** A warehouse with a loaded target of N rows and 10,000 new source records not yet run. */
  private static final class Setup implements AutoCloseable {
    private final int rows;
    private final SharedMiniCluster cluster;
    private final Catalog catalog;
    private final RunSpec spec;
    private final long loadedSnapshotId;
    private final String targetDataLocation;

    private Setup(
        int rows,
        SharedMiniCluster cluster,
        Catalog catalog,
        RunSpec spec,
        long loadedSnapshotId,
        String targetDataLocation) {
      this.rows = rows;
      this.cluster = cluster;
      this.catalog = catalog;
      this.spec = spec;
      this.loadedSnapshotId = loadedSnapshotId;
      this.targetDataLocation = targetDataLocation;
    }

    static Setup create(Path dir, int rows, SharedMiniCluster cluster) throws Exception {
      if (rows < UPDATES) {
        throw new IllegalArgumentException(
            "Cannot benchmark a target of " + rows + " rows: it needs at least " + UPDATES);
      }
      long started = System.nanoTime();
      Files.createDirectories(dir);
      CatalogLoader loader =
          CatalogLoader.custom(
              "floe",
              Map.of(
                  "uri",
                  "jdbc:sqlite:" + dir.resolve("catalog.db"),
                  CatalogProperties.WAREHOUSE_LOCATION,
                  dir.resolve("warehouse").toUri().toString(),
                  "jdbc.schema-version",
                  "V1",
                  CatalogProperties.FILE_IO_IMPL,
                  CountingFileIO.class.getName()),
              new Configuration(),
              JdbcCatalog.class.getName());
      Catalog catalog = loader.loadCatalog();
      ((SupportsNamespaces) catalog).createNamespace(SOURCE.namespace());
      Table source =
          catalog.createTable(
              SOURCE, SOURCE_SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
      List<Record> initial = new ArrayList<>(Math.min(rows, ROWS_PER_SOURCE_FILE));
      AppendFiles load = source.newAppend();
      for (long id = 1; id <= rows; id++) {
        initial.add(order(id, BASE.plusSeconds(id), 0));
        if (initial.size() == ROWS_PER_SOURCE_FILE || id == rows) {
          load.appendFile(IncrementalJobDemo.dataFile(source, initial));
          initial.clear();
        }
      }
      load.commit();

      RunSpec spec =
          new RunSpec(
              loader,
              List.of(new RunSpec.Source(SOURCE, "id", "updated_at")),
              new TargetTable.Settings(
                  TARGET, "id", "processed_at", null, List.of("year", "month", "day")),
              true,
              null,
              OptionalLong.empty(),
              null);
      IncrementalRun.Report loaded = IncrementalRun.execute(spec, cluster.environment());
      if (loaded.written() != rows) {
        throw new IllegalStateException(
            "The setup's first run wrote " + loaded.written() + " rows, expected " + rows);
      }

      source.refresh();
      source.newAppend().appendFile(IncrementalJobDemo.dataFile(source, newRecords(rows))).commit();

      Table target = catalog.loadTable(TARGET);
      long dataFiles = 0;
      long dataBytes = 0;
      try (CloseableIterable<FileScanTask> tasks = target.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          dataFiles++;
          dataBytes += task.file().fileSizeInBytes();
        }
      }
      System.err.printf(
          Locale.ROOT,
          "setup %s: target of %d rows in %d data file(s), %d bytes; 10,000 new source records;"
              + " %d s%n",
          label(rows),
          rows,
          dataFiles,
          dataBytes,
          (System.nanoTime() - started) / 1_000_000_000L);
      return new Setup(
          rows,
          cluster,
          catalog,
          spec,
          target.currentSnapshot().snapshotId(),
          // Where the target's data and delete files go: "<table location>/data/".
          target.locationProvider().newDataLocation(""));
    }

    /**
     * 8,000 new ids after {@code rows}, then 2,000 updates spread over 1..rows, every 10th late.
     */
    private static List<Record> newRecords(int rows) {
      Random random = new Random(42);
      List<Record> records = new ArrayList<>(NEW_IDS + UPDATES);
      LocalDateTime later = BASE.plusDays(30);
      for (int i = 1; i <= NEW_IDS; i++) {
        records.add(order(rows + i, later.plusSeconds(i), 0));
      }
      int stretch = rows / UPDATES;
      for (int k = 0; k < UPDATES; k++) {
        long id = 1L + (long) k * stretch + random.nextInt(stretch);
        LocalDateTime loadedAt = BASE.plusSeconds(id);
        boolean late = k % LATE_EVERY == LATE_EVERY - 1;
        records.add(order(id, late ? loadedAt.minusHours(1) : later.plusSeconds(k), 1));
      }
      // Arrival order, not key order: updates and new records interleave.
      Collections.shuffle(records, random);
      return records;
    }

    private static Record order(long id, LocalDateTime updatedAt, int version) {
      Record record = GenericRecord.create(SOURCE_SCHEMA);
      record.setField("id", id);
      record.setField("customer", "customer-" + (id % 50_000));
      record.setField("amount", BigDecimal.valueOf(id % 100_000 + version * 7L, 2));
      record.setField("status", STATUSES[(int) ((id + version) % STATUSES.length)]);
      record.setField("updated_at", updatedAt);
      return record;
    }

    /**
     * One run of the 10,000 new records with {@code targetRead}, timed; checks what it did, then
     * rolls the target back to the loaded snapshot, where the positions of the next run start.
     */
    Measured measure(IncrementalRun.TargetRead targetRead) throws Exception {
      // Each run starts on a collected heap, so no run pays for the garbage of the one before.
      System.gc();
      CountingFileIO.countUnder(targetDataLocation);
      long start = System.nanoTime();
      IncrementalRun.Report report =
          IncrementalRun.execute(spec, cluster.environment(), targetRead);
      long millis = (System.nanoTime() - start) / 1_000_000;
      long bytes = CountingFileIO.bytesRead();
      CountingFileIO.stopCounting();
      if (report.written() != EXPECTED_WRITTEN
          || report.notNewer() != EXPECTED_NOT_NEWER
          || report.replaced() != EXPECTED_REPLACED) {
        throw new IllegalStateException(
            String.format(
                "The %s run against %d rows wrote %d, found %d not newer and replaced %d;"
                    + " expected %d, %d and %d",
                targetRead,
                rows,
                report.written(),
                report.notNewer(),
                report.replaced(),
                EXPECTED_WRITTEN,
                EXPECTED_NOT_NEWER,
                EXPECTED_REPLACED));
      }
      Table target = catalog.loadTable(TARGET);
      target.manageSnapshots().rollbackTo(loadedSnapshotId).commit();
      System.err.printf(
          Locale.ROOT, "  %s %s: %d ms, %d target bytes%n", label(rows), targetRead, millis, bytes);
      return new Measured(millis, bytes);
    }

    @Override
    public void close() throws IOException {
      if (catalog instanceof Closeable closeable) {
        closeable.close();
      }
    }
  }

  private static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
