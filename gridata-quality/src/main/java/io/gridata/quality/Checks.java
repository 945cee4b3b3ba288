package io.gridata.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * The Java way to write quality rules, read like Deequ's {@code Check}: each factory names what is
 * checked, the builder it returns says the bound, the severity ({@link Severity#ERROR} unless
 * {@code warn()}) and, for row rules, what happens to the rows that break it ({@link
 * RowAction#FAIL} unless {@code quarantine()} or {@code flag()}). Every rule gets a readable
 * default name ({@code unique_order_id}, {@code completeness_customer_id}); {@code named(...)}
 * replaces it.
 *
 * <pre>{@code
 * import static io.gridata.quality.Checks.*;
 *
 * QualitySuite suite =
 *     QualitySuite.builder("orders")
 *         .keyColumns("order_id")
 *         .add(hasSize().atLeast(1))
 *         .add(isUnique("order_id"))
 *         .add(completeness("customer_id").atLeast(0.99).warn())
 *         .add(isContainedIn("status", "PAID", "SHIPPED", "DELIVERED").quarantine())
 *         .add(isNonNegative("total_amount"))
 *         .add(mean("total_amount").between(10, 500).named("typical_basket"))
 *         .add(satisfies("total_amount >= subtotal - discount").named("total_adds_up"))
 *         .add(references("customer_id").in("gridata.ecommerce.customers", "customer_id").warn())
 *         .build();
 * }</pre>
 *
 * The same rules can be written in YAML ({@link SuiteYaml}); both produce the {@link Rule} values
 * that {@link SuiteEvaluator} plans.
 */
public final class Checks {
  private Checks() {}

  /** The batch's row count; bound it with {@code atLeast}/{@code atMost}/{@code between}. */
  public static CheckBuilder.Size hasSize() {
    return new CheckBuilder.Size();
  }

  /** No row has a null {@code column}. */
  public static CheckBuilder.Completeness isComplete(String column) {
    return new CheckBuilder.Completeness(column).atLeast(1.0);
  }

  /** The share of rows with a non-null {@code column}; bound it with {@code atLeast(fraction)}. */
  public static CheckBuilder.Completeness completeness(String column) {
    return new CheckBuilder.Completeness(column);
  }

  /** No two rows share the key {@code columns} (rows with a null key part are not compared). */
  public static CheckBuilder.Uniqueness isUnique(String... columns) {
    return new CheckBuilder.Uniqueness(List.of(columns)).atLeast(1.0);
  }

  /**
   * The share of rows whose key {@code columns} no earlier row has; bound it with {@code
   * atLeast(fraction)}.
   */
  public static CheckBuilder.Uniqueness uniqueness(String... columns) {
    return new CheckBuilder.Uniqueness(List.of(columns));
  }

  /** The mean of a numeric {@code column}. */
  public static CheckBuilder.Stat mean(String column) {
    return new CheckBuilder.Stat(column, Rule.Measure.MEAN, 0);
  }

  /** The sample standard deviation of a numeric {@code column}. */
  public static CheckBuilder.Stat stddev(String column) {
    return new CheckBuilder.Stat(column, Rule.Measure.STDDEV, 0);
  }

  /** The smallest value of a numeric {@code column}. */
  public static CheckBuilder.Stat minimum(String column) {
    return new CheckBuilder.Stat(column, Rule.Measure.MIN, 0);
  }

  /** The largest value of a numeric {@code column}. */
  public static CheckBuilder.Stat maximum(String column) {
    return new CheckBuilder.Stat(column, Rule.Measure.MAX, 0);
  }

  /** The (approximate) value of a numeric {@code column} at {@code quantile}, 0 to 1. */
  public static CheckBuilder.Stat quantile(String column, double quantile) {
    return new CheckBuilder.Stat(column, Rule.Measure.QUANTILE, quantile);
  }

  /** Each non-null value of a numeric {@code column} lies within [{@code min}, {@code max}]. */
  public static CheckBuilder.RowCheck isInRange(String column, double min, double max) {
    return CheckBuilder.RowCheck.range(column, min, max);
  }

  /** Each non-null value of a numeric {@code column} is at least 0. */
  public static CheckBuilder.RowCheck isNonNegative(String column) {
    return CheckBuilder.RowCheck.range(column, 0.0, null).named("non_negative_" + column);
  }

  /** Each non-null value of {@code column} is one of {@code values} (exact string match). */
  public static CheckBuilder.RowCheck isContainedIn(String column, String... values) {
    return CheckBuilder.RowCheck.allowed(column, Set.of(values));
  }

  /**
   * Each non-null value of {@code column} matches {@code regex} (Java syntax, anywhere in the value
   * unless anchored).
   */
  public static CheckBuilder.RowCheck matches(String column, String regex) {
    return CheckBuilder.RowCheck.matches(column, regex);
  }

  /**
   * Each row satisfies the Spark SQL boolean expression {@code sql}; a row where it is null breaks
   * the rule. Name it with {@code named(...)}: the default name is {@code satisfies}.
   */
  public static CheckBuilder.RowCheck satisfies(String sql) {
    return CheckBuilder.RowCheck.predicate(sql);
  }

  /**
   * Every key {@code columns} of the batch exists in a reference table: complete it with {@code
   * in(table, referenceColumns...)}.
   */
  public static CheckBuilder.Reference references(String... columns) {
    return new CheckBuilder.Reference(List.of(columns));
  }

  /**
   * The ratio of two counts the job reports ({@code rows_quarantined / rows_read}); bound it with
   * {@code atMost(fraction)}.
   */
  public static CheckBuilder.Ratio ratio(String numerator, String denominator) {
    return new CheckBuilder.Ratio(
        requireNonNull(numerator, "numerator is null"),
        requireNonNull(denominator, "denominator is null"));
  }

  /**
   * The row count compared with the mean of the last passed runs in the {@link MetricHistory};
   * bound it with {@code overLast(runs).atMost(change)}.
   */
  public static CheckBuilder.SizeChange sizeChange() {
    return new CheckBuilder.SizeChange();
  }

  /** An anomaly check on the row count against the last passed runs (z-score). */
  public static CheckBuilder.AnomalyCheck sizeAnomaly() {
    return new CheckBuilder.AnomalyCheck(null, null, 0);
  }

  /** An anomaly check on a statistic of a numeric column against the last passed runs. */
  public static CheckBuilder.AnomalyCheck anomaly(CheckBuilder.Stat statistic) {
    requireNonNull(statistic, "statistic is null");
    return new CheckBuilder.AnomalyCheck(
        statistic.column(), statistic.measure(), statistic.quantileValue());
  }
}
