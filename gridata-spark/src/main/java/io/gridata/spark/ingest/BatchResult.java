package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.ingest.BatchCounts;
import java.time.Duration;
import java.util.Optional;

/**
 * What one ingestion batch did. Invariant for a processed batch: {@code rowsRead == rowsWritten +
 * rowsQuarantined + duplicatesDropped}.
 *
 * @param runId the run
 * @param outcome how the batch ended
 * @param filesRead files whose rows were read (files already ingested are skipped)
 * @param rowsRead records read from those files
 * @param rowsWritten rows staged into the target table
 * @param rowsQuarantined rows staged into the quarantine table, each with reasons
 * @param duplicatesDropped valid rows dropped because a later row had the same key
 * @param branch the staging branch used
 * @param publishedSnapshotId the snapshot {@code main} points at after publishing, if published
 * @param elapsed wall time of the batch
 */
public record BatchResult(
    String runId,
    Outcome outcome,
    int filesRead,
    long rowsRead,
    long rowsWritten,
    long rowsQuarantined,
    long duplicatesDropped,
    String branch,
    Optional<Long> publishedSnapshotId,
    Duration elapsed) {

  /** How a batch ended. */
  public enum Outcome {
    /** Rows were staged, audited and published to {@code main}. */
    PUBLISHED,
    /** The audit refused the staged rows: branches dropped, {@code main} untouched. */
    AUDIT_FAILED,
    /** Every input file was already committed by an earlier run: nothing written. */
    ALREADY_INGESTED
  }

  /** Validates. */
  public BatchResult {
    requireNonNull(runId, "runId is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(branch, "branch is null");
    requireNonNull(publishedSnapshotId, "publishedSnapshotId is null");
    requireNonNull(elapsed, "elapsed is null");
  }

  /** True when every row read is accounted for as written, quarantined or duplicate. */
  public boolean reconciles() {
    return counts().reconciles();
  }

  /** The batch's row counts. */
  public BatchCounts counts() {
    return new BatchCounts(rowsRead, rowsWritten, rowsQuarantined, duplicatesDropped);
  }
}
