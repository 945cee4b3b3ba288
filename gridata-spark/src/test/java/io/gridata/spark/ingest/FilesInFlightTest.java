package io.gridata.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.rawzone.IgnoredFile;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.run.RunId;
import io.gridata.spark.ingest.FileOutcome.Status;
import io.gridata.spark.orders.OrdersJob;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are still being written, change under the read, or arrive twice: the bytes published
 * are the bytes validated, nothing unsettled is rejected, and every such file is reported.
 */
@LakehouseTest(backend = Backend.LOCAL)
class FilesInFlightTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 5);
  private static final String HEADER =
      "order_id,customer_id,order_timestamp,status,quantity,unit_price\n";

  @Test
  void aFileStillBeingWrittenIsReportedUnsettledLeftInPlaceAndTakenOnceItSettled(
      SparkSession spark, @TempDir Path root) throws IOException {
    Path dir = dayDir(root);
    Path partial = Files.writeString(dir.resolve("orders-1.csv"), ""); // nothing flushed yet
    Files.writeString(dir.resolve(".orders-2.csv"), HEADER);
    Files.writeString(dir.resolve("gone.csv.sha256"), "0".repeat(64) + "\n");
    Instant modified = Files.getLastModifiedTime(partial).toInstant();
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      IngestJobResult early =
          job(spark, zone, "flight1", modified.plusSeconds(5)).build().run(DAY, RunId.of("early"));

      FileOutcome outcome = early.files().get(0);
      assertThat(outcome.status()).isEqualTo(Status.UNSETTLED);
      assertThat(outcome.reason())
          .contains("not settled", "settle time of 30 s", "orders-1.csv.sha256", "later run");
      assertThat(early.filesRejected()).isZero();
      assertThat(early.filesPending()).isEqualTo(1);
      assertThat(early.batch()).isEmpty();
      assertThat(zone.stat(RawPartition.of("ecommerce", "orders", DAY).file("orders-1.csv")))
          .isPresent();
      assertThat(zone.listRejected(RawPartition.of("ecommerce", "orders", DAY))).isEmpty();
      assertThat(early.ignored())
          .extracting(IgnoredFile::name)
          .containsExactly(".orders-2.csv", "gone.csv.sha256");

      // settled (and still empty): now it is judged, and rejected as the empty file it is
      IngestJobResult later =
          job(spark, zone, "flight1", modified.plusSeconds(31)).build().run(DAY, RunId.of("later"));
      assertThat(later.files()).extracting(FileOutcome::status).containsExactly(Status.REJECTED);

      // re-sent under the rejected name, still bad: rejected under a fresh name, the day goes on
      Files.writeString(partial, "");
      IngestJobResult resent =
          job(spark, zone, "flight1", Instant.now().plusSeconds(60))
              .build()
              .run(DAY, RunId.of("resent"));
      assertThat(resent.files()).extracting(FileOutcome::status).containsExactly(Status.REJECTED);
      assertThat(resent.files().get(0).reason()).contains("kept as orders-1.resent-2.csv");
    }
  }

  @Test
  @Tag("integration")
  void aFileAppendedWhileTheRunReadsItIsNotPublishedAndACopyIsIngestedOnce(
      SparkSession spark, @TempDir Path root) throws IOException {
    Path dir = dayDir(root);
    Path first = write(dir.resolve("orders-1.csv"), rows(1, 3));
    Path growing = write(dir.resolve("orders-2.csv"), rows(10, 2));
    write(dir.resolve("orders-3-copy.csv"), rows(1, 3)); // same bytes as orders-1.csv
    Instant old = Instant.now().minus(Duration.ofHours(1));
    for (String name : List.of("orders-1.csv", "orders-2.csv")) {
      Files.setLastModifiedTime(dir.resolve(name), FileTime.from(old));
    }
    Files.setLastModifiedTime(dir.resolve("orders-3-copy.csv"), FileTime.from(old.plusSeconds(60)));
    List<FileOutcome> told = new ArrayList<>();
    try (RawZone zone = RawZone.open(root.toUri().toString())) {
      IngestJobResult run =
          job(spark, zone, "flight2", Instant.now())
              .listener(
                  outcome -> {
                    told.add(outcome);
                    // the producer appends after validation, before Spark reads: the test seam
                    if (outcome.key().fileName().equals("orders-2.csv")
                        && outcome.status() == Status.ACCEPTED) {
                      append(growing, rows(20, 1));
                    }
                  })
              .build()
              .run(DAY, RunId.of("appended"));

      assertThat(run.files())
          .extracting(f -> f.key().fileName() + ":" + f.status())
          .containsExactly(
              "orders-1.csv:ACCEPTED", "orders-2.csv:CHANGED", "orders-3-copy.csv:DUPLICATE");
      assertThat(run.files().get(1).reason())
          .contains("changed while it was read", "nothing of it was published");
      assertThat(run.files().get(2).reason()).contains("same content", "orders-1.csv");
      assertThat(told)
          .extracting(f -> f.key().fileName() + ":" + f.status())
          .containsExactly(
              "orders-1.csv:ACCEPTED",
              "orders-2.csv:ACCEPTED",
              "orders-3-copy.csv:DUPLICATE",
              "orders-2.csv:CHANGED");
      assertThat(run.batch().orElseThrow().outcome()).isEqualTo(BatchResult.Outcome.PUBLISHED);
      assertThat(run.rowsRead()).isEqualTo(3);
      assertThat(spark.table("gridata.flight2.orders").count()).isEqualTo(3);
      assertThat(first).exists();

      // just appended, no sidecar: not settled yet
      Instant appended = Files.getLastModifiedTime(growing).toInstant();
      IngestJobResult soon =
          job(spark, zone, "flight2", appended.plusSeconds(5)).build().run(DAY, RunId.of("soon"));
      assertThat(soon.files())
          .extracting(f -> f.key().fileName() + ":" + f.status())
          .contains("orders-2.csv:UNSETTLED");

      IngestJobResult next =
          job(spark, zone, "flight2", appended.plusSeconds(31)).build().run(DAY, RunId.of("next"));
      assertThat(next.files())
          .extracting(f -> f.key().fileName() + ":" + f.status())
          .containsExactly(
              "orders-1.csv:ACCEPTED", "orders-2.csv:ACCEPTED", "orders-3-copy.csv:DUPLICATE");
      assertThat(next.rowsRead()).isEqualTo(3); // the whole of orders-2.csv, read once
      assertThat(spark.table("gridata.flight2.orders").count()).isEqualTo(6);
      assertThat(spark.table("gridata.flight2.orders").select("order_id").distinct().count())
          .isEqualTo(6);
    }
  }

  private static IngestJob.Builder job(
      SparkSession spark, RawZone zone, String namespace, Instant now) {
    return OrdersJob.builder(spark, zone)
        .table("gridata." + namespace + ".orders")
        .clock(Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Path dayDir(Path root) throws IOException {
    return Files.createDirectories(root.resolve("raw/ecommerce/orders/" + DAY));
  }

  private static String rows(int from, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      out.append("o-")
          .append(i)
          .append(",c-")
          .append(i)
          .append(",2026-11-05T08:00:00Z,PAID,1,9.99\n");
    }
    return out.toString();
  }

  private static Path write(Path file, String rows) throws IOException {
    return Files.writeString(file, HEADER + rows, StandardCharsets.UTF_8);
  }

  private static void append(Path file, String rows) {
    try {
      Files.writeString(file, rows, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
