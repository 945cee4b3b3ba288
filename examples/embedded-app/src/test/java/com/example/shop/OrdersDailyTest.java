package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.testkit.junit.LakehouseTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The daily job on the testkit's stack: Spark writes through the in-JVM Iceberg REST catalog into
 * the S3 server. run.sh runs it twice: with the unshaded Iceberg artifacts and with {@code
 * iceberg-spark-runtime} ({@code -Piceberg-runtime}).
 */
@LakehouseTest
class OrdersDailyTest {
  @Test
  void publishesTheDayOnceThroughTheRestCatalog(
      SparkSession spark, S3Client s3, @TempDir Path raw) throws Exception {
    LocalDate day = LocalDate.parse("2026-11-02");
    OrdersDaily.writeExport(raw, day);
    String table = "gridata.shop.orders";
    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      IngestPipeline pipeline =
          IngestPipeline.builder(spark, zone, new OrdersSpec())
              .table(table)
              .qualityGate(OrdersDaily.suite(), IcebergMetricHistory.tableInCatalog("gridata"))
              .settle(Duration.ZERO)
              .build();
      RawPartition partition = RawPartition.of("ecommerce", "orders", day);

      IngestOutcome first = pipeline.run(partition, RunId.of("shop-orders-" + day));
      IngestOutcome retry = pipeline.run(partition, RunId.of("shop-orders-" + day));

      assertThat(first.kind()).isEqualTo(IngestOutcome.Kind.PUBLISHED);
      assertThat(retry.kind()).isEqualTo(IngestOutcome.Kind.ALREADY_INGESTED);
    }
    assertThat(spark.table(table).count()).isEqualTo(2);
    assertThat(spark.table(table + "_quarantine").count()).isEqualTo(1);
    assertThat(s3.listObjectsV2(b -> b.bucket("warehouse").prefix("shop/orders/data/")).keyCount())
        .isPositive();
  }
}
