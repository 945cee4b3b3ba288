package io.gridata.spark.inventory;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import io.gridata.spark.write.IcebergTables;
import io.gridata.spark.write.TableLayout;
import org.apache.spark.sql.SparkSession;

/**
 * DDL of the stock table, {@code gridata.ecommerce.inventory} by default: one row per product with
 * its {@code stock} (the sum of every {@code quantity_delta} applied to it), {@code updated_at}
 * (the latest {@code change_ts} applied), {@code changes_applied} (how many changes), and the
 * {@code _run_id} and {@code _ingested_at} of the last micro-batch that changed it. The streaming
 * job keeps it with an additive MERGE per micro-batch; the changes themselves are in {@link
 * InventoryChangesSpec}'s table, so the stock can be audited and rebuilt from them ({@code SELECT
 * product_id, sum(quantity_delta) ... GROUP BY product_id}).
 *
 * <p>Unpartitioned and sorted by {@code product_id}: a row per product is small (a million products
 * are a few tens of MiB), every micro-batch touches products anywhere in the key space, and readers
 * look stock up by product. Stock may be negative (an oversell is a fact to see, not an input
 * error).
 */
public final class InventoryTable {
  /** The table's name within its namespace. */
  public static final String NAME = "inventory";

  public static final String PRODUCT_ID = InventoryChanges.PRODUCT_ID;
  public static final String STOCK = "stock";
  public static final String UPDATED_AT = "updated_at";
  public static final String CHANGES_APPLIED = "changes_applied";

  /** No partitions; sorted by product_id; 128 MiB files. */
  public static final TableLayout LAYOUT =
      new TableLayout("", PRODUCT_ID, TableLayout.DEFAULT_TARGET_FILE_SIZE);

  private InventoryTable() {}

  /**
   * Creates {@code table} ({@code catalog.namespace.table}, its namespace exists) if missing and
   * sets its write order once; an existing table is left as it is.
   */
  public static void createIfMissing(SparkSession spark, String table) {
    requireNonNull(spark, "spark is null");
    requireNonNull(table, "table is null");
    InvalidInputException.check(
        table.lastIndexOf('.') > 0,
        "Invalid table name %s: expected catalog.namespace.table",
        table);
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (product_id string NOT NULL, stock bigint NOT NULL, updated_at timestamp NOT NULL,"
            + " changes_applied bigint NOT NULL, _ingested_at timestamp NOT NULL,"
            + " _run_id string NOT NULL) USING iceberg TBLPROPERTIES ("
            + LAYOUT.tableProperties()
            + ")");
    IcebergTables.writeOrderedOnce(spark, table, LAYOUT);
  }
}
