package io.gridata.core.run;

import java.util.Map;

/** One named step of a pipeline run: does its work and reports its counts. */
@FunctionalInterface
public interface Step {
  /**
   * Runs the step once (the runner retries transient failures).
   *
   * @param run the run: its id and what earlier steps reported
   * @return named counts and values of the step ({@code rows_written}, {@code snapshot_id}, ...),
   *     kept in the run summary and visible to later steps
   * @throws Exception when the step fails; transient faults are retried, others end the run
   */
  Map<String, Object> run(RunContext run) throws Exception;
}
