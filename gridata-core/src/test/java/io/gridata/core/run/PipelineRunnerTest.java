package io.gridata.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.http.LoopbackReceiver;
import io.gridata.core.retry.FastRetry;
import io.gridata.core.retry.RetryPolicy;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PipelineRunnerTest {
  private static final RetryPolicy FAST = FastRetry.attempts(3);

  @Test
  void stepsRunInOrderRetryTransientFaultsAndSeeEarlierOutputs() throws Exception {
    AtomicInteger processCalls = new AtomicInteger();
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put("sense", run -> Map.of("files", 2));
    steps.put(
        "process",
        run -> {
          if (processCalls.incrementAndGet() == 1) {
            throw new ConnectException("catalog refused the connection");
          }
          return Map.of(
              "rows_written",
              10,
              "files_seen",
              run.output("sense").get("files"),
              "logged_run",
              MDC.get(PipelineRunner.MDC_RUN_ID));
        });
    steps.put("publish", run -> null);

    RunSummary summary =
        PipelineRunner.builder("orders").retry(FAST).build().run(RunId.of("r1"), steps);

    assertThat(summary.succeeded()).isTrue();
    assertThat(summary.steps())
        .extracting(RunSummary.StepSummary::name, RunSummary.StepSummary::attempts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sense", 1),
            org.assertj.core.groups.Tuple.tuple("process", 2),
            org.assertj.core.groups.Tuple.tuple("publish", 1));
    assertThat(summary.step("process").output())
        .containsEntry("files_seen", 2)
        .containsEntry("logged_run", "r1");
    assertThat(MDC.get(PipelineRunner.MDC_RUN_ID)).as("cleared after the run").isNull();
    JsonNode json = new ObjectMapper().readTree(summary.toJson());
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("steps").get(1).get("output").get("rows_written").asInt()).isEqualTo(10);
    assertThat(json.get("steps").get(1).get("retries").asInt()).isEqualTo(1);
    assertThat(json.get("retries").asInt()).isEqualTo(1);
  }

  @Test
  void aStepWithItsOwnPolicyIsNotRetriedWhileTheOthersAre() {
    AtomicInteger senseCalls = new AtomicInteger();
    AtomicInteger ingestCalls = new AtomicInteger();
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put(
        "sense",
        run -> {
          if (senseCalls.incrementAndGet() < 3) {
            throw new ConnectException("no answer");
          }
          return Map.of();
        });
    steps.put(
        "ingest",
        run -> {
          ingestCalls.incrementAndGet();
          throw new ConnectException("no answer");
        });

    RunSummary summary =
        PipelineRunner.builder("orders")
            .retry(FAST)
            .retry("ingest", RetryPolicy.none())
            .build()
            .run(RunId.of("r3"), steps);

    assertThat(summary.step("sense").attempts()).isEqualTo(3);
    assertThat(summary.step("sense").retries()).isEqualTo(2);
    assertThat(summary.step("ingest").status()).isEqualTo(RunSummary.Status.FAILED);
    assertThat(ingestCalls).as("a transient fault, but this step runs once").hasValue(1);
    assertThat(summary.retries()).isEqualTo(2);
  }

  @Test
  void aFailingStepEndsTheRunSkipsTheRestAndAlerts() throws Exception {
    AtomicInteger publishCalls = new AtomicInteger();
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put("sense", run -> Map.of("files", 1));
    steps.put(
        "process",
        run -> {
          throw new IllegalStateException("the staging branch is gone");
        });
    steps.put(
        "publish",
        run -> {
          publishCalls.incrementAndGet();
          return Map.of();
        });

    RunSummary summary;
    try (LoopbackReceiver receiver = new LoopbackReceiver(204, null)) {
      summary =
          PipelineRunner.builder("orders")
              .retry(FAST)
              .alerts(
                  List.of(AlertSink.webhook(receiver.url("/alerts"), FAST, Duration.ofSeconds(5))))
              .build()
              .run(RunId.of("r2"), steps);

      JsonNode alert = new ObjectMapper().readTree(receiver.requests().get(0).body());
      assertThat(alert.get("level").asText()).isEqualTo("ERROR");
      assertThat(alert.get("title").asText()).isEqualTo("run r2 of orders failed");
      assertThat(alert.get("message").asText()).contains("process: the staging branch is gone");
      assertThat(alert.get("details").get("step").asText()).isEqualTo("process");
    }

    assertThat(summary.succeeded()).isFalse();
    assertThat(summary.step("process").status()).isEqualTo(RunSummary.Status.FAILED);
    assertThat(summary.step("process").attempts()).as("not transient: no retry").isEqualTo(1);
    assertThat(summary.step("process").error()).hasValue("the staging branch is gone");
    assertThat(summary.step("publish").status()).isEqualTo(RunSummary.Status.SKIPPED);
    assertThat(publishCalls).hasValue(0);
    assertThat(summary.alerts()).singleElement().satisfies(d -> assertThat(d.delivered()).isTrue());
  }
}
