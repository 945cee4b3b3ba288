package io.gridata.samples.bench;

import static java.util.Objects.requireNonNull;

import io.gridata.core.rawzone.RawZone;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.orders.OrdersJob;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileManifest;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The orders job against a hand-written Spark SQL job doing the same transforms and Iceberg writes,
 * on the same generated CSV files, in the same session, four times each, each job first in two of
 * the four pairs. Prints the median time and rows/s of both and their ratio. Target: Gridata within
 * 1.15x of the hand-written job.
 */
public final class OrdersBenchmark {
  private static final int ROWS_PER_FILE = 250_000;
  private static final int REPEATS = 4;

  private final SparkSession spark;
  private final Path workDir;
  private final PrintWriter out;
  private boolean showStages;

  /**
   * A benchmark writing into catalog {@code gridata} of {@code spark}, with raw files under {@code
   * workDir}.
   */
  public OrdersBenchmark(SparkSession spark, Path workDir, PrintWriter out) {
    this.spark = requireNonNull(spark, "spark is null");
    this.workDir = requireNonNull(workDir, "workDir is null");
    this.out = requireNonNull(out, "out is null");
  }

  /** Also print one line per Spark stage of the measured runs (start, time, tasks, bytes). */
  public OrdersBenchmark showStages(boolean value) {
    this.showStages = value;
    return this;
  }

  /** Figures of one comparison. */
  public record Figures(
      long rows,
      double gridataSeconds,
      double validationSeconds,
      String gridataSparkWork,
      double handWrittenSeconds,
      String handWrittenSparkWork) {
    /** Gridata time over hand-written time. */
    public double ratio() {
      return gridataSeconds / handWrittenSeconds;
    }
  }

  /**
   * Warms both jobs up on a small drop, then measures both on {@code rows} rows {@value #REPEATS}
   * times each, each first in half of the pairs; prints and returns the medians.
   */
  public Figures run(long rows, long seed) {
    measure("warmup", Math.min(rows, 5_000), seed + 1, LocalDate.of(2026, 1, 1), 1);
    Figures figures = measure("bench", rows, seed, LocalDate.of(2026, 2, 1), REPEATS);
    out.printf(
        Locale.ROOT,
        "orders benchmark, %,d rows (CSV, 1%% defects), median of %d runs each:%n"
            + "  gridata orders job   %8.1f s  %,12.0f rows/s  (a run: %s;"
            + " raw file validation %.1f s)%n"
            + "  hand-written Spark   %8.1f s  %,12.0f rows/s  (a run: %s)%n"
            + "  ratio (gridata / hand-written time): %.2fx (target <= 1.15x)%n",
        figures.rows(),
        REPEATS,
        figures.gridataSeconds(),
        figures.rows() / figures.gridataSeconds(),
        figures.gridataSparkWork(),
        figures.validationSeconds(),
        figures.handWrittenSeconds(),
        figures.rows() / figures.handWrittenSeconds(),
        figures.handWrittenSparkWork(),
        figures.ratio());
    out.flush();
    return figures;
  }

  /**
   * Both jobs on one generated drop, {@code repeats} times each, alternating which goes first (the
   * second of a pair finds the files in the OS cache); each run writes fresh tables. Medians (of an
   * even count: the mean of the middle two). The Gridata job's time includes listing and validating
   * the raw files (the hand-written job is handed the file list).
   */
  private Figures measure(String name, long rows, long seed, LocalDate day, int repeats) {
    Path root = workDir.resolve(name);
    Drop drop = generate(root, rows, seed, day);
    List<Double> gridata = new ArrayList<>();
    List<Double> hand = new ArrayList<>();
    List<Double> validation = new ArrayList<>();
    String gridataWork = "";
    String handWork = "";
    for (int i = 0; i < repeats; i++) {
      String gridataTable = "gridata." + name + i + ".orders";
      String handTable = "gridata." + name + i + "_hand.orders";
      // both tables exist before the clocks start: table creation is a one-off, not per batch
      IngestTables.createIfMissing(spark, new OrdersSpec(), gridataTable);
      IngestTables.createIfMissing(spark, new OrdersSpec(), handTable);
      for (boolean gridataTurn : i % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
        long start = System.nanoTime();
        try (SparkWork work = SparkWork.start(spark)) {
          long read;
          if (gridataTurn) {
            IngestJobResult result;
            try (RawZone zone = RawZone.open(root.toUri().toString())) {
              result = OrdersJob.builder(spark, zone).table(gridataTable).build().run(day);
            }
            gridata.add((System.nanoTime() - start) / 1e9);
            validation.add(result.validation().toNanos() / 1e9);
            gridataWork = work.summary();
            read = result.rowsRead();
          } else {
            read = new HandWrittenOrdersJob(spark).run(drop.files(), handTable);
            hand.add((System.nanoTime() - start) / 1e9);
            handWork = work.summary();
          }
          if (read != drop.records()) {
            throw new IllegalStateException(
                String.format(
                    "Benchmark %s: the %s job read %d rows, expected %d",
                    name, gridataTurn ? "gridata" : "hand-written", read, drop.records()));
          }
          if (showStages && !name.equals("warmup") && i == 0) {
            String who = gridataTurn ? "  gridata " : "  hand-written ";
            work.stageLines().forEach(line -> out.println(who + line));
          }
        }
      }
    }
    return new Figures(
        drop.records(),
        Medians.of(gridata),
        Medians.of(validation),
        gridataWork,
        Medians.of(hand),
        handWork);
  }

  private record Drop(List<String> files, long records) {}

  private static Drop generate(Path root, long rows, long seed, LocalDate day) {
    RawDataGenerator generator = RawDataGenerator.withSeed(seed);
    List<String> files = new ArrayList<>();
    long records = 0;
    long left = rows;
    for (int i = 0; left > 0; i++) {
      int n = (int) Math.min(left, ROWS_PER_FILE);
      int defects = Math.max(1, n / 200);
      FileManifest file =
          generator.write(
              RawTarget.localDirectory(root),
              FileSpec.builder(RawDataset.ORDERS, day)
                  .format(FileFormat.CSV)
                  .rows(n)
                  .fileName(String.format(Locale.ROOT, "orders-%03d.csv", i))
                  .rowDefect(RowDefect.BAD_TIMESTAMP, defects)
                  .rowDefect(RowDefect.DUPLICATE_ORDER_ID, defects)
                  .build());
      files.add(root.resolve(file.key()).toUri().toString());
      records += file.recordCount();
      left -= n;
    }
    return new Drop(files, records);
  }
}
