package io.gridata.quality;

import static io.gridata.quality.QualityReport.formatNumber;

import java.util.List;
import java.util.Locale;

/**
 * Judges the rules that compare the batch with something besides its rows: counts the job reported
 * ({@link Rule.BatchRatio}) and earlier runs ({@link Rule.RowCountChange}, {@link Rule.Anomaly}).
 */
final class HistoryJudge {
  private HistoryJudge() {}

  /**
   * The result of {@code rule} on a batch of {@code rows} rows whose fused aggregation gave {@code
   * metric} for it (null for rules without a metric of their own).
   */
  static RuleResult judge(
      QualitySuite suite, Rule rule, long rows, Double metric, BatchContext context) {
    if (rule instanceof Rule.BatchRatio b) {
      long numerator = context.counts().get(b.numerator());
      long denominator = context.counts().get(b.denominator());
      double ratio = SuiteEvaluator.fraction(numerator, denominator);
      return result(
          rule,
          ratio <= b.max() ? RuleStatus.PASSED : RuleStatus.FAILED,
          ratio,
          numerator,
          String.format(
              Locale.ROOT,
              "%s %,d of %s %,d (%.2f%%)",
              b.numerator(),
              numerator,
              b.denominator(),
              denominator,
              ratio * 100));
    }
    if (rule instanceof Rule.RowCountChange c) {
      List<Long> past = context.history().rowCounts(suite.name(), context.dataset(), c.lastRuns());
      if (past.isEmpty()) {
        return result(
            rule, RuleStatus.SKIPPED, null, 0, "skipped: no earlier published run in the history");
      }
      double mean = past.stream().mapToLong(Long::longValue).average().orElseThrow();
      double change = mean == 0 ? (rows == 0 ? 0 : Double.POSITIVE_INFINITY) : (rows - mean) / mean;
      return result(
          rule,
          Math.abs(change) <= c.maxChange() ? RuleStatus.PASSED : RuleStatus.FAILED,
          change,
          0,
          String.format(
              Locale.ROOT,
              "%,d rows against a mean of %s over the last %d published run(s): change %+.1f%%",
              rows,
              formatNumber(mean),
              past.size(),
              change * 100));
    }
    Rule.Anomaly a = (Rule.Anomaly) rule;
    Double value = a.onRowCount() ? Double.valueOf(rows) : metric;
    String what =
        a.onRowCount()
            ? "row count"
            : a.measure().name().toLowerCase(Locale.ROOT) + " of " + a.column();
    if (value == null) {
      return result(rule, RuleStatus.FAILED, null, 0, what + " has no value in this batch");
    }
    List<Double> past =
        context
            .history()
            .observed(suite.name(), a.name(), Rule.kind(a), context.dataset(), a.lastRuns());
    if (past.size() < a.minRuns()) {
      // the value is still reported, and so recorded: the history fills up
      return result(
          rule,
          RuleStatus.SKIPPED,
          value,
          0,
          String.format(
              Locale.ROOT,
              "skipped: %s is %s; %d earlier value(s) in the history, %d needed",
              what,
              formatNumber(value),
              past.size(),
              a.minRuns()));
    }
    double mean = past.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double variance =
        past.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (past.size() - 1);
    // a spread or distance below the doubles' rounding noise counts as none: Spark's sums of
    // doubles may differ in the last bits with the partitioning
    double tolerance = 1e-9 * Math.max(1, Math.abs(mean));
    double stddev = Math.sqrt(variance);
    double distance = Math.abs(value - mean);
    double z;
    if (stddev <= tolerance) {
      stddev = 0;
      z = distance <= tolerance ? 0 : Double.POSITIVE_INFINITY;
    } else {
      z = distance / stddev;
    }
    return result(
        rule,
        z <= a.maxZScore() ? RuleStatus.PASSED : RuleStatus.FAILED,
        value,
        0,
        String.format(
            Locale.ROOT,
            "%s is %s; the last %d published runs had mean %s, stddev %s: z-score %s",
            what,
            formatNumber(value),
            past.size(),
            formatNumber(mean),
            formatNumber(stddev),
            Double.isInfinite(z) ? "infinite (every earlier value equal)" : formatNumber(z)));
  }

  /** The threshold text of a history or batch rule, or null for other rules. */
  static String threshold(Rule rule) {
    if (rule instanceof Rule.BatchRatio b) {
      return b.numerator() + " / " + b.denominator() + " <= " + b.max();
    }
    if (rule instanceof Rule.RowCountChange c) {
      return String.format(
          Locale.ROOT,
          "|change| <= %s against the mean of the last %d run(s)",
          formatNumber(c.maxChange()),
          c.lastRuns());
    }
    if (rule instanceof Rule.Anomaly a) {
      return String.format(
          Locale.ROOT,
          "z-score <= %s against the last %d run(s)",
          formatNumber(a.maxZScore()),
          a.lastRuns());
    }
    return null;
  }

  private static RuleResult result(
      Rule rule, RuleStatus status, Double observed, long failing, String message) {
    return new RuleResult(
        rule.name(),
        Rule.kind(rule),
        rule.severity(),
        status,
        observed,
        threshold(rule),
        failing,
        List.of(),
        message);
  }
}
