SELECT
  order_date,
  order_category,
  channel,
  count(*) AS orders,
  CAST(sum(CASE WHEN status IN ('CANCELLED', 'RETURNED') THEN 1 ELSE 0 END) AS BIGINT)
    AS cancelled_or_returned,
  CAST(sum(quantity) AS BIGINT) AS units,
  CAST(coalesce(sum(CASE WHEN status NOT IN ('CANCELLED', 'RETURNED') THEN total_amount END), 0)
    AS DECIMAL(18, 2)) AS revenue
FROM ecommerce.orders
GROUP BY order_date, order_category, channel
