package io.gridata.samples.bench;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.RowAction;
import io.gridata.quality.Rule;
import io.gridata.quality.Severity;
import io.gridata.quality.SuiteEvaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A 12-rule orders suite (row count, nulls, ranges, pattern, allowed values, a custom predicate,
 * mean and standard deviation, uniqueness on order_id, references to customers) on generated rows
 * read from Parquet, against a bare {@code count()} and a bare scan of the same columns in the same
 * session. Prints seconds, Spark jobs and stages of each, the passes the suite plans, and the
 * ratios. Target: at most 2 passes, and the aggregate rules at most 1.5x a bare scan.
 */
public final class QualityBenchmark {
  private static final int CUSTOMERS = 100_000;
  private static final int REPEATS = 3;
  private static final List<String> STATUSES =
      List.of("PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED");

  private final SparkSession spark;
  private final Path workDir;
  private final PrintWriter out;

  /** A benchmark writing its generated data under {@code workDir}. */
  public QualityBenchmark(SparkSession spark, Path workDir, PrintWriter out) {
    this.spark = requireNonNull(spark, "spark is null");
    this.workDir = requireNonNull(workDir, "workDir is null");
    this.out = requireNonNull(out, "out is null");
  }

  /** The suite measured: ten aggregate and row rules, a uniqueness and a reference rule. */
  public static QualitySuite suite(String customersTable) {
    return new QualitySuite(
        "orders-bench",
        List.of("order_id"),
        List.of(
            new Rule.RowCount("has_rows", Severity.ERROR, 1L, null),
            new Rule.Completeness("customer_present", Severity.ERROR, "customer_id", 0.0),
            new Rule.Completeness("order_ts_present", Severity.ERROR, "order_ts", 0.0),
            new Rule.Range(
                "total_in_range", Severity.ERROR, RowAction.FAIL, "total_amount", 0.0, 1e6),
            new Rule.Range(
                "quantity_in_range", Severity.ERROR, RowAction.FAIL, "quantity", 1.0, 100.0),
            new Rule.Matches(
                "currency_code", Severity.ERROR, RowAction.FAIL, "currency", "^[A-Z]{3}$"),
            new Rule.AllowedValues(
                "status_known", Severity.ERROR, RowAction.FAIL, "status", Set.copyOf(STATUSES)),
            new Rule.Predicate(
                "amounts_add_up",
                Severity.ERROR,
                RowAction.FAIL,
                "total_amount >= subtotal - 1000 AND quantity >= 1"),
            new Rule.Statistic(
                "mean_total", Severity.WARN, "total_amount", Rule.Measure.MEAN, 0.5, 1.0, 5_000.0),
            new Rule.Statistic(
                "stddev_total",
                Severity.WARN,
                "total_amount",
                Rule.Measure.STDDEV,
                0.5,
                null,
                100_000.0),
            new Rule.Unique("order_id_unique", Severity.ERROR, List.of("order_id"), 0.0),
            new Rule.References(
                "customer_known",
                Severity.WARN,
                List.of("customer_id"),
                customersTable,
                List.of("customer_id"),
                0.0)));
  }

  /** Generates {@code rows} orders and {@value #CUSTOMERS} customers, then measures. */
  public void run(long rows) {
    String orders = workDir.resolve("orders").toUri().toString();
    String customers = workDir.resolve("customers").toUri().toString();
    generate(rows).write().mode("overwrite").parquet(orders);
    spark
        .range(CUSTOMERS)
        .select(concat(lit("c-"), col("id")).as("customer_id"))
        .write()
        .mode("overwrite")
        .parquet(customers);
    spark.read().parquet(customers).createOrReplaceTempView("bench_customers");
    Dataset<Row> data = spark.read().parquet(orders);
    QualitySuite full = suite("bench_customers");
    QualitySuite aggregateOnly =
        new QualitySuite(
            "orders-bench-aggregate",
            full.keyColumns(),
            full.rules().stream()
                .filter(r -> !(r instanceof Rule.Unique || r instanceof Rule.References))
                .toList());
    Column[] ruleColumns =
        List.of("order_id", "customer_id", "order_ts", "status", "currency", "quantity").stream()
            .map(c -> col(c))
            .toList()
            .toArray(new Column[0]);
    List<Column> scanned = new ArrayList<>(List.of(ruleColumns));
    scanned.add(col("total_amount"));
    scanned.add(col("subtotal"));
    SuiteEvaluator evaluator = new SuiteEvaluator(spark);

    Measured count = measure(() -> data.count());
    Measured scan =
        measure(
            () -> {
              data.select(scanned.toArray(new Column[0]))
                  .write()
                  .format("noop")
                  .mode("overwrite")
                  .save();
              return null;
            });
    Measured aggregate = measure(() -> evaluator.evaluate(aggregateOnly, data));
    Measured all = measure(() -> evaluator.evaluate(full, data));
    QualityReport report = (QualityReport) all.value();
    List<Rule> withQuantile = new ArrayList<>(aggregateOnly.rules());
    withQuantile.add(
        new Rule.Statistic(
            "p95_total", Severity.WARN, "total_amount", Rule.Measure.QUANTILE, 0.95, null, 1e6));
    Measured quantile =
        measure(
            () ->
                evaluator.evaluate(
                    new QualitySuite("orders-bench-quantile", List.of(), withQuantile), data));

    out.printf(
        Locale.ROOT,
        "quality benchmark, %,d rows (Parquet), 12 rules (%s):%n"
            + "  bare count()                  %7.1f s  %s%n"
            + "  bare scan of the rule columns %7.1f s  %s%n"
            + "  10 aggregate and row rules    %7.1f s  %s  %.2fx the scan (target <= 1.5x)%n"
            + "  all 12 rules                  %7.1f s  %s  %.2fx the scan; %d planned passes"
            + " (target <= 2)%n"
            + "  10 rules + a p95 quantile     %7.1f s  %s  %.2fx the scan (a quantile makes the"
            + " aggregation object-based: no generated code)%n"
            + "  suite %s: %d of 12 rules failed%n",
        rows,
        full.plan().toString().lines().findFirst().orElse(""),
        count.seconds(),
        count.work(),
        scan.seconds(),
        scan.work(),
        aggregate.seconds(),
        aggregate.work(),
        aggregate.seconds() / scan.seconds(),
        all.seconds(),
        all.work(),
        all.seconds() / scan.seconds(),
        report.passes(),
        quantile.seconds(),
        quantile.work(),
        quantile.seconds() / scan.seconds(),
        report.passed() ? "passed" : "FAILED",
        report.failures().size());
    out.flush();
  }

  private Dataset<Row> generate(long rows) {
    Column id = col("id");
    Column status =
        element_at(
            org.apache.spark.sql.functions.array(
                STATUSES.stream().map(s -> lit(s)).toArray(Column[]::new)),
            id.mod(STATUSES.size()).plus(1).cast("int"));
    Column quantity = id.mod(5).plus(1).cast("int");
    Column unitPrice = id.mod(20_000).divide(100).cast("decimal(12,2)");
    Column subtotal = quantity.cast("decimal(14,2)").multiply(unitPrice).cast("decimal(14,2)");
    return spark
        .range(rows)
        .select(
            concat(lit("o-"), id).as("order_id"),
            concat(lit("c-"), id.mod(CUSTOMERS)).as("customer_id"),
            timestamp_seconds(lit(1_780_000_000L).plus(id.mod(30_000_000))).as("order_ts"),
            status.as("status"),
            when(id.mod(3).equalTo(0), lit("EUR")).otherwise(lit("USD")).as("currency"),
            quantity.as("quantity"),
            subtotal.as("subtotal"),
            subtotal.plus(lit(4.99)).cast("decimal(14,2)").as("total_amount"));
  }

  /** The median of {@value #REPEATS} timed runs after one warm-up run. */
  private Measured measure(Supplier<Object> action) {
    action.get();
    List<Double> seconds = new ArrayList<>();
    Object value = null;
    String work = null;
    for (int i = 0; i < REPEATS; i++) {
      long start = System.nanoTime();
      try (SparkWork counter = SparkWork.start(spark)) {
        value = action.get();
        seconds.add((System.nanoTime() - start) / 1e9);
        work = counter.summary();
      }
    }
    seconds.sort(null);
    return new Measured(seconds.get(REPEATS / 2), work, value);
  }

  private record Measured(double seconds, String work, Object value) {}
}
