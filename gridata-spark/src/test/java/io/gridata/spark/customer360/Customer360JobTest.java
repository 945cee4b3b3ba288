package io.gridata.spark.customer360;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.gridata.core.NotFoundException;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.run.RunId;
import io.gridata.spark.write.IcebergTables;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;

@LakehouseTest(backend = Backend.LOCAL)
class Customer360JobTest {
  private static final String NS = "gridata.c360job";
  private static final String OUTPUT = NS + ".customer_360";
  private static final LocalDate FIRST = LocalDate.of(2026, 11, 29);
  private static final LocalDate SECOND = LocalDate.of(2026, 11, 30);
  private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");

  @Test
  void eachRunReplacesTheTableInOneSnapshotAndARefusedRunLeavesMainUnchanged(SparkSession spark)
      throws Exception {
    createInputTables(spark);
    loadInputs(spark);
    List<StagedCustomer360> audited = new ArrayList<>();
    Customer360Job.Builder builder =
        Customer360Job.builder(spark)
            .ordersTable(NS + ".orders")
            .customersTable(NS + ".customers")
            .clickstreamTable(NS + ".clickstream")
            .table(OUTPUT)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .audit(
                staged -> {
                  audited.add(staged);
                  return spark.table(staged.branchTable()).count() == staged.customersWritten();
                });

    Customer360Result first = builder.build().run(FIRST, RunId.of("c360-first"));

    assertThat(first.outcome()).isEqualTo(Customer360Result.Outcome.PUBLISHED);
    assertThat(first.customersWritten()).isEqualTo(4);
    assertThat(first.orphanOrders()).isEqualTo(1);
    assertThat(first.counts().orders()).isEqualTo(5);
    assertThat(first.anonymousEvents()).isEqualTo(3);
    assertThat(first.anonymousSessions()).isEqualTo(1);
    assertThat(audited).hasSize(1);
    Table table = IcebergTables.load(spark, OUTPUT);
    long firstId = first.publishedSnapshotId().orElseThrow();
    List<Long> history = mainHistory(table);
    // on a new table, Iceberg commits an empty snapshot when it creates the staging branch: the
    // run's one commit sits on it
    assertThat(history).hasSize(2).startsWith(firstId);
    long empty = history.get(1);
    assertThat(table.snapshot(empty).summary()).containsEntry("total-records", "0");
    assertThat(table.snapshot(firstId).operation()).isEqualTo("overwrite");
    assertThat(table.currentSnapshot().summary())
        .containsEntry(SnapshotSummaryKeys.RUN_ID, "c360-first")
        .containsEntry(Customer360Job.AS_OF_DATE_KEY, "2026-11-29")
        .containsEntry(Customer360Job.COUNTS_PREFIX + "orphan-orders", "1")
        .containsEntry(
            Customer360Job.INPUT_PREFIX + NS + ".orders",
            Long.toString(IcebergTables.load(spark, NS + ".orders").currentSnapshot().snapshotId()))
        .containsEntry(
            Customer360Job.INPUT_PREFIX + NS + ".clickstream",
            Long.toString(
                IcebergTables.load(spark, NS + ".clickstream").currentSnapshot().snapshotId()));
    assertThat(table.refs()).containsOnlyKeys("main");
    assertReconciles(spark, OUTPUT, FIRST, "c360-first", new BigDecimal("120.00"), 4);

    Customer360Result second = builder.build().run(SECOND, RunId.of("c360-second"));

    assertThat(second.outcome()).isEqualTo(Customer360Result.Outcome.PUBLISHED);
    table = IcebergTables.load(spark, OUTPUT);
    long secondId = second.publishedSnapshotId().orElseThrow();
    assertThat(mainHistory(table)).as("one new snapshot").containsExactly(secondId, firstId, empty);
    assertReconciles(spark, OUTPUT, SECOND, "c360-second", new BigDecimal("165.00"), 5);
    Row old =
        spark
            .sql(
                "SELECT count(*), min(as_of_date), max(_run_id) FROM "
                    + OUTPUT
                    + " VERSION AS OF "
                    + firstId)
            .first();
    assertThat(old.getLong(0)).as("the replaced content stays reachable").isEqualTo(4);
    assertThat(old.getDate(1).toLocalDate()).isEqualTo(FIRST);
    assertThat(old.getString(2)).isEqualTo("c360-first");

    Customer360Result refused =
        builder.audit(staged -> false).build().run(SECOND, RunId.of("c360-refused"));

    assertThat(refused.outcome()).isEqualTo(Customer360Result.Outcome.AUDIT_FAILED);
    assertThat(refused.publishedSnapshotId()).isEmpty();
    assertThat(refused.customersWritten()).isEqualTo(5);
    table = IcebergTables.load(spark, OUTPUT);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(secondId);
    assertThat(mainHistory(table)).containsExactly(secondId, firstId, empty);
    assertThat(table.refs()).as("the refused branch is dropped").containsOnlyKeys("main");
    assertThat(spark.table(OUTPUT).where(col("_run_id").equalTo("c360-second")).count())
        .isEqualTo(5);
  }

  @Test
  void readsOnlyTheColumnsItNeedsAndNothingAfterTheAsOfDayAndThenTheCache(SparkSession spark) {
    createInputTables(spark);
    Customer360 computation =
        Customer360Job.builder(spark)
            .ordersTable(NS + ".orders")
            .customersTable(NS + ".customers")
            .clickstreamTable(NS + ".clickstream")
            .table(OUTPUT)
            .build()
            .computation(FIRST);

    Map<String, String> scans =
        scans(computation.rows().queryExecution().executedPlan().toString());

    assertThat(scans)
        .containsOnly(
            entry(NS + ".orders", String.join(", ", Inputs.ORDER_COLUMNS)),
            entry(NS + ".customers", String.join(", ", Inputs.CUSTOMER_COLUMNS)),
            entry(NS + ".clickstream", String.join(", ", Inputs.CLICK_COLUMNS)));
    long cutoffMicros = Customer360.cutoff(FIRST).toEpochMilli() * 1000;
    assertThat(filters(computation.rows(), NS + ".orders")).contains("order_ts < " + cutoffMicros);
    assertThat(filters(computation.rows(), NS + ".clickstream"))
        .contains("event_ts < " + cutoffMicros, "customer_id IS NOT NULL");
    computation.persist();
    try {
      assertThat(leaves(computation.rows().queryExecution().executedPlan()))
          .as("once cached, the rows read the aggregates, not the tables")
          .contains("InMemoryTableScanExec")
          .doesNotContain("BatchScanExec");
    } finally {
      computation.unpersist();
    }
  }

  /** Table name to the columns its scans read, from an executed plan. */
  private static Map<String, String> scans(String plan) {
    Map<String, String> scans = new TreeMap<>();
    Matcher m = Pattern.compile("BatchScan (\\S+)\\[([^\\]]*)\\]").matcher(plan);
    while (m.find()) {
      String columns = m.group(2).replaceAll("#\\d+", "");
      String before = scans.put(m.group(1), columns);
      assertThat(before).as("every scan of a table reads the same columns").isIn(null, columns);
    }
    return scans;
  }

  /**
   * The class names of the leaves of {@code plan}: a cached relation is a leaf, a reused exchange
   * too (the exchange it reuses is elsewhere in the plan).
   */
  private static List<String> leaves(SparkPlan plan) {
    List<String> leaves = new ArrayList<>();
    scala.collection.Iterator<SparkPlan> children = plan.children().iterator();
    if (!children.hasNext()) {
      leaves.add(plan.getClass().getSimpleName());
    }
    while (children.hasNext()) {
      leaves.addAll(leaves(children.next()));
    }
    return leaves;
  }

  /**
   * The filters Iceberg is given for the scan of {@code table}: they prune files. Iceberg describes
   * a scan as {@code IcebergScan(table=T, ..., filters=F, runtimeFilters=...)} on Spark 4 and as
   * {@code BatchScan T[columns] T (branch=B) [filters=F, groupedBy=...]} on Spark 3.5.
   */
  private static String filters(Dataset<Row> rows, String table) {
    String plan = rows.queryExecution().executedPlan().toString();
    String t = Pattern.quote(table);
    Matcher m =
        Pattern.compile(
                "IcebergScan\\(table="
                    + t
                    + ",.*?(filters=.*?), runtimeFilters="
                    + "|BatchScan "
                    + t
                    + "\\[[^\\]]*\\] "
                    + t
                    + " \\(branch=[^)]*\\) \\[(filters=.*?), groupedBy=")
            .matcher(plan);
    assertThat(m.find()).as("a scan of %s in %s", table, plan).isTrue();
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  @Test
  void eachDataFileHoldsItsOwnRangeOfCustomerIdsWithTheAggregatesBroadcastOrNot(SparkSession spark)
      throws Exception {
    createInputTables(spark);
    loadInputs(spark);
    String output = NS + ".customer_360_ranges";
    String broadcast = "spark.sql.autoBroadcastJoinThreshold";
    String coalesce = "spark.sql.adaptive.coalescePartitions.enabled";
    String parallelismFirst = "spark.sql.adaptive.coalescePartitions.parallelismFirst";
    String advisory = "spark.sql.adaptive.advisoryPartitionSizeInBytes";
    Map<String, String> before = new TreeMap<>();
    for (String key :
        List.of(broadcast, coalesce, parallelismFirst, advisory, "spark.sql.shuffle.partitions")) {
      before.put(key, spark.conf().get(key));
    }
    Customer360Job job =
        Customer360Job.builder(spark)
            .ordersTable(NS + ".orders")
            .customersTable(NS + ".customers")
            .clickstreamTable(NS + ".clickstream")
            .table(output)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    try {
      spark.conf().set("spark.sql.shuffle.partitions", "4");
      // each case: broadcast threshold, then whether adaptive execution may merge neighbouring
      // partitions (with a 1-byte target it keeps them apart, so five customers give several files)
      for (List<String> settings :
          List.of(List.of("10MB", "false"), List.of("10MB", "true"), List.of("-1", "false"))) {
        spark.conf().set(broadcast, settings.get(0));
        spark.conf().set(coalesce, settings.get(1));
        spark.conf().set(parallelismFirst, "false");
        spark.conf().set(advisory, "1b");
        boolean ranged = !settings.get(0).startsWith("-");
        String runId = "c360-ranges-" + (ranged ? "broadcast-" + settings.get(1) : "shuffled");

        Customer360Result result = job.run(SECOND, RunId.of(runId));

        assertThat(result.outcome()).isEqualTo(Customer360Result.Outcome.PUBLISHED);
        assertReconciles(spark, output, SECOND, runId, new BigDecimal("165.00"), 5);
        List<Row> files =
            spark
                .sql(
                    "SELECT readable_metrics.customer_id.lower_bound,"
                        + " readable_metrics.customer_id.upper_bound FROM "
                        + output
                        + ".files ORDER BY 1")
                .collectAsList();
        assertThat(files).as("%s", settings).hasSizeGreaterThan(1);
        for (int i = 1; i < files.size(); i++) {
          assertThat(files.get(i - 1).getString(1))
              .as("%s: file ranges %s", settings, files)
              .isLessThan(files.get(i).getString(0));
        }
        assertThat(rangedPlan(job)).as("the ranged plan chosen, %s", settings).isEqualTo(ranged);
      }

      spark.sql("ALTER TABLE " + output + " WRITE ORDERED BY email");
      spark.conf().set(broadcast, "10MB");
      assertThat(rangedPlan(job)).as("a table ordered otherwise gets its own layout").isFalse();
    } finally {
      before.forEach(spark.conf()::set);
    }
  }

  /** Whether the job would write the ranged plan now, its aggregates cached and measured. */
  private static boolean rangedPlan(Customer360Job job) {
    Customer360 computation = job.computation(SECOND).persist();
    try {
      computation.counts();
      return job.rowsInCustomerIdRanges(computation).isPresent();
    } finally {
      computation.unpersist();
    }
  }

  @Test
  void aMissingInputTableIsNamedBeforeAnythingIsWritten(SparkSession spark) {
    createInputTables(spark);
    Customer360Job job =
        Customer360Job.builder(spark)
            .ordersTable(NS + ".orders")
            .customersTable(NS + ".customers")
            .clickstreamTable(NS + ".no_clicks")
            .table(NS + ".never_written")
            .build();

    assertThatThrownBy(() -> job.run(FIRST, RunId.of("c360-missing")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "Cannot compute Customer 360 as of 2026-11-29: input table gridata.c360job.no_clicks"
                + " does not exist; ingest it first or point the job at another table");
    assertThatThrownBy(() -> job.run(FIRST, RunId.of("not a run id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid run id 'not a run id'");
    assertThat(spark.catalog().tableExists(NS + ".never_written")).isFalse();
  }

  private static void assertReconciles(
      SparkSession spark,
      String table,
      LocalDate asOf,
      String runId,
      BigDecimal expectedSpent,
      long expectedCustomers) {
    String cutoff = "TIMESTAMP '" + Customer360.cutoff(asOf) + "'";
    Row expected =
        spark
            .sql(
                "WITH latest AS (SELECT *, row_number() OVER (PARTITION BY order_id"
                    + " ORDER BY order_ts DESC, _ingested_at DESC, _source_file DESC) AS v"
                    + " FROM "
                    + NS
                    + ".orders WHERE order_ts < "
                    + cutoff
                    + "), cur AS (SELECT customer_id FROM (SELECT customer_id, signup_ts,"
                    + " row_number() OVER (PARTITION BY customer_id"
                    + " ORDER BY _ingested_at DESC, _source_file DESC) AS v FROM "
                    + NS
                    + ".customers) WHERE v = 1 AND (signup_ts IS NULL OR signup_ts < "
                    + cutoff
                    + ")) SELECT (SELECT sum(total_amount) FROM latest JOIN cur USING"
                    + " (customer_id) WHERE v = 1 AND status NOT IN ('CANCELLED', 'RETURNED')),"
                    + " (SELECT count(*) FROM cur)")
            .first();
    Row actual =
        spark
            .sql(
                "SELECT sum(total_spent), count(*), count(DISTINCT customer_id),"
                    + " min(as_of_date), max(as_of_date), min(_run_id), max(_run_id),"
                    + " min(_computed_at), max(_computed_at) FROM "
                    + table)
            .first();

    assertThat(actual.getDecimal(0)).isEqualByComparingTo(expected.getDecimal(0));
    assertThat(actual.getDecimal(0)).isEqualByComparingTo(expectedSpent);
    assertThat(actual.getLong(1)).isEqualTo(expected.getLong(1)).isEqualTo(expectedCustomers);
    assertThat(actual.getLong(2)).isEqualTo(expectedCustomers);
    assertThat(actual.getDate(3).toLocalDate()).isEqualTo(asOf);
    assertThat(actual.getDate(4).toLocalDate()).isEqualTo(asOf);
    assertThat(actual.getString(5)).isEqualTo(runId);
    assertThat(actual.getString(6)).isEqualTo(runId);
    assertThat(actual.getTimestamp(7).toInstant()).isEqualTo(NOW);
    assertThat(actual.getTimestamp(8).toInstant()).isEqualTo(NOW);
  }

  private static List<Long> mainHistory(Table table) {
    List<Long> ids = new ArrayList<>();
    SnapshotUtil.ancestorIds(table.currentSnapshot(), table::snapshot).forEach(ids::add);
    return ids;
  }

  /**
   * As of {@link #SECOND}: a 100.00 order and a cancelled one of a (two versions of a); b 20.00
   * forty days ago and 30.00 on the second day; order x of c paid, then returned by a later
   * ingestion; d without orders; "late" signed up on the second day and ordered 15.00 after; an
   * order of an unknown customer. Clicks of a, three anonymous ones, one of the unknown customer.
   */
  private static void loadInputs(SparkSession spark) throws Exception {
    Fixtures f = new Fixtures(spark, SECOND);
    Instant early = f.cutoff().minus(Duration.ofDays(60));
    Instant later = f.cutoff().minus(Duration.ofDays(3));
    f.customer("a", "v1", f.daysBefore(300), early, "customers-1.csv")
        .customer("a", "v2", f.daysBefore(300), later, "customers-2.csv")
        .customer("b")
        .customer("c")
        .customer("d", "v1", null, early, "customers-1.csv")
        .customer("late", "v1", f.daysBefore(0).minusSeconds(7200), later, "customers-2.csv");
    f.order("a", f.daysBefore(10), "100.00")
        .order("a", f.daysBefore(5), "CANCELLED", "50.00")
        .order("b", f.daysBefore(40), "20.00")
        .order("b", f.daysBefore(0), "30.00")
        .orderVersion("x", "c", f.daysBefore(8), "PAID", "80.00", early, "orders-1.csv")
        .orderVersion("x", "c", f.daysBefore(8), "RETURNED", "80.00", later, "orders-2.csv")
        .order("ghost", f.daysBefore(3), "10.00")
        .order("late", f.daysBefore(0), "15.00")
        .order("a", f.cutoff().plusSeconds(1), "999.00");
    Instant t0 = f.daysBefore(2);
    f.click("a", "s1", t0, "page_view")
        .click("a", "s1", t0.plusSeconds(60), "add_to_cart")
        .click("a", null, t0.plusSeconds(3600), "page_view")
        .click(null, "anon-1", t0, "page_view")
        .click(null, "anon-1", t0.plusSeconds(30), "page_view")
        .click(null, null, t0, "page_view")
        .click("ghost", "g", t0, "page_view");

    Timestamp ingested = Timestamp.from(f.cutoff());
    f.customers()
        .withColumn("_source_checksum", lit("0"))
        .withColumn("_run_id", lit("fixture"))
        .writeTo(NS + ".customers")
        .append();
    Dataset<Row> orders = f.orders();
    String money = "decimal(12,2)";
    orders
        .withColumn("order_date", to_date(col("order_ts")))
        .withColumn("product_id", lit("p-1"))
        .withColumn("quantity", lit(1))
        .withColumn("unit_price", col("total_amount").cast(money))
        .withColumn("discount", lit(BigDecimal.ZERO).cast(money))
        .withColumn("tax", lit(BigDecimal.ZERO).cast(money))
        .withColumn("shipping_cost", lit(BigDecimal.ZERO).cast(money))
        .withColumn("currency", lit("USD"))
        .withColumn("payment_method", lit("card"))
        .withColumn("channel", lit("web"))
        .withColumn("subtotal", col("total_amount"))
        .withColumn("order_category", lit("small"))
        .withColumn("_source_checksum", lit("0"))
        .withColumn("_run_id", lit("fixture"))
        .writeTo(NS + ".orders")
        .append();
    f.clicks()
        .withColumn("event_date", to_date(col("event_ts")))
        .withColumn("page_url", lit("/"))
        .withColumn("product_id", lit(null).cast("string"))
        .withColumn("device", lit("desktop"))
        .withColumn("referrer", lit(null).cast("string"))
        .withColumn("_ingested_at", lit(ingested))
        .withColumn("_source_file", lit("clicks-1.json"))
        .withColumn("_source_checksum", lit("0"))
        .withColumn("_run_id", lit("fixture"))
        .writeTo(NS + ".clickstream")
        .append();
  }

  private static void createInputTables(SparkSession spark) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + NS);
    String metadata =
        "_ingested_at timestamp NOT NULL, _source_file string NOT NULL,"
            + " _source_checksum string NOT NULL, _run_id string NOT NULL";
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + NS
            + ".orders (order_id string NOT NULL, customer_id string NOT NULL,"
            + " order_ts timestamp NOT NULL, order_date date NOT NULL, status string NOT NULL,"
            + " product_id string, quantity int NOT NULL, unit_price decimal(12,2) NOT NULL,"
            + " discount decimal(12,2) NOT NULL, tax decimal(12,2) NOT NULL,"
            + " shipping_cost decimal(12,2) NOT NULL, currency string NOT NULL,"
            + " payment_method string NOT NULL, channel string NOT NULL,"
            + " subtotal decimal(14,2) NOT NULL, total_amount decimal(14,2) NOT NULL,"
            + " order_category string NOT NULL, "
            + metadata
            + ") USING iceberg PARTITIONED BY (months(order_ts))");
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + NS
            + ".customers (customer_id string NOT NULL, email string, first_name string,"
            + " last_name string, signup_ts timestamp, country string, city string, "
            + metadata
            + ") USING iceberg");
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + NS
            + ".clickstream (event_id string NOT NULL, customer_id string, session_id string,"
            + " event_ts timestamp NOT NULL, event_date date NOT NULL, event_type string NOT NULL,"
            + " page_url string, product_id string, device string, referrer string, "
            + metadata
            + ") USING iceberg PARTITIONED BY (days(event_ts))");
  }
}
