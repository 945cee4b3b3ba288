package io.gridata.streaming;

import static java.util.Objects.requireNonNull;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The snapshot-summary record of streaming commits: every micro-batch commit carries its query id
 * and batch id, and a batch whose pair is already in the table's history is not committed again.
 * This is what makes a replayed batch (the query died after the Iceberg commit and before its
 * checkpoint's commit log) write nothing twice.
 */
public final class StreamCommits {
  /** The streaming query's id (stable across restarts from the same checkpoint). */
  public static final String QUERY_ID = "gridata.stream.query-id";

  /** The micro-batch id within the query. */
  public static final String BATCH_ID = "gridata.stream.batch-id";

  private StreamCommits() {}

  /**
   * True when a snapshot of {@code table}'s current history (the ancestors of the current snapshot,
   * compactions included) was committed by batch {@code batchId} of {@code queryId}.
   */
  public static boolean committed(Table table, String queryId, long batchId) {
    requireNonNull(table, "table is null");
    requireNonNull(queryId, "queryId is null");
    Snapshot head = table.currentSnapshot();
    if (head == null) {
      return false;
    }
    String batch = Long.toString(batchId);
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
      if (queryId.equals(snapshot.summary().get(QUERY_ID))
          && batch.equals(snapshot.summary().get(BATCH_ID))) {
        return true;
      }
    }
    return false;
  }
}
