SELECT
  order_id, customer_id, order_ts, status, product_id, quantity, total_amount, currency,
  payment_method, channel, order_category
FROM ecommerce.orders
WHERE order_ts >= current_timestamp - INTERVAL '1' HOUR
