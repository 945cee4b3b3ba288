package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of {@link TableOps#rollback}.
 *
 * @param table the table name
 * @param fromSnapshotId the snapshot {@code main} pointed at before (the expected one)
 * @param toSnapshotId the snapshot {@code main} points at now
 * @param detachedSnapshotIds snapshots that were on {@code main} and no longer are, newest first
 *     (they stay in the table until expired, so the rollback itself can be undone)
 */
public record RollbackResult(
    String table, long fromSnapshotId, long toSnapshotId, List<Long> detachedSnapshotIds) {

  /** Validates and copies. */
  public RollbackResult {
    requireNonNull(table, "table is null");
    detachedSnapshotIds = List.copyOf(requireNonNull(detachedSnapshotIds, "detached is null"));
  }
}
