package io.gridata.core.run;

import static java.util.Objects.requireNonNull;

import io.gridata.core.alert.Alert;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.http.Delivery;
import io.gridata.core.retry.Retrier;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.retry.TransientFaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a pipeline's named steps in order inside a Spark application (or any JVM): each step under
 * its retry policy (transient faults retried with exponential backoff; 3 attempts by default, or a
 * policy of its own), the run id in the SLF4J {@link MDC} under {@value #MDC_RUN_ID} for every log
 * line of the run, and a failure path: the first step that fails ends the run, the later steps are
 * skipped, an error alert goes to the alert sinks, and the data stays where the steps left it
 * (rejected files, quarantine, unpublished branches). Not a scheduler: call it from Airflow ({@code
 * spark-submit}), a Kubernetes SparkApplication or cron, and exit non-zero when {@link
 * RunSummary#succeeded()} is false.
 *
 * <p>Each step returns a typed {@link StepResult}; a later step reads an earlier one's through the
 * {@link StepKey} it was added under ({@link RunContext#result(StepKey)}), the caller through the
 * {@link RunSummary} ({@link RunSummary#result(StepKey)}), and the result's {@link
 * StepResult#summary()} is the step's output in the summary JSON.
 *
 * <pre>{@code
 * record Processed(long rowsWritten) implements StepResult {
 *   public Map<String, Object> summary() {
 *     return Map.of("rows_written", rowsWritten);
 *   }
 * }
 * StepKey<Processed> process = StepKey.of("process", Processed.class);
 *
 * PipelineRunner runner = PipelineRunner.builder("ecommerce_orders").alerts(sinks).build();
 * Steps steps =
 *     new Steps()
 *         .add(process, run -> new Processed(job.run(day, run.runId()).rowsWritten()))
 *         .add("trigger", run -> StepResult.of(Map.of("delivered", trigger.send(event(run)).size())));
 * RunSummary summary = runner.run(RunId.of("orders-" + day), steps);
 * Files.writeString(Path.of("summary.json"), summary.toJson());
 * }</pre>
 */
public final class PipelineRunner {
  /** The MDC key of the run id. */
  public static final String MDC_RUN_ID = "gridata.run_id";

  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

  private final String pipeline;
  private final RetryPolicy retry;
  private final Predicate<Throwable> transientFault;
  private final Map<String, RetryPolicy> stepRetries;
  private final List<AlertSink> alerts;
  private final Clock clock;

  private PipelineRunner(Builder builder) {
    this.pipeline = builder.pipeline;
    this.retry = builder.retry;
    this.transientFault = builder.transientFault;
    this.stepRetries = Map.copyOf(builder.stepRetries);
    this.alerts = List.copyOf(builder.alerts);
    this.clock = builder.clock;
  }

  /** A runner for {@code pipeline}: default retry policy, no alerts, UTC clock. */
  public static Builder builder(String pipeline) {
    return new Builder(pipeline);
  }

  /**
   * Runs {@code steps} (in the order they were added) as run {@code runId}. Never throws for a
   * step.
   */
  public RunSummary run(RunId runId, Steps steps) {
    requireNonNull(runId, "runId is null");
    requireNonNull(steps, "steps is null");
    Instant started = clock.instant();
    RunContext context = new RunContext(pipeline, runId, started);
    List<RunSummary.StepSummary> summaries = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    String previous = MDC.get(MDC_RUN_ID);
    MDC.put(MDC_RUN_ID, runId.value());
    try {
      for (Steps.Entry<?> entry : steps.entries()) {
        String name = entry.key().name();
        if (failure.isPresent()) {
          summaries.add(
              new RunSummary.StepSummary(
                  name, RunSummary.Status.SKIPPED, Duration.ZERO, 0, Map.of(), Optional.empty()));
          continue;
        }
        RunSummary.StepSummary summary = runStep(context, name, entry.step());
        summaries.add(summary);
        if (summary.status() == RunSummary.Status.FAILED) {
          failure = Optional.of(name + ": " + summary.error().orElse(""));
        }
      }
    } finally {
      if (previous == null) {
        MDC.remove(MDC_RUN_ID);
      } else {
        MDC.put(MDC_RUN_ID, previous);
      }
    }
    List<Delivery> deliveries = new ArrayList<>();
    if (failure.isPresent()) {
      Alert alert =
          new Alert(
              Alert.Level.ERROR,
              "run " + runId + " of " + pipeline + " failed",
              failure.get(),
              pipeline,
              runId.value(),
              Map.of("step", failure.get().substring(0, failure.get().indexOf(':'))),
              clock.instant());
      alerts.forEach(sink -> deliveries.add(sink.send(alert)));
    }
    return new RunSummary(
        pipeline,
        runId.value(),
        failure.isPresent() ? RunSummary.Status.FAILED : RunSummary.Status.SUCCEEDED,
        started,
        Duration.between(started, clock.instant()),
        summaries,
        deliveries);
  }

  private RunSummary.StepSummary runStep(RunContext context, String name, Step<?> step) {
    Instant start = clock.instant();
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<Optional<StepResult>> result = new AtomicReference<>(Optional.empty());
    AtomicReference<Map<String, Object>> output = new AtomicReference<>(Map.of());
    try {
      new Retrier(stepRetries.getOrDefault(name, retry), transientFault)
          .run(
              "step " + name + " of run " + context.runId(),
              () -> {
                attempts.incrementAndGet();
                Optional<StepResult> returned = Optional.ofNullable(step.run(context));
                // the summary as it is now, in its order: the output of the step that worked
                Map<String, Object> summary = returned.map(StepResult::summary).orElse(null);
                result.set(returned);
                output.set(summary == null ? Map.of() : new LinkedHashMap<>(summary));
              });
      result.get().ifPresent(r -> context.record(name, r));
      LOG.info("Step {} of run {} done in {} attempt(s)", name, context.runId(), attempts.get());
      return new RunSummary.StepSummary(
          name,
          RunSummary.Status.SUCCEEDED,
          Duration.between(start, clock.instant()),
          attempts.get(),
          output.get(),
          Optional.empty(),
          result.get());
    } catch (RuntimeException e) {
      // the Retrier wraps what the step threw: report the step's own failure
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.error("Step {} of run {} failed: {}", name, context.runId(), cause.toString());
      return new RunSummary.StepSummary(
          name,
          RunSummary.Status.FAILED,
          Duration.between(start, clock.instant()),
          attempts.get(),
          Map.of(),
          Optional.of(String.valueOf(cause.getMessage())));
    }
  }

  /** Options of a {@link PipelineRunner}. */
  public static final class Builder {
    private final String pipeline;
    private RetryPolicy retry = RetryPolicy.defaults();
    private Predicate<Throwable> transientFault = TransientFaults::isTransient;
    private final Map<String, RetryPolicy> stepRetries = new LinkedHashMap<>();
    private List<AlertSink> alerts = List.of();
    private Clock clock = Clock.systemUTC();

    private Builder(String pipeline) {
      this.pipeline = requireNonNull(pipeline, "pipeline is null");
    }

    /** Retries of each step (default {@link RetryPolicy#defaults()}: transient faults only). */
    public Builder retry(RetryPolicy value) {
      this.retry = requireNonNull(value, "retry is null");
      return this;
    }

    /**
     * Which step failures are retried (default {@link TransientFaults#isTransient}: a transient
     * {@code StorageException} and client I/O faults). A pipeline whose steps call S3 or another
     * service directly passes that service's classifier, e.g. gridata-rawzone's {@code
     * S3Faults::isTransient}.
     */
    public Builder transientFaults(Predicate<Throwable> value) {
      this.transientFault = requireNonNull(value, "transientFaults is null");
      return this;
    }

    /**
     * Retries of step {@code step} instead of {@link #retry}: e.g. {@link RetryPolicy#none()} for a
     * step whose parts retry their own transient faults and that must not run twice as a whole.
     */
    public Builder retry(String step, RetryPolicy value) {
      stepRetries.put(requireNonNull(step, "step is null"), requireNonNull(value, "retry is null"));
      return this;
    }

    /** Where the failure alert goes (default nowhere). */
    public Builder alerts(List<AlertSink> value) {
      this.alerts = List.copyOf(requireNonNull(value, "alerts is null"));
      return this;
    }

    /** Source of the run's times (default UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock is null");
      return this;
    }

    /** The runner. */
    public PipelineRunner build() {
      return new PipelineRunner(this);
    }
  }
}
