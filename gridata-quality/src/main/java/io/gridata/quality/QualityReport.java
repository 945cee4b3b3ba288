package io.gridata.quality;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gridata.core.GridataException;
import java.util.List;
import java.util.Locale;

/**
 * The results of a suite on one batch. {@link #passed()} is what a gate asks; {@link #summary()}
 * says why in a few lines; {@link #toJson()} is the full record.
 *
 * @param suite the suite's name
 * @param rows rows in the evaluated batch
 * @param passes reads of the batch planned when every rule passes (see {@link SuitePlan}); each
 *     failed rule's sample read comes on top
 * @param results one per rule, in the suite's order
 */
public record QualityReport(String suite, long rows, int passes, List<RuleResult> results) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Validates and copies. */
  public QualityReport {
    requireNonNull(suite, "suite is null");
    results = List.copyOf(results);
  }

  /** True when no error-severity rule failed. */
  public boolean passed() {
    return results.stream().noneMatch(RuleResult::blocking);
  }

  /** The failed rules, errors and warnings. */
  public List<RuleResult> failures() {
    return results.stream().filter(r -> r.status() == RuleStatus.FAILED).toList();
  }

  /** The result of rule {@code name}. */
  public RuleResult result(String name) {
    return results.stream()
        .filter(r -> r.rule().equals(name))
        .findFirst()
        .orElseThrow(() -> new GridataException("Suite %s has no rule named %s", suite, name));
  }

  /**
   * One line for the outcome, then one per failed rule with its observed value and threshold: what
   * a log or a failed run's message shows.
   */
  public String summary() {
    StringBuilder text = new StringBuilder();
    List<RuleResult> failed = failures();
    text.append(
        String.format(
            Locale.ROOT,
            "Quality suite %s on %,d rows: %s (%d of %d rules failed)",
            suite,
            rows,
            passed() ? "passed" : "FAILED",
            failed.size(),
            results.size()));
    for (RuleResult r : failed) {
      text.append(
          String.format(
              Locale.ROOT,
              "%n  %s %s (%s): observed %s, expected %s; %s",
              r.severity(),
              r.rule(),
              r.kind(),
              r.observed() == null ? "nothing" : formatNumber(r.observed()),
              r.threshold(),
              r.message()));
    }
    return text.toString();
  }

  /** The report as indented JSON (the record's fields, plus {@code passed}). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(new Json(suite, rows, passes, passed(), results));
    } catch (JsonProcessingException e) {
      throw new GridataException(e, "Cannot write quality report of suite %s as JSON", suite);
    }
  }

  /** The report as one self-contained HTML page (inline styles, no scripts or external assets). */
  public String toHtml() {
    return ReportHtml.render(this);
  }

  private record Json(
      String suite, long rows, int passes, boolean passed, List<RuleResult> results) {}

  static String formatNumber(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    return String.format(Locale.ROOT, "%.6g", value);
  }
}
