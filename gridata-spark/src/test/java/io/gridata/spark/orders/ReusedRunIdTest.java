package io.gridata.spark.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.gridata.core.rawzone.FileFormat;
import io.gridata.core.run.RunId;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.IngestBatch;
import io.gridata.spark.read.RawInput;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler-style run id ({@code orders-<day>}) used again: after a crash between staging and
 * publishing, by a second process at the same time, and on another day. Exactly-once is keyed on
 * the files (path and checksum), never on the run id, so each case ends with every order once and
 * every quarantined record once, counted record by record.
 */
@LakehouseTest(backend = io.gridata.testkit.Backend.LOCAL)
class ReusedRunIdTest {
  private static final LocalDate DAY_1 = LocalDate.of(2026, 11, 2);
  private static final LocalDate DAY_2 = LocalDate.of(2026, 11, 3);

  /**
   * Kill after the rows are staged, retry with the same id: the retry stages on a branch of its
   * own, so the dead attempt's staged rows are not published with it. Then the same id on the next
   * day writes that day's new files.
   */
  @Test
  void aRetryAfterACrashAndTheNextDayWithTheSameRunIdWriteEveryOrderOnce(
      SparkSession spark, @TempDir Path raw) throws IOException {
    String table = "gridata.reuse1.orders";
    Day day1 = day(raw, DAY_1, 21L);
    IngestBatch batch = batch(spark, table);

    assertThatThrownBy(
            () ->
                batch.run(
                    RunId.of("orders-daily"),
                    day1.inputs(),
                    staged -> {
                      throw new SimulatedCrash();
                    }))
        .isInstanceOf(SimulatedCrash.class);
    BatchResult retry = batch.run(RunId.of("orders-daily"), day1.inputs(), Audit.acceptAll());

    assertThat(retry.outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
    assertOnce(spark, table, day1);

    Day day2 = day(raw, DAY_2, 22L);
    BatchResult next = batch.run(RunId.of("orders-daily"), day2.inputs(), Audit.acceptAll());

    assertThat(next.outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
    assertThat(next.rowsWritten()).isEqualTo(day2.drop().expectedCleanRows(RawDataset.ORDERS));
    assertOnce(spark, table, day1, day2);
  }

  /**
   * Two processes with the same id and the same files at once: the second one runs to its publish
   * while the first is being audited. The first then finds {@code main} moved, checks the ledger
   * again and reports the files as already ingested instead of publishing them a second time.
   */
  @Test
  @Tag("integration")
  void twoAttemptsWithTheSameRunIdAtOncePublishTheFilesOnce(SparkSession spark, @TempDir Path raw)
      throws IOException {
    String table = "gridata.reuse2.orders";
    Day day1 = day(raw, DAY_1, 23L);
    IngestBatch batch = batch(spark, table);
    AtomicReference<BatchResult> second = new AtomicReference<>();

    BatchResult first =
        batch.run(
            RunId.of("orders-daily"),
            day1.inputs(),
            staged -> {
              if (second.get() == null) {
                second.set(batch.run(RunId.of("orders-daily"), day1.inputs(), Audit.acceptAll()));
              }
              return true;
            });

    assertThat(second.get().outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
    assertThat(first.outcome()).isEqualTo(BatchResult.Outcome.ALREADY_INGESTED);
    assertOnce(spark, table, day1);
  }

  /**
   * The quarantine table is published before the table: when the table's publish is lost (the
   * catalog answers 500 without applying it), the retry must not quarantine the same records again.
   */
  @Test
  @Tag("integration")
  void aLostTablePublishAfterTheQuarantinePublishQuarantinesEachRecordOnce(
      SparkSession spark, CatalogEndpoint catalog, @TempDir Path raw) throws IOException {
    assumeThat(catalog).isInstanceOf(RestCatalogServer.class);
    String table = "gridata.reuse3.orders";
    Day day1 = day(raw, DAY_1, 24L);
    IngestBatch batch = batch(spark, table);
    ((RestCatalogServer) catalog)
        .failNextCommit(
            TableIdentifier.of("reuse3", "orders"),
            SnapshotRef.MAIN_BRANCH,
            CommitFault.FAILED_UNAPPLIED);

    assertThatThrownBy(() -> batch.run(RunId.of("orders-q"), day1.inputs(), Audit.acceptAll()))
        .isInstanceOf(CommitStateUnknownException.class);
    assertThat(spark.table(table + "_quarantine").count())
        .as("the quarantine publish happened")
        .isEqualTo(day1.drop().expectedQuarantinedRows(RawDataset.ORDERS));
    BatchResult retry = batch.run(RunId.of("orders-q"), day1.inputs(), Audit.acceptAll());

    assertThat(retry.outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
    assertThat(retry.reconciles()).isTrue();
    assertOnce(spark, table, day1);
  }

  private record Day(DropManifest drop, List<RawInput> inputs) {}

  private static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;
  }

  private static IngestBatch batch(SparkSession spark, String table) {
    return new IngestBatch(
        spark, new OrdersSpec(), table, WriteMode.APPEND, Clock.systemUTC(), null);
  }

  /** Every order of the days once on main, every quarantined record once in quarantine. */
  static void assertOnce(SparkSession spark, String table, Day... days) {
    long clean = 0;
    long quarantined = 0;
    for (Day day : days) {
      clean += day.drop().expectedCleanRows(RawDataset.ORDERS);
      quarantined += day.drop().expectedQuarantinedRows(RawDataset.ORDERS);
    }
    List<String> ids =
        spark.sql("SELECT order_id FROM " + table).as(Encoders.STRING()).collectAsList();
    assertThat(ids).as("orders on main").hasSize((int) clean).doesNotHaveDuplicates();
    List<String> records =
        spark
            .sql(
                "SELECT concat_ws('|', _source_checksum, coalesce(order_id, ''),"
                    + " coalesce(order_timestamp, ''), coalesce(quantity, ''),"
                    + " array_join(_reasons, ',')) FROM "
                    + table
                    + "_quarantine")
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(records)
        .as("quarantined records")
        .hasSize((int) quarantined)
        .doesNotHaveDuplicates();
  }

  /** One CSV file of orders for {@code date} with bad timestamps and a duplicate order id. */
  static Day day(Path root, LocalDate date, long seed) throws IOException {
    DropManifest drop =
        RawDataGenerator.withSeed(seed)
            .writeDrop(
                RawTarget.localDirectory(root),
                "drop-" + date,
                List.of(
                    FileSpec.builder(RawDataset.ORDERS, date)
                        .format(io.gridata.testkit.data.FileFormat.CSV)
                        .rows(30)
                        .fileName("orders-" + date + ".csv")
                        .rowDefect(RowDefect.BAD_TIMESTAMP, 2)
                        .rowDefect(RowDefect.DUPLICATE_ORDER_ID, 1)
                        .build()));
    FileManifest file = drop.files(RawDataset.ORDERS).get(0);
    Path path = root.resolve(file.key());
    List<String> header;
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      header = List.of(reader.readLine().split(",", -1));
    }
    return new Day(
        drop,
        List.of(new RawInput(path.toUri().toString(), FileFormat.CSV, header, file.sha256())));
  }
}
