package io.gridata.core.run;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step knows about its run: the pipeline, the run id, when it started, and what the earlier
 * steps reported, by step name.
 */
public final class RunContext {
  private final String pipeline;
  private final RunId runId;
  private final Instant startedAt;
  private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();

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

  /** What step {@code step} reported; empty if it has not run (yet). */
  public Map<String, Object> output(String step) {
    return Collections.unmodifiableMap(outputs.getOrDefault(step, Map.of()));
  }

  void record(String step, Map<String, Object> output) {
    outputs.put(step, new LinkedHashMap<>(output));
  }
}
