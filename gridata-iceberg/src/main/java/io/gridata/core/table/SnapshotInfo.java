package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;

/**
 * One Iceberg snapshot as Gridata reports it.
 *
 * @param snapshotId the snapshot id
 * @param parentId the parent snapshot id, or {@code null} for the first snapshot of a table
 * @param committedAt when the snapshot was committed
 * @param operation Iceberg's operation name ({@code append}, {@code overwrite}, {@code replace},
 *     {@code delete}), or {@code null} when the writer did not record one
 * @param runId the Gridata run id ({@link SnapshotSummaryKeys#RUN_ID}), or {@code null} for
 *     snapshots not written by Gridata
 * @param addedRecords records added by this snapshot ({@code added-records}), 0 when not recorded
 * @param totalRecords records in the table at this snapshot ({@code total-records}), -1 when not
 *     recorded
 * @param summary the whole snapshot summary, unmodifiable
 */
public record SnapshotInfo(
    long snapshotId,
    Long parentId,
    Instant committedAt,
    String operation,
    String runId,
    long addedRecords,
    long totalRecords,
    Map<String, String> summary) {

  /** Validates and copies the summary. */
  public SnapshotInfo {
    requireNonNull(committedAt, "committedAt is null");
    summary = Map.copyOf(requireNonNull(summary, "summary is null"));
  }

  /** Describes {@code snapshot}. */
  public static SnapshotInfo of(Snapshot snapshot) {
    requireNonNull(snapshot, "snapshot is null");
    Map<String, String> summary = snapshot.summary() != null ? snapshot.summary() : Map.of();
    return new SnapshotInfo(
        snapshot.snapshotId(),
        snapshot.parentId(),
        Instant.ofEpochMilli(snapshot.timestampMillis()),
        snapshot.operation(),
        summary.get(SnapshotSummaryKeys.RUN_ID),
        parseLong(summary.get(SnapshotSummary.ADDED_RECORDS_PROP), 0L),
        parseLong(summary.get(SnapshotSummary.TOTAL_RECORDS_PROP), -1L),
        summary);
  }

  /** The Gridata run id, if this snapshot carries one. */
  public Optional<String> gridataRunId() {
    return Optional.ofNullable(runId);
  }

  private static long parseLong(String value, long absent) {
    if (value == null) {
      return absent;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException notANumber) {
      return absent;
    }
  }
}
