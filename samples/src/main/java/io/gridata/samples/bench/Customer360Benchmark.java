package io.gridata.samples.bench;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.gridata.core.GridataException;
import io.gridata.spark.customer360.Customer360;
import io.gridata.spark.customer360.Customer360Columns;
import io.gridata.spark.customer360.Customer360Job;
import io.gridata.spark.customer360.Customer360Params;
import io.gridata.spark.customer360.Customer360Result;
import io.gridata.spark.customer360.Customer360Table;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Customer 360 through Gridata against one hand-written Spark SQL query computing the same columns
 * ({@link HandWrittenCustomer360}), on the same generated Iceberg tables ({@link
 * Customer360BenchData}), in the same session, as of {@link #AS_OF} (2026-11-30). Three ways, each
 * writing an Iceberg table of the catalog {@code gridata}:
 *
 * <ul>
 *   <li>the Gridata job ({@link Customer360Job}): counts of orphan and anonymous rows, the rows
 *       written in customer_id order to a staging branch, published in one commit;
 *   <li>the Gridata computation alone: {@link Customer360#compute} written with {@code
 *       writeTo(...).createOrReplace()}, which shows what the job adds;
 *   <li>the hand-written query in {@code CREATE OR REPLACE TABLE ... AS}.
 * </ul>
 *
 * A warm-up on a twentieth of the sizes first (unless turned off), then {@code runs} rounds, the
 * way that goes first rotating. After every round the outputs are compared (same columns and types,
 * {@code EXCEPT ALL} both ways empty); a difference fails the benchmark. Prints each round's times
 * and job / hand-written ratio (with more than one round), then the medians of wall time, input
 * rows per second, the Spark jobs and stages of a run of each, and the ratios.
 */
public final class Customer360Benchmark {
  /** The as-of date of every computation. */
  public static final LocalDate AS_OF = LocalDate.of(2026, 11, 30);

  private static final String NAMESPACE = "gridata.c360bench";
  private static final String WARMUP_NAMESPACE = "gridata.c360warmup";

  private final SparkSession spark;
  private final PrintWriter out;
  private final Customer360Params params = Customer360Params.defaults();
  private boolean showStages;
  private boolean warmup = true;
  private long historyDays = 730;

  /** A benchmark writing into catalog {@code gridata} of {@code spark}, printing to {@code out}. */
  public Customer360Benchmark(SparkSession spark, PrintWriter out) {
    this.spark = requireNonNull(spark, "spark is null");
    this.out = requireNonNull(out, "out is null");
  }

  /**
   * Also print one line per Spark stage of the last measured round (the warmest): when it started,
   * its time, tasks and bytes.
   */
  public Customer360Benchmark showStages(boolean value) {
    this.showStages = value;
    return this;
  }

  /** Whether to warm up on a twentieth of the sizes first (default true). */
  public Customer360Benchmark warmup(boolean value) {
    this.warmup = value;
    return this;
  }

  /** Days before the as-of date over which order and event times spread (default 730). */
  public Customer360Benchmark historyDays(long value) {
    if (value < 1) {
      throw new IllegalArgumentException("historyDays must be at least 1, got " + value);
    }
    this.historyDays = value;
    return this;
  }

  /** Input sizes: orders, customers and click events to generate. */
  public record Sizes(long orders, long customers, long clicks) {}

  /** Median seconds and the Spark work of one run of a way. */
  public record Timing(String name, double seconds, String sparkWork) {}

  /**
   * Figures of one benchmark.
   *
   * @param inputRows rows of the three input tables (order rows with their versions, customer
   *     versions, click events)
   * @param customers rows of each output
   * @param job the Gridata job
   * @param computation the Gridata computation written without the job
   * @param handWritten the hand-written query
   * @param checks comparisons of the outputs made, all of them in agreement
   */
  public record Figures(
      long inputRows,
      long customers,
      Timing job,
      Timing computation,
      Timing handWritten,
      int checks) {
    /** Gridata job time over hand-written time. */
    public double ratio() {
      return job.seconds() / handWritten.seconds();
    }

    /** Gridata computation time over hand-written time. */
    public double computationRatio() {
      return computation.seconds() / handWritten.seconds();
    }
  }

  /**
   * The comparison of two outputs over the same columns.
   *
   * @param rows rows of the first output
   * @param otherRows rows of the second output
   * @param onlyFirst rows of the first not in the second, with duplicates ({@code EXCEPT ALL})
   * @param onlySecond rows of the second not in the first
   * @param typeDifferences columns whose types differ, as {@code name: type vs type}
   * @param examples a few rows of the first not in the second
   */
  public record Agreement(
      long rows,
      long otherRows,
      long onlyFirst,
      long onlySecond,
      List<String> typeDifferences,
      List<String> examples) {
    /** True when the two outputs hold the same rows with the same types. */
    public boolean agree() {
      return rows == otherRows && onlyFirst == 0 && onlySecond == 0 && typeDifferences.isEmpty();
    }

    /** One line for people. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%,d vs %,d rows, EXCEPT ALL both ways: %,d and %,d rows, type differences: %s%s",
          rows,
          otherRows,
          onlyFirst,
          onlySecond,
          typeDifferences.isEmpty() ? "none" : typeDifferences,
          examples.isEmpty() ? "" : "; e.g. " + examples);
    }
  }

  /**
   * Compares {@code first} and {@code second} on {@code columns}: their types, and their rows as
   * multisets ({@code EXCEPT ALL} both ways, nulls equal).
   */
  public static Agreement compare(Dataset<Row> first, Dataset<Row> second, List<String> columns) {
    Column[] select = columns.stream().map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> a = first.select(select);
    Dataset<Row> b = second.select(select);
    List<String> typeDifferences = new ArrayList<>();
    StructType typesA = a.schema();
    StructType typesB = b.schema();
    for (String column : columns) {
      StructField fa = typesA.apply(column);
      StructField fb = typesB.apply(column);
      if (!fa.dataType().equals(fb.dataType())) {
        typeDifferences.add(
            column + ": " + fa.dataType().simpleString() + " vs " + fb.dataType().simpleString());
      }
    }
    Dataset<Row> onlyA = a.exceptAll(b);
    List<String> examples = onlyA.limit(3).collectAsList().stream().map(Row::toString).toList();
    return new Agreement(
        a.count(), b.count(), onlyA.count(), b.exceptAll(a).count(), typeDifferences, examples);
  }

  /**
   * Generates the inputs, warms up on a twentieth of them, then measures {@code runs} rounds;
   * prints and returns the medians.
   *
   * @throws GridataException when the outputs of the Gridata job, the computation and the
   *     hand-written query differ
   */
  public Figures run(Sizes sizes, int runs, long seed) {
    requireNonNull(sizes, "sizes is null");
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1, got " + runs);
    }
    Customer360BenchData.Sizes full =
        new Customer360BenchData.Sizes(sizes.orders(), sizes.customers(), sizes.clicks());
    Customer360BenchData data =
        new Customer360BenchData(spark, seed, Customer360.cutoff(AS_OF), historyDays);
    if (warmup) {
      Customer360BenchData.Tables warmupTables = data.write(WARMUP_NAMESPACE, full.small());
      Figures warmupFigures = measure(WARMUP_NAMESPACE, warmupTables, 1, false);
      out.printf(
          Locale.ROOT,
          "warm-up on %,d input rows: outputs agree (%,d customers)%n",
          warmupTables.inputRows(),
          warmupFigures.customers());
    }
    long start = System.nanoTime();
    Customer360BenchData.Tables tables = data.write(NAMESPACE, full);
    double generation = (System.nanoTime() - start) / 1e9;
    Figures figures = measure(NAMESPACE, tables, runs, showStages);
    out.printf(
        Locale.ROOT,
        "customer 360 benchmark, as of %s, seed %d, %d days of history: %,d order rows, %,d"
            + " customer rows, %,d click events (%,d input rows, generated in %.1f s) -> %,d"
            + " customers; median of %d run(s) each, which goes first rotating:%n"
            + "  gridata Customer360Job           %8.1f s  %,10.0f rows/s  (a run: %s)%n"
            + "  gridata compute + createOrReplace %7.1f s  %,10.0f rows/s  (a run: %s)%n"
            + "  hand-written Spark SQL, 1 query  %8.1f s  %,10.0f rows/s  (a run: %s)%n"
            + "  ratio (gridata job / hand-written time): %.2fx; computation alone: %.2fx%n"
            + "  rows/s = input rows read (all rows of the orders, customers and clickstream"
            + " tables) per second of wall time%n"
            + "  outputs agree: %,d rows x %d columns, same types, EXCEPT ALL both ways empty"
            + " (job vs hand-written and computation vs hand-written, %d round(s)%s)%n",
        AS_OF,
        seed,
        historyDays,
        tables.orderRows(),
        tables.customerRows(),
        tables.clickRows(),
        tables.inputRows(),
        generation,
        figures.customers(),
        runs,
        figures.job().seconds(),
        tables.inputRows() / figures.job().seconds(),
        figures.job().sparkWork(),
        figures.computation().seconds(),
        tables.inputRows() / figures.computation().seconds(),
        figures.computation().sparkWork(),
        figures.handWritten().seconds(),
        tables.inputRows() / figures.handWritten().seconds(),
        figures.handWritten().sparkWork(),
        figures.ratio(),
        figures.computationRatio(),
        figures.customers(),
        Customer360Columns.COMPUTED.size(),
        figures.checks(),
        warmup ? " + warm-up" : "");
    out.flush();
    return figures;
  }

  private enum Way {
    JOB("gridata Customer360Job"),
    COMPUTATION("gridata compute + createOrReplace"),
    HAND_WRITTEN("hand-written Spark SQL");

    private final String label;

    Way(String label) {
      this.label = label;
    }
  }

  /**
   * {@code rounds} rounds of the three ways on {@code tables}, round {@code i} starting with way
   * {@code i % 3}; the outputs compared after each round.
   */
  private Figures measure(
      String namespace, Customer360BenchData.Tables tables, int rounds, boolean stages) {
    String jobTable = namespace + ".customer_360_job";
    String computedTable = namespace + ".customer_360_computed";
    String handTable = namespace + ".customer_360_hand";
    // the job's table exists before the clocks start: creating it is a one-off, not per run
    Customer360Table.createIfMissing(spark, jobTable);
    Customer360Job job =
        Customer360Job.builder(spark)
            .ordersTable(tables.orders())
            .customersTable(tables.customers())
            .clickstreamTable(tables.clickstream())
            .table(jobTable)
            .params(params)
            .build();
    HandWrittenCustomer360 hand = new HandWrittenCustomer360(spark);
    Way[] ways = Way.values();
    List<List<Double>> seconds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    String[] work = new String[ways.length];
    long customers = -1;
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < ways.length; k++) {
        Way way = ways[(round + k) % ways.length];
        long start = System.nanoTime();
        try (SparkWork counter = SparkWork.start(spark)) {
          switch (way) {
            case JOB -> {
              Customer360Result result = job.run(AS_OF);
              if (result.outcome() != Customer360Result.Outcome.PUBLISHED) {
                throw new GridataException(
                    "Customer 360 benchmark: the job did not publish (%s)", result.outcome());
              }
            }
            case COMPUTATION ->
                Customer360.compute(
                        spark.table(tables.orders()),
                        spark.table(tables.customers()),
                        spark.table(tables.clickstream()),
                        AS_OF,
                        params)
                    .writeTo(computedTable)
                    .using("iceberg")
                    .createOrReplace();
            case HAND_WRITTEN ->
                hand.run(
                    tables.orders(),
                    tables.customers(),
                    tables.clickstream(),
                    AS_OF,
                    params,
                    handTable);
          }
          seconds.get(way.ordinal()).add((System.nanoTime() - start) / 1e9);
          work[way.ordinal()] = counter.summary();
          if (stages && round == rounds - 1) {
            counter.stageLines().forEach(line -> out.println("  " + way.label + " " + line));
          }
        }
      }
      customers = check(namespace, jobTable, handTable, "Gridata job");
      check(namespace, computedTable, handTable, "Gridata computation");
      if (rounds > 1) {
        // each round's times, so a reader sees how much a median moved with the machine
        double jobSeconds = seconds.get(Way.JOB.ordinal()).get(round);
        double handSeconds = seconds.get(Way.HAND_WRITTEN.ordinal()).get(round);
        out.printf(
            Locale.ROOT,
            "  round %d (%s first): job %.1f s, compute %.1f s, hand-written %.1f s, job /"
                + " hand-written %.2fx%n",
            round + 1,
            ways[round % ways.length].label,
            jobSeconds,
            seconds.get(Way.COMPUTATION.ordinal()).get(round),
            handSeconds,
            jobSeconds / handSeconds);
      }
    }
    return new Figures(
        tables.inputRows(),
        customers,
        new Timing(Way.JOB.label, Medians.of(seconds.get(0)), work[0]),
        new Timing(Way.COMPUTATION.label, Medians.of(seconds.get(1)), work[1]),
        new Timing(Way.HAND_WRITTEN.label, Medians.of(seconds.get(2)), work[2]),
        rounds);
  }

  private long check(String namespace, String gridataTable, String handTable, String what) {
    Agreement agreement =
        compare(spark.table(gridataTable), spark.table(handTable), Customer360Columns.COMPUTED);
    if (!agreement.agree()) {
      out.printf(
          "outputs DIFFER in %s: %s vs hand-written: %s%n", namespace, what, agreement.describe());
      out.flush();
      throw new GridataException(
          "Customer 360 benchmark: the outputs of the %s (%s) and the hand-written query (%s)"
              + " differ: %s",
          what, gridataTable, handTable, agreement.describe());
    }
    return agreement.rows();
  }
}
