package io.gridata.spark.customer360;

import static io.gridata.spark.customer360.Customer360Columns.FREQUENCY;
import static io.gridata.spark.customer360.Customer360Columns.F_SCORE;
import static io.gridata.spark.customer360.Customer360Columns.MONETARY;
import static io.gridata.spark.customer360.Customer360Columns.M_SCORE;
import static io.gridata.spark.customer360.Customer360Columns.RECENCY_DAYS;
import static io.gridata.spark.customer360.Customer360Columns.RFM_SEGMENT;
import static io.gridata.spark.customer360.Customer360Columns.R_SCORE;
import static io.gridata.spark.customer360.Customer360Labels.AT_RISK;
import static io.gridata.spark.customer360.Customer360Labels.CANT_LOSE;
import static io.gridata.spark.customer360.Customer360Labels.CHAMPIONS;
import static io.gridata.spark.customer360.Customer360Labels.HIBERNATING;
import static io.gridata.spark.customer360.Customer360Labels.LOST;
import static io.gridata.spark.customer360.Customer360Labels.LOYAL;
import static io.gridata.spark.customer360.Customer360Labels.NEW;
import static io.gridata.spark.customer360.Customer360Labels.NO_PURCHASES;
import static io.gridata.spark.customer360.Customer360Labels.POTENTIAL_LOYALIST;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DecimalType;

/**
 * R, F and M scores by quintile over the active customers (frequency &gt; 0), tie-safe:
 *
 * <pre>
 * score = 1 + floor(5 * worse / n)
 * </pre>
 *
 * where {@code n} is the number of active customers and {@code worse} the number of active
 * customers whose value is strictly worse (recency: more days; frequency and monetary: less). Equal
 * values have equal {@code worse}, so ties always get the same score, and the score does not depend
 * on row order. A customer scores 5 exactly when at least 80% of the active customers have a worse
 * value, 1 when fewer than 20% do (so the worst value always scores 1, and a lone active customer
 * scores 1, 1, 1).
 *
 * <p>Plan: a score only grows with the value (ranked so that higher is better: recency negated), so
 * it is fixed by at most four thresholds per metric, the least ranked value scoring 2, 3, 4 and 5.
 * The active customers' three ranked values are grouped by (metric, value) in one aggregation; a
 * window partitioned by metric orders each metric's distinct values and sums the counts of the
 * worse ones, and one global aggregation keeps the least value of each score, all in one task that
 * merges the aggregation's partial counts (per map task, one row per distinct value, never one per
 * customer): one row of twelve thresholds, broadcast to every task, where each score is a
 * comparison with them. No join back on the values, and every task still sees only its own
 * customers.
 */
final class RfmScores {
  private static final String METRIC = "__metric";
  private static final String VALUE = "__value";
  private static final String COUNT = "__count";
  private static final String WORSE = "__worse";
  private static final String N = "__n";
  private static final String SCORE = "__score";

  /** The type every ranked value is compared in: holds any int, bigint or decimal(18,2) exactly. */
  private static final DecimalType RANKED = new DecimalType(38, 2);

  /** The metrics in the order of their index in the {@code (metric, value)} rows. */
  private static final List<Metric> METRICS =
      List.of(
          new Metric(RECENCY_DAYS, false, R_SCORE),
          new Metric(FREQUENCY, true, F_SCORE),
          new Metric(MONETARY, true, M_SCORE));

  private record Metric(String column, boolean higherIsBetter, String score) {
    /** The value ranked so that higher is better, in {@link #RANKED}. */
    Column ranked() {
      Column value = col(column).cast(RANKED);
      return higherIsBetter ? value : value.unary_$minus();
    }
  }

  private RfmScores() {}

  /** Adds r_score, f_score, m_score (null for customers without counted orders) and rfm_segment. */
  static Dataset<Row> add(Dataset<Row> customers) {
    return add(customers, customers);
  }

  /**
   * As {@link #add(Dataset)}, the scores ranked among the active rows of {@code population}
   * (columns recency_days, frequency and monetary): the same active customers with the same values
   * as {@code customers}, planned for the ranking alone (e.g. without the columns and joins only
   * {@code customers} needs).
   */
  static Dataset<Row> add(Dataset<Row> customers, Dataset<Row> population) {
    Column active = col(FREQUENCY).gt(0);
    Dataset<Row> scored = customers.crossJoin(broadcast(thresholds(population.where(active))));
    List<String> thresholdColumns = new ArrayList<>();
    for (int m = 0; m < METRICS.size(); m++) {
      Metric metric = METRICS.get(m);
      Column score = lit(1);
      for (int s = 2; s <= 5; s++) {
        // nested from 2 up, so evaluated from 5 down: the highest score whose threshold the value
        // reaches wins; a score no value has (a null threshold) is never reached
        score = when(metric.ranked().geq(col(threshold(m, s))), lit(s)).otherwise(score);
        thresholdColumns.add(threshold(m, s));
      }
      scored = scored.withColumn(metric.score(), when(active, score).cast("int"));
    }
    return scored
        .drop(thresholdColumns.toArray(String[]::new))
        .withColumn(RFM_SEGMENT, segment(active));
  }

  /**
   * The RFM segment, first match wins (R, F, M the scores):
   *
   * <ol>
   *   <li>Champions: R &ge; 4, F &ge; 4, M &ge; 4
   *   <li>Loyal: R &ge; 3, F &ge; 4
   *   <li>New: R &ge; 4, F = 1
   *   <li>Potential Loyalist: R &ge; 3 (F &le; 3)
   *   <li>Can't Lose: F &ge; 4, M &ge; 4 (R &le; 2)
   *   <li>At Risk: F &ge; 3 (R &le; 2)
   *   <li>Hibernating: R = 2 (F &le; 2)
   *   <li>Lost: the rest (R = 1, F &le; 2)
   * </ol>
   *
   * Customers without counted orders: No Purchases.
   */
  static Column segment(Column active) {
    Column r = col(R_SCORE);
    Column f = col(F_SCORE);
    Column m = col(M_SCORE);
    return when(not(active), lit(NO_PURCHASES))
        .when(r.geq(4).and(f.geq(4)).and(m.geq(4)), lit(CHAMPIONS))
        .when(r.geq(3).and(f.geq(4)), lit(LOYAL))
        .when(r.geq(4).and(f.equalTo(1)), lit(NEW))
        .when(r.geq(3), lit(POTENTIAL_LOYALIST))
        .when(f.geq(4).and(m.geq(4)), lit(CANT_LOSE))
        .when(f.geq(3), lit(AT_RISK))
        .when(r.equalTo(2), lit(HIBERNATING))
        .otherwise(lit(LOST));
  }

  /**
   * One row: for each metric {@code m} (index in {@link #METRICS}) and score {@code s} from 2 to 5,
   * column {@link #threshold}{@code (m, s)} holds the least ranked value of {@code active} scoring
   * {@code s}, null when none does.
   */
  static Dataset<Row> thresholds(Dataset<Row> active) {
    Column[] perMetric = new Column[METRICS.size()];
    for (int m = 0; m < METRICS.size(); m++) {
      perMetric[m] = struct(lit(m).as(METRIC), METRICS.get(m).ranked().as(VALUE));
    }
    Dataset<Row> values =
        active
            .select(explode(array(perMetric)).as("__m"))
            .select(col("__m." + METRIC).as(METRIC), col("__m." + VALUE).as(VALUE))
            .groupBy(col(METRIC), col(VALUE))
            .agg(count(lit(1)).as(COUNT))
            // one task ranks the distinct values of all three metrics (a window partitioned by
            // metric would use at most three) and keeps the thresholds: one shuffle, the
            // aggregation's, instead of three
            .coalesce(1);
    WindowSpec worstFirst = Window.partitionBy(col(METRIC)).orderBy(col(VALUE).asc());
    Dataset<Row> scores =
        values
            .withColumn(
                WORSE,
                coalesce(
                    sum(col(COUNT)).over(worstFirst.rowsBetween(Window.unboundedPreceding(), -1)),
                    lit(0L)))
            .withColumn(N, sum(col(COUNT)).over(Window.partitionBy(col(METRIC))))
            .withColumn(SCORE, expr("CAST(1 + (5 * " + WORSE + ") div " + N + " AS INT)"));
    List<Column> least = new ArrayList<>();
    for (int m = 0; m < METRICS.size(); m++) {
      for (int s = 2; s <= 5; s++) {
        least.add(
            min(when(col(METRIC).equalTo(m).and(col(SCORE).equalTo(s)), col(VALUE)))
                .as(threshold(m, s)));
      }
    }
    return scores.agg(least.get(0), least.subList(1, least.size()).toArray(Column[]::new));
  }

  private static String threshold(int metric, int score) {
    return "__threshold_" + metric + "_" + score;
  }
}
