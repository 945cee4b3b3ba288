package io.gridata.samples.bench;

import static io.gridata.quality.Checks.hasSize;
import static io.gridata.quality.Checks.isComplete;
import static io.gridata.quality.Checks.isContainedIn;
import static io.gridata.quality.Checks.isInRange;
import static io.gridata.quality.Checks.isUnique;
import static io.gridata.quality.Checks.matches;
import static io.gridata.quality.Checks.mean;
import static io.gridata.quality.Checks.quantile;
import static io.gridata.quality.Checks.references;
import static io.gridata.quality.Checks.satisfies;
import static io.gridata.quality.Checks.stddev;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.Rule;
import io.gridata.quality.SuiteEvaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    return QualitySuite.builder("orders-bench")
        .keyColumns("order_id")
        .add(hasSize().atLeast(1).named("has_rows"))
        .add(isComplete("customer_id").named("customer_present"))
        .add(isComplete("order_ts").named("order_ts_present"))
        .add(isInRange("total_amount", 0, 1e6).named("total_in_range"))
        .add(isInRange("quantity", 1, 100).named("quantity_in_range"))
        .add(matches("currency", "^[A-Z]{3}$").named("currency_code"))
        .add(isContainedIn("status", STATUSES.toArray(String[]::new)).named("status_known"))
        .add(satisfies("total_amount >= subtotal - 1000 AND quantity >= 1").named("amounts_add_up"))
        .add(mean("total_amount").between(1.0, 5_000.0).warn().named("mean_total"))
        .add(stddev("total_amount").atMost(100_000.0).warn().named("stddev_total"))
        .add(isUnique("order_id").named("order_id_unique"))
        .add(
            references("customer_id")
                .in(customersTable, "customer_id")
                .warn()
                .named("customer_known"))
        .build();
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
    withQuantile.add(quantile("total_amount", 0.95).atMost(1e6).warn().named("p95_total").build());
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
