package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.lineage.LineageSink;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The daily job on the testkit's stack: Spark writes through the in-JVM Iceberg REST catalog into
 * the S3 server, lineage goes to a file. run.sh runs it (and {@code PaymentsDailyTest}) twice: with
 * the unshaded Iceberg artifacts and with {@code iceberg-spark-runtime} ({@code
 * -Piceberg-runtime}).
 */
@LakehouseTest
class OrdersDailyTest {
  @Test
  void publishesTheDayOnceThroughTheRestCatalog(
      SparkSession spark, S3Client s3, @TempDir Path raw, @TempDir Path out) throws IOException {
    LocalDate day = LocalDate.parse("2026-11-02");
    OrdersDaily.writeExport(raw, day);
    String table = "gridata.shop.orders";
    Path lineage = out.resolve("lineage.json");
    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      IngestPipeline pipeline =
          IngestPipeline.builder(spark, zone, new OrdersSpec())
              .table(table)
              .qualityGate(OrdersDaily.suite(), IcebergMetricHistory.tableInCatalog("gridata"))
              .lineage(() -> LineageSink.file(lineage))
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
    // lineage of both runs: the raw orders folder into the table and its quarantine table, with
    // the shipped spec's derived total_amount
    String rawInput = LineageFile.dataset("file", raw.toAbsolutePath() + "/raw/ecommerce/orders");
    String target = LineageFile.dataset("iceberg", "shop.orders");
    List<LineageFile.JobIo> jobs = LineageFile.jobs(lineage);
    assertThat(jobs).hasSize(2);
    for (LineageFile.JobIo job : jobs) {
      assertThat(job.inputs()).containsExactly(rawInput);
      assertThat(job.outputs())
          .containsExactly(target, LineageFile.dataset("iceberg", "shop.orders_quarantine"));
      assertThat(job.columns().get(LineageFile.field(target, "total_amount")))
          .containsExactly(
              List.of("quantity", "unit_price", "discount", "tax", "shipping_cost").stream()
                  .map(c -> LineageFile.field(rawInput, c))
                  .toArray(String[]::new));
    }
  }
}
