package io.gridata.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridata.core.table.StaleRefException;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.junit.LakehouseTest;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The gate and the metric history on the local stack: results land in an Iceberg table through the
 * REST catalog, later runs judge against them, and a failed published snapshot is rolled back.
 */
@LakehouseTest(backend = io.gridata.testkit.Backend.LOCAL)
class QualityGateTest {
  private static final QualitySuite VOLUME =
      QualitySuite.of(
          "volume",
          new Rule.RowCount("has_rows", Severity.ERROR, 1L, null),
          new Rule.RowCountChange("steady", Severity.WARN, 3, 0.5),
          new Rule.Anomaly("rows_usual", Severity.ERROR, null, null, 0.5, 5, 3, 3.0),
          new Rule.Anomaly(
              "amount_usual", Severity.WARN, "amount", Rule.Measure.MEAN, 0.5, 5, 3, 3.0));

  @Test
  void historyRulesJudgeEachRunAgainstTheEarlierPassedRuns(SparkSession spark) {
    IcebergMetricHistory history = new IcebergMetricHistory(spark, "gridata.q1.results");
    QualityGate gate = new QualityGate(spark, VOLUME, history);

    // three ordinary runs: nothing to compare with at first, then too few values for the anomalies
    QualityReport first = run(gate, "r1", batch(spark, 10, 5.0));
    assertThat(first.result("steady").status()).isEqualTo(RuleStatus.SKIPPED);
    assertThat(first.result("rows_usual").status()).isEqualTo(RuleStatus.SKIPPED);
    assertThat(first.result("rows_usual").observed()).isEqualTo(10.0);
    QualityReport second = run(gate, "r2", batch(spark, 12, 5.0));
    assertThat(second.result("steady").status()).isEqualTo(RuleStatus.PASSED);
    assertThat(second.result("steady").observed()).isCloseTo(0.2, within(1e-9));
    assertThat(second.result("rows_usual").message()).contains("1 earlier value(s)", "3 needed");
    run(gate, "r3", batch(spark, 11, 5.0));

    // a run three times as large: +173% against a mean of 11, z = 19 against stddev 1
    QualityReport spike = run(gate, "r4", batch(spark, 30, 6.0));
    assertThat(spike.passed()).isFalse();
    assertThat(spike.result("steady").status()).isEqualTo(RuleStatus.FAILED);
    assertThat(spike.result("steady").observed()).isCloseTo(19.0 / 11, within(1e-9));
    assertThat(spike.result("rows_usual").status()).isEqualTo(RuleStatus.FAILED);
    assertThat(spike.result("rows_usual").message()).contains("z-score 19");
    // every earlier mean was 5.0: any other mean is an anomaly
    assertThat(spike.result("amount_usual").status()).isEqualTo(RuleStatus.FAILED);
    assertThat(spike.result("amount_usual").message()).contains("infinite");
    assertThat(spike.failures()).extracting(RuleResult::rule).hasSize(3);

    // the failed run is no baseline: the next ordinary run is judged against r1..r3 only
    QualityReport after = run(gate, "r5", batch(spark, 11, 5.0));
    assertThat(after.passed()).isTrue();
    assertThat(after.result("steady").observed()).isCloseTo(0.0, within(1e-9));
    assertThat(after.result("rows_usual").message()).contains("z-score 0");
    assertThat(after.result("amount_usual").status())
        .as("a constant history and the same value: no anomaly")
        .isEqualTo(RuleStatus.PASSED);

    // a batch that passed but was not published (its publish failed) is no baseline either
    QualityReport unpublished = gate.check("shop.events", batch(spark, 11, 5.0), Map.of());
    assertThat(unpublished.passed()).isTrue();
    gate.record("r6", "shop.events", unpublished, false);
    // a retried run id counts once, with its latest values
    gate.record(
        "r5", "shop.events", gate.check("shop.events", batch(spark, 13, 5.0), Map.of()), true);
    assertThat(history.rowCounts("volume", "shop.events", 10)).containsExactly(13L, 11L, 12L, 10L);
    assertThat(history.observed("volume", "rows_usual", "anomaly", "shop.events", 2))
        .containsExactly(13.0, 11.0);
    assertThat(history.rowCounts("volume", "other.dataset", 10)).isEmpty();

    // the history is an ordinary Iceberg table: one row per rule per recorded run
    Dataset<Row> results = spark.table("gridata.q1.results");
    assertThat(results.count()).isEqualTo(7 * 4);
    assertThat(
            results
                .where(col("suite_passed").equalTo(lit(false)))
                .select("run_id")
                .distinct()
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("r4");
  }

  @Test
  void theShippedOrdersSuiteJudgesTimestampsAndCustomersOfTheCatalog(SparkSession spark) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.ecommerce");
    spark.sql("CREATE TABLE gridata.ecommerce.customers (customer_id string) USING iceberg");
    spark.sql("INSERT INTO gridata.ecommerce.customers VALUES ('c1'), ('c2')");
    Dataset<Row> orders =
        spark.sql(
            "SELECT * FROM VALUES"
                + " ('o1', 'c1', current_timestamp() - INTERVAL 1 HOUR, 10.0),"
                + " ('o2', 'c2', current_timestamp() + INTERVAL 2 DAYS, 20.0),"
                + " ('o3', 'c3', current_timestamp() - INTERVAL 11 YEARS, 30.0),"
                + " ('o4', 'c1', current_timestamp() + INTERVAL 12 HOURS, 40.0)"
                + " AS t(order_id, customer_id, order_ts, total_amount)");
    Map<String, Long> counts =
        Map.of("rows_read", 100L, "rows_quarantined", 5L, "duplicates_dropped", 2L);

    QualityReport report =
        new SuiteEvaluator(spark)
            .evaluate(
                QualitySuites.orders("gridata"),
                orders,
                BatchContext.of("gridata.ecommerce.orders").withCounts(counts));

    assertThat(report.result("order_ts_plausible").status()).isEqualTo(RuleStatus.FAILED);
    assertThat(report.result("order_ts_plausible").rowsFailing()).isEqualTo(2);
    assertThat(report.result("order_ts_plausible").sample()).containsExactlyInAnyOrder("o2", "o3");
    assertThat(report.result("quarantined_at_most_5pct").status()).isEqualTo(RuleStatus.PASSED);
    assertThat(report.result("duplicates_at_most_1pct").status()).isEqualTo(RuleStatus.FAILED);
    assertThat(report.result("customer_known").rowsFailing()).isEqualTo(1);
    assertThat(report.result("customer_known").sample()).containsExactly("c3");
    assertThat(report.result("row_count_steady").status()).isEqualTo(RuleStatus.SKIPPED);
    assertThat(report.failures())
        .extracting(RuleResult::rule)
        .containsExactly("duplicates_at_most_1pct", "order_ts_plausible", "customer_known");
    // in another catalog the reference rule names that catalog's customers, and is skipped there
    assertThat(
            QualitySuites.orders("lake").rules().stream()
                .filter(r -> r instanceof Rule.References)
                .map(r -> ((Rule.References) r).referenceTable()))
        .containsExactly("lake.ecommerce.customers");
  }

  @Test
  void batchRatiosUseTheJobsCountsAndAMissingCountIsNamed(SparkSession spark) {
    QualitySuite suite =
        QualitySuite.of(
            "ratios",
            new Rule.BatchRatio(
                "few_quarantined", Severity.ERROR, "rows_quarantined", "rows_read", 0.05),
            new Rule.BatchRatio(
                "few_duplicates", Severity.WARN, "duplicates_dropped", "rows_read", 0.01));
    SuiteEvaluator evaluator = new SuiteEvaluator(spark);
    Dataset<Row> rows = batch(spark, 5, 1.0);

    QualityReport report =
        evaluator.evaluate(
            suite,
            rows,
            BatchContext.of("shop.events")
                .withCounts(
                    Map.of("rows_read", 200L, "rows_quarantined", 12L, "duplicates_dropped", 2L)));

    assertThat(report.result("few_quarantined").status()).isEqualTo(RuleStatus.FAILED);
    assertThat(report.result("few_quarantined").observed()).isCloseTo(0.06, within(1e-12));
    assertThat(report.result("few_quarantined").message())
        .isEqualTo("rows_quarantined 12 of rows_read 200 (6.00%)");
    assertThat(report.result("few_duplicates").status()).isEqualTo(RuleStatus.PASSED);
    assertThat(report.passed()).isFalse();
    assertThatThrownBy(
            () ->
                evaluator.evaluate(
                    suite,
                    rows,
                    BatchContext.of("shop.events").withCounts(Map.of("rows_read", 200L))))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("rule few_quarantined")
        .hasMessageContaining("no count named rows_quarantined (reported: [rows_read])");
  }

  @Test
  void aPublishedSnapshotThatFailsIsRolledBackUnlessMainMoved(
      SparkSession spark, CatalogEndpoint catalog) throws Exception {
    String table = "gridata.q3.events";
    spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.q3");
    spark.sql("CREATE TABLE " + table + " (id bigint, amount double) USING iceberg");
    spark.sql("INSERT INTO " + table + " VALUES (1, 10.0), (2, 20.0), (3, 30.0)");
    QualitySuite suite =
        QualitySuite.of(
            "events",
            new Rule.Range("amount_positive", Severity.ERROR, RowAction.FAIL, "amount", 0.0, null));
    QualityGate gate =
        new QualityGate(spark, suite, new IcebergMetricHistory(spark, "gridata.q3.results"));

    // a good append passes and stays
    spark.sql("INSERT INTO " + table + " VALUES (4, 40.0)");
    long good = currentSnapshot(catalog, "q3", "events");
    QualityGate.PublishedCheck passed = gate.checkPublished("good", table, good, Map.of());
    assertThat(passed.report().passed()).isTrue();
    assertThat(passed.report().rows()).as("only the snapshot's own rows").isEqualTo(1);
    assertThat(passed.rollback()).isEmpty();

    // a bad append is rolled back to its parent
    spark.sql("INSERT INTO " + table + " VALUES (5, -1.0), (6, 60.0)");
    long bad = currentSnapshot(catalog, "q3", "events");
    QualityGate.PublishedCheck failed = gate.checkPublished("bad", table, bad, Map.of());
    assertThat(failed.report().rows()).isEqualTo(2);
    assertThat(failed.report().result("amount_positive").rowsFailing()).isEqualTo(1);
    assertThat(failed.rollback())
        .hasValueSatisfying(r -> assertThat(r.toSnapshotId()).isEqualTo(good));
    assertThat(currentSnapshot(catalog, "q3", "events")).isEqualTo(good);
    assertThat(spark.table(table).count()).isEqualTo(4);

    // an overwrite is refused: its added rows are not what readers gained
    spark.sql("INSERT OVERWRITE " + table + " SELECT * FROM " + table);
    long overwrite = currentSnapshot(catalog, "q3", "events");
    assertThatThrownBy(() -> gate.checkPublished("rewrite", table, overwrite, Map.of()))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("its operation is overwrite, not an append");

    // a bad append followed by another writer's commit: the rollback refuses, nothing is detached
    spark.sql("INSERT INTO " + table + " VALUES (7, -7.0)");
    long badAgain = currentSnapshot(catalog, "q3", "events");
    spark.sql("INSERT INTO " + table + " VALUES (8, 80.0)");
    long concurrent = currentSnapshot(catalog, "q3", "events");
    assertThatThrownBy(() -> gate.checkPublished("bad-again", table, badAgain, Map.of()))
        .isInstanceOf(StaleRefException.class);
    assertThat(currentSnapshot(catalog, "q3", "events")).isEqualTo(concurrent);
    assertThat(spark.table(table).count()).isEqualTo(6);

    // a failing first snapshot has no parent to go back to: reported, not rolled back
    spark.sql("CREATE TABLE gridata.q3.fresh (id bigint, amount double) USING iceberg");
    spark.sql("INSERT INTO gridata.q3.fresh VALUES (1, -1.0)");
    long first = currentSnapshot(catalog, "q3", "fresh");
    QualityGate.PublishedCheck firstCheck =
        gate.checkPublished("first", "gridata.q3.fresh", first, Map.of());
    assertThat(firstCheck.report().passed()).isFalse();
    assertThat(firstCheck.rollback()).isEmpty();
    assertThat(currentSnapshot(catalog, "q3", "fresh")).isEqualTo(first);
  }

  /**
   * One run through the gate as a staged job uses it: check, then record as published if passed.
   */
  private static QualityReport run(QualityGate gate, String runId, Dataset<Row> batch) {
    QualityReport report = gate.check("shop.events", batch, Map.of());
    gate.record(runId, "shop.events", report, report.passed());
    return report;
  }

  private static Dataset<Row> batch(SparkSession spark, int rows, double amount) {
    return spark.range(rows).select(col("id"), lit(amount).as("amount"));
  }

  private static long currentSnapshot(CatalogEndpoint catalog, String namespace, String name)
      throws Exception {
    try (RESTCatalog client = catalog.newClient("verify")) {
      Table table = client.loadTable(TableIdentifier.of(namespace, name));
      return table.currentSnapshot().snapshotId();
    }
  }
}
