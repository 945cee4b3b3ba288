package io.gridata.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuiteYamlTest {
  private static final String ALL_KINDS =
      """
      suite: orders
      key_columns: [order_id]
      rules:
        - {name: has_rows, kind: row_count, min: 1, max: 1_000_000}
        - {name: customer_known, kind: completeness, column: customer_id}
        - {name: total_in_range, kind: range, column: total_amount, min: 0, max: 1000000}
        - {name: status_known, kind: allowed_values, column: status, values: [PAID, SHIPPED]}
        - name: currency_code
          kind: matches
          column: currency
          regex: '^[A-Z]{3}$'
          action: quarantine
          severity: warn
        - {name: total_adds_up, kind: predicate, sql: 'total_amount >= 0', action: flag}
        - {name: p90_total, kind: statistic, column: total_amount, measure: quantile,
           quantile: 0.9, max: 5000}
        - {name: order_id_unique, kind: unique, columns: order_id, max_duplicate_fraction: 0.01}
        - {name: customer_exists, kind: references, columns: [customer_id],
           table: gridata.ecommerce.customers, severity: warn}
      """;

  @Test
  void readsEveryRuleKindWithItsDefaults() {
    QualitySuite suite = SuiteYaml.parse("all.yaml", ALL_KINDS);

    assertThat(suite.name()).isEqualTo("orders");
    assertThat(suite.keyColumns()).containsExactly("order_id");
    assertThat(suite.rules())
        .containsExactly(
            new Rule.RowCount("has_rows", Severity.ERROR, 1L, 1_000_000L),
            new Rule.Completeness("customer_known", Severity.ERROR, "customer_id", 0.0),
            new Rule.Range(
                "total_in_range", Severity.ERROR, RowAction.FAIL, "total_amount", 0.0, 1e6),
            new Rule.AllowedValues(
                "status_known",
                Severity.ERROR,
                RowAction.FAIL,
                "status",
                Set.of("PAID", "SHIPPED")),
            new Rule.Matches(
                "currency_code", Severity.WARN, RowAction.QUARANTINE, "currency", "^[A-Z]{3}$"),
            new Rule.Predicate(
                "total_adds_up", Severity.ERROR, RowAction.FLAG, "total_amount >= 0"),
            new Rule.Statistic(
                "p90_total",
                Severity.ERROR,
                "total_amount",
                Rule.Measure.QUANTILE,
                0.9,
                null,
                5000.0),
            new Rule.Unique("order_id_unique", Severity.ERROR, List.of("order_id"), 0.01),
            new Rule.References(
                "customer_exists",
                Severity.WARN,
                List.of("customer_id"),
                "gridata.ecommerce.customers",
                List.of("customer_id"),
                0.0));
  }

  @Test
  void thePlanFusesAggregateAndRowRulesAndAllKeySetsIntoOneMorePass() {
    SuitePlan plan = SuiteYaml.parse("all.yaml", ALL_KINDS).plan();

    assertThat(plan.aggregateRules()).hasSize(7);
    assertThat(plan.keyPasses()).containsOnlyKeys(List.of("order_id"), List.of("customer_id"));
    assertThat(plan.passes()).isEqualTo(2);
    assertThat(plan.shuffles()).isEqualTo(1);
    assertThat(plan.toString())
        .contains(
            "2 pass(es), 1 shuffle(s)",
            "pass 2: one aggregation with a grouping set per key set, one shuffle: {[order_id]=");
  }

  @Test
  void anUnknownFieldIsNamedWithItsLineAndTheKnownFields() {
    String yaml =
        """
        suite: s
        rules:
          - name: total_in_range
            kind: range
            column: total_amount
            maxx: 10
        """;

    assertThatThrownBy(() -> SuiteYaml.parse("s.yaml", yaml))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("s.yaml: line 6, column 5")
        .hasMessageContaining(
            "rule 'total_in_range': unknown field 'maxx' for kind range"
                + " (known: [column, min, max, action])");
  }

  @Test
  void aWrongTypeIsNamedWithTheFieldAndTheValue() {
    String yaml =
        """
        suite: s
        rules:
          - {name: r, kind: completeness, column: c, max_null_fraction: lots}
        """;

    assertThatThrownBy(() -> SuiteYaml.parse("s.yaml", yaml))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("rule 'r' field 'max_null_fraction': expected a number, got 'lots'");
  }

  @Test
  void anUnknownKindOrSeverityListsTheChoices() {
    assertThatThrownBy(
            () -> SuiteYaml.parse("s.yaml", "suite: s\nrules:\n  - {name: r, kind: nope}\n"))
        .hasMessageContaining("line 3, column 21")
        .hasMessageContaining("unknown kind 'nope' (one of [row_count, completeness");
    assertThatThrownBy(
            () ->
                SuiteYaml.parse(
                    "s.yaml",
                    "suite: s\nrules:\n  - {name: r, kind: row_count, min: 1, severity: fatal}\n"))
        .hasMessageContaining("field 'severity': 'fatal' is not one of [warn, error]");
  }

  @Test
  void aRuleThatCannotBeBuiltSaysWhyAtItsLine() {
    String yaml =
        """
        suite: s
        rules:
          - {name: ok, kind: row_count, min: 1}
          - {name: upside_down, kind: range, column: x, min: 5, max: 1}
          - {name: bad_regex, kind: matches, column: x, regex: '[a-'}
        """;

    assertThatThrownBy(() -> SuiteYaml.parse("s.yaml", yaml))
        .hasMessageContaining("line 4, column 5")
        .hasMessageContaining("rule upside_down: min 5.0 is above max 1.0");
    assertThatThrownBy(
            () -> SuiteYaml.parse("s.yaml", yaml.replace("min: 5, max: 1", "min: 1, max: 5")))
        .hasMessageContaining("line 5")
        .hasMessageContaining("rule bad_regex: invalid regex [a-");
  }

  @Test
  void missingPartsAndDuplicateNamesAreRefused() {
    assertThatThrownBy(() -> SuiteYaml.parse("s.yaml", "suite: s\nrules: []\n"))
        .hasMessageContaining("'rules' must be a non-empty list");
    assertThatThrownBy(() -> SuiteYaml.parse("s.yaml", "rules:\n  - {name: r}\n"))
        .hasMessageContaining("the suite has no 'suite' name");
    assertThatThrownBy(
            () -> SuiteYaml.parse("s.yaml", "suite: s\nrules:\n  - {name: r, kind: range}\n"))
        .hasMessageContaining("rule 'r' has no 'column'");
    assertThatThrownBy(
            () ->
                SuiteYaml.parse(
                    "s.yaml",
                    "suite: s\nrules:\n  - {name: r, kind: row_count, min: 1}\n"
                        + "  - {name: r, kind: row_count, max: 9}\n"))
        .hasMessageContaining("line 4")
        .hasMessageContaining("a second rule is named 'r'");
    assertThatThrownBy(
            () ->
                SuiteYaml.parse(
                    "s.yaml", "suite: s\nrules:\n  - {name: r, kind: row_count, min: 9, max: 1}\n"))
        .hasMessageContaining("rule r: min 9 is above max 1");
    assertThatThrownBy(() -> SuiteYaml.parse("s.yaml", "suite: s\nrules: [\n"))
        .hasMessageContaining("this is not valid YAML");
    assertThatThrownBy(() -> SuiteYaml.parse("empty.yaml", ""))
        .hasMessageContaining("empty.yaml: the file is empty");
    assertThatThrownBy(
            () ->
                SuiteYaml.parse(
                    "s.yaml", "suite: s\nrules:\n  - {name: r, kind: range, column: ~, min: 1}\n"))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("line 3, column 36: rule 'r' field 'column' is empty");
    assertThatThrownBy(() -> SuiteYaml.parse("s.yaml", "suite: ''\nrules: [{name: r}]\n"))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("line 1, column 8: suite is empty");
    assertThatThrownBy(() -> SuiteYaml.parse("s.yaml", "suite: s\u0001\n"))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("this is not valid YAML");
  }

  @Test
  void reservedNamesAndRepeatedKeyColumnsAreRefused() {
    assertThatThrownBy(() -> new Rule.RowCount("__rows", Severity.ERROR, 1L, null))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("not starting with '__'");
    assertThatThrownBy(
            () -> new Rule.Unique("u", Severity.ERROR, List.of("order_id", "order_id"), 0.0))
        .isInstanceOf(QualityConfigException.class)
        .hasMessage("Cannot define rule u: a key column is listed twice in [order_id, order_id]");
  }

  @Test
  void overridesReplaceRulesByNameAndAddNewOnes() {
    QualitySuite base = SuiteYaml.parse("all.yaml", ALL_KINDS);
    QualitySuite overrides =
        SuiteYaml.parse(
            "mine.yaml",
            """
            suite: mine
            rules:
              - {name: has_rows, kind: row_count, min: 100}
              - {name: extra, kind: completeness, column: channel, max_null_fraction: 0.5}
            """);

    QualitySuite merged = base.overriddenBy(overrides);

    assertThat(merged.name()).isEqualTo("orders");
    assertThat(merged.rules()).hasSize(10);
    assertThat(merged.rules().get(0))
        .isEqualTo(new Rule.RowCount("has_rows", Severity.ERROR, 100L, null));
    assertThat(merged.rules().get(9).name()).isEqualTo("extra");
  }

  @Test
  void readsHistoryAndBatchRulesWithTheirDefaults() {
    QualitySuite suite =
        SuiteYaml.parse(
            "history.yaml",
            """
            suite: volume
            rules:
              - {name: few_quarantined, kind: batch_ratio, numerator: rows_quarantined,
                 denominator: rows_read, max: 0.05}
              - {name: steady, kind: row_count_change, max_change: 0.5, severity: warn}
              - {name: rows_usual, kind: anomaly, metric: row_count}
              - {name: mean_usual, kind: anomaly, metric: mean, column: total_amount,
                 last_runs: 10, min_runs: 5, max_z_score: 2.5, severity: warn}
            """);

    assertThat(suite.rules())
        .containsExactly(
            new Rule.BatchRatio(
                "few_quarantined", Severity.ERROR, "rows_quarantined", "rows_read", 0.05),
            new Rule.RowCountChange("steady", Severity.WARN, 7, 0.5),
            new Rule.Anomaly("rows_usual", Severity.ERROR, null, null, 0.5, 7, 3, 3.0),
            new Rule.Anomaly(
                "mean_usual", Severity.WARN, "total_amount", Rule.Measure.MEAN, 0.5, 10, 5, 2.5));
    assertThat(suite.plan().passes()).as("history and batch rules add no pass").isEqualTo(1);
  }

  @Test
  void historyRuleMistakesPointAtTheirLine() {
    assertThatThrownBy(
            () ->
                SuiteYaml.parse(
                    "bad.yaml",
                    """
                    suite: s
                    rules:
                      - {name: has_rows, kind: row_count, min: 1}
                      - {name: odd, kind: anomaly, metric: median, column: total_amount}
                    """))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("bad.yaml: line 4")
        .hasMessageContaining("'median' is not one of [row_count, mean, stddev, min, max,");
    assertThatThrownBy(
            () ->
                SuiteYaml.parse(
                    "bad.yaml",
                    """
                    suite: s
                    rules:
                      - {name: rows, kind: anomaly, metric: row_count, column: total_amount}
                    """))
        .hasMessageContaining("line 3")
        .hasMessageContaining("metric row_count takes no 'column'");
    assertThatThrownBy(
            () ->
                SuiteYaml.parse(
                    "bad.yaml",
                    """
                    suite: s
                    rules:
                      - {name: ratio, kind: batch_ratio, numerator: a, denominator: b}
                    """))
        .hasMessageContaining("line 3")
        .hasMessageContaining("rule 'ratio' has no 'max'");
    assertThatThrownBy(
            () ->
                SuiteYaml.parse(
                    "bad.yaml",
                    """
                    suite: s
                    rules:
                      - {name: z, kind: anomaly, metric: row_count, last_runs: 3, min_runs: 4}
                    """))
        .hasMessageContaining("line 3")
        .hasMessageContaining("min_runs must be within [2, last_runs], got 4");
  }

  @Test
  void theShippedOrdersSuiteHoldsTheDocumentedRules() {
    QualitySuite orders = QualitySuites.orders();

    assertThat(orders.name()).isEqualTo("orders");
    assertThat(orders.rules())
        .extracting(Rule::name, Rule::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("has_rows", Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("quarantined_at_most_5pct", Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("duplicates_at_most_1pct", Severity.WARN),
            org.assertj.core.groups.Tuple.tuple("customer_id_present", Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("order_ts_present", Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("total_amount_in_range", Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("order_ts_plausible", Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("row_count_steady", Severity.WARN),
            org.assertj.core.groups.Tuple.tuple("customer_known", Severity.WARN));
    assertThat(orders.rules())
        .contains(
            new Rule.BatchRatio(
                "quarantined_at_most_5pct", Severity.ERROR, "rows_quarantined", "rows_read", 0.05),
            new Rule.Range(
                "total_amount_in_range",
                Severity.ERROR,
                RowAction.FAIL,
                "total_amount",
                0.0,
                1_000_000.0),
            new Rule.RowCountChange("row_count_steady", Severity.WARN, 7, 0.5));
    // one aggregation plus one keyed pass for the reference to customers
    assertThat(orders.plan().passes()).isEqualTo(2);
  }

  @Test
  void theOrdersDatasetNamesItsShippedSuiteAndInCatalogMovesOnlyTheReferences() {
    String resource = new io.gridata.spark.orders.OrdersSpec().qualitySuite().orElseThrow();
    assertThat(SuiteYaml.resource(resource)).isEqualTo(QualitySuites.orders());

    QualitySuite lake = QualitySuites.inCatalog(QualitySuites.orders(), "lake");
    assertThat(lake.rules())
        .filteredOn(r -> r instanceof Rule.References)
        .singleElement()
        .satisfies(
            r ->
                assertThat(((Rule.References) r).referenceTable())
                    .isEqualTo("lake.ecommerce.customers"));
    assertThat(lake.rules().stream().filter(r -> !(r instanceof Rule.References)).toList())
        .isEqualTo(
            QualitySuites.orders().rules().stream()
                .filter(r -> !(r instanceof Rule.References))
                .toList());
    assertThat(QualitySuites.orders("lake")).isEqualTo(lake);
    assertThatThrownBy(() -> QualitySuites.inCatalog(QualitySuites.orders(), " "))
        .isInstanceOf(QualityConfigException.class)
        .hasMessageContaining("the catalog name is empty");
  }
}
