package io.gridata.spark.customer360;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.InvalidInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Customer360ParamsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    Customer360Params p = Customer360Params.defaults();

    assertThat(p.vipMinSpent()).isEqualByComparingTo("5000");
    assertThat(p.highValueMinSpent()).isEqualByComparingTo("1000");
    assertThat(p.mediumValueMinSpent()).isEqualByComparingTo("250");
    assertThat(List.of(p.activeMaxDays(), p.atRiskMaxDays(), p.dormantMaxDays()))
        .containsExactly(30, 90, 180);
    assertThat(p.sessionGap()).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.expectedLifespanYears()).isEqualByComparingTo("3");
    assertThat(p.minTenureDays()).isEqualTo(30);
    assertThat(List.of(p.trendWindowDays(), p.engagementWindowDays(), p.engagementTargetSessions()))
        .containsExactly(90, 30, 4);
    assertThat(List.of(p.recencyWeight(), p.trendWeight(), p.engagementWeight()))
        .containsExactly(0.5, 0.3, 0.2);
    assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
    assertThat(p.toBuilder().minTenureDays(7).build()).isNotEqualTo(p);
  }

  @Test
  void inconsistentThresholdsAndWeightsAreRefusedWithTheValues() {
    assertThatThrownBy(
            () ->
                Customer360Params.builder()
                    .segmentThresholds(
                        new BigDecimal("250"), new BigDecimal("5000"), new BigDecimal("1000"))
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Invalid Customer 360 segment thresholds: need 0 <= medium (250) < high (5000)"
                + " < vip (1000)");
    assertThatThrownBy(() -> Customer360Params.builder().activityThresholds(30, 30, 180).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("need 0 <= active (30) < at risk (30) < dormant (180) days");
    assertThatThrownBy(() -> Customer360Params.builder().churnWeights(0.5, 0.5, 0.5).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("churn weights 0.5, 0.5, 0.5: each must be >= 0 and they must sum");
    assertThatThrownBy(() -> Customer360Params.builder().sessionGap(Duration.ZERO).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("session gap PT0S");
    assertThatThrownBy(() -> Customer360Params.builder().minTenureDays(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("minimum tenure 0 days");
  }

  @Test
  void theTableHasEveryComputedColumnThenTheRunMetadata() {
    List<String> expected = new ArrayList<>(Customer360Columns.COMPUTED);
    expected.addAll(Customer360Columns.METADATA);

    assertThat(Customer360Table.COLUMNS.keySet()).containsExactlyElementsOf(expected);
    assertThat(Customer360Table.COLUMNS)
        .containsEntry("customer_id", "string NOT NULL")
        .containsEntry("segment", "string NOT NULL")
        .containsEntry("activity_status", "string NOT NULL")
        .containsEntry("r_score", "int")
        .containsEntry("churn_risk", "double");
  }
}
