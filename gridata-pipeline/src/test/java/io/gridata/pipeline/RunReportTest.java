package io.gridata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.http.Delivery;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.run.RunSummary;
import io.gridata.quality.QualityReport;
import io.gridata.quality.RuleResult;
import io.gridata.quality.RuleStatus;
import io.gridata.quality.Severity;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunReportTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 9);

  @Test
  void aRefusedRunShowsWhyTheLineageAndTheDeliveriesInOneSelfContainedPage() {
    IngestJobResult result =
        new IngestJobResult(
            "bad-day",
            RawPartition.of("ecommerce", "orders", DAY),
            List.of(
                new FileOutcome(
                    RawKey.of("ecommerce", "orders", DAY, "orders-web.csv"),
                    FileOutcome.Status.ACCEPTED,
                    Optional.of("ab12"),
                    ""),
                new FileOutcome(
                    RawKey.of("ecommerce", "orders", DAY, "partner.csv"),
                    FileOutcome.Status.REJECTED,
                    Optional.empty(),
                    "schema: missing required columns [order_id] <header>")),
            Optional.of(
                new BatchResult(
                    "bad-day",
                    BatchResult.Outcome.AUDIT_FAILED,
                    1,
                    100,
                    80,
                    20,
                    0,
                    "gridata-run-bad-day",
                    Optional.empty(),
                    Duration.ofSeconds(3))),
            Duration.ofMillis(20),
            Duration.ofSeconds(4));
    QualityReport quality =
        new QualityReport(
            "orders",
            80,
            2,
            List.of(
                new RuleResult(
                    "quarantined_at_most_5pct",
                    "batch_ratio",
                    Severity.ERROR,
                    RuleStatus.FAILED,
                    0.2,
                    "rows_quarantined / rows_read <= 0.05",
                    0,
                    List.of(),
                    "rows_quarantined 20 of rows_read 100 (20.00%)")));
    List<Delivery> alerts =
        List.of(
            new Delivery(
                URI.create("https://ops:pw@alerts.example.com/hook/T00/SECRET?token=abc"),
                204,
                1,
                Optional.empty()));

    RunSummary steps =
        new RunSummary(
            "ecommerce_orders",
            "bad-day",
            RunSummary.Status.SUCCEEDED,
            Instant.parse("2026-11-09T06:00:00Z"),
            Duration.ofSeconds(5),
            List.of(
                new RunSummary.StepSummary(
                    "ingest",
                    RunSummary.Status.SUCCEEDED,
                    Duration.ofMillis(4200),
                    1,
                    Map.of("rows_read", 100),
                    Optional.empty()),
                new RunSummary.StepSummary(
                    "lineage",
                    RunSummary.Status.SUCCEEDED,
                    Duration.ofMillis(300),
                    2,
                    Map.of("published", true),
                    Optional.empty())),
            List.of());

    String html =
        new RunReport(
                result,
                Optional.of(steps),
                "gridata.ecommerce.orders",
                Optional.of(quality),
                List.of(),
                alerts)
            .html();

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("Refused by the quality gate: gridata.ecommerce.orders unchanged")
        .contains("100 read, 80 written, 20 quarantined")
        .contains("<svg", "raw/ecommerce/orders/2026-11-09", "load_orders (bad-day)")
        .contains("gridata.ecommerce.orders_quarantine")
        .contains("<tr class=\"REJECTED\"><td>raw/ecommerce/orders/2026-11-09/partner.csv</td>")
        .contains("[order_id] &lt;header&gt;")
        .contains("quarantined_at_most_5pct", "0.200000", "rows_quarantined / rows_read &lt;= 0.05")
        .contains("<h2>Alerts</h2>", "https://alerts.example.com/hook/...?...")
        .contains("<h2>Steps: succeeded in 5.0 s</h2>")
        .contains(
            "<tr class=\"SUCCEEDED\"><td>lineage</td><td>SUCCEEDED</td><td>2</td><td>0.3 s</td>");
    assertThat(html).doesNotContain("<script", "<link", "src=", "<header>");
    assertThat(html).as("webhook secrets").doesNotContain("SECRET", "token", "pw@");
  }
}
