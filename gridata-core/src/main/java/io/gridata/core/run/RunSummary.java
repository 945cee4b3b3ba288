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
 * What a run did: its status and every step's status, duration, attempts, output and error, plus
 * the deliveries of the alert raised when it failed.
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
   * @param output what it reported
   * @param error why it failed, if it did
   */
  public record StepSummary(
      String name,
      Status status,
      Duration duration,
      int attempts,
      Map<String, Object> output,
      Optional<String> error) {
    /** Validates and copies. */
    public StepSummary {
      requireNonNull(name, "name is null");
      requireNonNull(status, "status is null");
      requireNonNull(duration, "duration is null");
      output = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(output));
      requireNonNull(error, "error is null");
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
