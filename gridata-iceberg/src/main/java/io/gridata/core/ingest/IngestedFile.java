package io.gridata.core.ingest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A source file the table already holds.
 *
 * @param file path and checksum as recorded by the commit
 * @param runId the run that ingested it
 * @param snapshotId the snapshot that recorded it
 * @param committedAt when that snapshot was committed
 */
public record IngestedFile(SourceFile file, String runId, long snapshotId, Instant committedAt) {
  /** Validates the values. */
  public IngestedFile {
    requireNonNull(file, "file is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(committedAt, "committedAt is null");
  }
}
