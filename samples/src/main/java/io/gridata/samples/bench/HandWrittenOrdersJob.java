package io.gridata.samples.bench;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline of the orders benchmark: the same transforms and Iceberg write as the Gridata orders
 * job, written the way a Spark developer would in plain Spark SQL, without validation, exactly-once
 * bookkeeping or staging branches. Its de-duplication breaks ties by source file only (Gridata's
 * also by a hash of the row, for determinism).
 */
final class HandWrittenOrdersJob {
  private static final String SCHEMA =
      "order_id string, customer_id string, order_timestamp string, status string,"
          + " product_id string, quantity string, unit_price string, discount string, tax string,"
          + " shipping_cost string, currency string, payment_method string, channel string,"
          + " _corrupt_record string";

  private static final String TYPED =
      """
      SELECT *,
        coalesce(
          try_to_timestamp(order_timestamp, "yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX"),
          try_to_timestamp(concat(order_timestamp, '+00:00'), 'yyyy-MM-dd HH:mm:ssXXX'),
          CASE WHEN order_timestamp RLIKE '^[0-9]{1,13}$'
               THEN timestamp_millis(try_cast(order_timestamp AS bigint)) END) AS order_ts,
        try_cast(quantity AS int) AS qty,
        try_cast(unit_price AS decimal(12,2)) AS price,
        CASE WHEN nullif(trim(discount), '') IS NULL THEN 0 ELSE try_cast(discount AS decimal(12,2)) END AS disc,
        CASE WHEN nullif(trim(tax), '') IS NULL THEN 0 ELSE try_cast(tax AS decimal(12,2)) END AS tx,
        CASE WHEN nullif(trim(shipping_cost), '') IS NULL THEN 0 ELSE try_cast(shipping_cost AS decimal(12,2)) END AS ship,
        upper(trim(status)) AS st,
        coalesce(upper(nullif(trim(currency), '')), 'USD') AS cur
      FROM raw_orders
      """;

  private static final String FLAGGED =
      """
      SELECT *, filter(array(
          CASE WHEN _corrupt_record IS NOT NULL THEN 'malformed_record' END,
          CASE WHEN nullif(trim(order_id), '') IS NULL THEN 'missing_order_id' END,
          CASE WHEN nullif(trim(customer_id), '') IS NULL THEN 'missing_customer_id' END,
          CASE WHEN order_ts IS NULL THEN 'invalid_order_timestamp' END,
          CASE WHEN qty IS NULL OR qty < 1 THEN 'invalid_quantity' END,
          CASE WHEN price IS NULL OR price < 0 THEN 'invalid_unit_price' END,
          CASE WHEN disc IS NULL OR disc < 0 OR tx IS NULL OR tx < 0 OR ship IS NULL OR ship < 0
               THEN 'invalid_amounts' END,
          CASE WHEN st IS NULL OR st NOT IN ('PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED')
               THEN 'invalid_status' END,
          CASE WHEN NOT cur RLIKE '^[A-Z]{3}$' THEN 'invalid_currency' END), x -> x IS NOT NULL) AS errors
      FROM typed_orders
      """;

  private static final String CLEAN =
      """
      SELECT order_id, customer_id, order_ts, order_date, status, product_id, quantity, unit_price,
             discount, tax, shipping_cost, currency, payment_method, channel, subtotal,
             total_amount,
             CASE WHEN total_amount < 50 THEN 'small' WHEN total_amount < 250 THEN 'medium'
                  WHEN total_amount < 1000 THEN 'large' ELSE 'premium' END AS order_category,
             current_timestamp() AS _ingested_at, _source_file, '' AS _source_checksum,
             'hand-written' AS _run_id
      FROM (
        SELECT trim(order_id) AS order_id, trim(customer_id) AS customer_id, order_ts,
               to_date(order_ts) AS order_date, st AS status, nullif(trim(product_id), '') AS product_id,
               qty AS quantity, price AS unit_price, disc AS discount, tx AS tax, ship AS shipping_cost,
               cur AS currency, coalesce(nullif(trim(payment_method), ''), 'unknown') AS payment_method,
               coalesce(nullif(trim(channel), ''), 'unknown') AS channel,
               CAST(CAST(qty AS decimal(14,2)) * price AS decimal(14,2)) AS subtotal,
               CAST(CAST(qty AS decimal(14,2)) * price - disc + tx + ship AS decimal(14,2)) AS total_amount,
               _source_file,
               row_number() OVER (PARTITION BY trim(order_id)
                                  ORDER BY order_ts DESC, _source_file DESC) AS rank
        FROM flagged_orders WHERE size(errors) = 0)
      WHERE rank = 1
      """;

  private final SparkSession spark;

  HandWrittenOrdersJob(SparkSession spark) {
    this.spark = spark;
  }

  /** Reads the CSV files, writes valid rows to {@code table} and invalid ones to its quarantine. */
  long run(List<String> csvFiles, String table) {
    Dataset<Row> raw =
        spark
            .read()
            .option("header", "true")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", "_corrupt_record")
            .schema(SCHEMA)
            .csv(csvFiles.toArray(String[]::new));
    raw = raw.select(col("*"), col("_metadata.file_path").as("_source_file"));
    raw.createOrReplaceTempView("raw_orders");
    spark.sql(TYPED).createOrReplaceTempView("typed_orders");
    Dataset<Row> flagged = spark.sql(FLAGGED).cache();
    try {
      flagged.createOrReplaceTempView("flagged_orders");
      spark.sql("INSERT INTO " + table + " " + CLEAN);
      spark.sql(
          "INSERT INTO "
              + table
              + "_quarantine SELECT order_id, customer_id, order_timestamp, status, product_id,"
              + " quantity, unit_price, discount, tax, shipping_cost, currency, payment_method,"
              + " channel, _corrupt_record, errors, current_timestamp(), _source_file, '',"
              + " 'hand-written' FROM flagged_orders WHERE size(errors) > 0");
      return flagged.count();
    } finally {
      flagged.unpersist();
    }
  }
}
