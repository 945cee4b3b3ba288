package io.gridata.spark.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.write.IcebergTables;
import io.gridata.spark.write.WriteMode;
import io.gridata.testkit.Backend;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.CommitFault;
import io.gridata.testkit.RestCatalogServer;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileFormat;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import io.gridata.testkit.junit.LakehouseTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once when the catalog cannot say whether the publish committed: the REST catalog answers
 * the fast-forward of {@code main} with HTTP 500 (Iceberg's REST client: {@code
 * CommitStateUnknownException}), once after applying it and once without, through the whole job.
 * Tagged {@code integration} (four more orders runs); the default build covers the applied case at
 * batch level in {@link OrdersBatchTest}.
 */
@LakehouseTest(backend = Backend.LOCAL)
@Tag("integration")
class OrdersCommitFaultTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 4);

  @Test
  void aPublishThatCommittedButReportedUnknownIsResolvedFromTheTableHistory(
      SparkSession spark, CatalogEndpoint catalog, @TempDir Path root) {
    RestCatalogServer server = faultable(catalog);
    DropManifest drop = drop(root);
    server.failNextCommit(
        TableIdentifier.of("fault1", "orders"),
        SnapshotRef.MAIN_BRANCH,
        CommitFault.APPLIED_THEN_FAILED);
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      IngestJob job = OrdersJob.builder(spark, zone).table("gridata.fault1.orders").build();

      IngestJobResult result = job.run(DAY, RunId.of("unknown-applied"));

      assertThat(server.commitFaultPending()).as("the injected fault fired").isFalse();
      assertThat(result.batch().orElseThrow().outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
      assertThat(result.rowsWritten()).isEqualTo(drop.expectedCleanRows(RawDataset.ORDERS));
      assertOneCopy(catalog, "fault1", "unknown-applied", result);

      IngestJobResult retry = job.run(DAY, RunId.of("unknown-applied"));
      assertThat(retry.batch().orElseThrow().outcome())
          .isEqualTo(BatchResult.Outcome.ALREADY_INGESTED);
      assertOneCopy(catalog, "fault1", "unknown-applied", result);
    }
  }

  @Test
  void aPublishThatDidNotCommitFailsLeavesMainUntouchedAndTheRetryWritesOnce(
      SparkSession spark, CatalogEndpoint catalog, @TempDir Path root) {
    RestCatalogServer server = faultable(catalog);
    DropManifest drop = drop(root);
    server.failNextCommit(
        TableIdentifier.of("fault2", "orders"),
        SnapshotRef.MAIN_BRANCH,
        CommitFault.FAILED_UNAPPLIED);
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      IngestJob job = OrdersJob.builder(spark, zone).table("gridata.fault2.orders").build();

      assertThatThrownBy(() -> job.run(DAY, RunId.of("unknown-lost")))
          .isInstanceOf(CommitStateUnknownException.class);
      assertThat(server.commitFaultPending()).isFalse();
      try (RESTCatalog client = catalog.newClient("fault-check")) {
        Table table = client.loadTable(TableIdentifier.of("fault2", "orders"));
        assertThat(table.currentSnapshot()).as("main never moved").isNull();
        assertThat(table.refs()).as("the staging branch was dropped").isEmpty();
      } catch (Exception e) {
        throw new AssertionError(e);
      }

      IngestJobResult retry = job.run(DAY, RunId.of("unknown-lost"));
      assertThat(retry.batch().orElseThrow().outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
      assertThat(retry.rowsWritten()).isEqualTo(drop.expectedCleanRows(RawDataset.ORDERS));
      assertOneCopy(catalog, "fault2", "unknown-lost", retry);
    }
  }

  @Test
  void overwritePartitionsReprocessesTheDayInsteadOfAddingASecondCopy(
      SparkSession spark, @TempDir Path root) {
    DropManifest drop = drop(root);
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      String name = "gridata.reprocess.orders";
      IngestJobResult first =
          OrdersJob.builder(spark, zone).table(name).build().run(DAY, RunId.of("r-1"));
      IngestJobResult again =
          OrdersJob.builder(spark, zone)
              .table(name)
              .writeMode(WriteMode.OVERWRITE_PARTITIONS)
              .build()
              .run(DAY, RunId.of("r-2"));

      long clean = drop.expectedCleanRows(RawDataset.ORDERS);
      assertThat(first.rowsWritten()).isEqualTo(clean);
      assertThat(again.batch().orElseThrow().outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
      assertThat(again.rowsWritten()).isEqualTo(clean);
      assertThat(spark.table(name).count()).isEqualTo(clean);
      assertThat(spark.table(name).where("_run_id = 'r-2'").count()).isEqualTo(clean);
      assertThat(IcebergTables.load(spark, name).currentSnapshot().operation())
          .isEqualTo("overwrite");
    }
  }

  private static RestCatalogServer faultable(CatalogEndpoint catalog) {
    assumeThat(catalog).isInstanceOf(RestCatalogServer.class);
    return (RestCatalogServer) catalog;
  }

  /** Read with Iceberg's Java API: main holds the run's snapshot once, and its rows once. */
  private static void assertOneCopy(
      CatalogEndpoint catalog, String namespace, String runId, IngestJobResult result) {
    try (RESTCatalog client = catalog.newClient("fault-verify")) {
      Table table = client.loadTable(TableIdentifier.of(namespace, "orders"));
      List<Snapshot> runSnapshots = new ArrayList<>();
      for (Snapshot s :
          SnapshotUtil.ancestorsOf(table.currentSnapshot().snapshotId(), table::snapshot)) {
        if (runId.equals(s.summary().get(SnapshotSummaryKeys.RUN_ID))) {
          runSnapshots.add(s);
        }
      }
      assertThat(runSnapshots).hasSize(1);
      assertThat(runSnapshots.get(0).snapshotId())
          .isEqualTo(result.publishedSnapshotId().orElseThrow());
      assertThat(table.currentSnapshot().summary())
          .containsEntry("total-records", Long.toString(result.rowsWritten()));
      assertThat(table.refs()).containsOnlyKeys(SnapshotRef.MAIN_BRANCH);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static DropManifest drop(Path root) {
    return RawDataGenerator.withSeed(33L)
        .writeDrop(
            RawTarget.localDirectory(root),
            "fault-drop",
            List.of(
                FileSpec.builder(RawDataset.ORDERS, DAY)
                    .format(FileFormat.CSV)
                    .rows(30)
                    .fileName("orders-1.csv")
                    .rowDefect(RowDefect.BAD_TIMESTAMP, 1)
                    .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 2)
                    .build()));
  }
}
