package io.gridata.spark.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.testkit.Backend;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileDefect;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileManifest;
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
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@LakehouseTest(backend = Backend.LOCAL)
class OrdersJobTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 3);

  @Test
  @Tag("integration")
  void validatesRejectsProcessesAndPublishesADayWithCountsFromTheManifest(
      SparkSession spark, CatalogEndpoint catalog, @TempDir Path root) throws Exception {
    DropManifest drop = drop(root);
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      IngestJob job = OrdersJob.builder(spark, zone).table("gridata.job1.orders").build();

      IngestJobResult result = job.run(DAY, RunId.of("job-run-1"));

      assertThat(result.files()).hasSize(drop.files(RawDataset.ORDERS).size());
      assertThat(result.filesRejected()).isEqualTo(drop.rejectedFiles().size());
      assertThat(result.filesAccepted()).isEqualTo(drop.acceptedFiles().size());
      assertThat(result.rowsRead()).isEqualTo(drop.acceptedRecords(RawDataset.ORDERS));
      assertThat(result.rowsWritten()).isEqualTo(drop.expectedCleanRows(RawDataset.ORDERS));
      assertThat(result.rowsQuarantined())
          .isEqualTo(drop.expectedQuarantinedRows(RawDataset.ORDERS));
      assertThat(result.duplicatesDropped()).isEqualTo(drop.expectedDuplicates(RawDataset.ORDERS));
      assertThat(result.rowsRead())
          .isEqualTo(result.rowsWritten() + result.rowsQuarantined() + result.duplicatesDropped());

      // every rejected file was moved aside with a manifest, none was lost
      RawPartition day = RawPartition.of("ecommerce", "orders", DAY);
      assertThat(zone.listRejected(day))
          .extracting(r -> r.key().fileName())
          .containsExactlyInAnyOrderElementsOf(
              drop.rejectedFiles().stream().map(FileManifest::fileName).toList());
      assertThat(zone.list(day))
          .extracting(o -> o.key().fileName())
          .containsExactlyInAnyOrderElementsOf(
              drop.acceptedFiles().stream().map(FileManifest::fileName).toList());

      try (RESTCatalog client = catalog.newClient("job-verify")) {
        Table table = client.loadTable(TableIdentifier.parse("job1.orders"));
        assertThat(table.currentSnapshot().snapshotId())
            .isEqualTo(result.publishedSnapshotId().orElseThrow());
        assertThat(table.currentSnapshot().summary())
            .containsEntry(SnapshotSummaryKeys.RUN_ID, "job-run-1");
      }

      IngestJobResult again = job.run(DAY, RunId.of("job-run-2"));
      assertThat(again.filesRejected()).isZero();
      assertThat(again.batch().orElseThrow().outcome())
          .isEqualTo(BatchResult.Outcome.ALREADY_INGESTED);
      assertThat(again.rowsWritten()).isZero();
      assertThat(spark.table("gridata.job1.orders").count()).isEqualTo(result.rowsWritten());
    }
  }

  @Test
  void aDayWithoutFilesDoesNothing(SparkSession spark, @TempDir Path root) {
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      IngestJobResult result =
          OrdersJob.builder(spark, zone).table("gridata.job2.orders").build().run(DAY);

      assertThat(result.files()).isEmpty();
      assertThat(result.batch()).isEmpty();
      assertThat(result.allRejected()).isFalse();
      assertThat(result.runId()).startsWith("orders-2026-11-03-");
    }
  }

  @Test
  void s3LocationsAreReadThroughS3a() {
    assertThat(IngestJob.sparkPath(java.net.URI.create("s3://raw/zone/raw/x.csv")))
        .isEqualTo("s3a://raw/zone/raw/x.csv");
    assertThat(IngestJob.sparkPath(java.net.URI.create("file:///tmp/raw/x.csv")))
        .isEqualTo("file:///tmp/raw/x.csv");
    // Spark takes Hadoop path text: decoded, or it looks for "a%20b.csv" literally
    assertThat(IngestJob.sparkPath(java.net.URI.create("s3://raw/zone/a%20b%25%23%3C.csv")))
        .isEqualTo("s3a://raw/zone/a b%#<.csv");
    assertThat(IngestJob.sparkPath(java.nio.file.Path.of("/tmp/raw/café 1.csv").toUri()))
        .isEqualTo("file:///tmp/raw/café 1.csv");
  }

  private static DropManifest drop(Path root) {
    List<FileSpec> specs =
        List.of(
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(FileFormat.CSV)
                .rows(40)
                .fileName("orders-1.csv")
                .rowDefect(RowDefect.BAD_TIMESTAMP, 2)
                .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 2)
                .build(),
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(FileFormat.JSON)
                .rows(30)
                .fileName("orders-2.json")
                .rowDefect(RowDefect.NEGATIVE_QUANTITY, 3)
                .build(),
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(FileFormat.PARQUET)
                .rows(25)
                .fileName("orders-3.parquet")
                .build(),
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(FileFormat.CSV)
                .rows(10)
                .fileName("orders-empty.csv")
                .fileDefect(FileDefect.EMPTY_FILE)
                .build(),
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(FileFormat.JSON)
                .rows(10)
                .fileName("orders-renamed.json")
                .fileDefect(FileDefect.WRONG_HEADER)
                .build(),
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(FileFormat.PARQUET)
                .rows(10)
                .fileName("orders-cut.parquet")
                .fileDefect(FileDefect.CORRUPT_PARQUET)
                .build(),
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(FileFormat.CSV)
                .rows(10)
                .fileName("orders-tampered.csv")
                .fileDefect(FileDefect.CHECKSUM_MISMATCH)
                .build());
    return RawDataGenerator.withSeed(21L)
        .writeDrop(RawTarget.localDirectory(root), "job-drop", specs);
  }
}
