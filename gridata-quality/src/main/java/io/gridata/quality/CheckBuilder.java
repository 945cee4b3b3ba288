package io.gridata.quality;

import static io.gridata.quality.QualityConfigException.check;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A rule being written with {@link Checks}: the bound, the severity and the name, then {@link
 * #build()} (or hand the builder to {@link QualitySuite.Builder#add(CheckBuilder)}). Builders are
 * mutable and single use; the {@link Rule} they build is an immutable value, validated when built.
 *
 * @param <B> the concrete builder, so that {@code named(...)} and {@code warn()} chain
 */
public abstract class CheckBuilder<B extends CheckBuilder<B>> {
  private String name;
  private Severity severity = Severity.ERROR;

  CheckBuilder(String defaultName) {
    this.name = defaultName;
  }

  /** Names the rule (unique in its suite; quarantined rows and reports carry it). */
  public B named(String value) {
    this.name = requireNonNull(value, "name is null");
    return self();
  }

  /** A failure is reported and the batch still published. */
  public B warn() {
    this.severity = Severity.WARN;
    return self();
  }

  /** A failure stops the publish (the default). */
  public B error() {
    this.severity = Severity.ERROR;
    return self();
  }

  /** The rule's name as it stands. */
  public String name() {
    return name;
  }

  /**
   * The rule.
   *
   * @throws QualityConfigException when a bound is missing or out of range, naming the rule
   */
  public abstract Rule build();

  Severity severity() {
    return severity;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  private static String join(List<String> columns) {
    return String.join("_", columns);
  }

  /** The batch's row count within bounds. */
  public static final class Size extends CheckBuilder<Size> {
    private Long min;
    private Long max;

    Size() {
      super("row_count");
    }

    /** At least {@code rows} rows. */
    public Size atLeast(long rows) {
      this.min = rows;
      return this;
    }

    /** At most {@code rows} rows. */
    public Size atMost(long rows) {
      this.max = rows;
      return this;
    }

    /** Between {@code min} and {@code max} rows, inclusive. */
    public Size between(long min, long max) {
      return atLeast(min).atMost(max);
    }

    @Override
    public Rule build() {
      return new Rule.RowCount(name(), severity(), min, max);
    }
  }

  /** The share of non-null values of a column, at least a fraction. */
  public static final class Completeness extends CheckBuilder<Completeness> {
    private final String column;
    private Double atLeast;

    Completeness(String column) {
      super("completeness_" + column);
      this.column = column;
    }

    /** At least {@code fraction} (0 to 1) of the rows have a value. */
    public Completeness atLeast(double fraction) {
      this.atLeast = fraction;
      return this;
    }

    @Override
    public Rule build() {
      check(atLeast != null, "Cannot define rule %s: say atLeast(fraction)", name());
      check(
          atLeast >= 0 && atLeast <= 1,
          "Cannot define rule %s: completeness must be within [0, 1], got %s",
          name(),
          atLeast);
      return new Rule.Completeness(name(), severity(), column, 1.0 - atLeast);
    }
  }

  /** The share of rows whose key no earlier row has, at least a fraction. */
  public static final class Uniqueness extends CheckBuilder<Uniqueness> {
    private final List<String> columns;
    private Double atLeast;

    Uniqueness(List<String> columns) {
      super("unique_" + join(columns));
      this.columns = columns;
    }

    /** At least {@code fraction} (0 to 1) of the rows are not duplicates of another row's key. */
    public Uniqueness atLeast(double fraction) {
      this.atLeast = fraction;
      return this;
    }

    @Override
    public Rule build() {
      check(atLeast != null, "Cannot define rule %s: say atLeast(fraction)", name());
      check(
          atLeast >= 0 && atLeast <= 1,
          "Cannot define rule %s: uniqueness must be within [0, 1], got %s",
          name(),
          atLeast);
      return new Rule.Unique(name(), severity(), columns, 1.0 - atLeast);
    }
  }

  /** A statistic of a numeric column within bounds. */
  public static final class Stat extends CheckBuilder<Stat> {
    private final String column;
    private final Rule.Measure measure;
    private final double quantile;
    private Double min;
    private Double max;

    Stat(String column, Rule.Measure measure, double quantile) {
      super(measure.name().toLowerCase(Locale.ROOT) + "_" + column);
      this.column = column;
      this.measure = measure;
      this.quantile = quantile;
    }

    /** The statistic is at least {@code value}. */
    public Stat atLeast(double value) {
      this.min = value;
      return this;
    }

    /** The statistic is at most {@code value}. */
    public Stat atMost(double value) {
      this.max = value;
      return this;
    }

    /** The statistic lies within [{@code min}, {@code max}]. */
    public Stat between(double min, double max) {
      return atLeast(min).atMost(max);
    }

    String column() {
      return column;
    }

    Rule.Measure measure() {
      return measure;
    }

    double quantileValue() {
      return quantile;
    }

    @Override
    public Rule build() {
      return new Rule.Statistic(name(), severity(), column, measure, quantile, min, max);
    }
  }

  /** A test of each row, with what happens to the rows that break it. */
  public static final class RowCheck extends CheckBuilder<RowCheck> {
    private interface Factory {
      Rule.RowRule create(String name, Severity severity, RowAction action);
    }

    private final Factory factory;
    private RowAction action = RowAction.FAIL;

    private RowCheck(String defaultName, Factory factory) {
      super(defaultName);
      this.factory = factory;
    }

    static RowCheck range(String column, Double min, Double max) {
      return new RowCheck(
          "range_" + column, (n, s, a) -> new Rule.Range(n, s, a, column, min, max));
    }

    static RowCheck allowed(String column, Set<String> values) {
      return new RowCheck(
          "allowed_" + column, (n, s, a) -> new Rule.AllowedValues(n, s, a, column, values));
    }

    static RowCheck matches(String column, String regex) {
      return new RowCheck(
          "matches_" + column, (n, s, a) -> new Rule.Matches(n, s, a, column, regex));
    }

    static RowCheck predicate(String sql) {
      return new RowCheck("satisfies", (n, s, a) -> new Rule.Predicate(n, s, a, sql));
    }

    /** Rows breaking the rule go to the quarantine table with its name; the rule passes. */
    public RowCheck quarantine() {
      this.action = RowAction.QUARANTINE;
      return this;
    }

    /** Rows breaking the rule stay and are counted in the report; the rule passes. */
    public RowCheck flag() {
      this.action = RowAction.FLAG;
      return this;
    }

    /** Any row breaking the rule fails it (the default). */
    public RowCheck failOnAny() {
      this.action = RowAction.FAIL;
      return this;
    }

    @Override
    public Rule build() {
      return factory.create(name(), severity(), action);
    }
  }

  /** Keys of the batch present in a reference table. */
  public static final class Reference extends CheckBuilder<Reference> {
    private final List<String> columns;
    private String table;
    private List<String> referenceColumns;
    private double maxOrphans;

    Reference(List<String> columns) {
      super("references_" + join(columns));
      this.columns = columns;
    }

    /** The reference: {@code table}'s {@code columns} (same arity as the batch's key). */
    public Reference in(String table, String... columns) {
      this.table = requireNonNull(table, "table is null");
      this.referenceColumns = List.of(columns);
      return this;
    }

    /** Allow up to {@code fraction} (0 to 1) of the rows to have no match; default 0. */
    public Reference atMostOrphans(double fraction) {
      this.maxOrphans = fraction;
      return this;
    }

    @Override
    public Rule build() {
      check(table != null, "Cannot define rule %s: say in(table, columns...)", name());
      return new Rule.References(name(), severity(), columns, table, referenceColumns, maxOrphans);
    }
  }

  /** A ratio of two counts the job reports, at most a fraction. */
  public static final class Ratio extends CheckBuilder<Ratio> {
    private final String numerator;
    private final String denominator;
    private Double max;

    Ratio(String numerator, String denominator) {
      super(numerator + "_per_" + denominator);
      this.numerator = numerator;
      this.denominator = denominator;
    }

    /** The ratio is at most {@code fraction} (0 to 1). */
    public Ratio atMost(double fraction) {
      this.max = fraction;
      return this;
    }

    @Override
    public Rule build() {
      check(max != null, "Cannot define rule %s: say atMost(fraction)", name());
      return new Rule.BatchRatio(name(), severity(), numerator, denominator, max);
    }
  }

  /** The row count near the mean of the last passed runs. */
  public static final class SizeChange extends CheckBuilder<SizeChange> {
    private int lastRuns = 7;
    private Double maxChange;

    SizeChange() {
      super("row_count_change");
    }

    /** The baseline is the mean of the last {@code runs} passed runs; default 7. */
    public SizeChange overLast(int runs) {
      this.lastRuns = runs;
      return this;
    }

    /** The row count differs from the baseline by at most {@code change} (0.5 = 50%). */
    public SizeChange atMost(double change) {
      this.maxChange = change;
      return this;
    }

    @Override
    public Rule build() {
      check(maxChange != null, "Cannot define rule %s: say atMost(change)", name());
      return new Rule.RowCountChange(name(), severity(), lastRuns, maxChange);
    }
  }

  /** A metric at most a number of standard deviations from its history. */
  public static final class AnomalyCheck extends CheckBuilder<AnomalyCheck> {
    private final String column;
    private final Rule.Measure measure;
    private final double quantile;
    private int lastRuns = 7;
    private Integer minRuns;
    private double maxZScore = 3;

    AnomalyCheck(String column, Rule.Measure measure, double quantile) {
      super(
          column == null
              ? "row_count_anomaly"
              : measure.name().toLowerCase(Locale.ROOT) + "_" + column + "_anomaly");
      this.column = column;
      this.measure = measure;
      this.quantile = quantile;
    }

    /** The baseline is the last {@code runs} passed runs (default 7, as in YAML). */
    public AnomalyCheck overLast(int runs) {
      this.lastRuns = runs;
      return this;
    }

    /**
     * The rule judges once {@code runs} earlier values exist (default 3, at most {@code overLast}).
     */
    public AnomalyCheck afterRuns(int runs) {
      this.minRuns = runs;
      return this;
    }

    /**
     * The metric is at most {@code z} sample standard deviations from the baseline's mean (default
     * 3).
     */
    public AnomalyCheck maxZScore(double z) {
      this.maxZScore = z;
      return this;
    }

    @Override
    public Rule build() {
      int judgeAfter = minRuns == null ? Math.min(3, lastRuns) : minRuns;
      return new Rule.Anomaly(
          name(), severity(), column, measure, quantile, lastRuns, judgeAfter, maxZScore);
    }
  }
}
