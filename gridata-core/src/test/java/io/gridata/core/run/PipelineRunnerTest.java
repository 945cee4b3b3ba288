package io.gridata.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.http.LoopbackReceiver;
import io.gridata.core.retry.FastRetry;
import io.gridata.core.retry.RetryPolicy;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PipelineRunnerTest {
  private static final RetryPolicy FAST = FastRetry.attempts(3);

  /** The sense step's result: how many files it saw. */
  record Sensed(int files) implements StepResult {
    @Override
    public Map<String, Object> summary() {
      return Map.of("files", files);
    }
  }

  /** The process step's result. */
  record Processed(long rowsWritten, int filesSeen, String loggedRun) implements StepResult {
    @Override
    public Map<String, Object> summary() {
      // a LinkedHashMap: the summary JSON keeps this order
      Map<String, Object> summary = new java.util.LinkedHashMap<>();
      summary.put("rows_written", rowsWritten);
      summary.put("files_seen", filesSeen);
      summary.put("logged_run", loggedRun);
      return summary;
    }
  }

  private static final StepKey<Sensed> SENSE = StepKey.of("sense", Sensed.class);
  private static final StepKey<Processed> PROCESS = StepKey.of("process", Processed.class);

  @Test
  void stepsRunInOrderRetryTransientFaultsAndSeeEarlierResults() throws Exception {
    AtomicInteger processCalls = new AtomicInteger();
    Steps steps =
        new Steps()
            .add(SENSE, run -> new Sensed(2))
            .add(
                PROCESS,
                run -> {
                  if (processCalls.incrementAndGet() == 1) {
                    throw new ConnectException("catalog refused the connection");
                  }
                  return new Processed(
                      10,
                      run.result(SENSE).orElseThrow().files(),
                      MDC.get(PipelineRunner.MDC_RUN_ID));
                })
            .add("publish", run -> null);

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
        .containsExactly(
            Map.entry("rows_written", 10L),
            Map.entry("files_seen", 2),
            Map.entry("logged_run", "r1"));
    assertThat(summary.result(PROCESS)).hasValue(new Processed(10, 2, "r1"));
    assertThat(summary.step("publish").output()).as("a step that returned null").isEmpty();
    assertThat(summary.step("publish").result()).isEmpty();
    assertThat(MDC.get(PipelineRunner.MDC_RUN_ID)).as("cleared after the run").isNull();
    JsonNode json = new ObjectMapper().readTree(summary.toJson());
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("steps").get(1).get("output").get("rows_written").asInt()).isEqualTo(10);
    assertThat(json.get("steps").get(1).get("output").fieldNames())
        .toIterable()
        .as("the result's summary, in its order")
        .containsExactly("rows_written", "files_seen", "logged_run");
    assertThat(json.get("steps").get(2).get("output").isEmpty()).isTrue();
    assertThat(json.get("steps").get(1).get("retries").asInt()).isEqualTo(1);
    assertThat(json.get("retries").asInt()).isEqualTo(1);
  }

  @Test
  void aStepWithItsOwnPolicyIsNotRetriedWhileTheOthersAre() {
    AtomicInteger senseCalls = new AtomicInteger();
    AtomicInteger ingestCalls = new AtomicInteger();
    Steps steps =
        new Steps()
            .add(
                "sense",
                run -> {
                  if (senseCalls.incrementAndGet() < 3) {
                    throw new ConnectException("no answer");
                  }
                  return StepResult.of(Map.of());
                })
            .add(
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
    Steps steps =
        new Steps()
            .add(SENSE, run -> new Sensed(1))
            .add(
                PROCESS,
                run -> {
                  throw new IllegalStateException("the staging branch is gone");
                })
            .add(
                "publish",
                run -> {
                  publishCalls.incrementAndGet();
                  return StepResult.of(Map.of());
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
    assertThat(summary.result(SENSE)).hasValue(new Sensed(1));
    assertThat(summary.result(PROCESS)).as("failed: no result").isEmpty();
    assertThat(summary.step("process").output()).isEmpty();
    assertThat(summary.step("publish").result()).as("skipped").isEmpty();
  }

  @Test
  void aStepSeesOnlyTheResultsOfStepsThatRanBeforeIt() {
    AtomicReference<Optional<Processed>> processSeenBySense = new AtomicReference<>();
    AtomicReference<Optional<Sensed>> sensedSeenByProcess = new AtomicReference<>();
    Steps steps =
        new Steps()
            .add(
                SENSE,
                run -> {
                  processSeenBySense.set(run.result(PROCESS));
                  return new Sensed(3);
                })
            .add(
                PROCESS,
                run -> {
                  sensedSeenByProcess.set(run.result(SENSE));
                  return new Processed(0, 0, "");
                });

    RunSummary summary =
        PipelineRunner.builder("orders").retry(FAST).build().run(RunId.of("r4"), steps);

    assertThat(processSeenBySense.get()).as("not run yet").isEmpty();
    assertThat(sensedSeenByProcess.get()).hasValue(new Sensed(3));
    assertThat(summary.result(StepKey.of("publish", StepResult.class)))
        .as("not a step of the run")
        .isEmpty();
    assertThat(summary.result(StepKey.of("sense", StepResult.class)))
        .as("any result is a StepResult")
        .hasValue(new Sensed(3));
    assertThatThrownBy(() -> summary.result(StepKey.of("sense", Processed.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Step sense returned a")
        .hasMessageContaining("Sensed, not a");
  }

  @Test
  void aStepNameIsAddedOnce() {
    Steps steps = new Steps().add(SENSE, run -> new Sensed(1));

    assertThatThrownBy(() -> steps.add("sense", run -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Step sense was added twice");
    assertThat(steps.names()).containsExactly("sense");
  }

  @Test
  void aPipelineNamesWhichFailuresItsStepsRetry() {
    class ServiceBusy extends RuntimeException {
      ServiceBusy() {
        super("503 from the catalog's store");
      }
    }
    AtomicInteger calls = new AtomicInteger();
    Steps steps =
        new Steps()
            .add(
                "publish",
                run -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new ServiceBusy();
                  }
                  return null;
                });

    RunSummary byDefault =
        PipelineRunner.builder("orders").retry(FAST).build().run(RunId.of("r1"), steps);
    assertThat(byDefault.step("publish").attempts())
        .as("not a fault the default classifier knows")
        .isEqualTo(1);
    assertThat(byDefault.succeeded()).isFalse();

    calls.set(0);
    RunSummary withClassifier =
        PipelineRunner.builder("orders")
            .retry(FAST)
            .transientFaults(e -> e instanceof ServiceBusy)
            .build()
            .run(RunId.of("r2"), steps);
    assertThat(withClassifier.step("publish").attempts()).isEqualTo(2);
    assertThat(withClassifier.succeeded()).isTrue();
  }
}
