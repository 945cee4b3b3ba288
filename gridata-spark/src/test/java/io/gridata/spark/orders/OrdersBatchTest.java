package io.gridata.spark.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.rawzone.FileFormat;
import io.gridata.core.run.RunId;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.IngestBatch;
import io.gridata.spark.read.RawInput;
import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.write.Audit;
import io.gridata.spark.write.WriteMode;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.CommitFault;
import io.gridata.testkit.RestCatalogServer;
import io.gridata.testkit.data.DropManifest;
import io.gridata.testkit.data.FileManifest;
import io.gridata.testkit.data.FileSpec;
import io.gridata.testkit.data.RawDataGenerator;
import io.gridata.testkit.data.RawDataset;
import io.gridata.testkit.data.RawTarget;
import io.gridata.testkit.data.RowDefect;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@LakehouseTest(backend = io.gridata.testkit.Backend.LOCAL)
class OrdersBatchTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

  /**
   * One table through what can go wrong before a batch lands, in one test to keep the Spark work
   * small: a run dies between staging and publishing, the re-run's publish commits but the catalog
   * answers HTTP 500 ({@code CommitStateUnknownException}). The end state is one copy with the
   * generator manifest's counts, read back with Iceberg's own reader, and a further run of the same
   * files writes nothing.
   */
  @Test
  void crashedAndUnknownCommitsEndInOneCopyWithTheManifestsCounts(
      SparkSession spark, CatalogEndpoint catalog, @TempDir Path raw) throws Exception {
    assumeThat(catalog).isInstanceOf(RestCatalogServer.class);
    RestCatalogServer server = (RestCatalogServer) catalog;
    String table = "gridata.batch1.orders";
    DropManifest drop = drop(raw, "d1", 11L);
    List<RawInput> inputs = inputs(raw, drop);
    IngestBatch batch = batch(spark, table);

    // 1. the process "dies" after both tables were staged and before publishing: an Error is not
    // handled by the batch, so no cleanup runs, as with a killed driver
    assertThatThrownBy(
            () ->
                batch.run(
                    RunId.of("run-crash"),
                    inputs,
                    staged -> {
                      throw new SimulatedCrash();
                    }))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(spark.table(table).count()).isZero();
    assertThat(
            spark
                .sql("SELECT * FROM " + table + ".refs WHERE name LIKE 'gridata-run-run-crash.%'")
                .count())
        .isEqualTo(1);

    // 2. the re-run publishes; the catalog applies the commit and then answers 500
    server.failNextCommit(
        TableIdentifier.of("batch1", "orders"),
        SnapshotRef.MAIN_BRANCH,
        CommitFault.APPLIED_THEN_FAILED);
    BatchResult result = batch.run(RunId.of("run-1"), inputs, Audit.acceptAll());

    assertThat(server.commitFaultPending()).as("the injected fault fired").isFalse();
    long expectedClean = drop.expectedCleanRows(RawDataset.ORDERS);
    long expectedQuarantined = drop.expectedQuarantinedRows(RawDataset.ORDERS);
    assertThat(result.outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
    assertThat(result.filesRead()).isEqualTo(inputs.size());
    assertThat(result.rowsRead()).isEqualTo(drop.acceptedRecords(RawDataset.ORDERS));
    assertThat(result.rowsWritten()).isEqualTo(expectedClean);
    assertThat(result.rowsQuarantined()).isEqualTo(expectedQuarantined);
    assertThat(result.duplicatesDropped()).isEqualTo(drop.expectedDuplicates(RawDataset.ORDERS));
    assertThat(result.reconciles()).isTrue();

    // read back with Iceberg's own Java API, not through Gridata or Spark
    long snapshotsAfterPublish;
    try (RESTCatalog client = catalog.newClient("verify")) {
      Table orders = client.loadTable(TableIdentifier.parse("batch1.orders"));
      assertThat(orders.currentSnapshot().snapshotId())
          .isEqualTo(result.publishedSnapshotId().orElseThrow());
      assertThat(orders.currentSnapshot().summary())
          .containsEntry(SnapshotSummaryKeys.RUN_ID, "run-1")
          .containsKey(SnapshotSummaryKeys.SOURCE_DIGEST);
      // the crashed attempt's branch stays while its process (this JVM) lives; the branch of a dead
      // process is dropped by the next run (ReusedRunIdTest, StagingBranchesTest)
      assertThat(orders.refs().keySet())
          .hasSize(2)
          .contains("main")
          .anyMatch(name -> name.startsWith("gridata-run-run-crash."));
      assertThat(orders.spec().fields())
          .singleElement()
          .satisfies(f -> assertThat(f.transform().toString()).isEqualTo("month"));
      List<String> ids = new ArrayList<>();
      try (CloseableIterable<Record> records =
          IcebergGenerics.read(orders).select("order_id").build()) {
        records.forEach(r -> ids.add((String) r.getField("order_id")));
      }
      assertThat(ids).hasSize((int) expectedClean).doesNotHaveDuplicates();
      snapshotsAfterPublish = StreamSupport.stream(orders.snapshots().spliterator(), false).count();
    }
    assertThat(spark.table(table + "_quarantine").count()).isEqualTo(expectedQuarantined);
    for (RowDefect defect : List.of(RowDefect.BAD_TIMESTAMP, RowDefect.NEGATIVE_QUANTITY)) {
      long expected = drop.expectedQuarantined(RawDataset.ORDERS).getOrDefault(defect, 0L);
      String reason =
          defect == RowDefect.BAD_TIMESTAMP ? "invalid_order_timestamp" : "invalid_quantity";
      assertThat(
              spark
                  .table(table + "_quarantine")
                  .filter("array_contains(_reasons, '" + reason + "')")
                  .count())
          .as("rows quarantined for %s", reason)
          .isEqualTo(expected);
    }

    // 3. the same files again: nothing written, no new snapshot
    BatchResult again = batch.run(RunId.of("run-2"), inputs, Audit.acceptAll());

    assertThat(again.outcome()).isEqualTo(BatchResult.Outcome.ALREADY_INGESTED);
    assertThat(again.rowsWritten()).isZero();
    try (RESTCatalog client = catalog.newClient("verify-again")) {
      Table orders = client.loadTable(TableIdentifier.parse("batch1.orders"));
      assertThat(orders.currentSnapshot().snapshotId())
          .isEqualTo(result.publishedSnapshotId().orElseThrow());
      assertThat(StreamSupport.stream(orders.snapshots().spliterator(), false).count())
          .isEqualTo(snapshotsAfterPublish);
    }
  }

  /** Tagged {@code integration}: one more orders run; the refusal path is plain control flow. */
  @Test
  @Tag("integration")
  void failedAuditLeavesMainUntouchedAndDropsTheBranches(SparkSession spark, @TempDir Path raw)
      throws Exception {
    String table = "gridata.batch3.orders";
    List<RawInput> inputs = inputs(raw, drop(raw, "d3", 13L));

    BatchResult refused = batch(spark, table).run(RunId.of("run-x"), inputs, staged -> false);

    assertThat(refused.outcome()).isEqualTo(BatchResult.Outcome.AUDIT_FAILED);
    assertThat(refused.rowsWritten()).isPositive();
    assertThat(spark.table(table).count()).isZero();
    assertThat(
            spark.sql("SELECT * FROM " + table + ".refs WHERE name LIKE 'gridata-run-%'").count())
        .isZero();
  }

  @Test
  void rowChecksSendOtherwiseValidRowsToQuarantineWithTheirNames(
      SparkSession spark, @TempDir Path raw) throws Exception {
    String table = "gridata.batch4.orders";
    DropManifest drop = drop(raw, "d4", 14L);
    RowChecks bigOrders =
        () ->
            org.apache.spark.sql.functions.when(
                org.apache.spark.sql.functions.col("total_amount").gt(300),
                org.apache.spark.sql.functions.array(
                    org.apache.spark.sql.functions.lit("big_order")));

    BatchResult result =
        new IngestBatch(
                spark, new OrdersSpec(), table, WriteMode.APPEND, Clock.systemUTC(), bigOrders)
            .run(RunId.of("run-checks"), inputs(raw, drop), Audit.acceptAll());

    long ownReasons = drop.expectedQuarantinedRows(RawDataset.ORDERS);
    long big =
        spark
            .table(table + "_quarantine")
            .filter("array_contains(_reasons, 'big_order') AND _run_id = 'run-checks'")
            .count();
    assertThat(big).as("the check fired").isPositive();
    assertThat(result.rowsQuarantined()).isEqualTo(ownReasons + big);
    assertThat(result.reconciles()).isTrue();
    assertThat(spark.table(table).filter("total_amount > 300").count()).isZero();
    assertThat(spark.table(table).count()).isEqualTo(result.rowsWritten());
  }

  private static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;
  }

  private static IngestBatch batch(SparkSession spark, String table) {
    return new IngestBatch(
        spark, new OrdersSpec(), table, WriteMode.APPEND, Clock.systemUTC(), null);
  }

  private static DropManifest drop(Path root, String id, long seed) {
    RawDataGenerator generator = RawDataGenerator.withSeed(seed);
    List<FileSpec> specs =
        List.of(
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(io.gridata.testkit.data.FileFormat.CSV)
                .rows(60)
                .fileName("orders-a.csv")
                .rowDefect(RowDefect.BAD_TIMESTAMP, 3)
                .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 2)
                .build(),
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(io.gridata.testkit.data.FileFormat.JSON)
                .rows(50)
                .fileName("orders-b.json")
                .rowDefect(RowDefect.NEGATIVE_QUANTITY, 4)
                .rowDefect(RowDefect.NULL_REQUIRED_FIELD, 2)
                .build(),
            FileSpec.builder(RawDataset.ORDERS, DAY)
                .format(io.gridata.testkit.data.FileFormat.PARQUET)
                .rows(40)
                .fileName("orders-c.parquet")
                .rowDefect(RowDefect.NEGATIVE_PRICE, 1)
                .build());
    return generator.writeDrop(RawTarget.localDirectory(root), id, specs);
  }

  private static List<RawInput> inputs(Path root, DropManifest drop) throws IOException {
    List<RawInput> inputs = new ArrayList<>();
    for (FileManifest file : drop.files(RawDataset.ORDERS)) {
      Path path = root.resolve(file.key());
      FileFormat format =
          switch (file.format()) {
            case CSV -> FileFormat.CSV;
            case JSON -> FileFormat.JSON_LINES;
            case PARQUET -> FileFormat.PARQUET;
          };
      List<String> header = List.of();
      if (format == FileFormat.CSV) {
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
          header = List.of(reader.readLine().split(",", -1));
        }
      }
      inputs.add(new RawInput(path.toUri().toString(), format, header, file.sha256()));
    }
    return inputs;
  }
}
