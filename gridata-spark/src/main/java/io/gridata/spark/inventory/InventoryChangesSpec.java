package io.gridata.spark.inventory;

import static io.gridata.core.contract.ColumnType.INT;
import static io.gridata.core.contract.ColumnType.STRING;
import static io.gridata.core.contract.ColumnType.TIMESTAMP;

import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import org.apache.spark.sql.types.StructType;

/**
 * Raw inventory changes ({@code raw/ecommerce/inventory_changes/}, or the {@code inventory_changes}
 * topic) into {@code gridata.ecommerce.inventory_changes}, the append-only record of every change,
 * partitioned by {@code days(change_ts)} and sorted by {@code product_id, change_ts} within files;
 * one row per {@code change_id} within a batch. The stock per product it adds up to is {@link
 * InventoryTable}. Transforms and reasons: {@link InventoryChanges}.
 */
public final class InventoryChangesSpec implements IngestSpec {
  /**
   * Raw inventory changes, one row per change of a product's stock: {@code change_id}, {@code
   * product_id}, {@code quantity_delta} (a whole number, negative for stock leaving), {@code
   * change_ts} required; {@code reason} (e.g. restock, sale, return, adjustment) optional.
   */
  public static final DataContract CONTRACT =
      DataContract.builder("inventory_changes")
          .required("change_id", STRING)
          .required("product_id", STRING)
          .required("quantity_delta", INT)
          .required("change_ts", TIMESTAMP)
          .optional("reason", STRING)
          .build();

  /** The table's columns (the run metadata columns follow them). */
  public static final StructType TABLE_SCHEMA =
      StructType.fromDDL(
          "change_id string NOT NULL, product_id string NOT NULL, quantity_delta int NOT NULL,"
              + " change_ts timestamp NOT NULL, change_date date NOT NULL, reason string");

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
    return CONTRACT;
  }

  @Override
  public TableLayout layout() {
    return LAYOUT;
  }

  @Override
  public StructType tableSchema() {
    return TABLE_SCHEMA;
  }

  @Override
  public Transform prepare() {
    return InventoryChanges.prepare();
  }

  @Override
  public Transform deduplicate() {
    return InventoryChanges.deduplicate();
  }
}
