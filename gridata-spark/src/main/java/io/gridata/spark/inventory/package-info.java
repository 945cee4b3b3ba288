/**
 * Inventory: {@link io.gridata.spark.inventory.InventoryChangesSpec} is the dataset of stock
 * changes (contract, transforms, reasons, the append-only changes table), ingested like any other;
 * {@link io.gridata.spark.inventory.InventoryTable} is the stock per product the changes add up to,
 * kept by the streaming job of {@code gridata-streaming}.
 */
package io.gridata.spark.inventory;
