package io.gridata.streaming;

import static java.util.Objects.requireNonNull;

import io.gridata.spark.clickstream.ClickTransforms;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.inventory.InventoryChanges;
import io.gridata.spark.inventory.InventoryChangesSpec;
import io.gridata.spark.inventory.InventoryTable;
import io.gridata.spark.orders.OrderColumns;
import io.gridata.spark.orders.OrdersSpec;
import java.util.List;
import java.util.Optional;

/**
 * A dataset as a stream: the batch path's {@link IngestSpec} (contract, transforms, reasons, table)
 * plus what streaming needs on top: the topic, the columns a re-sent event repeats, the event-time
 * column the watermark follows, and how the table takes a micro-batch.
 *
 * @param spec the dataset definition shared with the batch ingest
 * @param topic the Kafka topic carrying one JSON event per record
 * @param duplicateKey the columns a re-sent copy of an event repeats (de-duplicated within the
 *     watermark)
 * @param eventTime the timestamp column ({@code spec.prepare()} parses and requires it) the
 *     watermark follows
 * @param mergeKey empty to append every event; a column to MERGE each micro-batch by (the row with
 *     the latest event time per key wins, in the batch and against the table)
 * @param totals empty, or a running total the valid events of each micro-batch are added to (after
 *     they are written to the table), in a table beside it
 */
public record StreamDataset(
    IngestSpec spec,
    String topic,
    List<String> duplicateKey,
    String eventTime,
    Optional<String> mergeKey,
    Optional<AdditiveMerge> totals) {
  /** Validates. */
  public StreamDataset {
    requireNonNull(spec, "spec is null");
    requireNonNull(topic, "topic is null");
    duplicateKey = List.copyOf(requireNonNull(duplicateKey, "duplicateKey is null"));
    if (duplicateKey.isEmpty()) {
      throw new IllegalArgumentException("Invalid duplicateKey for " + topic + ": empty");
    }
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(mergeKey, "mergeKey is null");
    requireNonNull(totals, "totals is null");
  }

  /** A dataset without running totals. */
  public StreamDataset(
      IngestSpec spec,
      String topic,
      List<String> duplicateKey,
      String eventTime,
      Optional<String> mergeKey) {
    this(spec, topic, duplicateKey, eventTime, mergeKey, Optional.empty());
  }

  /**
   * {@code clickstream_events} appended to {@code gridata.ecommerce.clickstream}: the batch path's
   * {@link ClickstreamSpec}, duplicates by {@code event_id}, watermark on {@code event_ts}.
   */
  public static StreamDataset clickstream() {
    return new StreamDataset(
        new ClickstreamSpec(),
        "clickstream_events",
        List.of(ClickTransforms.EVENT_ID),
        ClickTransforms.EVENT_TS,
        Optional.empty());
  }

  /**
   * {@code order_updates} merged into {@code gridata.ecommerce.orders} by {@code order_id}: each
   * event is an order's full record at {@code order_timestamp} (the batch path's {@link
   * OrdersSpec}: same contract, amounts and category); the latest event time wins. A re-sent update
   * (same {@code order_id} and {@code order_timestamp}) is dropped within the watermark.
   */
  public static StreamDataset orders() {
    return new StreamDataset(
        new OrdersSpec(),
        "order_updates",
        List.of(OrderColumns.ORDER_ID, OrderColumns.ORDER_TS),
        OrderColumns.ORDER_TS,
        Optional.of(OrderColumns.ORDER_ID));
  }

  /**
   * {@code inventory_changes} appended to {@code gridata.ecommerce.inventory_changes} (the batch
   * path's {@link InventoryChangesSpec}: every change kept, partitioned by day) and added up per
   * product into {@code gridata.ecommerce.inventory} ({@link InventoryTable}): per micro-batch the
   * valid changes' {@code quantity_delta} are summed per {@code product_id} and merged additively
   * into {@code stock}. A re-sent change (same {@code change_id}) is dropped within the watermark;
   * a replayed batch is not added again ({@link StreamCommits}).
   */
  public static StreamDataset inventory() {
    return new StreamDataset(
        new InventoryChangesSpec(),
        "inventory_changes",
        List.of(InventoryChanges.CHANGE_ID),
        InventoryChanges.CHANGE_TS,
        Optional.empty(),
        Optional.of(
            new AdditiveMerge(
                InventoryTable.NAME,
                InventoryTable.PRODUCT_ID,
                InventoryChanges.QUANTITY_DELTA,
                InventoryTable.STOCK,
                InventoryTable::createIfMissing)));
  }
}
