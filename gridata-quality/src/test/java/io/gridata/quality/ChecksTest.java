package io.gridata.quality;

import static io.gridata.quality.Checks.anomaly;
import static io.gridata.quality.Checks.completeness;
import static io.gridata.quality.Checks.hasSize;
import static io.gridata.quality.Checks.isComplete;
import static io.gridata.quality.Checks.isContainedIn;
import static io.gridata.quality.Checks.isInRange;
import static io.gridata.quality.Checks.isNonNegative;
import static io.gridata.quality.Checks.isUnique;
import static io.gridata.quality.Checks.matches;
import static io.gridata.quality.Checks.mean;
import static io.gridata.quality.Checks.quantile;
import static io.gridata.quality.Checks.ratio;
import static io.gridata.quality.Checks.references;
import static io.gridata.quality.Checks.satisfies;
import static io.gridata.quality.Checks.sizeAnomaly;
import static io.gridata.quality.Checks.sizeChange;
import static io.gridata.quality.Checks.uniqueness;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChecksTest {

  @Test
  void theShippedOrdersSuiteWrittenInJavaEqualsItsYaml() {
    QualitySuite java =
        QualitySuite.builder("orders")
            .keyColumns("order_id")
            .add(hasSize().atLeast(1).named("has_rows"))
            .add(
                ratio("rows_quarantined", "rows_read")
                    .atMost(0.05)
                    .named("quarantined_at_most_5pct"))
            .add(
                ratio("duplicates_dropped", "rows_read")
                    .atMost(0.01)
                    .warn()
                    .named("duplicates_at_most_1pct"))
            .add(isComplete("customer_id").named("customer_id_present"))
            .add(isComplete("order_ts").named("order_ts_present"))
            .add(isInRange("total_amount", 0, 1_000_000).named("total_amount_in_range"))
            .add(
                satisfies(
                        "order_ts <= current_timestamp() + INTERVAL 1 DAY"
                            + " AND order_ts >= current_timestamp() - INTERVAL 10 YEARS")
                    .named("order_ts_plausible"))
            .add(sizeChange().overLast(7).atMost(0.5).warn().named("row_count_steady"))
            .add(
                references("customer_id")
                    .in("gridata.ecommerce.customers", "customer_id")
                    .warn()
                    .named("customer_known"))
            .build();

    assertThat(java).isEqualTo(QualitySuites.orders());
  }

  @Test
  void defaultNamesSayWhatIsChecked() {
    QualitySuite suite =
        QualitySuite.builder("s")
            .add(hasSize().atLeast(1))
            .add(isUnique("order_id", "line"))
            .add(completeness("customer_id").atLeast(0.99).warn())
            .add(isContainedIn("status", "PAID", "SHIPPED").quarantine())
            .add(isNonNegative("total_amount"))
            .add(matches("currency", "^[A-Z]{3}$").flag())
            .add(mean("total_amount").between(10, 500))
            .add(quantile("total_amount", 0.9).atMost(5000))
            .add(uniqueness("email").atLeast(0.95))
            .add(sizeAnomaly())
            .add(anomaly(mean("total_amount")).overLast(10).maxZScore(4))
            .build();

    assertThat(suite.rules())
        .containsExactly(
            new Rule.RowCount("row_count", Severity.ERROR, 1L, null),
            new Rule.Unique("unique_order_id_line", Severity.ERROR, List.of("order_id", "line"), 0),
            new Rule.Completeness(
                "completeness_customer_id", Severity.WARN, "customer_id", 1.0 - 0.99),
            new Rule.AllowedValues(
                "allowed_status",
                Severity.ERROR,
                RowAction.QUARANTINE,
                "status",
                Set.of("PAID", "SHIPPED")),
            new Rule.Range(
                "non_negative_total_amount",
                Severity.ERROR,
                RowAction.FAIL,
                "total_amount",
                0.0,
                null),
            new Rule.Matches(
                "matches_currency", Severity.ERROR, RowAction.FLAG, "currency", "^[A-Z]{3}$"),
            new Rule.Statistic(
                "mean_total_amount",
                Severity.ERROR,
                "total_amount",
                Rule.Measure.MEAN,
                0,
                10.0,
                500.0),
            new Rule.Statistic(
                "quantile_total_amount",
                Severity.ERROR,
                "total_amount",
                Rule.Measure.QUANTILE,
                0.9,
                null,
                5000.0),
            new Rule.Unique("unique_email", Severity.ERROR, List.of("email"), 1.0 - 0.95),
            new Rule.Anomaly("row_count_anomaly", Severity.ERROR, null, null, 0, 7, 3, 3),
            new Rule.Anomaly(
                "mean_total_amount_anomaly",
                Severity.ERROR,
                "total_amount",
                Rule.Measure.MEAN,
                0,
                10,
                3,
                4));
  }

  @Test
  void aMissingBoundIsRefusedNamingTheRule() {
    assertThatThrownBy(() -> completeness("customer_id").build())
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("completeness_customer_id")
        .hasMessageContaining("atLeast");
    assertThatThrownBy(() -> references("customer_id").build())
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("in(table");
    assertThatThrownBy(() -> hasSize().build())
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("needs min or max");
    assertThatThrownBy(() -> uniqueness("id").atLeast(1.5).build())
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("within [0, 1]");
  }

  @Test
  void twoChecksWithOneNameAreRefused() {
    assertThatThrownBy(
            () -> QualitySuite.builder("s").add(isUnique("id")).add(isUnique("id")).build())
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("two rules are named unique_id");
  }
}
