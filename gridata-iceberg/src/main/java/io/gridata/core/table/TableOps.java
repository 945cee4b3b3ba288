package io.gridata.core.table;

import io.gridata.core.ingest.SnapshotSummaryKeys;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Snapshot and branch operations on an Iceberg table through Iceberg's Java API, without Spark.
 * Named {@code TableOps} so it does not clash with Iceberg's own {@code
 * org.apache.iceberg.TableOperations}.
 *
 * <pre>{@code
 * TableOps ops = TableOps.create();
 * Table table = catalog.loadTable(TableIdentifier.parse("ecommerce.orders"));
 * long before = table.currentSnapshot().snapshotId();
 * // ... a run writes to branch "gridata-run-42" ...
 * ops.publish(table, "gridata-run-42");            // fast-forward main, drop the branch
 * ops.rollback(table, table.currentSnapshot().snapshotId(), before);   // undo, if main did not move
 * }</pre>
 *
 * <p>Every method refreshes {@code table} before it reads or changes it, and leaves it refreshed.
 * Instances are stateless and thread safe.
 */
public interface TableOps {

  /** The name of the main branch: {@value}. */
  String MAIN = "main";

  /** The default implementation. */
  static TableOps create() {
    return new DefaultTableOps();
  }

  /**
   * The history of {@code branch}, newest first: its head, then parent after parent, up to the
   * first snapshot or the oldest one not yet expired.
   *
   * @throws io.gridata.core.NotFoundException if the branch does not exist
   */
  List<SnapshotInfo> snapshots(Table table, String branch);

  /**
   * The newest snapshot in the history of {@code branch} whose summary carries {@code runId} under
   * {@link SnapshotSummaryKeys#RUN_ID}: how a retried run finds out that its commit already
   * happened.
   *
   * @throws io.gridata.core.NotFoundException if the branch does not exist
   */
  Optional<SnapshotInfo> findRun(Table table, String branch, String runId);

  /**
   * The snapshot with id {@code snapshotId}.
   *
   * @throws io.gridata.core.NotFoundException if the table has no such snapshot (never had, or
   *     expired)
   */
  Snapshot snapshot(Table table, long snapshotId);

  /**
   * The snapshot that was current on {@code main} at {@code time} (time travel as of a timestamp).
   *
   * @throws io.gridata.core.NotFoundException if {@code main} had no snapshot yet at that time
   */
  Snapshot snapshotAsOf(Table table, Instant time);

  /**
   * The snapshot a branch or tag points at.
   *
   * @throws io.gridata.core.NotFoundException if no branch or tag has that name
   */
  Snapshot snapshotOf(Table table, String ref);

  /**
   * Moves {@code main} back to {@code targetSnapshotId}, but only if {@code main} still points at
   * {@code expectedCurrentSnapshotId}, so a concurrent writer's commit is never detached.
   *
   * <p>The check and the move are one atomic catalog commit: the new metadata is committed with
   * {@code TableOperations#commit(base, updated)}, a compare-and-swap against the metadata in which
   * {@code main} was seen at the expected snapshot. A REST catalog turns it into the requirement
   * {@code assert-ref-snapshot-id(main, expected)} that the server checks inside its own commit; a
   * JDBC, Hive, Glue or Hadoop catalog swaps the metadata pointer only if nothing at all changed.
   * If the swap fails because of an unrelated change (a property, another branch), the table is
   * reloaded and the check runs again; Iceberg's own {@code rollbackTo} would instead re-apply the
   * rollback on top of whatever was committed meanwhile.
   *
   * @param expectedCurrentSnapshotId where the caller saw {@code main}
   * @param targetSnapshotId an ancestor of the expected snapshot (or the expected snapshot itself:
   *     nothing to do)
   * @throws StaleRefException if {@code main} is not at the expected snapshot; nothing changed
   * @throws io.gridata.core.NotFoundException if the target snapshot does not exist
   * @throws io.gridata.core.InvalidInputException if the target is not an ancestor of the expected
   *     snapshot
   */
  RollbackResult rollback(Table table, long expectedCurrentSnapshotId, long targetSnapshotId);

  /**
   * Publishes a staging branch (write-audit-publish): fast-forwards {@code main} to the branch head
   * and drops the branch, in one commit.
   *
   * @return the snapshot {@code main} points at now
   * @throws io.gridata.core.NotFoundException if the branch does not exist
   * @throws StaleRefException if {@code main} moved since the branch was created, so {@code main}
   *     is not an ancestor of the branch and a fast-forward would lose that commit; nothing changed
   */
  SnapshotInfo publish(Table table, String branch);

  /**
   * Discards a staging branch: drops it; {@code main} is not touched. Its snapshots stay in the
   * table until {@link #expire} removes them.
   *
   * @throws io.gridata.core.NotFoundException if the branch does not exist
   * @throws io.gridata.core.InvalidInputException if {@code branch} is {@code main} or a tag
   */
  void discard(Table table, String branch);

  /** A pending expiration of old snapshots and stale staging branches of {@code table}. */
  Expiration expire(Table table);

  /** A pending Spark-free compaction of the small data files of {@code table}. */
  Compaction compact(Table table);
}
