package io.gridata.core.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gridata.core.GridataException;
import io.gridata.core.http.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run did: its status and every step's status, duration, attempts, output, error and typed
 * result ({@link #result(StepKey)}), plus the deliveries of the alert raised when it failed.
 *
 * @param pipeline the pipeline
 * @param runId the run
 * @param status SUCCEEDED when every step did, FAILED otherwise
 * @param startedAt when it started
 * @param duration how long it took
 * @param steps one per step, in order
 * @param alerts deliveries of the failure alert (empty when it succeeded or no sink is set)
 */
public record RunSummary(
    String pipeline,
    String runId,
    Status status,
    Instant startedAt,
    Duration duration,
    List<StepSummary> steps,
    List<Delivery> alerts) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A run's or a step's status. */
  public enum Status {
    /** Done without error. */
    SUCCEEDED,
    /** Ended by an error (after retries of transient faults). */
    FAILED,
    /** Not run, because an earlier step failed. */
    SKIPPED
  }

  /**
   * One step of the run.
   *
   * @param name the step
   * @param status how it ended
   * @param duration how long it took, retries included
   * @param attempts how many times it ran
   * @param output what it reported: its result's {@link StepResult#summary()} when it succeeded
   * @param error why it failed, if it did
   * @param result what it returned, when it succeeded (and did not return {@code null}); not part
   *     of {@link RunSummary#toJson()}
   */
  public record StepSummary(
      String name,
      Status status,
      Duration duration,
      int attempts,
      Map<String, Object> output,
      Optional<String> error,
      Optional<StepResult> result) {
    /** Validates and copies. */
    public StepSummary {
      requireNonNull(name, "name is null");
      requireNonNull(status, "status is null");
      requireNonNull(duration, "duration is null");
      output = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(output));
      requireNonNull(error, "error is null");
      requireNonNull(result, "result is null");
    }

    /** A step without a typed result (one that failed or was skipped). */
    public StepSummary(
        String name,
        Status status,
        Duration duration,
        int attempts,
        Map<String, Object> output,
        Optional<String> error) {
      this(name, status, duration, attempts, output, error, Optional.empty());
    }

    /** Attempts after the first: how often a transient fault made the runner run it again. */
    public int retries() {
      return Math.max(0, attempts - 1);
    }
  }

  /** Validates and copies. */
  public RunSummary {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(status, "status is null");
    steps = List.copyOf(steps);
    alerts = List.copyOf(alerts);
  }

  /** True when every step succeeded. */
  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }

  /** The summary of step {@code name}. */
  public StepSummary step(String name) {
    return steps.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new GridataException("Run %s has no step %s", runId, name));
  }

  /**
   * The result step {@code key} returned; empty when the run has no such step or the step failed,
   * was skipped or returned {@code null}.
   *
   * @throws IllegalArgumentException when the step returned something other than a {@code
   *     key.type()}
   */
  public <R extends StepResult> Optional<R> result(StepKey<R> key) {
    return steps.stream()
        .filter(s -> s.name().equals(key.name()))
        .findFirst()
        .flatMap(StepSummary::result)
        .map(key::cast);
  }

  /** Retried attempts of all steps. */
  public int retries() {
    return steps.stream().mapToInt(StepSummary::retries).sum();
  }

  /** The summary as indented JSON (durations in milliseconds). */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("pipeline", pipeline);
    root.put("runId", runId);
    root.put("status", status.name());
    root.put("startedAt", startedAt.toString());
    root.put("durationMillis", duration.toMillis());
    root.put("retries", retries());
    List<Map<String, Object>> stepList = new java.util.ArrayList<>();
    for (StepSummary step : steps) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", step.name());
      node.put("status", step.status().name());
      node.put("durationMillis", step.duration().toMillis());
      node.put("attempts", step.attempts());
      node.put("retries", step.retries());
      node.put("output", step.output());
      node.put("error", step.error().orElse(null));
      stepList.add(node);
    }
    root.put("steps", stepList);
    List<Map<String, Object>> alertList = new java.util.ArrayList<>();
    for (Delivery delivery : alerts) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("url", delivery.target());
      node.put("delivered", delivery.delivered());
      node.put("error", delivery.error().orElse(null));
      alertList.add(node);
    }
    root.put("alerts", alertList);
    try {
      return JSON.writeValueAsString(root);
    } catch (Exception e) {
      throw new GridataException(e, "Cannot write the summary of run %s as JSON", runId);
    }
  }
}
