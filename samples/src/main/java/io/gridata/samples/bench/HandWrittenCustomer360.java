package io.gridata.samples.bench;

import static java.util.Objects.requireNonNull;

import io.gridata.spark.customer360.Customer360;
import io.gridata.spark.customer360.Customer360Params;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline of the Customer 360 benchmark: the same output columns with the same definitions as
 * {@link Customer360} (see its Javadoc), written the way a Spark developer would, as ONE Spark SQL
 * statement ({@code CREATE OR REPLACE TABLE ... AS} a query with CTEs), without Gridata's counts of
 * orphan and anonymous rows, staging branch or audit. Choices a hand-writer would make: the
 * quintile scores come from {@code rank()} over all active customers (one window, one task), an
 * event_id that arrived twice is kept once by {@code row_number()} over (customer_id, event_id),
 * and events without session_id are sessionized with {@code lag} in a window partitioned by
 * customer and session_id (the session-less events of a customer form one partition).
 */
final class HandWrittenCustomer360 {
  private static final String QUERY =
      """
      WITH
      latest_orders AS (
        SELECT customer_id, order_ts, status, total_amount,
               status NOT IN ('CANCELLED', 'RETURNED') AS counted
        FROM (
          SELECT *, row_number() OVER (
                      PARTITION BY order_id
                      ORDER BY order_ts DESC, _ingested_at DESC, _source_file DESC,
                               xxhash64(customer_id, status, total_amount) DESC) AS version
          FROM {orders}
          WHERE order_ts < {cutoff})
        WHERE version = 1),
      order_metrics AS (
        SELECT customer_id,
               min(order_ts) AS first_order_ts,
               max(order_ts) AS last_order_ts,
               count(*) AS order_count,
               count_if(status = 'CANCELLED') AS cancelled_count,
               count_if(status = 'RETURNED') AS returned_count,
               count_if(counted) AS frequency,
               CAST(coalesce(sum(CASE WHEN counted THEN total_amount END), 0) AS decimal(18,2))
                 AS total_spent,
               min(CASE WHEN counted THEN order_ts END) AS first_counted_ts,
               max(CASE WHEN counted THEN order_ts END) AS last_counted_ts,
               count_if(counted AND order_ts >= {recent_start}) AS recent_orders,
               count_if(counted AND order_ts >= {prior_start} AND order_ts < {recent_start})
                 AS prior_orders
        FROM latest_orders
        GROUP BY customer_id),
      current_customers AS (
        SELECT customer_id, email, first_name, last_name, country, city, signup_ts
        FROM (
          SELECT *, row_number() OVER (
                      PARTITION BY customer_id
                      ORDER BY _ingested_at DESC, _source_file DESC,
                               xxhash64(email, first_name, last_name, signup_ts, country, city) DESC)
                      AS version
          FROM {customers}
          WHERE customer_id IS NOT NULL)
        WHERE version = 1 AND (signup_ts IS NULL OR signup_ts < {cutoff})),
      unique_clicks AS (
        SELECT event_id, customer_id, session_id, event_ts, event_type FROM (
          SELECT event_id, customer_id, session_id, event_ts, event_type,
                 row_number() OVER (PARTITION BY customer_id, event_id
                   ORDER BY event_ts DESC, event_type DESC, session_id DESC NULLS LAST) AS copy
          FROM {clickstream}
          WHERE event_ts < {cutoff} AND customer_id IS NOT NULL)
        WHERE copy = 1),
      clicks AS (
        SELECT event_id, customer_id, session_id, event_ts, event_type,
               lag(event_ts) OVER by_session AS previous_ts
        FROM unique_clicks
        WINDOW by_session AS (PARTITION BY customer_id, session_id ORDER BY event_ts, event_id)),
      sessionized AS (
        SELECT customer_id, session_id, event_ts, event_type,
               CASE WHEN session_id IS NULL THEN
                 sum(CASE WHEN previous_ts IS NULL
                            OR unix_micros(event_ts) - unix_micros(previous_ts) > {gap_micros}
                          THEN 1 ELSE 0 END)
                   OVER (PARTITION BY customer_id, session_id ORDER BY event_ts, event_id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
               END AS inactivity_session
        FROM clicks),
      sessions AS (
        SELECT customer_id,
               min(event_ts) AS start_ts,
               max(event_ts) AS end_ts,
               count(*) AS events,
               count_if(event_type = 'page_view') AS page_views,
               max(event_type = 'purchase') AS purchased,
               max(event_type = 'add_to_cart') AS carted
        FROM sessionized
        GROUP BY customer_id, session_id, inactivity_session),
      click_metrics AS (
        SELECT customer_id,
               sum(events) AS events,
               sum(page_views) AS page_views,
               count(*) AS sessions,
               count_if(end_ts >= {engagement_start}) AS recent_sessions,
               round(avg((unix_micros(end_ts) - unix_micros(start_ts)) / 1000000.0D), 3)
                 AS avg_session_duration_seconds,
               round(count_if(purchased) / count(*), 4) AS conversion_rate,
               CASE WHEN count_if(carted) > 0
                    THEN round(count_if(carted AND NOT purchased) / count_if(carted), 4) END
                 AS cart_abandonment_rate
        FROM sessions
        GROUP BY customer_id),
      joined AS (
        SELECT c.*,
               o.first_order_ts, o.last_order_ts,
               coalesce(o.order_count, 0) AS order_count,
               coalesce(o.cancelled_count, 0) AS cancelled_count,
               coalesce(o.returned_count, 0) AS returned_count,
               coalesce(o.frequency, 0) AS frequency,
               CAST(coalesce(o.total_spent, 0) AS decimal(18,2)) AS total_spent,
               o.first_counted_ts, o.last_counted_ts,
               coalesce(o.recent_orders, 0) AS recent_orders,
               coalesce(o.prior_orders, 0) AS prior_orders,
               coalesce(k.events, 0) AS events,
               coalesce(k.page_views, 0) AS page_views,
               coalesce(k.sessions, 0) AS sessions,
               coalesce(k.recent_sessions, 0) AS recent_sessions,
               k.avg_session_duration_seconds, k.conversion_rate, k.cart_abandonment_rate
        FROM current_customers c
        LEFT JOIN order_metrics o ON o.customer_id = c.customer_id
        LEFT JOIN click_metrics k ON k.customer_id = c.customer_id),
      days AS (
        SELECT *,
               CASE WHEN frequency > 0
                    THEN datediff({as_of}, to_date(last_counted_ts)) END AS recency_days,
               CASE WHEN frequency > 0
                    THEN greatest(datediff({as_of}, to_date(first_counted_ts)) + 1,
                                  {min_tenure_days}) END AS tenure_days
        FROM joined),
      scored AS (
        SELECT *,
               CASE WHEN frequency > 0 THEN CAST(1 + (5 * (rank() OVER (
                 PARTITION BY frequency > 0 ORDER BY recency_days DESC) - 1))
                 div count(*) OVER (PARTITION BY frequency > 0) AS int) END AS r_score,
               CASE WHEN frequency > 0 THEN CAST(1 + (5 * (rank() OVER (
                 PARTITION BY frequency > 0 ORDER BY frequency) - 1))
                 div count(*) OVER (PARTITION BY frequency > 0) AS int) END AS f_score,
               CASE WHEN frequency > 0 THEN CAST(1 + (5 * (rank() OVER (
                 PARTITION BY frequency > 0 ORDER BY total_spent) - 1))
                 div count(*) OVER (PARTITION BY frequency > 0) AS int) END AS m_score
        FROM days)
      SELECT customer_id, email, first_name, last_name, country, city, signup_ts,
             first_order_ts, last_order_ts, order_count, cancelled_count, returned_count,
             total_spent,
             CAST(CASE WHEN frequency > 0 THEN round(total_spent / frequency, 2) END
                  AS decimal(18,2)) AS avg_order_value,
             recency_days, frequency, total_spent AS monetary, r_score, f_score, m_score,
             CASE WHEN frequency = 0 THEN 'No Purchases'
                  WHEN r_score >= 4 AND f_score >= 4 AND m_score >= 4 THEN 'Champions'
                  WHEN r_score >= 3 AND f_score >= 4 THEN 'Loyal'
                  WHEN r_score >= 4 AND f_score = 1 THEN 'New'
                  WHEN r_score >= 3 THEN 'Potential Loyalist'
                  WHEN f_score >= 4 AND m_score >= 4 THEN 'Can''t Lose'
                  WHEN f_score >= 3 THEN 'At Risk'
                  WHEN r_score = 2 THEN 'Hibernating'
                  ELSE 'Lost' END AS rfm_segment,
             total_spent AS historical_value,
             tenure_days,
             CASE WHEN frequency > 0 THEN round(frequency * 365.0D / tenure_days, 4) END
               AS purchase_frequency_per_year,
             CAST(CASE WHEN frequency > 0
                       THEN round(total_spent * 365 * {lifespan_years} / tenure_days, 2) END
                  AS decimal(18,2)) AS projected_ltv,
             recent_orders, prior_orders, events, page_views, sessions, recent_sessions,
             avg_session_duration_seconds, conversion_rate, cart_abandonment_rate,
             CASE WHEN frequency = 0 THEN 'No Purchases'
                  WHEN total_spent >= {vip} THEN 'VIP'
                  WHEN total_spent >= {high_value} THEN 'High Value'
                  WHEN total_spent >= {medium_value} THEN 'Medium Value'
                  ELSE 'Low Value' END AS segment,
             CASE WHEN recency_days IS NULL THEN 'Never Purchased'
                  WHEN recency_days <= {active_days} THEN 'Active'
                  WHEN recency_days <= {at_risk_days} THEN 'At Risk'
                  WHEN recency_days <= {dormant_days} THEN 'Dormant'
                  ELSE 'Churned' END AS activity_status,
             CASE WHEN frequency > 0 THEN round(greatest(least(
                 least(recency_days / {dormant_days}.0D, 1.0D) * {recency_weight}
                 + CASE WHEN recent_orders + prior_orders = 0 THEN 1.0D
                        ELSE prior_orders / (recent_orders + prior_orders) END * {trend_weight}
                 + (1.0D - least(recent_sessions / {target_sessions}.0D, 1.0D))
                   * {engagement_weight},
                 1.0D), 0.0D), 4) END AS churn_risk,
             {as_of} AS as_of_date
      FROM scored
      """;

  private final SparkSession spark;

  HandWrittenCustomer360(SparkSession spark) {
    this.spark = requireNonNull(spark, "spark is null");
  }

  /**
   * The query over the three tables as of the end of {@code asOf} (UTC) with {@code params}' values
   * written into it as literals.
   */
  static String query(
      String orders,
      String customers,
      String clickstream,
      LocalDate asOf,
      Customer360Params params) {
    Instant cutoff = Customer360.cutoff(asOf);
    Instant recentStart = cutoff.minus(Duration.ofDays(params.trendWindowDays()));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("orders", orders);
    values.put("customers", customers);
    values.put("clickstream", clickstream);
    values.put("cutoff", timestamp(cutoff));
    values.put("recent_start", timestamp(recentStart));
    values.put(
        "prior_start", timestamp(recentStart.minus(Duration.ofDays(params.trendWindowDays()))));
    values.put(
        "engagement_start",
        timestamp(cutoff.minus(Duration.ofDays(params.engagementWindowDays()))));
    values.put("gap_micros", Long.toString(params.sessionGap().toNanos() / 1_000));
    values.put("as_of", "DATE '" + asOf + "'");
    values.put("min_tenure_days", Integer.toString(params.minTenureDays()));
    values.put("lifespan_years", decimal(params.expectedLifespanYears()));
    values.put("vip", decimal(params.vipMinSpent()));
    values.put("high_value", decimal(params.highValueMinSpent()));
    values.put("medium_value", decimal(params.mediumValueMinSpent()));
    values.put("active_days", Integer.toString(params.activeMaxDays()));
    values.put("at_risk_days", Integer.toString(params.atRiskMaxDays()));
    values.put("dormant_days", Integer.toString(params.dormantMaxDays()));
    values.put("target_sessions", Integer.toString(params.engagementTargetSessions()));
    values.put("recency_weight", params.recencyWeight() + "D");
    values.put("trend_weight", params.trendWeight() + "D");
    values.put("engagement_weight", params.engagementWeight() + "D");
    String sql = QUERY;
    for (Map.Entry<String, String> value : values.entrySet()) {
      sql = sql.replace("{" + value.getKey() + "}", value.getValue());
    }
    return sql;
  }

  /** Replaces {@code table} with the Customer 360 rows of the three tables as of {@code asOf}. */
  void run(
      String orders,
      String customers,
      String clickstream,
      LocalDate asOf,
      Customer360Params params,
      String table) {
    spark.sql(
        "CREATE OR REPLACE TABLE "
            + table
            + " USING iceberg AS "
            + query(orders, customers, clickstream, asOf, params));
  }

  private static String timestamp(Instant instant) {
    return "TIMESTAMP '" + instant + "'";
  }

  private static String decimal(BigDecimal value) {
    return value.toPlainString() + "BD";
  }
}
