package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One execution of a job, published as a DataHub {@code dataProcessInstance} with a start event
 * and, once finished, an end event carrying the result, attempt and duration.
 *
 * @param id the run id (unique per job), e.g. the pipeline's run id
 * @param start when it started
 * @param end when it finished, or {@code null} while running
 * @param status the result, or {@code null} while running
 * @param attempt 1 for the first attempt, 2 for the first retry, ...
 * @param properties custom properties (row counts, snapshot ids, ...)
 */
public record Run(
    String id,
    Instant start,
    Instant end,
    RunStatus status,
    int attempt,
    Map<String, String> properties) {

  /** Validates the parts. */
  public Run {
    requireNonNull(id, "id is null");
    requireNonNull(start, "start is null");
    properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    if (id.isBlank()) {
      throw new IllegalArgumentException("Invalid run: blank id");
    }
    if ((end == null) != (status == null)) {
      throw new IllegalArgumentException(
          "Invalid run "
              + id
              + ": a finished run needs both end and status, a running one neither");
    }
    if (end != null && end.isBefore(start)) {
      throw new IllegalArgumentException(
          "Invalid run " + id + ": end " + end + " is before start " + start);
    }
    if (attempt < 1) {
      throw new IllegalArgumentException(
          "Invalid run " + id + ": attempt " + attempt + " (the first attempt is 1)");
    }
  }

  /** A run that started at {@code start} and has not finished. */
  public static Run started(String id, Instant start) {
    return new Run(id, start, null, null, 1, Map.of());
  }

  /** A finished run. */
  public static Run finished(String id, Instant start, Instant end, RunStatus status) {
    return new Run(id, start, requireNonNull(end, "end is null"), status, 1, Map.of());
  }

  /** A copy finished at {@code newEnd} with {@code newStatus}. */
  public Run finish(Instant newEnd, RunStatus newStatus) {
    return new Run(
        id, start, requireNonNull(newEnd, "end is null"), newStatus, attempt, properties);
  }

  /** A copy with {@code newAttempt}. */
  public Run withAttempt(int newAttempt) {
    return new Run(id, start, end, status, newAttempt, properties);
  }

  /** A copy with {@code newProperties}. */
  public Run withProperties(Map<String, String> newProperties) {
    return new Run(id, start, end, status, attempt, newProperties);
  }

  /** Whether the run has finished. */
  public boolean finished() {
    return end != null;
  }

  /** How long the run took, if finished. */
  public Optional<Duration> duration() {
    return end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
  }
}
