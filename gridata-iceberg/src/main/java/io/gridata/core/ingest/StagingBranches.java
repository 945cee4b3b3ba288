package io.gridata.core.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.NotFoundException;
import io.gridata.core.table.TableOps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * The staging branches ({@code gridata-run-*}) of a table and which of them belong to dead
 * attempts. A run drops them before it stages (so a killed run's branch goes with the next run),
 * and {@code gridata branches clean} does it on demand.
 *
 * <p>Rule (see {@link StagingAttempt#isDead}): a branch of an attempt on this host is dead when its
 * process is gone; a branch of another host, or one whose name carries no attempt (made by an older
 * release), is dead when its attempt started (or its head snapshot was committed) more than {@code
 * maxAge} ago. A live attempt is never dropped by this host; an attempt of another host still
 * running after {@code maxAge} loses its branch, notices at its publish and stages again: nothing
 * is lost or written twice, but choose {@code maxAge} above the longest run.
 */
public final class StagingBranches {
  private StagingBranches() {}

  /**
   * One staging branch.
   *
   * @param name the branch
   * @param attempt the attempt its name carries, if any
   * @param headCommittedAt when its head snapshot was committed
   * @param dead true when it may be dropped under the rule above
   */
  public record Branch(
      String name, Optional<StagingAttempt> attempt, Instant headCommittedAt, boolean dead) {
    /** Validates. */
    public Branch {
      requireNonNull(name, "name is null");
      requireNonNull(attempt, "attempt is null");
      requireNonNull(headCommittedAt, "headCommittedAt is null");
    }
  }

  /** The staging branches of {@code table} (refreshed first), by name, judged at {@code now}. */
  public static List<Branch> list(Table table, Instant now, Duration maxAge) {
    requireNonNull(table, "table is null");
    requireNonNull(now, "now is null");
    requireNonNull(maxAge, "maxAge is null");
    table.refresh();
    List<Branch> branches = new ArrayList<>();
    for (Map.Entry<String, SnapshotRef> ref : new TreeMap<>(table.refs()).entrySet()) {
      if (!ref.getValue().isBranch() || !ref.getKey().startsWith(StagingAttempt.BRANCH_PREFIX)) {
        continue;
      }
      Snapshot head = table.snapshot(ref.getValue().snapshotId());
      Instant committed =
          head == null ? Instant.EPOCH : Instant.ofEpochMilli(head.timestampMillis());
      Optional<StagingAttempt> attempt = StagingAttempt.ofBranch(ref.getKey());
      boolean dead =
          attempt.isPresent()
              ? attempt.get().isDead(now, maxAge)
              : committed.plus(maxAge).isBefore(now);
      branches.add(new Branch(ref.getKey(), attempt, committed, dead));
    }
    return branches;
  }

  /**
   * Drops the dead staging branches of {@code table} and returns their names. A branch that
   * vanished meanwhile (another cleaner, its own attempt publishing) is skipped.
   */
  public static List<String> dropDead(Table table, Instant now, Duration maxAge) {
    List<String> dropped = new ArrayList<>();
    TableOps ops = TableOps.create();
    for (Branch branch : list(table, now, maxAge)) {
      if (!branch.dead()) {
        continue;
      }
      try {
        ops.discard(table, branch.name());
        dropped.add(branch.name());
      } catch (NotFoundException gone) {
        // dropped or published by someone else since the listing
      }
    }
    return dropped;
  }
}
