package io.gridata.core.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * Something a person should know about a run.
 *
 * @param level {@link Level#ERROR} for a failed run, {@link Level#WARNING} for a rejected file or a
 *     failed warn-level rule
 * @param title one short line ({@code "quality gate refused run r-42"})
 * @param message what happened and what to do, a few lines at most
 * @param pipeline the pipeline ({@code ecommerce_orders})
 * @param runId the run
 * @param details named values (table, file, rule, observed, threshold, ...)
 * @param at when it happened
 */
public record Alert(
    Level level,
    String title,
    String message,
    String pipeline,
    String runId,
    Map<String, String> details,
    Instant at) {
  /** How bad it is. */
  public enum Level {
    /** The run failed. */
    ERROR,
    /** The run went on, but something was set aside or looked wrong. */
    WARNING
  }

  /** Validates and copies. */
  public Alert {
    requireNonNull(level, "level is null");
    requireNonNull(title, "title is null");
    requireNonNull(message, "message is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(runId, "runId is null");
    details = Map.copyOf(requireNonNull(details, "details is null"));
    requireNonNull(at, "at is null");
  }
}
