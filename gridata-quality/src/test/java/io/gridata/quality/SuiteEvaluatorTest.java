package io.gridata.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.testkit.spark.SparkSessions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SuiteEvaluatorTest {
  private static final StructType ORDERS =
      new StructType()
          .add("order_id", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("currency", DataTypes.StringType)
          .add("total_amount", DataTypes.DoubleType);

  private static SparkSession spark;
  private static Dataset<Row> orders;
  private static QualityReport everyKind;

  @BeforeAll
  static void data() {
    spark = SparkSessions.shared();
    orders =
        spark.createDataFrame(
            Arrays.asList(
                RowFactory.create("o1", "c1", "PAID", "USD", 10.0),
                RowFactory.create("o2", "c2", "PAID", "USD", 20.0),
                RowFactory.create("o3", "c1", "SHIPPED", "usd", 30.0),
                RowFactory.create("o4", null, "PAID", "USD", 40.0),
                RowFactory.create("o5", "c3", "BOGUS", "USD", 50.0),
                RowFactory.create("o6", "c9", "PAID", "EUR", -5.0),
                RowFactory.create("o6", "c2", "PAID", "USD", 60.0),
                RowFactory.create("o7", "c1", "PAID", null, 70.0),
                RowFactory.create("o8", "c2", "PAID", "USD", 2_000_000.0),
                RowFactory.create("o9", "c3", "PAID", "USD", null)),
            ORDERS);
    spark
        .createDataFrame(
            List.of(RowFactory.create("c1"), RowFactory.create("c2"), RowFactory.create("c3")),
            new StructType().add("id", DataTypes.StringType))
        .createOrReplaceTempView("customers_ref");
    // evaluated once: two tests read this report, and each evaluation costs several Spark jobs
    everyKind = new SuiteEvaluator(spark).evaluate(EVERY_KIND, orders);
  }

  private static final QualitySuite EVERY_KIND =
      new QualitySuite(
          "orders",
          List.of("order_id"),
          List.of(
              new Rule.RowCount("has_rows", Severity.ERROR, 1L, null),
              new Rule.RowCount("too_few", Severity.WARN, 11L, null),
              new Rule.Completeness("customer_known", Severity.ERROR, "customer_id", 0.0),
              new Rule.Completeness("customer_mostly", Severity.ERROR, "customer_id", 0.2),
              new Rule.Range(
                  "total_in_range", Severity.ERROR, RowAction.FAIL, "total_amount", 0.0, 1e6),
              new Rule.AllowedValues(
                  "status_known",
                  Severity.ERROR,
                  RowAction.QUARANTINE,
                  "status",
                  Set.of("PAID", "SHIPPED")),
              new Rule.Matches(
                  "currency_code", Severity.ERROR, RowAction.FLAG, "currency", "^[A-Z]{3}$"),
              new Rule.Matches(
                  "currency_strict", Severity.WARN, RowAction.FAIL, "currency", "^[A-Z]{3}$"),
              new Rule.Predicate(
                  "total_positive", Severity.ERROR, RowAction.FAIL, "total_amount > 0"),
              new Rule.Statistic(
                  "mean_total", Severity.ERROR, "total_amount", Rule.Measure.MEAN, 0, null, 1000.0),
              new Rule.Statistic(
                  "max_total", Severity.ERROR, "total_amount", Rule.Measure.MAX, 0, null, 3e6),
              new Rule.Unique("order_id_unique", Severity.ERROR, List.of("order_id"), 0.0),
              new Rule.References(
                  "customer_exists",
                  Severity.WARN,
                  List.of("customer_id"),
                  "customers_ref",
                  List.of("id"),
                  0.0),
              new Rule.References(
                  "customer_in_missing",
                  Severity.ERROR,
                  List.of("customer_id"),
                  "missing_customers",
                  List.of("id"),
                  0.0)));

  @Test
  void everyRuleKindPassesOrFailsWithExactCountsAndSamples() {
    QualityReport report = everyKind;

    assertThat(report.rows()).isEqualTo(10);
    assertThat(report.passes()).as("one aggregation, one pass for both key sets").isEqualTo(2);
    assertPassed(report, "has_rows", 10.0, 0);
    assertFailed(report, "too_few", 10.0, 0);
    assertFailed(report, "customer_known", 0.1, 1);
    assertThat(report.result("customer_known").sample()).containsExactly("o4");
    assertPassed(report, "customer_mostly", 0.1, 1);
    assertFailed(report, "total_in_range", 2.0, 2);
    assertThat(report.result("total_in_range").sample()).containsExactlyInAnyOrder("o6", "o8");
    assertPassed(report, "status_known", 1.0, 1);
    assertThat(report.result("status_known").message()).contains("(to quarantine)");
    assertPassed(report, "currency_code", 1.0, 1);
    assertThat(report.result("currency_code").message()).contains("(flagged, kept)");
    assertFailed(report, "currency_strict", 1.0, 1);
    assertThat(report.result("currency_strict").sample()).containsExactly("o3");
    assertFailed(report, "total_positive", 2.0, 2);
    assertThat(report.result("total_positive").sample()).containsExactlyInAnyOrder("o6", "o9");
    assertFailed(report, "mean_total", 2_000_275.0 / 9, 0);
    assertPassed(report, "max_total", 2_000_000.0, 0);
    assertFailed(report, "order_id_unique", 0.1, 1);
    assertThat(report.result("order_id_unique").sample()).containsExactly("o6");
    assertFailed(report, "customer_exists", 0.1, 1);
    assertThat(report.result("customer_exists").sample()).containsExactly("c9");
    assertThat(report.result("customer_in_missing").status()).isEqualTo(RuleStatus.SKIPPED);
    assertThat(report.result("customer_in_missing").message())
        .isEqualTo("skipped: reference table missing_customers does not exist");

    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).hasSize(8);
    assertThat(report.summary())
        .startsWith("Quality suite orders on 10 rows: FAILED (8 of 14 rules failed)")
        .contains("ERROR total_in_range (range): observed 2, expected 0 rows")
        .contains("WARN customer_exists (references): observed 0.100000, expected orphan");
  }

  @Test
  void warningsReportButDoNotBlock() {
    QualitySuite suite =
        QualitySuite.of(
            "warn-only",
            new Rule.RowCount("has_rows", Severity.ERROR, 1L, 100L),
            new Rule.Matches(
                "currency_strict", Severity.WARN, RowAction.FAIL, "currency", "^[A-Z]{3}$"),
            new Rule.AllowedValues(
                "status_strict",
                Severity.WARN,
                RowAction.FAIL,
                "status",
                Set.of("PAID", "SHIPPED")),
            new Rule.Statistic(
                "median_total",
                Severity.ERROR,
                "total_amount",
                Rule.Measure.QUANTILE,
                0.5,
                0.0,
                100.0),
            new Rule.Statistic(
                "min_total", Severity.WARN, "total_amount", Rule.Measure.MIN, 0, 0.0, null),
            new Rule.Unique("order_id_mostly_unique", Severity.ERROR, List.of("order_id"), 0.2),
            new Rule.Range(
                "total_above_floor", Severity.ERROR, RowAction.FAIL, "total_amount", -10.0, null),
            new Rule.Predicate(
                "total_not_huge",
                Severity.ERROR,
                RowAction.FAIL,
                "total_amount IS NULL OR total_amount < 3000000"));

    QualityReport report = new SuiteEvaluator(spark, 0).evaluate(suite, orders);

    assertThat(report.passed()).isTrue();
    assertThat(report.failures())
        .extracting(RuleResult::rule)
        .containsExactly("currency_strict", "status_strict", "min_total");
    assertThat(report.result("currency_strict").sample()).isEmpty();
    assertFailed(report, "status_strict", 1.0, 1);
    // non-null totals sorted: -5, 10, 20, 30, 40, 50, 60, 70, 2,000,000
    assertPassed(report, "median_total", 40.0, 0);
    assertFailed(report, "min_total", -5.0, 0);
    assertPassed(report, "order_id_mostly_unique", 0.1, 1);
    assertPassed(report, "total_above_floor", 0.0, 0);
    assertPassed(report, "total_not_huge", 0.0, 0);
    assertThat(report.passes()).isEqualTo(2);
  }

  @Test
  void theJsonReportCarriesEveryResult() throws Exception {
    JsonNode json = new ObjectMapper().readTree(everyKind.toJson());

    assertThat(json.get("suite").asText()).isEqualTo("orders");
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("rows").asLong()).isEqualTo(10);
    assertThat(json.get("results")).hasSize(14);
    JsonNode range = json.get("results").get(4);
    assertThat(range.get("rule").asText()).isEqualTo("total_in_range");
    assertThat(range.get("status").asText()).isEqualTo("FAILED");
    assertThat(range.get("rowsFailing").asLong()).isEqualTo(2);
    assertThat(range.get("threshold").asText()).isEqualTo("0 rows");
  }

  @Test
  void keyRulesOnOneKeySetShareOnePassWithEachReferenceJoined() {
    spark
        .createDataFrame(
            List.of(
                RowFactory.create("c1"),
                RowFactory.create("c2"),
                RowFactory.create("c3"),
                RowFactory.create("c9")),
            new StructType().add("id", DataTypes.StringType))
        .createOrReplaceTempView("customers_all");
    QualitySuite suite =
        QualitySuite.of(
            "keys",
            new Rule.Unique("customer.unique-ish", Severity.ERROR, List.of("customer_id"), 0.4),
            new Rule.References(
                "customer.in-ref",
                Severity.ERROR,
                List.of("customer_id"),
                "customers_ref",
                List.of("id"),
                0.0),
            new Rule.References(
                "customer.in-all",
                Severity.ERROR,
                List.of("customer_id"),
                "customers_all",
                List.of("id"),
                0.0));

    QualityReport report = new SuiteEvaluator(spark).evaluate(suite, orders);

    assertThat(suite.plan().keyPasses()).containsOnlyKeys(List.of("customer_id"));
    assertThat(report.passes()).isEqualTo(2);
    // customer ids: c1 x3, c2 x3, c3 x2, c9 x1, one null (not compared): 2 + 2 + 1 repeats
    assertFailed(report, "customer.unique-ish", 0.5, 5);
    assertThat(report.result("customer.unique-ish").sample())
        .containsExactlyInAnyOrder("c1", "c2", "c3");
    assertFailed(report, "customer.in-ref", 0.1, 1);
    assertThat(report.result("customer.in-ref").sample()).containsExactly("c9");
    assertPassed(report, "customer.in-all", 0.0, 0);
  }

  @Test
  void anEmptyBatchFailsItsRowCountAndStatisticsWithoutValues() {
    QualitySuite suite =
        QualitySuite.of(
            "empty",
            new Rule.RowCount("has_rows", Severity.ERROR, 1L, null),
            new Rule.Completeness("customer_known", Severity.ERROR, "customer_id", 0.0),
            new Rule.Range(
                "total_in_range", Severity.ERROR, RowAction.FAIL, "total_amount", 0.0, 10.0),
            new Rule.Statistic(
                "total_spread", Severity.WARN, "total_amount", Rule.Measure.STDDEV, 0, 0.0, 5.0));

    QualityReport report = new SuiteEvaluator(spark).evaluate(suite, orders.limit(0));

    assertThat(report.rows()).isZero();
    assertFailed(report, "has_rows", 0.0, 0);
    assertPassed(report, "customer_known", 0.0, 0);
    assertPassed(report, "total_in_range", 0.0, 0);
    RuleResult spread = report.result("total_spread");
    assertThat(spread.status()).isEqualTo(RuleStatus.FAILED);
    assertThat(spread.observed()).isNull();
    assertThat(spread.message())
        .isEqualTo("total_amount has fewer than 2 non-null values (a sample stddev needs 2)");
  }

  @Test
  void rulesTheBatchCannotAnswerAreRefusedBeforeAnyJob() {
    SuiteEvaluator evaluator = new SuiteEvaluator(spark);

    assertThatThrownBy(
            () ->
                evaluator.evaluate(
                    QualitySuite.of(
                        "s", new Rule.Completeness("c", Severity.ERROR, "customer", 0.0)),
                    orders))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("rule c of suite s: the batch has no column customer (columns: [");
    assertThatThrownBy(
            () ->
                evaluator.evaluate(
                    QualitySuite.of(
                        "s",
                        new Rule.Range("r", Severity.ERROR, RowAction.FAIL, "status", 0.0, 1.0)),
                    orders))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("column status is string, not numeric");
    assertThatThrownBy(
            () ->
                evaluator.evaluate(
                    QualitySuite.of(
                        "s", new Rule.Predicate("p", Severity.ERROR, RowAction.FAIL, "nope > 1")),
                    orders))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("rule p of suite s: Spark cannot use its sql nope > 1");
    assertThatThrownBy(
            () ->
                evaluator.evaluate(
                    QualitySuite.of(
                        "s",
                        new Rule.Predicate(
                            "p", Severity.ERROR, RowAction.FAIL, "total_amount + 1")),
                    orders))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("its sql total_amount + 1 is double, not a boolean condition");
  }

  private static void assertPassed(QualityReport report, String rule, double observed, long rows) {
    assertResult(report, rule, RuleStatus.PASSED, observed, rows);
  }

  private static void assertFailed(QualityReport report, String rule, double observed, long rows) {
    assertResult(report, rule, RuleStatus.FAILED, observed, rows);
  }

  private static void assertResult(
      QualityReport report, String rule, RuleStatus status, double observed, long rows) {
    RuleResult result = report.result(rule);
    assertThat(result.status()).as(rule + " status").isEqualTo(status);
    assertThat(result.observed()).as(rule + " observed").isCloseTo(observed, within(1e-9));
    assertThat(result.rowsFailing()).as(rule + " rows failing").isEqualTo(rows);
  }
}
