package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gridata.core.rawzone.RawZone;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.QualityReport;
import io.gridata.quality.RuleResult;
import io.gridata.quality.RuleStatus;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.testkit.junit.LakehouseTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop's own payments dataset ({@code PaymentsSpec}) through the app's pipeline ({@code
 * PaymentsDaily.pipeline}) on the testkit's stack: Spark writes through the in-JVM Iceberg REST
 * catalog into the S3 server. Each test has a table of its own.
 */
@LakehouseTest
class PaymentsDailyTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-02");

  @Test
  void aDayIsValidatedQuarantinedAndPublishedOnceWithLineage(
      SparkSession spark, @TempDir Path raw, @TempDir Path out) throws IOException {
    String table = "gridata.shop.payments";
    Path lineage = out.resolve("lineage.json");
    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      PaymentsDaily.land(zone, DAY, "payments-export.csv", PaymentsDaily.export(DAY));
      IngestPipeline pipeline = PaymentsDaily.pipeline(spark, zone, table, lineage);

      IngestOutcome first = pipeline.run(PaymentsDaily.partition(DAY), PaymentsDaily.runId(DAY));

      assertThat(first.kind()).as("%s", first.summary()).isEqualTo(IngestOutcome.Kind.PUBLISHED);
      IngestJobResult result = first.result().orElseThrow();
      assertThat(result.filesAccepted()).isEqualTo(1);
      // 7 lines read = 2 written + 4 quarantined + 1 duplicate (the earlier pay-2)
      assertThat(
              List.of(
                  result.rowsRead(),
                  result.rowsWritten(),
                  result.rowsQuarantined(),
                  result.duplicatesDropped()))
          .containsExactly(7L, 2L, 4L, 1L);
      QualityReport quality = first.quality().orElseThrow();
      assertThat(quality.passed()).as(quality.summary()).isTrue();
      assertThat(quality.rows()).isEqualTo(2);
      assertThat(quality.result("amount_within_limit").status()).isEqualTo(RuleStatus.PASSED);

      // the valid rows, typed and normalized: USD upper-cased, pay-2's later copy kept
      assertThat(
              spark
                  .sql(
                      "SELECT payment_id, order_id, amount, currency, paid_at, paid_date FROM "
                          + table
                          + " ORDER BY payment_id")
                  .collectAsList())
          .extracting(
              r -> r.getString(0),
              r -> r.getString(1),
              r -> r.<BigDecimal>getAs(2),
              r -> r.getString(3),
              r -> r.<Timestamp>getAs(4).toInstant(),
              r -> r.<Date>getAs(5).toLocalDate())
          .containsExactly(
              tuple(
                  "pay-1",
                  "o-1",
                  new BigDecimal("19.99"),
                  "EUR",
                  Instant.parse("2026-11-02T09:15:00Z"),
                  DAY),
              tuple(
                  "pay-2",
                  "o-2",
                  new BigDecimal("5.00"),
                  "USD",
                  Instant.parse("2026-11-02T10:00:00Z"),
                  DAY));
      // the bad rows as they arrived, with every reason they break
      assertThat(
              spark
                  .sql(
                      "SELECT payment_id, order_id, amount, currency, _reasons FROM "
                          + table
                          + "_quarantine")
                  .collectAsList())
          .extracting(
              r -> r.getString(0),
              r -> r.getString(1),
              r -> r.getString(2),
              r -> r.getString(3),
              r -> r.<String>getList(4))
          .containsExactlyInAnyOrder(
              tuple("pay-3", "o-3", "-4.50", "EUR", List.of("negative_amount")),
              tuple("pay-4", "o-4", "12.00", "XYZ", List.of("unknown_currency")),
              tuple(null, "o-5", "7.00", "EUR", List.of("missing_payment_id")),
              tuple("pay-6", null, "ten", "EUR", List.of("missing_order_id", "invalid_amount")));

      // lineage: the raw folder read, the table and its quarantine table written, paid_date
      // computed from the raw paid_at
      String rawInput = LineageFile.dataset("file", raw.toAbsolutePath() + "/raw/shop/payments");
      String target = LineageFile.dataset("iceberg", "shop.payments");
      List<LineageFile.JobIo> jobs = LineageFile.jobs(lineage);
      assertThat(jobs).hasSize(1);
      LineageFile.JobIo job = jobs.get(0);
      assertThat(job.job())
          .isEqualTo("urn:li:dataJob:(urn:li:dataFlow:(gridata,shop_payments,prod),load_payments)");
      assertThat(job.inputs()).containsExactly(rawInput);
      assertThat(job.outputs())
          .containsExactly(target, LineageFile.dataset("iceberg", "shop.payments_quarantine"));
      assertThat(job.columns().get(LineageFile.field(target, "paid_date")))
          .containsExactly(LineageFile.field(rawInput, "paid_at"));

      // a scheduler's retry with the same run id: nothing read, no new snapshot on either table
      long tableHead = mainSnapshot(spark, table);
      long quarantineHead = mainSnapshot(spark, table + "_quarantine");

      IngestOutcome retry = pipeline.run(PaymentsDaily.partition(DAY), PaymentsDaily.runId(DAY));

      assertThat(retry.kind())
          .as("%s", retry.summary())
          .isEqualTo(IngestOutcome.Kind.ALREADY_INGESTED);
      assertThat(retry.result().orElseThrow().rowsRead()).isZero();
      assertThat(mainSnapshot(spark, table)).isEqualTo(tableHead);
      assertThat(mainSnapshot(spark, table + "_quarantine")).isEqualTo(quarantineHead);
      assertThat(spark.table(table).count()).isEqualTo(2);
      assertThat(spark.table(table + "_quarantine").count()).isEqualTo(4);
    }
  }

  @Test
  void aDayBreakingTheShopsRuleIsRefusedAndNothingOfItReachesMain(
      SparkSession spark, @TempDir Path raw, @TempDir Path out) {
    String table = "gridata.shop_gate.payments";
    String quarantine = table + "_quarantine";
    LocalDate next = DAY.plusDays(1);
    try (RawZone zone = RawZone.open(raw.toUri().toString())) {
      IngestPipeline pipeline =
          PaymentsDaily.pipeline(spark, zone, table, out.resolve("lineage.json"));
      PaymentsDaily.land(zone, DAY, "payments-export.csv", PaymentsDaily.export(DAY));
      assertThat(pipeline.run(PaymentsDaily.partition(DAY), PaymentsDaily.runId(DAY)).kind())
          .isEqualTo(IngestOutcome.Kind.PUBLISHED);
      long tableHead = mainSnapshot(spark, table);
      long quarantineHead = mainSnapshot(spark, quarantine);

      // the next day's export has a payment in cents (250,000.00 for 2,500.00) and a row that
      // would be quarantined
      PaymentsDaily.land(
          zone,
          next,
          "payments-export.csv",
          "payment_id,order_id,amount,currency,paid_at\n"
              + "pay-10,o-10,42.00,EUR,2026-11-03T08:00:00Z\n"
              + "pay-11,o-11,250000.00,EUR,2026-11-03T09:00:00Z\n"
              + "pay-12,o-12,3.00,JPY,2026-11-03T10:00:00Z\n");
      IngestOutcome refused =
          pipeline.run(PaymentsDaily.partition(next), PaymentsDaily.runId(next));

      assertThat(refused.kind())
          .as("%s", refused.summary())
          .isEqualTo(IngestOutcome.Kind.AUDIT_FAILED);
      assertThat(refused.refused()).isTrue();
      QualityReport report = refused.quality().orElseThrow();
      assertThat(report.rows()).isEqualTo(2);
      assertThat(report.failures())
          .extracting(RuleResult::rule, RuleResult::rowsFailing, RuleResult::sample)
          .containsExactly(tuple("amount_within_limit", 1L, List.of("pay-11")));
      // main and the quarantine table are where the first day left them; no staging branch left
      assertThat(mainSnapshot(spark, table)).isEqualTo(tableHead);
      assertThat(mainSnapshot(spark, quarantine)).isEqualTo(quarantineHead);
      assertThat(spark.table(table).count()).isEqualTo(2);
      assertThat(spark.table(table).where("paid_date = DATE'2026-11-03'").count()).isZero();
      assertThat(spark.table(quarantine).count()).isEqualTo(4);
      assertThat(refs(spark, table)).containsExactly("main");
      assertThat(refs(spark, quarantine)).containsExactly("main");
      // the history knows the day was refused and not published
      assertThat(
              spark
                  .sql(
                      "SELECT status, published FROM gridata.quality.results WHERE dataset = '"
                          + table
                          + "' AND run_id = 'shop-payments-2026-11-03'"
                          + " AND rule = 'amount_within_limit'")
                  .collectAsList())
          .extracting(r -> r.getString(0), r -> r.getBoolean(1))
          .containsExactly(tuple("FAILED", false));
    }
  }

  private static long mainSnapshot(SparkSession spark, String table) {
    return spark
        .sql("SELECT snapshot_id FROM " + table + ".refs WHERE name = 'main'")
        .first()
        .getLong(0);
  }

  private static List<String> refs(SparkSession spark, String table) {
    return spark.sql("SELECT name FROM " + table + ".refs").collectAsList().stream()
        .map((Row r) -> r.getString(0))
        .toList();
  }
}
