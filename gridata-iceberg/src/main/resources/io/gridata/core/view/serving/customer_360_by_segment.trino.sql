SELECT
  segment,
  activity_status,
  count(*) AS customers,
  CAST(sum(order_count) AS BIGINT) AS orders,
  CAST(sum(total_spent) AS DECIMAL(38, 2)) AS total_spent,
  avg(churn_risk) AS avg_churn_risk,
  max(as_of_date) AS as_of_date
FROM analytics.customer_360
GROUP BY segment, activity_status
