package io.gridata.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.gridata.core.run.RunSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMetricsTest {
  @Test
  void countsAndDurationsComeOutInPrometheusText(@TempDir Path dir) throws Exception {
    RunMetrics metrics = RunMetrics.prometheus("ecommerce_orders");
    metrics.rows("read", 1000);
    metrics.rows("written", 980);
    metrics.rows("written", 5);
    metrics.files("rejected", 1);
    metrics.qualityRuleFailures("warn", 2);
    metrics.step("process", Duration.ofMillis(1500), true);

    String text = metrics.scrape();

    assertThat(text)
        .contains("gridata_rows_total{kind=\"read\",pipeline=\"ecommerce_orders\"} 1000.0")
        .contains("gridata_rows_total{kind=\"written\",pipeline=\"ecommerce_orders\"} 985.0")
        .contains("gridata_files_total{pipeline=\"ecommerce_orders\",status=\"rejected\"} 1.0")
        .contains(
            "gridata_quality_rule_failures_total{pipeline=\"ecommerce_orders\",severity=\"warn\"}"
                + " 2.0")
        .contains(
            "gridata_step_duration_seconds_sum{outcome=\"success\",pipeline=\"ecommerce_orders\","
                + "step=\"process\"} 1.5");
    metrics.writeTo(dir.resolve("orders.prom"));
    assertThat(Files.readString(dir.resolve("orders.prom"))).isEqualTo(metrics.scrape());

    HttpServer server = metrics.serve(new InetSocketAddress("127.0.0.1", 0));
    try {
      HttpResponse<String> scraped =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("gridata_rows_total{kind=\"read\"");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRunSummaryGivesStepDurationsAndRetriesButNotSkippedSteps() {
    RunMetrics metrics = RunMetrics.prometheus("ecommerce_orders");
    RunSummary summary =
        new RunSummary(
            "ecommerce_orders",
            "r1",
            RunSummary.Status.FAILED,
            Instant.EPOCH,
            Duration.ofSeconds(4),
            List.of(
                step("sense", RunSummary.Status.SUCCEEDED, 3),
                step("ingest", RunSummary.Status.FAILED, 1),
                step("trigger", RunSummary.Status.SKIPPED, 0)),
            List.of());

    metrics.steps(summary);
    metrics.run("failed");

    assertThat(metrics.scrape())
        .contains("gridata_step_retries_total{pipeline=\"ecommerce_orders\",step=\"sense\"} 2.0")
        .contains("gridata_step_retries_total{pipeline=\"ecommerce_orders\",step=\"ingest\"} 0.0")
        .contains(
            "gridata_step_duration_seconds_count{outcome=\"failure\",pipeline=\"ecommerce_orders\","
                + "step=\"ingest\"} 1")
        .contains("gridata_runs_total{outcome=\"failed\",pipeline=\"ecommerce_orders\"} 1.0")
        .doesNotContain("step=\"trigger\"");
  }

  private static RunSummary.StepSummary step(String name, RunSummary.Status status, int attempts) {
    return new RunSummary.StepSummary(
        name, status, Duration.ofSeconds(1), attempts, Map.of(), Optional.empty());
  }

  @Test
  void anApplicationsOwnRegistryGetsTheMetersButNoPrometheusText() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RunMetrics metrics = new RunMetrics(registry, "p");
    metrics.rows("read", 7);

    assertThat(registry.get("gridata.rows").tag("kind", "read").counter().count()).isEqualTo(7.0);
    assertThatThrownBy(metrics::scrape)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SimpleMeterRegistry");
  }
}
