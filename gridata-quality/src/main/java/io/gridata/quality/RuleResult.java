package io.gridata.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one rule on one batch.
 *
 * @param rule the rule's name
 * @param kind the rule's kind as written in YAML ({@code range}, {@code unique}, ...)
 * @param severity the rule's severity
 * @param status passed, failed or skipped
 * @param observed the metric the rule compared (a count, a fraction, a statistic); null when
 *     skipped or when the statistic has no value (no non-null rows)
 * @param threshold what the metric was compared with, readable ({@code "<= 0.01"}, {@code "[0,
 *     1000000]"})
 * @param rowsFailing rows breaking a row-level or key rule, null rows of a completeness rule (0 for
 *     row_count and statistic rules)
 * @param sample some failing keys, at most the evaluator's cap, for failed rules only: a key rule
 *     shows its own columns; other rules the suite's key columns, else the rule's column (parts
 *     joined with {@code |}, a null part shown as {@code null})
 * @param message one sentence saying what was found
 */
public record RuleResult(
    String rule,
    String kind,
    Severity severity,
    RuleStatus status,
    Double observed,
    String threshold,
    long rowsFailing,
    List<String> sample,
    String message) {
  /** Validates and copies. */
  public RuleResult {
    requireNonNull(rule, "rule is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(status, "status is null");
    requireNonNull(threshold, "threshold is null");
    sample = List.copyOf(sample);
    requireNonNull(message, "message is null");
  }

  /** True when this result stops a publish: an error-severity rule that failed. */
  public boolean blocking() {
    return status == RuleStatus.FAILED && severity == Severity.ERROR;
  }
}
