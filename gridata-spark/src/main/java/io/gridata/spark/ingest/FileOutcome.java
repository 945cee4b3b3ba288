package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.rawzone.RawKey;
import java.util.Optional;

/**
 * What an ingestion job did with one raw file.
 *
 * @param key the file in the raw zone
 * @param status accepted for reading, rejected (moved to {@code raw/rejected/}), gone, not settled
 *     yet, changed while it was read, or a byte-for-byte copy of another file of the day
 * @param sha256 its SHA-256 when it was read
 * @param reason why it was rejected or skipped, and what happens next ("" when accepted)
 */
public record FileOutcome(RawKey key, Status status, Optional<String> sha256, String reason) {

  /** Where a file ended. */
  public enum Status {
    /** Passed validation and was handed to Spark (or skipped as already ingested). */
    ACCEPTED,
    /** Failed a check and was moved to {@code raw/rejected/} with a manifest. */
    REJECTED,
    /** Disappeared between listing and validation (another process moved it). */
    VANISHED,
    /**
     * Modified less than the settle time ago and without a {@code .sha256} sidecar marking it
     * complete: probably still being written. Left in place, untouched; a later run takes it.
     */
    UNSETTLED,
    /**
     * Its bytes changed between validation and the end of the read (still being written, or
     * overwritten): nothing of it was published; left in place for a later run.
     */
    CHANGED,
    /**
     * The same bytes (SHA-256) as another file of the day, which was ingested instead: its rows are
     * not read a second time. Left in place; the reason names the other file.
     */
    DUPLICATE
  }

  /** Validates. */
  public FileOutcome {
    requireNonNull(key, "key is null");
    requireNonNull(status, "status is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(reason, "reason is null");
  }
}
