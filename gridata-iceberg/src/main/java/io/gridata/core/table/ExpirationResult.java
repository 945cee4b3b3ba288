package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of {@link Expiration#commit()}.
 *
 * @param droppedBranches staging branches that were dropped, in name order
 * @param expiredSnapshotIds snapshots removed from the table metadata, in id order
 */
public record ExpirationResult(List<String> droppedBranches, List<Long> expiredSnapshotIds) {

  /** Validates and copies. */
  public ExpirationResult {
    droppedBranches = List.copyOf(requireNonNull(droppedBranches, "droppedBranches is null"));
    expiredSnapshotIds =
        List.copyOf(requireNonNull(expiredSnapshotIds, "expiredSnapshotIds is null"));
  }
}
