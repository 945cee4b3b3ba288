package io.gridata.spark.inventory;

import io.gridata.core.contract.Contracts;
import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Raw inventory changes ({@code raw/ecommerce/inventory_changes/}, or the {@code inventory_changes}
 * topic) into {@code gridata.ecommerce.inventory_changes}, the append-only record of every change,
 * partitioned by {@code days(change_ts)} and sorted by {@code product_id, change_ts} within files;
 * one row per {@code change_id} within a batch. The stock per product it adds up to is {@link
 * InventoryTable}. Transforms and reasons: {@link InventoryChanges}.
 */
public final class InventoryChangesSpec implements IngestSpec {
  /** days(change_ts), sorted by product_id then change_ts, 128 MiB files. */
  public static final TableLayout LAYOUT =
      new TableLayout(
          "days(change_ts)", "product_id, change_ts", TableLayout.DEFAULT_TARGET_FILE_SIZE);

  @Override
  public String domain() {
    return "ecommerce";
  }

  @Override
  public String dataset() {
    return "inventory_changes";
  }

  @Override
  public DataContract contract() {
    return Contracts.inventoryChanges();
  }

  @Override
  public TableLayout layout() {
    return LAYOUT;
  }

  @Override
  public void createTable(SparkSession spark, String table) {
    IngestTables.createTable(
        spark,
        table,
        "change_id string NOT NULL, product_id string NOT NULL, quantity_delta int NOT NULL,"
            + " change_ts timestamp NOT NULL, change_date date NOT NULL, reason string",
        LAYOUT);
  }

  @Override
  public Transform prepare() {
    return InventoryChanges.prepare();
  }

  @Override
  public Transform deduplicate() {
    return InventoryChanges.deduplicate();
  }

  @Override
  public List<String> tableColumns() {
    return InventoryChanges.TABLE_COLUMNS;
  }
}
