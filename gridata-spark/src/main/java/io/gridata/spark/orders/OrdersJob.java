package io.gridata.spark.orders;

import io.gridata.core.rawzone.RawZone;
import io.gridata.spark.ingest.IngestJob;
import org.apache.spark.sql.SparkSession;

/**
 * The orders pipeline: an {@link IngestJob} with the {@link OrdersSpec}. For one day it validates
 * the raw files (rejecting bad ones with a manifest), reads and transforms the accepted ones,
 * stages them on a per-run Iceberg branch, lets the audit (the quality gate's hook) decide, and
 * publishes.
 *
 * <pre>{@code
 * try (RawZone zone = RawZone.open("file:///data/zone")) {
 *   IngestJobResult result = OrdersJob.builder(spark, zone).build().run(LocalDate.parse("2026-11-02"));
 *   System.out.println(result.rowsWritten() + " rows in " + result.publishedSnapshotId());
 * }
 * }</pre>
 */
public final class OrdersJob {
  /** The dataset's place in the raw zone: {@code raw/ecommerce/orders/YYYY-MM-DD/}. */
  public static final String DOMAIN = "ecommerce";

  /** See {@link #DOMAIN}. */
  public static final String DATASET = "orders";

  private OrdersJob() {}

  /** An orders job reading {@code zone}, with the default category thresholds. */
  public static IngestJob.Builder builder(SparkSession spark, RawZone zone) {
    return builder(spark, zone, OrderCategories.defaults());
  }

  /** An orders job reading {@code zone}, with {@code categories} for {@code order_category}. */
  public static IngestJob.Builder builder(
      SparkSession spark, RawZone zone, OrderCategories categories) {
    return IngestJob.builder(spark, zone, new OrdersSpec(categories));
  }
}
