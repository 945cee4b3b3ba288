package io.gridata.core.trigger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * What downstream consumers are told when a run published a table: which table, the snapshot that
 * now holds the data, the run, its row counts and when it was published. Sent as JSON: {@code
 * {"table", "snapshotId", "runId", "counts" (sorted by name), "at" (ISO-8601)}}.
 *
 * @param table the table's name ({@code gridata.ecommerce.orders})
 * @param snapshotId the snapshot {@code main} points at after the run
 * @param runId the run that published it
 * @param counts named row counts ({@code rows_written}, {@code rows_quarantined}, ...)
 * @param at when the run published
 */
public record TriggerEvent(
    String table, long snapshotId, String runId, Map<String, Long> counts, Instant at) {
  /** Validates and copies. */
  public TriggerEvent {
    requireNonNull(table, "table is null");
    requireNonNull(runId, "runId is null");
    counts = Map.copyOf(requireNonNull(counts, "counts is null"));
    requireNonNull(at, "at is null");
  }
}
