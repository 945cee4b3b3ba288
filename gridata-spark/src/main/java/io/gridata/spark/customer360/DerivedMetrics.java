package io.gridata.spark.customer360;

import static io.gridata.spark.customer360.Customer360Columns.ACTIVITY_STATUS;
import static io.gridata.spark.customer360.Customer360Columns.AVG_ORDER_VALUE;
import static io.gridata.spark.customer360.Customer360Columns.CHURN_RISK;
import static io.gridata.spark.customer360.Customer360Columns.FREQUENCY;
import static io.gridata.spark.customer360.Customer360Columns.HISTORICAL_VALUE;
import static io.gridata.spark.customer360.Customer360Columns.MONETARY;
import static io.gridata.spark.customer360.Customer360Columns.PRIOR_ORDERS;
import static io.gridata.spark.customer360.Customer360Columns.PROJECTED_LTV;
import static io.gridata.spark.customer360.Customer360Columns.PURCHASE_FREQUENCY_PER_YEAR;
import static io.gridata.spark.customer360.Customer360Columns.RECENCY_DAYS;
import static io.gridata.spark.customer360.Customer360Columns.RECENT_ORDERS;
import static io.gridata.spark.customer360.Customer360Columns.RECENT_SESSIONS;
import static io.gridata.spark.customer360.Customer360Columns.SEGMENT;
import static io.gridata.spark.customer360.Customer360Columns.TENURE_DAYS;
import static io.gridata.spark.customer360.Customer360Columns.TOTAL_SPENT;
import static io.gridata.spark.customer360.Customer360Labels.ACTIVE;
import static io.gridata.spark.customer360.Customer360Labels.AT_RISK;
import static io.gridata.spark.customer360.Customer360Labels.CHURNED;
import static io.gridata.spark.customer360.Customer360Labels.DORMANT;
import static io.gridata.spark.customer360.Customer360Labels.HIGH_VALUE;
import static io.gridata.spark.customer360.Customer360Labels.LOW_VALUE;
import static io.gridata.spark.customer360.Customer360Labels.MEDIUM_VALUE;
import static io.gridata.spark.customer360.Customer360Labels.NEVER_PURCHASED;
import static io.gridata.spark.customer360.Customer360Labels.NO_PURCHASES;
import static io.gridata.spark.customer360.Customer360Labels.VIP;
import static io.gridata.spark.customer360.OrderMetrics.FIRST_COUNTED_TS;
import static io.gridata.spark.customer360.OrderMetrics.LAST_COUNTED_TS;
import static io.gridata.spark.customer360.OrderMetrics.MONEY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-customer metrics computed from the joined order and click aggregates, row by row (no
 * shuffle): recency, tenure, value, lifetime value, segment, activity status and churn risk. {@link
 * Customer360} documents each formula.
 */
final class DerivedMetrics {
  private static final double MICROS_PER_DAY = 86_400_000_000.0;

  private DerivedMetrics() {}

  static Dataset<Row> add(Dataset<Row> joined, LocalDate asOf, Customer360Params p) {
    Column active = col(FREQUENCY).gt(0);
    long asOfDay = asOf.toEpochDay();
    Column recency = col(RECENCY_DAYS);
    Column tenure = col(TENURE_DAYS);
    Column spent = col(TOTAL_SPENT);
    return joined
        .withColumn(RECENCY_DAYS, recencyDays(asOf))
        .withColumn(
            TENURE_DAYS,
            when(
                active,
                greatest(
                        lit(asOfDay).minus(epochDay(col(FIRST_COUNTED_TS))).plus(1),
                        lit(p.minTenureDays()))
                    .cast("int")))
        .withColumn(MONETARY, spent)
        .withColumn(HISTORICAL_VALUE, spent)
        .withColumn(
            AVG_ORDER_VALUE, when(active, round(spent.divide(col(FREQUENCY)), 2)).cast(MONEY))
        .withColumn(
            PURCHASE_FREQUENCY_PER_YEAR,
            when(active, round(col(FREQUENCY).multiply(365.0).divide(tenure), 4)))
        .withColumn(
            PROJECTED_LTV,
            when(
                    active,
                    round(
                        spent
                            .multiply(lit(365))
                            .multiply(lit(p.expectedLifespanYears()))
                            .divide(tenure),
                        2))
                .cast(MONEY))
        .withColumn(
            SEGMENT,
            when(not(active), lit(NO_PURCHASES))
                .when(spent.geq(lit(p.vipMinSpent())), lit(VIP))
                .when(spent.geq(lit(p.highValueMinSpent())), lit(HIGH_VALUE))
                .when(spent.geq(lit(p.mediumValueMinSpent())), lit(MEDIUM_VALUE))
                .otherwise(lit(LOW_VALUE)))
        .withColumn(
            ACTIVITY_STATUS,
            when(recency.isNull(), lit(NEVER_PURCHASED))
                .when(recency.leq(p.activeMaxDays()), lit(ACTIVE))
                .when(recency.leq(p.atRiskMaxDays()), lit(AT_RISK))
                .when(recency.leq(p.dormantMaxDays()), lit(DORMANT))
                .otherwise(lit(CHURNED)))
        .withColumn(CHURN_RISK, when(active, churnRisk(p)));
  }

  /**
   * Days from the UTC date of the last counted order to {@code asOf}, for a customer with counted
   * orders (frequency &gt; 0); null otherwise.
   */
  static Column recencyDays(LocalDate asOf) {
    return when(
        col(FREQUENCY).gt(0),
        lit(asOf.toEpochDay()).minus(epochDay(col(LAST_COUNTED_TS))).cast("int"));
  }

  /**
   * {@code round(clamp01(wR * recency + wT * trend + wE * engagement), 4)} with
   *
   * <ul>
   *   <li>recency = min(recency_days / dormantMaxDays, 1);
   *   <li>trend = prior_orders / (recent_orders + prior_orders), and 1 when both are 0;
   *   <li>engagement = 1 - min(recent_sessions / engagementTargetSessions, 1).
   * </ul>
   */
  static Column churnRisk(Customer360Params p) {
    Column recency = least(col(RECENCY_DAYS).divide((double) p.dormantMaxDays()), lit(1.0));
    Column both = col(RECENT_ORDERS).plus(col(PRIOR_ORDERS));
    Column trend = when(both.equalTo(0), lit(1.0)).otherwise(col(PRIOR_ORDERS).divide(both));
    Column engagement =
        lit(1.0)
            .minus(
                least(
                    col(RECENT_SESSIONS).divide((double) p.engagementTargetSessions()), lit(1.0)));
    Column weighted =
        recency
            .multiply(p.recencyWeight())
            .plus(trend.multiply(p.trendWeight()))
            .plus(engagement.multiply(p.engagementWeight()));
    return round(greatest(least(weighted, lit(1.0)), lit(0.0)), 4);
  }

  /** Days since 1970-01-01 of the UTC date of {@code ts}, whatever the session time zone. */
  static Column epochDay(Column ts) {
    return floor(unix_micros(ts).divide(MICROS_PER_DAY));
  }
}
