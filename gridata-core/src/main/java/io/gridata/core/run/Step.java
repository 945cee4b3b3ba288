package io.gridata.core.run;

/**
 * One step of a pipeline run: does its work and returns its typed result.
 *
 * @param <R> the step's result
 */
@FunctionalInterface
public interface Step<R extends StepResult> {
  /**
   * Runs the step once (the runner retries transient failures).
   *
   * @param run the run: its id and the results of the earlier steps ({@link
   *     RunContext#result(StepKey)})
   * @return the step's result: visible to later steps and in the {@link RunSummary}, its {@link
   *     StepResult#summary()} the step's output in the summary; {@code null} for a step with
   *     nothing to report (an empty output, no result)
   * @throws Exception when the step fails; transient faults are retried, others end the run
   */
  R run(RunContext run) throws Exception;
}
