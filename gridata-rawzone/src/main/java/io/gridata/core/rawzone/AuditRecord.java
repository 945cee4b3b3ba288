package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The trace an operator action on a rejected file leaves, written as JSON under {@code
 * raw/_audit/YYYY-MM-DD/} before the action deletes anything.
 *
 * @param action what was done
 * @param key the file's original location
 * @param size size in bytes
 * @param sha256 content checksum from the rejection manifest, if known
 * @param at when
 * @param reason why, as given by the operator
 * @param manifest the rejection manifest as it was, if any
 * @param path where the audit record was written, relative to the zone's root
 */
public record AuditRecord(
    Action action,
    RawKey key,
    long size,
    Optional<String> sha256,
    Instant at,
    String reason,
    Optional<RejectionManifest> manifest,
    String path) {

  /** Operator actions that are audited. */
  public enum Action {
    /** A rejected file was moved back to its original place. */
    REPLAY,
    /** A rejected file and its manifest were deleted. */
    DISCARD
  }

  /** Validates the values. */
  public AuditRecord {
    requireNonNull(action, "action is null");
    requireNonNull(key, "key is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(at, "at is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(manifest, "manifest is null");
    requireNonNull(path, "path is null");
  }
}
