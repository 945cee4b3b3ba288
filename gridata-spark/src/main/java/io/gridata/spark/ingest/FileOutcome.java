package io.gridata.spark.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.rawzone.RawKey;
import java.util.Optional;

/**
 * What an ingestion job did with one raw file.
 *
 * @param key the file in the raw zone
 * @param status accepted for reading, rejected (moved to {@code raw/rejected/}) or gone
 * @param sha256 its SHA-256 when it was read
 * @param reason why it was rejected or skipped ("" when accepted)
 */
public record FileOutcome(RawKey key, Status status, Optional<String> sha256, String reason) {

  /** Where a file ended. */
  public enum Status {
    /** Passed validation and was handed to Spark (or skipped as already ingested). */
    ACCEPTED,
    /** Failed a check and was moved to {@code raw/rejected/} with a manifest. */
    REJECTED,
    /** Disappeared between listing and validation (another process moved it). */
    VANISHED
  }

  /** Validates. */
  public FileOutcome {
    requireNonNull(key, "key is null");
    requireNonNull(status, "status is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(reason, "reason is null");
  }
}
