package io.gridata.spark.orders;

import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.write.TableLayout;
import org.apache.spark.sql.SparkSession;

/**
 * DDL of {@code <catalog>.ecommerce.orders} and its quarantine table. The orders table is
 * partitioned by {@code months(order_ts)}, distributed by partition and sorted by {@code order_ts}
 * within files; the quarantine table keeps the raw values as strings with the reasons.
 */
public final class OrdersTable {
  /** Default layout: months(order_ts), sorted by order_ts, 128 MiB files. */
  public static final TableLayout LAYOUT =
      new TableLayout("months(order_ts)", "order_ts", TableLayout.DEFAULT_TARGET_FILE_SIZE);

  private OrdersTable() {}

  /**
   * Creates the namespace, the orders table and its quarantine table if missing (see {@link
   * IngestTables}). Existing tables are left as they are.
   */
  public static void createIfMissing(SparkSession spark, String table) {
    IngestTables.createIfMissing(spark, new OrdersSpec(), table);
  }

  /**
   * Creates the orders table (its namespace exists) with its write distribution and sort order if
   * missing.
   */
  static void createTable(SparkSession spark, String table) {
    IngestTables.createTable(
        spark,
        table,
        "order_id string NOT NULL, customer_id string NOT NULL, order_ts timestamp NOT NULL,"
            + " order_date date NOT NULL, status string NOT NULL, product_id string,"
            + " quantity int NOT NULL, unit_price decimal(12,2) NOT NULL,"
            + " discount decimal(12,2) NOT NULL, tax decimal(12,2) NOT NULL,"
            + " shipping_cost decimal(12,2) NOT NULL, currency string NOT NULL,"
            + " payment_method string NOT NULL, channel string NOT NULL,"
            + " subtotal decimal(14,2) NOT NULL, total_amount decimal(14,2) NOT NULL,"
            + " order_category string NOT NULL",
        LAYOUT);
  }
}
