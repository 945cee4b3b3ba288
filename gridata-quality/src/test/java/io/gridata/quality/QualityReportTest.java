package io.gridata.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.GridataException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityReportTest {
  private static final RuleResult RANGE_FAILED =
      new RuleResult(
          "total_in_range",
          "range",
          Severity.ERROR,
          RuleStatus.FAILED,
          2.0,
          "0 rows",
          2,
          List.of("o<6>", "o8"),
          "2 of 10 rows break it");
  private static final RuleResult PATTERN_WARNED =
      new RuleResult(
          "currency_strict",
          "matches",
          Severity.WARN,
          RuleStatus.FAILED,
          1.0,
          "0 rows",
          1,
          List.of("o3"),
          "1 of 10 rows break it");
  private static final RuleResult SKIPPED =
      new RuleResult(
          "customer_exists",
          "references",
          Severity.ERROR,
          RuleStatus.SKIPPED,
          null,
          "orphan fraction <= 0.0",
          0,
          List.of(),
          "skipped: reference table gridata.ecommerce.customers does not exist");

  @Test
  void onlyAFailedErrorRuleBlocks() {
    assertThat(new QualityReport("s", 10, 1, List.of(PATTERN_WARNED, SKIPPED)).passed()).isTrue();
    assertThat(new QualityReport("s", 10, 1, List.of(RANGE_FAILED, PATTERN_WARNED)).passed())
        .isFalse();
  }

  @Test
  void theSummaryNamesEachFailedRuleWithObservedAndExpected() {
    QualityReport report =
        new QualityReport("orders", 12_345, 2, List.of(RANGE_FAILED, PATTERN_WARNED, SKIPPED));

    assertThat(report.summary())
        .isEqualTo(
            "Quality suite orders on 12,345 rows: FAILED (2 of 3 rules failed)\n"
                    .replace("\n", System.lineSeparator())
                + "  ERROR total_in_range (range): observed 2, expected 0 rows; 2 of 10 rows break it"
                + System.lineSeparator()
                + "  WARN currency_strict (matches): observed 1, expected 0 rows; 1 of 10 rows break"
                + " it");
    assertThatThrownBy(() -> report.result("nope"))
        .isInstanceOf(GridataException.class)
        .hasMessage("Suite orders has no rule named nope");
  }

  @Test
  void theHtmlPageIsSelfContainedAndEscapesValues() {
    String html =
        new QualityReport("orders", 10, 2, List.of(RANGE_FAILED, PATTERN_WARNED, SKIPPED)).toHtml();

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("Failed: not publishable")
        .contains("10 rows, 2 of 3 rules failed, 2 pass(es) over the data.")
        .contains("<tr class=\"FAILED ERROR\"><td>total_in_range</td>")
        .contains("<code>o&lt;6&gt;, o8</code>")
        .contains("<tr class=\"SKIPPED ERROR\">")
        .doesNotContain("<script", "src=", "href=", "http://", "https://", "o<6>");
  }
}
