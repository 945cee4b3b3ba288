package com.example.shop;

import static io.gridata.quality.Checks.completeness;
import static io.gridata.quality.Checks.hasSize;
import static io.gridata.quality.Checks.isNonNegative;
import static io.gridata.quality.Checks.isUnique;

import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.lineage.LineageSink;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualitySuite;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.orders.OrdersSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * A shop's daily orders job: lands a day's export in a local raw zone, then runs Gridata's
 * pipeline for that day (validate, quarantine, quality gate, Iceberg publish, lineage) twice, the
 * second time as a scheduler's retry with the same run id. Exits 0 only when the first run
 * published every valid order and the retry wrote nothing.
 *
 * <p>Usage: {@code OrdersDaily <work dir> [YYYY-MM-DD]}
 */
public final class OrdersDaily {
  private OrdersDaily() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/work").toAbsolutePath();
    LocalDate day = LocalDate.parse(args.length > 1 ? args[1] : "2026-11-02");
    Path raw = work.resolve("raw-zone");
    writeExport(raw, day);

    CatalogConfig catalog = CatalogConfig.embedded(work.resolve("warehouse"));
    SparkSession spark =
        catalog
            .configure(SparkSession.builder().appName("shop-orders-daily").master("local[2]"))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    catalog.register(spark);

    QualitySuite suite = suite();
    String table = "gridata.shop.orders";
    int status;
    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      IngestPipeline pipeline =
          IngestPipeline.builder(spark, zone, new OrdersSpec())
              .table(table)
              .qualityGate(suite, IcebergMetricHistory.tableInCatalog("gridata"))
              .lineage(() -> LineageSink.file(work.resolve("lineage.json")))
              .settle(Duration.ZERO) // the export above is complete: no producer still writing
              .build();
      RawPartition partition = RawPartition.of("ecommerce", "orders", day);
      boolean ok =
          DayAndRetry.run(
              spark, pipeline, partition, RunId.of("shop-orders-" + day), table, 2, 1);
      status = ok ? 0 : 1;
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  /** Lands the export of {@code day} in {@code raw}: three orders, one with a bad timestamp. */
  static void writeExport(Path raw, LocalDate day) throws IOException {
    Path export = raw.resolve("raw/ecommerce/orders/" + day + "/orders-export.csv");
    Files.createDirectories(export.getParent());
    Files.writeString(
        export,
        "order_id,customer_id,order_timestamp,status,product_id,quantity,unit_price,discount,tax,"
            + "shipping_cost,currency,payment_method,channel\n"
            + "o-1,c-1,"
            + day
            + "T09:15:00Z,PAID,p-1,2,10.00,0,1.60,4.99,EUR,card,web\n"
            + "o-2,c-2,"
            + day
            + " 10:00:00,SHIPPED,p-2,1,25.50,5.00,1.64,0,EUR,paypal,app\n"
            + "o-3,c-1,not a time,PAID,p-3,1,3.00,0,0.24,0,EUR,card,web\n");
  }

  /** The shop's quality suite for a day of orders. */
  static QualitySuite suite() {
    return QualitySuite.builder("shop_orders")
        .keyColumns("order_id")
        .add(hasSize().atLeast(1))
        .add(isUnique("order_id"))
        .add(completeness("customer_id").atLeast(0.99))
        .add(isNonNegative("total_amount"))
        .build();
  }
}
