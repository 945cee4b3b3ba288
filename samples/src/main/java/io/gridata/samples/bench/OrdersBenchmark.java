package io.gridata.samples.bench;

import static java.util.Objects.requireNonNull;

import io.gridata.core.rawzone.RawZone;
import io.gridata.spark.orders.OrdersJob;
import io.gridata.spark.orders.OrdersJobResult;
import io.gridata.spark.orders.OrdersTable;
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
 * on the same generated CSV files, in the same session, one after the other. Prints rows/s of both
 * and their ratio. Target: Gridata within 1.15x of the hand-written job.
 */
public final class OrdersBenchmark {
  private static final int ROWS_PER_FILE = 250_000;

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

  /** Also print one line per Spark stage of the measured runs (time, tasks, bytes). */
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

  /** Warms both jobs up on a small drop, then measures both on {@code rows} rows. */
  public Figures run(long rows, long seed) {
    measure("warmup", Math.min(rows, 5_000), seed + 1, LocalDate.of(2026, 1, 1));
    Figures figures = measure("bench", rows, seed, LocalDate.of(2026, 2, 1));
    out.printf(
        Locale.ROOT,
        "orders benchmark, %,d rows (CSV, 1%% defects):%n"
            + "  gridata orders job   %8.1f s  %,12.0f rows/s  %s;"
            + " raw file validation %.1f s%n"
            + "  hand-written Spark   %8.1f s  %,12.0f rows/s  %s%n"
            + "  ratio (gridata / hand-written time): %.2fx (target <= 1.15x)%n",
        figures.rows(),
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

  private Figures measure(String name, long rows, long seed, LocalDate day) {
    Path root = workDir.resolve(name);
    Drop drop = generate(root, rows, seed, day);
    String gridataTable = "gridata." + name + ".orders";
    String handTable = "gridata." + name + "_hand.orders";
    // both tables exist before the clocks start: table creation is a one-off, not per batch
    OrdersTable.createIfMissing(spark, gridataTable);
    OrdersTable.createIfMissing(spark, handTable);

    long t0 = System.nanoTime();
    OrdersJobResult result;
    SparkWork gridataWork = SparkWork.start(spark);
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      result = OrdersJob.builder(spark, zone).table(gridataTable).build().run(day);
    }
    double gridata = (System.nanoTime() - t0) / 1e9;
    gridataWork.close();

    long t1 = System.nanoTime();
    SparkWork handWork = SparkWork.start(spark);
    long handRows = new HandWrittenOrdersJob(spark).run(drop.files(), handTable);
    double hand = (System.nanoTime() - t1) / 1e9;
    handWork.close();
    if (showStages && name.equals("bench")) {
      gridataWork.stageLines().forEach(line -> out.println("  gridata " + line));
      handWork.stageLines().forEach(line -> out.println("  hand-written " + line));
    }

    if (result.rowsRead() != drop.records() || handRows != drop.records()) {
      throw new IllegalStateException(
          String.format(
              "Benchmark %s read %d rows (gridata) and %d (hand-written), expected %d",
              name, result.rowsRead(), handRows, drop.records()));
    }
    return new Figures(
        drop.records(),
        gridata,
        result.validation().toNanos() / 1e9,
        gridataWork.summary(),
        hand,
        handWork.summary());
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
