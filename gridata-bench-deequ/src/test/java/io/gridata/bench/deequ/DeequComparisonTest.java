package io.gridata.bench.deequ;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gridata, Deequ and the hand-written floor agree rule by rule; no timing assertions. */
class DeequComparisonTest {
  private static final long ROWS = 20_000;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("DeequComparisonTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static DeequComparison on(boolean defects) {
    Dataset<Row> orders = DeequComparison.orders(spark, ROWS, defects).cache();
    Dataset<Row> customers = DeequComparison.customers(spark).cache();
    return new DeequComparison(spark, orders, customers, "test_customers");
  }

  @Test
  void allThreePassEveryRuleOnCleanData() {
    DeequComparison c = on(false);
    Map<String, Boolean> gridata = c.gridata();
    assertThat(gridata.keySet()).containsExactlyElementsOf(DeequComparison.RULES);
    assertThat(DeequComparison.failed(gridata)).isEmpty();
    assertThat(c.deequ()).isEqualTo(gridata);
    assertThat(c.handWritten()).isEqualTo(gridata);
  }

  @Test
  void allThreeFailTheSameRulesOnInjectedDefects() {
    DeequComparison c = on(true);
    Map<String, Boolean> gridata = c.gridata();
    // every rule but the row count, so that a way whose check could never fail would disagree
    assertThat(DeequComparison.failed(gridata))
        .containsExactlyInAnyOrder(
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
    assertThat(c.deequ()).isEqualTo(gridata);
    assertThat(c.handWritten()).isEqualTo(gridata);
  }

  @Test
  void theBenchmarkPrintsTheSparkVersionTheFiguresAndTheRatios(@TempDir Path dir) {
    StringWriter text = new StringWriter();
    DeequComparison.run(spark, 2_000, 1, dir, new PrintWriter(text));
    String printed = text.toString();
    assertThat(printed)
        .contains("on Spark " + spark.version() + " (Scala 2.12")
        .contains("gridata, all 12 rules")
        .contains("deequ 2.0.7, all 12 rules")
        .contains("hand-written floor, all 12 rules")
        .contains("gridata / hand-written floor")
        .contains("verdicts agree: true")
        .contains("load average at the start");
    assertThat(List.of(printed.split("\n"))).hasSizeGreaterThan(8);
  }
}
