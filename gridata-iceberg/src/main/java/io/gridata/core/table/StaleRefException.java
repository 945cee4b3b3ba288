package io.gridata.core.table;

import io.gridata.core.GridataException;

/**
 * A branch no longer points at the snapshot the caller expected, so a change that was computed
 * against the expected state was refused and nothing was committed. Reload the table, look at the
 * new history ({@link TableOps#snapshots}) and decide again; retrying blindly could detach another
 * writer's commit.
 */
public class StaleRefException extends GridataException {
  private static final long serialVersionUID = 1L;

  private final String ref;
  private final long expectedSnapshotId;
  private final Long actualSnapshotId;

  /** A refusal for {@code ref} that was expected at {@code expected} but is at {@code actual}. */
  public StaleRefException(
      String table, String ref, long expectedSnapshotId, Long actualSnapshotId, String action) {
    super(
        "Cannot %s on %s: branch %s is at snapshot %s, not at the expected snapshot %s (another"
            + " writer committed in between); reload the table and decide again",
        action, table, ref, actualSnapshotId, expectedSnapshotId);
    this.ref = ref;
    this.expectedSnapshotId = expectedSnapshotId;
    this.actualSnapshotId = actualSnapshotId;
  }

  /** The branch that moved. */
  public String ref() {
    return ref;
  }

  /** The snapshot the caller expected the branch to point at. */
  public long expectedSnapshotId() {
    return expectedSnapshotId;
  }

  /** The snapshot the branch actually points at, or {@code null} if the branch no longer exists. */
  public Long actualSnapshotId() {
    return actualSnapshotId;
  }
}
