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
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

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
 * <p>Plan: per metric, the active customers are grouped by value (one row per distinct value with
 * its count); a window without partition (one task) orders the distinct values and sums the counts
 * of the worse ones; the scores are joined back on the value (a broadcast for recency and
 * frequency, whose distinct values are few: days and order counts). Only the distinct values go
 * through the single task, never the customers.
 */
final class RfmScores {
  private static final String COUNT = "__count";
  private static final String WORSE = "__worse";
  private static final String N = "__n";

  private RfmScores() {}

  /** Adds r_score, f_score, m_score (null for customers without counted orders) and rfm_segment. */
  static Dataset<Row> add(Dataset<Row> customers) {
    Column active = col(FREQUENCY).gt(0);
    Dataset<Row> activeRows = customers.where(active);
    Dataset<Row> scored = customers;
    scored = joinScore(scored, activeRows, RECENCY_DAYS, false, R_SCORE, true);
    scored = joinScore(scored, activeRows, FREQUENCY, true, F_SCORE, true);
    scored = joinScore(scored, activeRows, MONETARY, true, M_SCORE, false);
    return scored.withColumn(RFM_SEGMENT, segment(active));
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
   * One row per distinct value of {@code metric} among {@code active}: the value as {@code key} and
   * its score as {@code score}.
   */
  static Dataset<Row> scores(
      Dataset<Row> active, String metric, boolean higherIsBetter, String key, String score) {
    Dataset<Row> values = active.groupBy(col(metric).as(key)).agg(count(lit(1)).as(COUNT));
    WindowSpec worstFirst = Window.orderBy(higherIsBetter ? col(key).asc() : col(key).desc());
    return values
        .withColumn(
            WORSE,
            coalesce(
                sum(col(COUNT)).over(worstFirst.rowsBetween(Window.unboundedPreceding(), -1)),
                lit(0L)))
        .withColumn(
            N,
            sum(col(COUNT))
                .over(
                    worstFirst.rowsBetween(
                        Window.unboundedPreceding(), Window.unboundedFollowing())))
        .select(col(key), expr("CAST(1 + (5 * " + WORSE + ") div " + N + " AS INT)").as(score));
  }

  private static Dataset<Row> joinScore(
      Dataset<Row> customers,
      Dataset<Row> active,
      String metric,
      boolean higherIsBetter,
      String score,
      boolean fewValues) {
    String key = "__key_" + score;
    Dataset<Row> table = scores(active, metric, higherIsBetter, key, score);
    // the key is null for inactive customers, so they match no score even when their value
    // (frequency 0, monetary 0.00) equals an active customer's
    return customers
        .withColumn(key, when(col(FREQUENCY).gt(0), col(metric)))
        .join(fewValues ? broadcast(table) : table, new String[] {key}, "left")
        .drop(key);
  }
}
