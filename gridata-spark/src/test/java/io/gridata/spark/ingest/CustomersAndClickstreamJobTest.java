package io.gridata.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.customers.CustomersSpec;
import io.gridata.spark.write.IcebergTables;
import io.gridata.testkit.Backend;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileDefect;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import io.gridata.testkit.junit.LakehouseTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customers and clickstream go through the same job as orders: files validated and rejected, rows
 * typed, quarantined with reasons, de-duplicated and published once; counts from the generator's
 * manifest.
 */
@LakehouseTest(backend = Backend.LOCAL)
class CustomersAndClickstreamJobTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 4);

  @Test
  void customersAndClickstreamAreIngestedExactlyOnceWithQuarantineAndRejection(
      SparkSession spark, @TempDir Path root) {
    DropManifest drop =
        RawDataGenerator.withSeed(404)
            .writeDrop(
                RawTarget.localDirectory(root),
                "c360-inputs",
                List.of(
                    FileSpec.builder(RawDataset.CUSTOMERS, DAY)
                        .format(FileFormat.CSV)
                        .rows(30)
                        .fileName("customers.csv")
                        .rowDefect(RowDefect.BAD_TIMESTAMP, 2)
                        .rowDefect(RowDefect.NULL_REQUIRED_FIELD, 1)
                        .build(),
                    FileSpec.builder(RawDataset.CLICKSTREAM, DAY)
                        .format(FileFormat.JSON)
                        .rows(60)
                        .fileName("clicks-web.json")
                        .rowDefect(RowDefect.BAD_TIMESTAMP, 3)
                        .build(),
                    FileSpec.builder(RawDataset.CLICKSTREAM, DAY)
                        .format(FileFormat.PARQUET)
                        .rows(40)
                        .fileName("clicks-app.parquet")
                        .rowDefect(RowDefect.NULL_REQUIRED_FIELD, 2)
                        .build(),
                    FileSpec.builder(RawDataset.CLICKSTREAM, DAY)
                        .format(FileFormat.CSV)
                        .rows(10)
                        .fileName("clicks-partner.csv")
                        .fileDefect(FileDefect.WRONG_HEADER)
                        .build()));

    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      IngestJob customers =
          IngestJob.builder(spark, zone, new CustomersSpec())
              .table("gridata.c360in.customers")
              .build();
      IngestJobResult c = customers.run(DAY, RunId.of("customers-1"));
      assertThat(c.filesAccepted()).isEqualTo(1);
      assertThat(c.rowsRead()).isEqualTo(drop.acceptedRecords(RawDataset.CUSTOMERS));
      assertThat(c.rowsWritten()).isEqualTo(drop.expectedCleanRows(RawDataset.CUSTOMERS));
      assertThat(c.rowsQuarantined()).isEqualTo(3);
      assertThat(
              spark
                  .table("gridata.c360in.customers_quarantine")
                  .selectExpr("explode(_reasons)")
                  .as(org.apache.spark.sql.Encoders.STRING())
                  .collectAsList())
          .containsExactlyInAnyOrder(
              "invalid_signup_ts", "invalid_signup_ts", "missing_customer_id");
      Row sample =
          spark
              .table("gridata.c360in.customers")
              .selectExpr(
                  "count(*)",
                  "count(distinct customer_id)",
                  "min(email = lower(email))",
                  "min(signup_ts) is not null")
              .first();
      assertThat(sample.getLong(0)).isEqualTo(c.rowsWritten());
      assertThat(sample.getLong(1)).isEqualTo(c.rowsWritten());
      assertThat(sample.getBoolean(2)).isTrue();
      assertThat(sample.getBoolean(3)).isTrue();

      IngestJob clicks =
          IngestJob.builder(spark, zone, new ClickstreamSpec())
              .table("gridata.c360in.clickstream")
              .build();
      IngestJobResult k = clicks.run(DAY, RunId.of("clicks-1"));
      assertThat(k.filesRejected()).isEqualTo(1);
      assertThat(zone.listRejected(RawPartition.of("ecommerce", "clickstream", DAY)))
          .extracting(r -> r.key().fileName())
          .containsExactly("clicks-partner.csv");
      assertThat(k.rowsRead()).isEqualTo(drop.acceptedRecords(RawDataset.CLICKSTREAM));
      assertThat(k.rowsWritten()).isEqualTo(drop.expectedCleanRows(RawDataset.CLICKSTREAM));
      assertThat(k.rowsQuarantined()).isEqualTo(5);
      assertThat(k.batch().orElseThrow().reconciles()).isTrue();
      Row events =
          spark
              .table("gridata.c360in.clickstream")
              .selectExpr(
                  "count(*)",
                  "count_if(customer_id is null)",
                  "count(distinct event_date)",
                  "count_if(event_type not in"
                      + " ('page_view','product_view','add_to_cart','checkout','purchase'))")
              .first();
      assertThat(events.getLong(0)).isEqualTo(k.rowsWritten());
      assertThat(events.getLong(1)).as("anonymous events are kept").isPositive();
      assertThat(events.getLong(2)).isEqualTo(1);
      assertThat(events.getLong(3)).isZero();
      Table table = IcebergTables.load(spark, "gridata.c360in.clickstream");
      assertThat(table.spec().fields()).singleElement().hasToString("1000: event_ts_day: day(4)");

      // a re-run of either day writes nothing
      assertThat(customers.run(DAY, RunId.of("customers-2")).rowsWritten()).isZero();
      assertThat(clicks.run(DAY, RunId.of("clicks-2")).rowsWritten()).isZero();
      assertThat(spark.table("gridata.c360in.clickstream").count()).isEqualTo(k.rowsWritten());
    }
  }
}
