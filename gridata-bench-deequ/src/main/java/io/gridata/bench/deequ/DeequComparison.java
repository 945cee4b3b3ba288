package io.gridata.bench.deequ;

import static io.gridata.quality.Checks.hasSize;
import static io.gridata.quality.Checks.isComplete;
import static io.gridata.quality.Checks.isContainedIn;
import static io.gridata.quality.Checks.isInRange;
import static io.gridata.quality.Checks.isUnique;
import static io.gridata.quality.Checks.matches;
import static io.gridata.quality.Checks.mean;
import static io.gridata.quality.Checks.references;
import static io.gridata.quality.Checks.satisfies;
import static io.gridata.quality.Checks.stddev;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.AnalyzerOptions;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel$;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus$;
import com.amazon.deequ.comparison.ComparisonResult;
import com.amazon.deequ.comparison.ComparisonSucceeded;
import com.amazon.deequ.comparison.ReferentialIntegrity;
import com.amazon.deequ.constraints.Constraint;
import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.Rule;
import io.gridata.quality.RuleResult;
import io.gridata.quality.RuleStatus;
import io.gridata.quality.SuiteEvaluator;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;
import scala.util.matching.Regex;

/**
 * The quality benchmark's 12-rule orders suite (the rules of {@code samples}' {@code
 * QualityBenchmark}: row count, nulls, ranges, pattern, allowed values, a custom predicate, mean
 * and standard deviation, uniqueness on order_id, references to customers) three ways on the same
 * generated orders in one Spark 3.5 session: Gridata's {@link SuiteEvaluator}, the same checks in
 * Deequ 2.0.7, and a hand-written floor (one fused aggregation for the ten aggregate and row rules,
 * one {@code groupBy} per key for the uniqueness and the reference rule). Each way returns, per
 * rule name, whether the rule passed, so that the three can be compared on data with known defects.
 *
 * <p>Deequ 2.0.7 has no referential-integrity constraint in {@code Check}: the reference rule is
 * its {@code ReferentialIntegrity.subsetCheck} (a separate comparison run next to the {@code
 * VerificationSuite}) on the rows with a customer id, as Gridata leaves out null keys.
 */
public final class DeequComparison {
  /** Customers in the generated reference table. */
  public static final int CUSTOMERS = 100_000;

  /** The rules of the suite, in order. */
  public static final List<String> RULES =
      List.of(
          "has_rows",
          "customer_present",
          "order_ts_present",
          "total_in_range",
          "quantity_in_range",
          "currency_code",
          "status_known",
          "amounts_add_up",
          "mean_total",
          "stddev_total",
          "order_id_unique",
          "customer_known");

  private static final List<String> STATUSES =
      List.of("PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED");
  private static final String CURRENCY = "^[A-Z]{3}$";
  private static final String ADDS_UP = "total_amount >= subtotal - 1000 AND quantity >= 1";

  private final SparkSession spark;
  private final Dataset<Row> orders;
  private final Dataset<Row> customers;
  private final String customersView;

  /**
   * A comparison on {@code orders} (the generated schema) whose reference rule checks customer ids
   * against {@code customers}, registered as the temporary view {@code customersView}.
   */
  public DeequComparison(
      SparkSession spark, Dataset<Row> orders, Dataset<Row> customers, String customersView) {
    this.spark = requireNonNull(spark, "spark is null");
    this.orders = requireNonNull(orders, "orders is null");
    this.customers = requireNonNull(customers, "customers is null");
    this.customersView = requireNonNull(customersView, "customersView is null");
    customers.createOrReplaceTempView(customersView);
  }

  /** The suite in Gridata: the same definition as samples' QualityBenchmark.suite. */
  public static QualitySuite suite(String customersTable) {
    return QualitySuite.builder("orders-bench")
        .keyColumns("order_id")
        .add(hasSize().atLeast(1).named("has_rows"))
        .add(isComplete("customer_id").named("customer_present"))
        .add(isComplete("order_ts").named("order_ts_present"))
        .add(isInRange("total_amount", 0, 1e6).named("total_in_range"))
        .add(isInRange("quantity", 1, 100).named("quantity_in_range"))
        .add(matches("currency", CURRENCY).named("currency_code"))
        .add(isContainedIn("status", STATUSES.toArray(String[]::new)).named("status_known"))
        .add(satisfies(ADDS_UP).named("amounts_add_up"))
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

  /** The suite without its uniqueness and reference rules: the ten aggregate and row rules. */
  public static QualitySuite aggregateRules(QualitySuite full) {
    return new QualitySuite(
        full.name() + "-aggregate",
        full.keyColumns(),
        full.rules().stream()
            .filter(r -> !(r instanceof Rule.Unique || r instanceof Rule.References))
            .toList());
  }

  /** Gridata's verdicts: rule name to passed. */
  public Map<String, Boolean> gridata() {
    return verdicts(new SuiteEvaluator(spark).evaluate(suite(customersView), orders));
  }

  /** Gridata's report on the ten aggregate and row rules. */
  public QualityReport gridataAggregateRules() {
    return new SuiteEvaluator(spark).evaluate(aggregateRules(suite(customersView)), orders);
  }

  private static Map<String, Boolean> verdicts(QualityReport report) {
    Map<String, Boolean> passed = new LinkedHashMap<>();
    for (RuleResult r : report.results()) {
      passed.put(r.rule(), r.status() == RuleStatus.PASSED);
    }
    return passed;
  }

  /**
   * Deequ's verdicts: one {@code Check} per rule (error or warning level as in the Gridata suite),
   * all in one {@code VerificationSuite} run, plus the reference comparison.
   */
  public Map<String, Boolean> deequ() {
    Map<String, Check> checks = new LinkedHashMap<>();
    checks.put("has_rows", error("has_rows").hasSize(at(n -> n >= 1), none()));
    checks.put(
        "customer_present", error("customer_present").isComplete("customer_id", none(), opts()));
    checks.put(
        "order_ts_present", error("order_ts_present").isComplete("order_ts", none(), opts()));
    checks.put(
        "total_in_range",
        error("total_in_range").isContainedIn("total_amount", 0, 1e6, true, true, none(), opts()));
    checks.put(
        "quantity_in_range",
        error("quantity_in_range").isContainedIn("quantity", 1, 100, true, true, none(), opts()));
    checks.put(
        "currency_code",
        error("currency_code")
            .hasPattern(
                "currency",
                new Regex(CURRENCY, seq(List.of())),
                at(f -> f == 1.0),
                none(),
                none(),
                opts()));
    checks.put(
        "status_known",
        error("status_known").isContainedIn("status", STATUSES.toArray(String[]::new)));
    checks.put(
        "amounts_add_up",
        error("amounts_add_up")
            .satisfies(
                ADDS_UP,
                "amounts_add_up",
                at(f -> f == 1.0),
                none(),
                JavaConverters.asScalaBufferConverter(new ArrayList<String>()).asScala().toList(),
                opts()));
    checks.put(
        "mean_total",
        warning("mean_total").hasMean("total_amount", at(m -> m >= 1.0 && m <= 5_000.0), none()));
    checks.put(
        "stddev_total",
        warning("stddev_total")
            .hasStandardDeviation("total_amount", at(s -> s <= 100_000.0), none()));
    checks.put("order_id_unique", error("order_id_unique").isUnique("order_id", none(), opts()));

    VerificationResult result =
        new VerificationSuite()
            .onData(orders)
            .addChecks(seq(new ArrayList<>(checks.values())))
            .run();
    Map<Check, CheckResult> results =
        JavaConverters.mapAsJavaMapConverter(result.checkResults()).asJava();
    Map<String, Boolean> passed = new LinkedHashMap<>();
    checks.forEach(
        (name, check) ->
            passed.put(name, results.get(check).status() == CheckStatus$.MODULE$.Success()));
    ComparisonResult reference =
        ReferentialIntegrity.subsetCheck(
            orders.filter(col("customer_id").isNotNull()),
            seq(List.of("customer_id")),
            customers,
            seq(List.of("customer_id")),
            at(ratio -> ratio == 1.0));
    passed.put("customer_known", reference instanceof ComparisonSucceeded);
    return passed;
  }

  /** The hand-written floor's verdicts on the ten aggregate and row rules: one aggregation. */
  public Map<String, Boolean> handWrittenAggregateRules() {
    Column total = col("total_amount");
    Column quantity = col("quantity");
    Row r =
        orders
            .agg(
                count(lit(1)),
                nulls(col("customer_id")),
                nulls(col("order_ts")),
                failing(total.isNotNull().and(total.lt(0).or(total.gt(1e6)))),
                failing(quantity.isNotNull().and(quantity.lt(1).or(quantity.gt(100)))),
                failing(col("currency").isNotNull().and(not(col("currency").rlike(CURRENCY)))),
                failing(col("status").isNotNull().and(not(col("status").isin(STATUSES.toArray())))),
                failing(not(coalesce(expr(ADDS_UP), lit(false)))),
                avg(total.cast("double")),
                stddev_samp(total.cast("double")))
            .first();
    Map<String, Boolean> passed = new LinkedHashMap<>();
    passed.put("has_rows", r.getLong(0) >= 1);
    passed.put("customer_present", r.getLong(1) == 0);
    passed.put("order_ts_present", r.getLong(2) == 0);
    passed.put("total_in_range", r.getLong(3) == 0);
    passed.put("quantity_in_range", r.getLong(4) == 0);
    passed.put("currency_code", r.getLong(5) == 0);
    passed.put("status_known", r.getLong(6) == 0);
    passed.put("amounts_add_up", r.getLong(7) == 0);
    passed.put("mean_total", !r.isNullAt(8) && r.getDouble(8) >= 1.0 && r.getDouble(8) <= 5_000.0);
    passed.put("stddev_total", !r.isNullAt(9) && r.getDouble(9) <= 100_000.0);
    return passed;
  }

  /**
   * The hand-written floor's verdicts on the whole suite: the aggregation above, one {@code
   * groupBy} on order_id for duplicates, one on customer_id left-anti-joined with the customers.
   */
  public Map<String, Boolean> handWritten() {
    Map<String, Boolean> passed = handWrittenAggregateRules();
    long duplicated =
        orders
            .filter(col("order_id").isNotNull())
            .groupBy("order_id")
            .count()
            .filter(col("count").gt(1))
            .count();
    passed.put("order_id_unique", duplicated == 0);
    long unknown =
        orders
            .filter(col("customer_id").isNotNull())
            .groupBy("customer_id")
            .count()
            .join(customers, seq(List.of("customer_id")), "left_anti")
            .count();
    passed.put("customer_known", unknown == 0);
    return passed;
  }

  private static Column nulls(Column c) {
    return failing(c.isNull());
  }

  private static Column failing(Column condition) {
    return coalesce(sum(when(condition, 1L).otherwise(0L)), lit(0L));
  }

  private static Check error(String name) {
    return new Check(CheckLevel$.MODULE$.Error(), name, seq(new ArrayList<Constraint>()));
  }

  private static Check warning(String name) {
    return new Check(CheckLevel$.MODULE$.Warning(), name, seq(new ArrayList<Constraint>()));
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBufferConverter(new ArrayList<>(list)).asScala().toSeq();
  }

  private static Option<String> none() {
    return Option.apply(null);
  }

  private static Option<AnalyzerOptions> opts() {
    return Option.apply(null);
  }

  /** A Deequ assertion on a metric (Deequ passes a boxed Double or Long). */
  private static Function1<Object, Object> at(DoublePredicate test) {
    return new Assertion(test);
  }

  private static final class Assertion extends AbstractFunction1<Object, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final DoublePredicate test;

    Assertion(DoublePredicate test) {
      this.test = test;
    }

    @Override
    public Object apply(Object value) {
      return test.test(((Number) value).doubleValue());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Data and the benchmark

  /**
   * {@code rows} generated orders (the generator of samples' QualityBenchmark); with {@code
   * defects}, eight more rows, so that every rule but the row count fails: a second o-0, a null
   * customer id, an unknown customer id, a quantity of 0 (breaking the quantity range and the
   * predicate), a currency "eu", a null order time, a status "LOST" and a total of 1e9 (out of
   * range, and enough to move the mean and the standard deviation past their bounds). No null
   * currency: Deequ's pattern constraint counts a null as a non-match, Gridata's rule and the floor
   * leave nulls to the completeness rules.
   */
  public static Dataset<Row> orders(SparkSession spark, long rows, boolean defects) {
    Column id = col("id");
    Column status =
        element_at(
            org.apache.spark.sql.functions.array(
                STATUSES.stream().map(s -> lit(s)).toArray(Column[]::new)),
            id.mod(STATUSES.size()).plus(1).cast("int"));
    Column quantity = id.mod(5).plus(1).cast("int");
    Column unitPrice = id.mod(20_000).divide(100).cast("decimal(12,2)");
    Column subtotal = quantity.cast("decimal(14,2)").multiply(unitPrice).cast("decimal(14,2)");
    Dataset<Row> ids = spark.range(rows).toDF();
    if (defects) {
      ids = ids.union(spark.range(0, 1).toDF()).union(spark.range(rows, rows + 7).toDF());
    }
    Column customer =
        when(id.equalTo(rows), lit(null).cast("string"))
            .when(id.equalTo(rows + 1), lit("c-unknown"))
            .otherwise(concat(lit("c-"), id.mod(CUSTOMERS)));
    return ids.select(
        concat(lit("o-"), id).as("order_id"),
        customer.as("customer_id"),
        when(id.equalTo(rows + 4), lit(null).cast("timestamp"))
            .otherwise(timestamp_seconds(lit(1_780_000_000L).plus(id.mod(30_000_000))))
            .as("order_ts"),
        when(id.equalTo(rows + 5), lit("LOST")).otherwise(status).as("status"),
        when(id.equalTo(rows + 3), lit("eu"))
            .when(id.mod(3).equalTo(0), lit("EUR"))
            .otherwise(lit("USD"))
            .as("currency"),
        when(id.equalTo(rows + 2), lit(0)).otherwise(quantity).as("quantity"),
        subtotal.as("subtotal"),
        when(id.equalTo(rows + 6), lit(1e9).cast("decimal(14,2)"))
            .otherwise(subtotal.plus(lit(4.99)).cast("decimal(14,2)"))
            .as("total_amount"));
  }

  /** The {@value #CUSTOMERS} customers c-0 .. c-99999. */
  public static Dataset<Row> customers(SparkSession spark) {
    return spark.range(CUSTOMERS).select(concat(lit("c-"), col("id")).as("customer_id"));
  }

  /** What the benchmark runs on, for its first line. */
  public static String runsOn(SparkSession spark) {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "Spark %s (Scala %s), Java %s (%s), %d cores, max heap %d MiB",
        spark.version(),
        scala.util.Properties.versionNumberString(),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20);
  }

  /**
   * Usage: {@code DeequComparison [--rows N] [--runs R] [--workdir DIR]}: generates N orders
   * (default 2,000,000) to Parquet under DIR, then times each way: the median of R runs (default 3)
   * after a warm-up, the order rotating per round; checks that the three ways agree.
   */
  public static void main(String[] args) throws Exception {
    long rows = 2_000_000;
    int runs = 3;
    Path workDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--workdir" -> workDir = Path.of(args[++i]);
        default -> {
          System.err.println("usage: DeequComparison [--rows N] [--runs R] [--workdir DIR]");
          System.exit(2);
        }
      }
    }
    if (workDir == null) {
      workDir = Files.createTempDirectory("gridata-deequ-bench");
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("gridata-bench-quality-deequ")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    PrintWriter out = new PrintWriter(System.out, true);
    try {
      run(spark, rows, runs, workDir, out);
    } finally {
      spark.stop();
    }
  }

  /** Generates, checks agreement, measures and prints. */
  public static void run(SparkSession spark, long rows, int runs, Path workDir, PrintWriter out) {
    out.printf(
        "quality suite: Gridata vs Deequ 2.0.7 vs hand-written (gridata-bench-deequ) on %s%n",
        runsOn(spark));
    out.printf("  load average at the start: %s%n", loadAverage());
    String ordersPath = workDir.resolve("orders").toUri().toString();
    String customersPath = workDir.resolve("customers").toUri().toString();
    long started = System.nanoTime();
    orders(spark, rows, false).write().mode("overwrite").parquet(ordersPath);
    customers(spark).write().mode("overwrite").parquet(customersPath);
    out.printf(
        Locale.ROOT,
        "  generated %,d orders and %,d customers (Parquet) in %.1f s%n",
        rows,
        CUSTOMERS,
        (System.nanoTime() - started) / 1e9);
    Dataset<Row> data = spark.read().parquet(ordersPath);
    DeequComparison c =
        new DeequComparison(spark, data, spark.read().parquet(customersPath), "bench_customers");

    Column[] scanned =
        List.of(
                "order_id",
                "customer_id",
                "order_ts",
                "status",
                "currency",
                "quantity",
                "total_amount",
                "subtotal")
            .stream()
            .map(n -> col(n))
            .toArray(Column[]::new);
    Map<String, Supplier<Object>> ways = new LinkedHashMap<>();
    ways.put(
        "bare scan of the rule columns",
        () -> {
          data.select(scanned).write().format("noop").mode("overwrite").save();
          return null;
        });
    ways.put("hand-written, 10 aggregate and row rules", c::handWrittenAggregateRules);
    ways.put("gridata, 10 aggregate and row rules", c::gridataAggregateRules);
    ways.put("hand-written floor, all 12 rules", c::handWritten);
    ways.put("gridata, all 12 rules", c::gridata);
    ways.put("deequ 2.0.7, all 12 rules", c::deequ);

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, Object> last = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(ways.keySet());
    for (String name : names) {
      last.put(name, ways.get(name).get()); // warm-up
      seconds.put(name, new ArrayList<>());
    }
    for (int round = 0; round < runs; round++) {
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((k + round) % names.size());
        long start = System.nanoTime();
        last.put(name, ways.get(name).get());
        seconds.get(name).add((System.nanoTime() - start) / 1e9);
      }
    }
    Map<String, Double> median = new LinkedHashMap<>();
    seconds.forEach(
        (name, s) -> {
          s.sort(null);
          median.put(name, median(s));
        });

    out.printf(
        Locale.ROOT,
        "  %,d rows; median of %d runs after a warm-up, order rotating per round:%n",
        rows,
        runs);
    for (String name : names) {
      out.printf(
          Locale.ROOT,
          "    %-42s %7.2f s  (runs, sorted: %s)%n",
          name,
          median.get(name),
          seconds.get(name).stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
    }
    double scan = median.get(names.get(0));
    double floorAgg = median.get(names.get(1));
    double gridataAgg = median.get(names.get(2));
    double floor = median.get(names.get(3));
    double gridata = median.get(names.get(4));
    double deequ = median.get(names.get(5));
    out.printf(
        Locale.ROOT,
        "  gridata / hand-written floor, all 12 rules: %.2fx (target <= 1.2x)%n"
            + "  deequ / hand-written floor, all 12 rules:   %.2fx%n"
            + "  gridata / deequ, all 12 rules:              %.2fx (target < 1)%n"
            + "  gridata aggregate and row rules / bare scan: %.2fx (target <= 1.5x);"
            + " hand-written: %.2fx the scan%n",
        gridata / floor,
        deequ / floor,
        gridata / deequ,
        gridataAgg / scan,
        floorAgg / scan);
    @SuppressWarnings("unchecked")
    Map<String, Boolean> g = (Map<String, Boolean>) last.get(names.get(4));
    @SuppressWarnings("unchecked")
    Map<String, Boolean> d = (Map<String, Boolean>) last.get(names.get(5));
    @SuppressWarnings("unchecked")
    Map<String, Boolean> h = (Map<String, Boolean>) last.get(names.get(3));
    out.printf(
        "  verdicts agree: %s (failed: gridata %s, deequ %s, hand-written %s); load average at"
            + " the end: %s%n",
        g.equals(d) && g.equals(h), failed(g), failed(d), failed(h), loadAverage());
    out.flush();
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** The names of the rules that did not pass. */
  public static List<String> failed(Map<String, Boolean> verdicts) {
    return verdicts.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
  }
}
