package io.gridata.core.run;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a step knows about its run: the pipeline, the run id, when it started, and the typed results
 * of the earlier steps ({@link #result(StepKey)}).
 */
public final class RunContext {
  private final String pipeline;
  private final RunId runId;
  private final Instant startedAt;
  private final Map<String, StepResult> results = new HashMap<>();

  RunContext(String pipeline, RunId runId, Instant startedAt) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.runId = requireNonNull(runId, "runId is null");
    this.startedAt = requireNonNull(startedAt, "startedAt is null");
  }

  /** The pipeline's name. */
  public String pipeline() {
    return pipeline;
  }

  /** The run's id. */
  public RunId runId() {
    return runId;
  }

  /** When the run started. */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * The result of step {@code key}; empty when it has not run (yet), is not one of the run's steps
   * or returned {@code null}. A step only runs when every step before it succeeded.
   *
   * @throws IllegalArgumentException when the step returned something other than a {@code
   *     key.type()}: {@code key} is not the key the step was added under
   */
  public <R extends StepResult> Optional<R> result(StepKey<R> key) {
    return Optional.ofNullable(results.get(key.name())).map(key::cast);
  }

  void record(String step, StepResult result) {
    results.put(step, result);
  }
}
