package io.gridata.quality;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.gridata.quality.compat.GroupingSets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Evaluates a {@link QualitySuite} on a Spark {@code Dataset} as {@link SuitePlan} describes: one
 * aggregation for the aggregate and row-level rules, one aggregation by key per key set, then short
 * reads of the failing rows of failed rules only, to sample their keys.
 */
public final class SuiteEvaluator {
  /** Failing keys kept per rule unless configured otherwise. */
  public static final int DEFAULT_SAMPLE_SIZE = 10;

  private static final String ROWS = "__rows";
  private static final String COUNT = "__n";
  private static final String FOUND = "__found";
  private static final String SET = "__set";

  private final SparkSession spark;
  private final int sampleSize;

  /** An evaluator keeping {@link #DEFAULT_SAMPLE_SIZE} failing keys per failed rule. */
  public SuiteEvaluator(SparkSession spark) {
    this(spark, DEFAULT_SAMPLE_SIZE);
  }

  /** An evaluator keeping up to {@code sampleSize} failing keys per failed rule (0 for none). */
  public SuiteEvaluator(SparkSession spark, int sampleSize) {
    this.spark = requireNonNull(spark, "spark is null");
    QualityConfigException.check(sampleSize >= 0, "Cannot sample %s keys", sampleSize);
    this.sampleSize = sampleSize;
  }

  /** Evaluates {@code suite} on {@code data}, with no batch counts and no history. */
  public QualityReport evaluate(QualitySuite suite, Dataset<Row> data) {
    return evaluate(suite, data, BatchContext.of(suite.name()));
  }

  /**
   * Evaluates {@code suite} on {@code data}. Does not record the report: the caller (such as {@link
   * QualityGate}) appends it to the history once it knows the run's outcome.
   */
  public QualityReport evaluate(QualitySuite suite, Dataset<Row> data, BatchContext context) {
    requireNonNull(suite, "suite is null");
    requireNonNull(data, "data is null");
    requireNonNull(context, "context is null");
    SuitePlan plan = suite.plan();
    check(suite, data, context);
    Map<String, Double> metrics = aggregate(suite, data);
    long rows = metrics.get(ROWS).longValue();
    Map<String, String> skipped = new HashMap<>();
    Map<String, Long> keyed =
        plan.keyPasses().isEmpty()
            ? Map.of()
            : byKeys(suite, List.copyOf(plan.keyPasses().keySet()), data, skipped);
    List<RuleResult> results = new ArrayList<>();
    for (Rule rule : suite.rules()) {
      RuleResult result =
          rule instanceof Rule.BatchRatio
                  || rule instanceof Rule.RowCountChange
                  || rule instanceof Rule.Anomaly
              ? HistoryJudge.judge(suite, rule, rows, metrics.get(rule.name()), context)
              : judge(suite, rule, rows, metrics, keyed, skipped, data);
      results.add(result);
    }
    return new QualityReport(suite.name(), rows, plan.passes(), results);
  }

  /**
   * Refuses, before any Spark job, a rule on a column the batch lacks, a range or statistic on a
   * non-numeric column, and a predicate Spark cannot analyse or that is not boolean.
   */
  private static void check(QualitySuite suite, Dataset<Row> data, BatchContext context) {
    StructType schema = data.schema();
    List<String> names = Arrays.asList(schema.fieldNames());
    for (Rule rule : suite.rules()) {
      for (String column : columnsOf(rule)) {
        if (!names.contains(column)) {
          throw new QualityConfigException(
              "Cannot evaluate rule %s of suite %s: the batch has no column %s (columns: %s)",
              rule.name(), suite.name(), column, names);
        }
        boolean numeric = schema.apply(column).dataType() instanceof NumericType;
        if ((rule instanceof Rule.Range
                || rule instanceof Rule.Statistic
                || rule instanceof Rule.Anomaly)
            && !numeric) {
          throw new QualityConfigException(
              "Cannot evaluate rule %s of suite %s: column %s is %s, not numeric; cast it first"
                  + " or use a predicate rule",
              rule.name(), suite.name(), column, schema.apply(column).dataType().simpleString());
        }
      }
      if (rule instanceof Rule.BatchRatio b) {
        for (String count : List.of(b.numerator(), b.denominator())) {
          if (!context.counts().containsKey(count)) {
            throw new QualityConfigException(
                "Cannot evaluate rule %s of suite %s: the job reported no count named %s"
                    + " (reported: %s)",
                b.name(), suite.name(), count, new TreeSet<>(context.counts().keySet()));
          }
        }
      }
      if (rule instanceof Rule.Predicate p) {
        DataType type;
        try {
          type = data.select(expr(p.sql())).schema().fields()[0].dataType();
        } catch (Exception e) { // AnalysisException is a checked exception in Java's eyes
          throw new QualityConfigException(
              "Cannot evaluate rule %s of suite %s: Spark cannot use its sql %s (%s)",
              p.name(), suite.name(), p.sql(), e.getMessage());
        }
        if (!(type instanceof BooleanType)) {
          throw new QualityConfigException(
              "Cannot evaluate rule %s of suite %s: its sql %s is %s, not a boolean condition",
              p.name(), suite.name(), p.sql(), type.simpleString());
        }
      }
    }
  }

  /**
   * The names of the {@link RowAction#QUARANTINE} rules of {@code suite} that a row breaks, as an
   * {@code array<string>} column; empty when the suite has no such rule. A job computes it in the
   * plan that writes its table and routes the rows with a non-empty value to quarantine (the orders
   * job takes it as its row checks).
   */
  public static Optional<Column> quarantineReasons(QualitySuite suite) {
    requireNonNull(suite, "suite is null");
    List<Column> reasons = new ArrayList<>();
    for (Rule rule : suite.rules()) {
      if (rule instanceof Rule.RowRule r && r.action() == RowAction.QUARANTINE) {
        reasons.add(when(breaks(r), lit(r.name())));
      }
    }
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(filter(array(reasons.toArray(new Column[0])), Column::isNotNull));
  }

  /** The Spark condition true for the rows breaking {@code rule}. */
  static Column breaks(Rule.RowRule rule) {
    if (rule instanceof Rule.Range r) {
      Column c = col(r.column());
      Column outside = lit(false);
      if (r.min() != null) {
        outside = outside.or(c.lt(lit(r.min())));
      }
      if (r.max() != null) {
        outside = outside.or(c.gt(lit(r.max())));
      }
      return c.isNotNull().and(outside);
    }
    if (rule instanceof Rule.AllowedValues a) {
      Column c = col(a.column()).cast("string");
      return c.isNotNull().and(not(c.isin(a.values().toArray())));
    }
    if (rule instanceof Rule.Matches m) {
      Column c = col(m.column()).cast("string");
      return c.isNotNull().and(not(c.rlike(m.regex())));
    }
    Rule.Predicate p = (Rule.Predicate) rule;
    return not(coalesce(expr(p.sql()), lit(false)));
  }

  private Map<String, Double> aggregate(QualitySuite suite, Dataset<Row> data) {
    List<Column> columns = new ArrayList<>();
    columns.add(count(lit(1)).cast("double").as(ROWS));
    for (Rule rule : suite.rules()) {
      Column metric = metric(rule);
      if (metric != null) {
        columns.add(metric.cast("double").as(rule.name()));
      }
    }
    Row row =
        data.agg(columns.get(0), columns.subList(1, columns.size()).toArray(new Column[0])).first();
    Map<String, Double> metrics = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      metrics.put(row.schema().fields()[i].name(), row.isNullAt(i) ? null : row.getDouble(i));
    }
    return metrics;
  }

  private static Column metric(Rule rule) {
    if (rule instanceof Rule.RowRule r) {
      return coalesce(sum(when(breaks(r), 1).otherwise(0)), lit(0));
    }
    if (rule instanceof Rule.Completeness c) {
      return coalesce(sum(when(col(c.column()).isNull(), 1).otherwise(0)), lit(0));
    }
    if (rule instanceof Rule.Statistic s) {
      return statistic(s.column(), s.measure(), s.quantile());
    }
    if (rule instanceof Rule.Anomaly a && !a.onRowCount()) {
      return statistic(a.column(), a.measure(), a.quantile());
    }
    return null;
  }

  private static Column statistic(String column, Rule.Measure measure, double quantile) {
    Column c = col(column).cast("double");
    return switch (measure) {
      case MEAN -> avg(c);
      case STDDEV -> stddev_samp(c);
      case MIN -> min(c);
      case MAX -> max(c);
      case QUANTILE -> percentile_approx(c, lit(quantile), lit(10_000));
    };
  }

  /**
   * Duplicate and orphan row counts of every key rule, from one pass over {@code data}: one
   * aggregation with a grouping set per key set (Spark expands each row once per set and counts the
   * rows per key in one shuffle); groups with a null key part are left out; each reference rule
   * left-joins the grouped keys (not the batch) with its table's distinct keys.
   */
  private Map<String, Long> byKeys(
      QualitySuite suite,
      List<List<String>> keySets,
      Dataset<Row> data,
      Map<String, String> skipped) {
    List<String> all = List.copyOf(new TreeSet<>(keySets.stream().flatMap(List::stream).toList()));
    Dataset<Row> grouped = GroupingSets.countRows(data, all, keySets, COUNT, SET);
    List<Column> sums = new ArrayList<>();
    sums.add(sum(lit(0)).as("__none"));
    int joins = 0;
    for (Rule rule : suite.rules()) {
      List<String> keys = SuitePlan.keyOf(rule);
      if (keys == null) {
        continue;
      }
      Column inSet = col(SET).equalTo(lit(groupingId(all, keys)));
      for (String k : keys) {
        inSet = inSet.and(col(k).isNotNull());
      }
      if (rule instanceof Rule.Unique) {
        sums.add(coalesce(sum(when(inSet, col(COUNT).minus(1))), lit(0L)).as(rule.name()));
      } else if (rule instanceof Rule.References r) {
        if (!spark.catalog().tableExists(r.referenceTable())) {
          skipped.put(r.name(), "reference table " + r.referenceTable() + " does not exist");
          continue;
        }
        String found = FOUND + joins++;
        Dataset<Row> reference =
            referenceKeys(r, keys, found).withColumn(SET, lit(groupingId(all, keys)));
        List<String> on = new ArrayList<>(keys);
        on.add(SET);
        grouped = grouped.join(reference, on.toArray(String[]::new), "left_outer");
        sums.add(
            coalesce(sum(when(inSet.and(col(found).isNull()), col(COUNT))), lit(0L))
                .as(rule.name()));
      }
    }
    if (sums.size() == 1) {
      return Map.of();
    }
    Row row = grouped.agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0])).first();
    Map<String, Long> counts = new HashMap<>();
    for (int i = 1; i < sums.size(); i++) {
      counts.put(row.schema().fields()[i].name(), row.isNullAt(i) ? 0L : row.getLong(i));
    }
    return counts;
  }

  /**
   * Spark's {@code grouping_id()} of the grouping set {@code keys} among the grouping columns
   * {@code all}: a bit per column, most significant first, set where the column is not grouped.
   */
  private static long groupingId(List<String> all, List<String> keys) {
    long id = 0;
    for (String column : all) {
      id = (id << 1) | (keys.contains(column) ? 0 : 1);
    }
    return id;
  }

  /** Rows per key of {@code data} (rows with a null key part left out). */
  private static Dataset<Row> keyCounts(Dataset<Row> data, List<String> keys) {
    Column present = lit(true);
    for (String k : keys) {
      present = present.and(col(k).isNotNull());
    }
    return data.where(present).groupBy(columns(keys)).agg(count(lit(1)).as(COUNT));
  }

  /** The referenced table's columns matching the batch's (sorted) {@code keys}. */
  private static List<String> referenced(Rule.References rule, List<String> keys) {
    return keys.stream().map(k -> rule.referenceColumns().get(rule.columns().indexOf(k))).toList();
  }

  /** The referenced table's distinct keys, renamed to the batch's (sorted) key names. */
  private Dataset<Row> referenceKeys(Rule.References rule, List<String> keys, String found) {
    List<Column> renamed = new ArrayList<>();
    List<String> referenced = referenced(rule, keys);
    for (int i = 0; i < keys.size(); i++) {
      renamed.add(col(referenced.get(i)).as(keys.get(i)));
    }
    return spark
        .table(rule.referenceTable())
        .select(renamed.toArray(new Column[0]))
        .distinct()
        .withColumn(found, lit(true));
  }

  private RuleResult judge(
      QualitySuite suite,
      Rule rule,
      long rows,
      Map<String, Double> metrics,
      Map<String, Long> keyed,
      Map<String, String> skipped,
      Dataset<Row> data) {
    String kind = Rule.kind(rule);
    if (skipped.containsKey(rule.name())) {
      return new RuleResult(
          rule.name(),
          kind,
          rule.severity(),
          RuleStatus.SKIPPED,
          null,
          threshold(rule),
          0,
          List.of(),
          "skipped: " + skipped.get(rule.name()));
    }
    Double observed;
    long failing = 0;
    boolean ok;
    String message;
    if (rule instanceof Rule.RowCount r) {
      observed = (double) rows;
      ok = (r.min() == null || rows >= r.min()) && (r.max() == null || rows <= r.max());
      message = String.format(Locale.ROOT, "%,d rows", rows);
    } else if (rule instanceof Rule.Completeness c) {
      failing = metrics.get(c.name()).longValue();
      observed = fraction(failing, rows);
      ok = observed <= c.maxNullFraction();
      message =
          String.format(Locale.ROOT, "%,d of %,d rows have a null %s", failing, rows, c.column());
    } else if (rule instanceof Rule.Statistic s) {
      observed = metrics.get(s.name());
      ok =
          observed != null
              && (s.min() == null || observed >= s.min())
              && (s.max() == null || observed <= s.max());
      message =
          observed == null
              ? String.format(
                  Locale.ROOT,
                  "%s has %s",
                  s.column(),
                  s.measure() == Rule.Measure.STDDEV
                      ? "fewer than 2 non-null values (a sample stddev needs 2)"
                      : "no non-null values")
              : String.format(
                  Locale.ROOT,
                  "%s of %s is %s",
                  s.measure().name().toLowerCase(Locale.ROOT),
                  s.column(),
                  QualityReport.formatNumber(observed));
      failing = 0;
    } else if (rule instanceof Rule.RowRule r) {
      failing = metrics.get(r.name()).longValue();
      observed = (double) failing;
      ok = failing == 0 || r.action() != RowAction.FAIL;
      message =
          String.format(
              Locale.ROOT,
              "%,d of %,d rows break it%s",
              failing,
              rows,
              failing == 0 || r.action() == RowAction.FAIL
                  ? ""
                  : r.action() == RowAction.FLAG ? " (flagged, kept)" : " (to quarantine)");
    } else if (rule instanceof Rule.Unique u) {
      failing = keyed.get(u.name());
      observed = fraction(failing, rows);
      ok = observed <= u.maxDuplicateFraction();
      message =
          String.format(
              Locale.ROOT, "%,d of %,d rows repeat a %s seen before", failing, rows, u.columns());
    } else {
      Rule.References r = (Rule.References) rule;
      failing = keyed.get(r.name());
      observed = fraction(failing, rows);
      ok = observed <= r.maxOrphanFraction();
      message =
          String.format(
              Locale.ROOT,
              "%,d of %,d rows have a %s absent from %s",
              failing,
              rows,
              r.columns(),
              r.referenceTable());
    }
    List<String> sample = ok || failing == 0 ? List.of() : sample(suite, rule, data);
    return new RuleResult(
        rule.name(),
        kind,
        rule.severity(),
        ok ? RuleStatus.PASSED : RuleStatus.FAILED,
        observed,
        threshold(rule),
        failing,
        sample,
        message);
  }

  private List<String> sample(QualitySuite suite, Rule rule, Dataset<Row> data) {
    if (sampleSize == 0) {
      return List.of();
    }
    List<String> shown = new ArrayList<>(suite.keyColumns());
    Dataset<Row> failing;
    if (rule instanceof Rule.RowRule r) {
      if (shown.isEmpty() && !(r instanceof Rule.Predicate)) {
        shown.add(column(r));
      }
      failing = data.where(breaks(r));
    } else if (rule instanceof Rule.Completeness c) {
      failing = data.where(col(c.column()).isNull());
    } else if (rule instanceof Rule.Unique u) {
      shown = u.columns();
      failing = keyCounts(data, u.columns()).where(col(COUNT).gt(1));
    } else if (rule instanceof Rule.References r) {
      shown = r.columns();
      List<String> keys = SuitePlan.keyOf(r);
      failing =
          keyCounts(data, keys)
              .join(referenceKeys(r, keys, FOUND), keys.toArray(String[]::new), "left_anti");
    } else {
      return List.of();
    }
    if (shown.isEmpty()) {
      return List.of();
    }
    return failing
        .select(concat_ws("|", shownParts(shown)).as("key"))
        .limit(sampleSize)
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .toList();
  }

  /** The batch columns {@code rule} names (none for row counts and predicates). */
  private static List<String> columnsOf(Rule rule) {
    if (rule instanceof Rule.Completeness c) {
      return List.of(c.column());
    }
    if (rule instanceof Rule.Statistic st) {
      return List.of(st.column());
    }
    if (rule instanceof Rule.Anomaly a && !a.onRowCount()) {
      return List.of(a.column());
    }
    if (rule instanceof Rule.Unique u) {
      return u.columns();
    }
    if (rule instanceof Rule.References r) {
      return r.columns();
    }
    if (rule instanceof Rule.RowRule r && !(r instanceof Rule.Predicate)) {
      return List.of(column(r));
    }
    return List.of();
  }

  private static String column(Rule.RowRule rule) {
    if (rule instanceof Rule.Range r) {
      return r.column();
    }
    if (rule instanceof Rule.AllowedValues a) {
      return a.column();
    }
    return ((Rule.Matches) rule).column();
  }

  static String threshold(Rule rule) {
    String history = HistoryJudge.threshold(rule);
    if (history != null) {
      return history;
    }
    if (rule instanceof Rule.RowCount r) {
      return bounds(
          r.min() == null ? null : r.min().doubleValue(),
          r.max() == null ? null : r.max().doubleValue());
    }
    if (rule instanceof Rule.Completeness c) {
      return "null fraction <= " + c.maxNullFraction();
    }
    if (rule instanceof Rule.Statistic s) {
      return bounds(s.min(), s.max());
    }
    if (rule instanceof Rule.RowRule r) {
      return r.action() == RowAction.FAIL
          ? "0 rows"
          : r.action().name().toLowerCase(Locale.ROOT) + " breaking rows";
    }
    if (rule instanceof Rule.Unique u) {
      return "duplicate fraction <= " + u.maxDuplicateFraction();
    }
    return "orphan fraction <= " + ((Rule.References) rule).maxOrphanFraction();
  }

  private static String bounds(Double min, Double max) {
    if (min == null) {
      return "<= " + QualityReport.formatNumber(max);
    }
    if (max == null) {
      return ">= " + QualityReport.formatNumber(min);
    }
    return "[" + QualityReport.formatNumber(min) + ", " + QualityReport.formatNumber(max) + "]";
  }

  static double fraction(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }

  private static Column[] shownParts(List<String> names) {
    return names.stream()
        .map(n -> coalesce(col(n).cast("string"), lit("null")))
        .toArray(Column[]::new);
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(n -> col(n)).toArray(Column[]::new);
  }
}
