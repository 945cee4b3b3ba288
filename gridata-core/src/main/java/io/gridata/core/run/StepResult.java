package io.gridata.core.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step returns: a typed value of the step's own (usually a record) that later steps read
 * with {@link RunContext#result(StepKey)} and the caller with {@link RunSummary#result(StepKey)},
 * and its {@link #summary()} for the run summary.
 *
 * <pre>{@code
 * record Sensed(int files, Duration waited) implements StepResult {
 *   public Map<String, Object> summary() {
 *     Map<String, Object> summary = new LinkedHashMap<>(); // in the order the JSON shows them
 *     summary.put("files", files);
 *     summary.put("waited_ms", waited.toMillis());
 *     return summary;
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StepResult {
  /**
   * The step's named counts and values ({@code rows_written}, {@code snapshot_id}, ...), in the
   * order the summary JSON shows them: the runner copies them into {@link
   * RunSummary.StepSummary#output()} when the step is done.
   */
  Map<String, Object> summary();

  /**
   * A result that is only its summary: for a step no later step reads anything typed from.
   *
   * @param summary the step's counts and values, copied in their iteration order
   */
  static StepResult of(Map<String, ?> summary) {
    Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    return () -> copy;
  }
}
