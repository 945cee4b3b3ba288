package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of one quality rule on one dataset, published as a DataHub {@code assertion} ({@code
 * assertionInfo}) with one {@code assertionRunEvent}. Plain values, so that a quality module can
 * map its own results into it without depending on this module's internals.
 *
 * @param ruleName the rule's stable name, e.g. {@code orders.total_amount_non_negative}; with the
 *     dataset it identifies the assertion across runs
 * @param dataset the dataset checked
 * @param fields the columns checked, empty for a table-level rule
 * @param severity how much a failure matters
 * @param status the outcome
 * @param observedValue the measured value (e.g. a failing-row ratio), or {@code null}
 * @param threshold the limit the value was compared with, or {@code null}
 * @param description what the rule checks, or {@code null}
 * @param evaluatedAt when the rule was evaluated
 * @param details further values to show with the result (row counts, sample keys, ...)
 */
public record AssertionResult(
    String ruleName,
    DatasetRef dataset,
    List<String> fields,
    Severity severity,
    Status status,
    Double observedValue,
    Double threshold,
    String description,
    Instant evaluatedAt,
    Map<String, String> details) {

  /** How much a failure matters. */
  public enum Severity {
    /** A failure blocks publication. */
    ERROR,
    /** A failure is reported only. */
    WARN
  }

  /** The outcome of a rule. */
  public enum Status {
    /** The data met the rule. */
    PASSED,
    /** The data broke the rule. */
    FAILED,
    /** The rule could not be evaluated. */
    ERROR
  }

  /** Validates the parts and copies the collections. */
  public AssertionResult {
    requireNonNull(ruleName, "ruleName is null");
    requireNonNull(dataset, "dataset is null");
    fields = List.copyOf(requireNonNull(fields, "fields is null"));
    requireNonNull(severity, "severity is null");
    requireNonNull(status, "status is null");
    requireNonNull(evaluatedAt, "evaluatedAt is null");
    details = Map.copyOf(requireNonNull(details, "details is null"));
    if (ruleName.isBlank()) {
      throw new IllegalArgumentException("Invalid assertion on " + dataset.urn() + ": blank rule");
    }
  }

  /** A result with no fields, description or details. */
  public static AssertionResult of(
      String ruleName,
      DatasetRef dataset,
      Severity severity,
      Status status,
      Double observedValue,
      Double threshold,
      Instant evaluatedAt) {
    return new AssertionResult(
        ruleName,
        dataset,
        List.of(),
        severity,
        status,
        observedValue,
        threshold,
        null,
        evaluatedAt,
        Map.of());
  }
}
