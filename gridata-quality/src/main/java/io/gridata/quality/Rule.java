package io.gridata.quality;

import static io.gridata.quality.QualityConfigException.check;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One quality rule: a name (unique in its suite), a severity and what it checks. Rules are values;
 * {@link SuiteEvaluator} turns a suite of them into Spark plans.
 *
 * <p>Four families, which decide how many passes over the data a suite costs (see {@link
 * QualitySuite#plan()}):
 *
 * <ul>
 *   <li><b>aggregate</b> rules ({@link RowCount}, {@link Completeness}, {@link Statistic}) compare
 *       one metric of the whole batch with bounds;
 *   <li><b>row-level</b> rules ({@link Range}, {@link AllowedValues}, {@link Matches}, {@link
 *       Predicate}) test each row and carry a {@link RowAction}; their breaking-row counts come out
 *       of the same aggregation as the aggregate rules;
 *   <li><b>key</b> rules ({@link Unique}, {@link References}) need a shuffle on their key columns;
 *   <li><b>history</b> and <b>batch</b> rules ({@link RowCountChange}, {@link Anomaly}, {@link
 *       BatchRatio}) compare a metric of the same aggregation, or a count the job reports, with
 *       earlier runs or with another count: no pass of their own.
 * </ul>
 *
 * <p>A null value never breaks a {@link Range}, {@link AllowedValues} or {@link Matches} rule
 * (nulls are {@link Completeness}'s business); a {@link Predicate} that is null for a row is
 * broken.
 */
public sealed interface Rule {
  /** The rule's name, unique in its suite; quarantined rows carry it. */
  String name();

  /** What a failure of this rule does to the batch. */
  Severity severity();

  /** Rules testing each row, with what happens to the rows that break them. */
  sealed interface RowRule extends Rule {
    /** What happens to the rows breaking the rule. */
    RowAction action();
  }

  /**
   * The batch has between {@code min} and {@code max} rows (either may be null: unbounded).
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param min least rows, or null
   * @param max most rows, or null
   */
  record RowCount(String name, Severity severity, Long min, Long max) implements Rule {
    /** Validates. */
    public RowCount {
      checkCommon(name, severity);
      checkBounds(name, min, max);
      check(min == null || min >= 0, "Cannot define rule %s: min is negative (%s)", name, min);
    }
  }

  /**
   * At most {@code maxNullFraction} of the rows have a null {@code column} (0 means none).
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param column the column
   * @param maxNullFraction largest allowed share of nulls, 0 to 1
   */
  record Completeness(String name, Severity severity, String column, double maxNullFraction)
      implements Rule {
    /** Validates. */
    public Completeness {
      checkCommon(name, severity);
      checkColumn(name, column);
      checkFraction(name, "max_null_fraction", maxNullFraction);
    }
  }

  /** A statistic of a numeric column. */
  enum Measure {
    /** Arithmetic mean. */
    MEAN,
    /** Sample standard deviation. */
    STDDEV,
    /** Smallest value. */
    MIN,
    /** Largest value. */
    MAX,
    /** The value at a quantile (approximate, relative error 1/10,000). */
    QUANTILE
  }

  /**
   * A statistic of {@code column} lies within [{@code min}, {@code max}] (either may be null).
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param column a numeric column
   * @param measure which statistic
   * @param quantile for {@link Measure#QUANTILE}, the quantile in [0, 1]; ignored otherwise
   * @param min lower bound, or null
   * @param max upper bound, or null
   */
  record Statistic(
      String name,
      Severity severity,
      String column,
      Measure measure,
      double quantile,
      Double min,
      Double max)
      implements Rule {
    /** Validates. */
    public Statistic {
      checkCommon(name, severity);
      checkColumn(name, column);
      requireNonNull(measure, "measure is null");
      checkBounds(name, min, max);
      if (measure == Measure.QUANTILE) {
        checkFraction(name, "quantile", quantile);
      }
    }
  }

  /**
   * Non-null values of {@code column} lie within [{@code min}, {@code max}] (either may be null).
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param action what happens to rows outside the range
   * @param column a numeric column
   * @param min lower bound (inclusive), or null
   * @param max upper bound (inclusive), or null
   */
  record Range(
      String name, Severity severity, RowAction action, String column, Double min, Double max)
      implements RowRule {
    /** Validates. */
    public Range {
      checkCommon(name, severity);
      requireNonNull(action, "action is null");
      checkColumn(name, column);
      checkBounds(name, min, max);
    }
  }

  /**
   * Non-null values of {@code column} are one of {@code values} (compared as strings, exactly).
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param action what happens to rows with another value
   * @param column the column
   * @param values the allowed values
   */
  record AllowedValues(
      String name, Severity severity, RowAction action, String column, Set<String> values)
      implements RowRule {
    /** Validates and copies. */
    public AllowedValues {
      checkCommon(name, severity);
      requireNonNull(action, "action is null");
      checkColumn(name, column);
      check(
          values != null && !values.isEmpty(),
          "Cannot define rule %s: allowed_values needs at least one value",
          name);
      values = Set.copyOf(values);
    }
  }

  /**
   * Non-null values of {@code column} match {@code regex} (Java syntax, anywhere in the value
   * unless anchored with {@code ^...$}).
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param action what happens to rows that do not match
   * @param column the column
   * @param regex the pattern
   */
  record Matches(String name, Severity severity, RowAction action, String column, String regex)
      implements RowRule {
    /** Validates, including the pattern's syntax. */
    public Matches {
      checkCommon(name, severity);
      requireNonNull(action, "action is null");
      checkColumn(name, column);
      check(regex != null && !regex.isEmpty(), "Cannot define rule %s: regex is empty", name);
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new QualityConfigException(
            "Cannot define rule %s: invalid regex %s (%s)", name, regex, e.getDescription());
      }
    }
  }

  /**
   * Every row satisfies a Spark SQL boolean expression over the batch's columns ({@code
   * "total_amount >= subtotal - discount"}). A row where it is null breaks the rule.
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param action what happens to rows breaking it
   * @param sql the expression
   */
  record Predicate(String name, Severity severity, RowAction action, String sql)
      implements RowRule {
    /** Validates. */
    public Predicate {
      checkCommon(name, severity);
      requireNonNull(action, "action is null");
      check(sql != null && !sql.isBlank(), "Cannot define rule %s: sql is empty", name);
    }
  }

  /**
   * At most {@code maxDuplicateFraction} of the rows repeat a key seen in another row (a key
   * occurring n times counts n - 1 duplicates). Rows with a null key part are not compared.
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param columns the key
   * @param maxDuplicateFraction largest allowed share of duplicate rows, 0 to 1
   */
  record Unique(String name, Severity severity, List<String> columns, double maxDuplicateFraction)
      implements Rule {
    /** Validates and copies. */
    public Unique {
      checkCommon(name, severity);
      columns = checkColumns(name, columns);
      checkFraction(name, "max_duplicate_fraction", maxDuplicateFraction);
    }
  }

  /**
   * At most {@code maxOrphanFraction} of the rows have a key absent from {@code referenceTable}'s
   * {@code referenceColumns}. Skipped (and reported so) while the reference table does not exist.
   * Rows with a null key part are not checked.
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param columns the key in the batch
   * @param referenceTable Spark name of the referenced table ({@code gridata.ecommerce.customers})
   * @param referenceColumns the key in the referenced table, same arity as {@code columns}
   * @param maxOrphanFraction largest allowed share of orphan rows, 0 to 1
   */
  record References(
      String name,
      Severity severity,
      List<String> columns,
      String referenceTable,
      List<String> referenceColumns,
      double maxOrphanFraction)
      implements Rule {
    /** Validates and copies. */
    public References {
      checkCommon(name, severity);
      columns = checkColumns(name, columns);
      check(
          referenceTable != null && !referenceTable.isBlank(),
          "Cannot define rule %s: reference table is empty",
          name);
      referenceColumns = checkColumns(name, referenceColumns);
      check(
          columns.size() == referenceColumns.size(),
          "Cannot define rule %s: %s key columns against %s reference columns",
          name,
          columns.size(),
          referenceColumns.size());
      checkFraction(name, "max_orphan_fraction", maxOrphanFraction);
    }
  }

  /**
   * A ratio of two counts the job reports about the batch ({@code rows_quarantined / rows_read}) is
   * at most {@code max}. The counts are not computed from the data: the caller passes them to
   * {@link SuiteEvaluator#evaluate(QualitySuite, org.apache.spark.sql.Dataset, BatchContext)} (the
   * orders job reports {@code rows_read}, {@code rows_written}, {@code rows_quarantined} and {@code
   * duplicates_dropped}). A zero denominator gives a ratio of 0.
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param numerator name of the count above the line
   * @param denominator name of the count below the line
   * @param max largest allowed ratio, 0 to 1
   */
  record BatchRatio(
      String name, Severity severity, String numerator, String denominator, double max)
      implements Rule {
    /** Validates. */
    public BatchRatio {
      checkCommon(name, severity);
      check(
          numerator != null && !numerator.isBlank(),
          "Cannot define rule %s: numerator is empty",
          name);
      check(
          denominator != null && !denominator.isBlank(),
          "Cannot define rule %s: denominator is empty",
          name);
      checkFraction(name, "max", max);
    }
  }

  /**
   * The batch's row count is within {@code maxChange} (0.5 = 50%) of the mean row count of the last
   * {@code lastRuns} passed runs of the suite in the {@link MetricHistory}. Skipped, and reported
   * so, while the history holds no passed run.
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param lastRuns how many earlier runs make the mean, at least 1
   * @param maxChange largest allowed relative difference from that mean, at least 0
   */
  record RowCountChange(String name, Severity severity, int lastRuns, double maxChange)
      implements Rule {
    /** Validates. */
    public RowCountChange {
      checkCommon(name, severity);
      check(lastRuns >= 1, "Cannot define rule %s: last_runs must be at least 1", name);
      check(maxChange >= 0, "Cannot define rule %s: max_change is negative (%s)", name, maxChange);
    }
  }

  /**
   * A metric of the batch is no more than {@code maxZScore} standard deviations away from its mean
   * over the last {@code lastRuns} passed runs in the {@link MetricHistory}: {@code |x - mean| /
   * stddev}, with the sample standard deviation of those runs. The metric is the row count ({@code
   * measure} and {@code column} null) or a {@link Measure} of a numeric column. Skipped while fewer
   * than {@code minRuns} earlier values exist. When every earlier value is the same (stddev 0), any
   * other value is an anomaly.
   *
   * @param name the rule's name
   * @param severity what a failure does
   * @param column a numeric column, or null for the row count
   * @param measure the statistic of {@code column}, or null for the row count
   * @param quantile for {@link Measure#QUANTILE}, the quantile in [0, 1]; ignored otherwise
   * @param lastRuns how many earlier runs make the baseline, at least 2
   * @param minRuns earlier runs needed before the rule judges, 2 to {@code lastRuns}
   * @param maxZScore largest allowed distance in standard deviations, above 0
   */
  record Anomaly(
      String name,
      Severity severity,
      String column,
      Measure measure,
      double quantile,
      int lastRuns,
      int minRuns,
      double maxZScore)
      implements Rule {
    /** Validates. */
    public Anomaly {
      checkCommon(name, severity);
      check(
          (column == null) == (measure == null),
          "Cannot define rule %s: give both a column and a measure, or neither for the row count",
          name);
      if (column != null) {
        checkColumn(name, column);
      }
      if (measure == Measure.QUANTILE) {
        checkFraction(name, "quantile", quantile);
      }
      check(lastRuns >= 2, "Cannot define rule %s: last_runs must be at least 2", name);
      check(
          minRuns >= 2 && minRuns <= lastRuns,
          "Cannot define rule %s: min_runs must be within [2, last_runs], got %s",
          name,
          minRuns);
      check(maxZScore > 0, "Cannot define rule %s: max_z_score must be above 0", name);
    }

    /** True when the metric is the batch's row count. */
    public boolean onRowCount() {
      return column == null;
    }
  }

  private static void checkCommon(String name, Severity severity) {
    check(
        name != null && name.matches("[A-Za-z0-9_.-]+") && !name.startsWith("__"),
        "Cannot define rule %s: a name is letters, digits, '_', '.' or '-', not starting with '__'",
        name);
    requireNonNull(severity, "severity is null");
  }

  private static void checkColumn(String name, String column) {
    check(column != null && !column.isBlank(), "Cannot define rule %s: column is empty", name);
  }

  private static List<String> checkColumns(String name, List<String> columns) {
    check(columns != null && !columns.isEmpty(), "Cannot define rule %s: no key columns", name);
    columns.forEach(c -> checkColumn(name, c));
    check(
        Set.copyOf(columns).size() == columns.size(),
        "Cannot define rule %s: a key column is listed twice in %s",
        name,
        columns);
    return List.copyOf(columns);
  }

  private static void checkFraction(String name, String field, double value) {
    check(
        value >= 0 && value <= 1,
        "Cannot define rule %s: %s must be within [0, 1], got %s",
        name,
        field,
        value);
  }

  private static <T extends Comparable<T>> void checkBounds(String name, T min, T max) {
    check(min != null || max != null, "Cannot define rule %s: needs min or max", name);
    check(
        min == null || max == null || min.compareTo(max) <= 0,
        "Cannot define rule %s: min %s is above max %s",
        name,
        min,
        max);
  }

  /** The rule's kind as written in YAML ({@code row_count}, {@code allowed_values}, ...). */
  static String kind(Rule rule) {
    if (rule instanceof RowCount) {
      return "row_count";
    }
    if (rule instanceof AllowedValues) {
      return "allowed_values";
    }
    if (rule instanceof BatchRatio) {
      return "batch_ratio";
    }
    if (rule instanceof RowCountChange) {
      return "row_count_change";
    }
    return rule.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
