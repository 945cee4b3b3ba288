package io.gridata.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.spark.SparkSessions;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Customer360SuiteTest {
  private static final StructType ROWS =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("segment", DataTypes.StringType)
          .add("activity_status", DataTypes.StringType)
          .add("r_score", DataTypes.IntegerType)
          .add("f_score", DataTypes.IntegerType)
          .add("m_score", DataTypes.IntegerType)
          .add("frequency", DataTypes.LongType)
          .add("total_spent", DataTypes.createDecimalType(18, 2))
          .add("churn_risk", DataTypes.DoubleType);

  private static final List<String> ALL_BUT_ROW_COUNT =
      List.of(
          "customer_id_present",
          "one_row_per_customer",
          "segment_present",
          "activity_status_present",
          "segment_known",
          "activity_status_known",
          "r_score_in_range",
          "f_score_in_range",
          "m_score_in_range",
          "churn_risk_in_range",
          "total_spent_not_negative",
          "scores_exactly_for_active",
          "customer_known");

  private static SparkSession spark;
  private static QualitySuite suite;

  @BeforeAll
  static void suite() {
    spark = SparkSessions.shared();
    spark
        .createDataFrame(
            List.of(RowFactory.create("c1"), RowFactory.create("c2")),
            new StructType().add("customer_id", DataTypes.StringType))
        .createOrReplaceTempView("c360_suite_customers");
    suite = QualitySuites.customer360("c360_suite_customers");
  }

  @Test
  void theShippedSuiteHasOneRuleForEachGuaranteeOfTheTable() {
    QualitySuite shipped = QualitySuites.customer360();

    assertThat(shipped.name()).isEqualTo("customer360");
    assertThat(shipped.keyColumns()).containsExactly("customer_id");
    assertThat(shipped.rules())
        .extracting(Rule::name)
        .containsExactlyInAnyOrderElementsOf(concat(List.of("has_rows"), ALL_BUT_ROW_COUNT));
    assertThat(shipped.rules()).allMatch(r -> r.severity() == Severity.ERROR);
    assertThat(references(shipped)).isEqualTo("gridata.ecommerce.customers");
    assertThat(references(suite)).isEqualTo("c360_suite_customers");
  }

  @Test
  void everyRulePassesOnSoundRows() {
    Dataset<Row> sound =
        rows(
            RowFactory.create("c1", "VIP", "Active", 5, 4, 5, 12L, money("6000.00"), 0.12),
            RowFactory.create(
                "c2", "No Purchases", "Never Purchased", null, null, null, 0L, money("0"), null));

    QualityReport report = new SuiteEvaluator(spark).evaluate(suite, sound);

    assertThat(report.failures()).isEmpty();
    assertThat(report.passed()).isTrue();
  }

  @Test
  void everyRuleFailsOnRowsBreakingIt() {
    Dataset<Row> broken =
        rows(
            RowFactory.create("c1", "Gold", "Asleep", 0, 6, 7, 1L, money("-1.00"), 1.5),
            RowFactory.create("c1", null, null, null, null, null, 2L, money("5.00"), null),
            RowFactory.create(null, "VIP", "Active", 1, 1, 1, 1L, money("10.00"), 0.5),
            RowFactory.create("x9", "Low Value", "Active", 1, 1, 1, 1L, money("10.00"), 0.5));

    QualityReport broke = new SuiteEvaluator(spark).evaluate(suite, broken);
    QualityReport empty = new SuiteEvaluator(spark).evaluate(suite, rows());

    assertThat(broke.failures())
        .extracting(RuleResult::rule)
        .containsExactlyInAnyOrderElementsOf(ALL_BUT_ROW_COUNT);
    assertThat(broke.result("one_row_per_customer").sample()).containsExactly("c1");
    assertThat(broke.result("customer_known").sample()).containsExactly("x9");
    assertThat(broke.result("scores_exactly_for_active").rowsFailing()).isEqualTo(1);
    assertThat(empty.failures()).extracting(RuleResult::rule).containsExactly("has_rows");
  }

  private static Dataset<Row> rows(Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), ROWS);
  }

  private static BigDecimal money(String value) {
    return new BigDecimal(value);
  }

  private static String references(QualitySuite suite) {
    return suite.rules().stream()
        .filter(r -> r instanceof Rule.References)
        .map(r -> ((Rule.References) r).referenceTable())
        .findFirst()
        .orElseThrow();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
