package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import io.gridata.core.retry.Retrier;
import io.gridata.core.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.util.SnapshotUtil;

/** {@link TableOps} on Iceberg's Java API. */
final class DefaultTableOps implements TableOps {

  /** Attempts of a guarded commit that lost a race against an unrelated change. */
  static final int COMMIT_ATTEMPTS = 5;

  /** Retries a commit that lost a race: 20 ms, then doubling, at most 5 attempts. */
  private static final Retrier COMMITS =
      new Retrier(
          RetryPolicy.builder()
              .maxAttempts(COMMIT_ATTEMPTS)
              .initialDelay(Duration.ofMillis(20))
              .maxDelay(Duration.ofMillis(500))
              .multiplier(2.0)
              .build(),
          failure -> failure instanceof CommitFailedException,
          0.2);

  @Override
  public List<SnapshotInfo> snapshots(Table table, String branch) {
    requireNonNull(table, "table is null");
    requireNonNull(branch, "branch is null");
    table.refresh();
    SnapshotRef ref = branchRef(table, branch);
    List<SnapshotInfo> history = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(ref.snapshotId(), table::snapshot)) {
      history.add(SnapshotInfo.of(snapshot));
    }
    return List.copyOf(history);
  }

  @Override
  public Optional<SnapshotInfo> findRun(Table table, String branch, String runId) {
    requireNonNull(runId, "runId is null");
    return snapshots(table, branch).stream().filter(info -> runId.equals(info.runId())).findFirst();
  }

  @Override
  public Snapshot snapshot(Table table, long snapshotId) {
    requireNonNull(table, "table is null");
    table.refresh();
    return existing(table, snapshotId);
  }

  @Override
  public Snapshot snapshotAsOf(Table table, Instant time) {
    requireNonNull(table, "table is null");
    requireNonNull(time, "time is null");
    table.refresh();
    Long id = SnapshotUtil.nullableSnapshotIdAsOfTime(table, time.toEpochMilli());
    if (id == null) {
      throw new NotFoundException(
          "Cannot time-travel %s to %s: main had no snapshot yet at that time (oldest history"
              + " entry: %s)",
          table.name(),
          time,
          table.history().isEmpty()
              ? "none"
              : Instant.ofEpochMilli(table.history().get(0).timestampMillis()));
    }
    return existing(table, id);
  }

  @Override
  public Snapshot snapshotOf(Table table, String ref) {
    requireNonNull(table, "table is null");
    requireNonNull(ref, "ref is null");
    table.refresh();
    SnapshotRef found = table.refs().get(ref);
    if (found == null) {
      throw new NotFoundException(
          "Cannot resolve ref %s of %s: no such branch or tag (refs: %s)",
          ref, table.name(), table.refs().keySet());
    }
    return existing(table, found.snapshotId());
  }

  @Override
  public RollbackResult rollback(
      Table table, long expectedCurrentSnapshotId, long targetSnapshotId) {
    requireNonNull(table, "table is null");
    if (!(table instanceof HasTableOperations)) {
      throw new InvalidInputException(
          "Cannot roll back %s: a %s gives no access to its catalog commit; load the table from"
              + " its catalog",
          table.name(), table.getClass().getName());
    }
    org.apache.iceberg.TableOperations ops = ((HasTableOperations) table).operations();
    return commit(
        "roll back " + table.name() + " to snapshot " + targetSnapshotId,
        () -> rollbackOnce(table, ops, expectedCurrentSnapshotId, targetSnapshotId));
  }

  /** One attempt of {@link #rollback}: a {@link CommitFailedException} means it lost a race. */
  private static RollbackResult rollbackOnce(
      Table table,
      org.apache.iceberg.TableOperations ops,
      long expectedCurrentSnapshotId,
      long targetSnapshotId) {
    TableMetadata base = ops.refresh();
    SnapshotRef main = base.ref(MAIN);
    Long actual = main == null ? null : main.snapshotId();
    if (actual == null || actual != expectedCurrentSnapshotId) {
      table.refresh();
      throw new StaleRefException(
          table.name(),
          MAIN,
          expectedCurrentSnapshotId,
          actual,
          "roll back to snapshot " + targetSnapshotId);
    }
    if (base.snapshot(targetSnapshotId) == null) {
      throw new NotFoundException(
          "Cannot roll back %s to snapshot %s: no such snapshot (expired or never existed)",
          table.name(), targetSnapshotId);
    }
    List<Long> detached = new ArrayList<>();
    boolean ancestor = false;
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(expectedCurrentSnapshotId, base::snapshot)) {
      if (snapshot.snapshotId() == targetSnapshotId) {
        ancestor = true;
        break;
      }
      detached.add(snapshot.snapshotId());
    }
    InvalidInputException.check(
        ancestor,
        "Cannot roll back %s to snapshot %s: it is not an ancestor of main's snapshot %s (use"
            + " Iceberg's setCurrentSnapshot to move main sideways)",
        table.name(),
        targetSnapshotId,
        expectedCurrentSnapshotId);
    RollbackResult result =
        new RollbackResult(table.name(), expectedCurrentSnapshotId, targetSnapshotId, detached);
    if (detached.isEmpty()) {
      table.refresh();
      return result;
    }
    TableMetadata updated =
        TableMetadata.buildFrom(base).setBranchSnapshot(targetSnapshotId, MAIN).build();
    try {
      // Compare-and-swap against `base`, in which main was seen at the expected snapshot.
      ops.commit(base, updated);
      table.refresh();
      return result;
    } catch (CommitStateUnknownException unknown) {
      TableMetadata now = ops.refresh();
      table.refresh();
      SnapshotRef mainNow = now.ref(MAIN);
      if (mainNow != null && mainNow.snapshotId() == targetSnapshotId) {
        return result;
      }
      throw new GridataException(
          unknown,
          "Cannot tell whether rolling back %s to snapshot %s committed: main is at %s; call"
              + " rollback again with that snapshot as the expected one if you still want it",
          table.name(),
          targetSnapshotId,
          mainNow == null ? null : mainNow.snapshotId());
    }
  }

  @Override
  public SnapshotInfo publish(Table table, String branch) {
    requireNonNull(table, "table is null");
    requireNonNull(branch, "branch is null");
    InvalidInputException.check(!MAIN.equals(branch), "Cannot publish main onto itself");
    return commit(
        "publish branch " + branch + " of " + table.name(),
        () -> {
          table.refresh();
          SnapshotRef staged = branchRef(table, branch);
          requireMainBehind(table, branch, staged);
          try {
            table.manageSnapshots().fastForwardBranch(MAIN, branch).removeBranch(branch).commit();
          } catch (IllegalArgumentException refused) {
            // ManageSnapshots loads the table again, and refuses the fast-forward itself when
            // another writer moved main since the check above (two runs publishing at once)
            table.refresh();
            requireMainBehind(table, branch, branchRef(table, branch));
            throw refused;
          }
          table.refresh();
          return SnapshotInfo.of(existing(table, staged.snapshotId()));
        });
  }

  /**
   * Throws {@link StaleRefException} unless {@code main} is missing or an ancestor of {@code
   * staged}, so that fast-forwarding it loses none of main's commits.
   */
  private static void requireMainBehind(Table table, String branch, SnapshotRef staged) {
    SnapshotRef main = table.refs().get(MAIN);
    if (main != null
        && !SnapshotUtil.isAncestorOf(staged.snapshotId(), main.snapshotId(), table::snapshot)) {
      throw new StaleRefException(
          table.name(),
          MAIN,
          forkPoint(table, staged.snapshotId(), main.snapshotId()),
          main.snapshotId(),
          "publish branch "
              + branch
              + " (main is not an ancestor of it, a fast-forward"
              + " would lose main's newer commits)");
    }
  }

  @Override
  public void discard(Table table, String branch) {
    requireNonNull(table, "table is null");
    requireNonNull(branch, "branch is null");
    InvalidInputException.check(
        !MAIN.equals(branch), "Cannot discard main of a table: only staging branches");
    commit(
        "discard branch " + branch + " of " + table.name(),
        () -> {
          table.refresh();
          branchRef(table, branch);
          table.manageSnapshots().removeBranch(branch).commit();
          table.refresh();
          return null;
        });
  }

  @Override
  public Expiration expire(Table table) {
    return new DefaultExpiration(requireNonNull(table, "table is null"));
  }

  @Override
  public Compaction compact(Table table) {
    return new GenericCompaction(requireNonNull(table, "table is null"));
  }

  /** The ref {@code branch} of a refreshed {@code table}, which must be a branch. */
  static SnapshotRef branchRef(Table table, String branch) {
    SnapshotRef ref = table.refs().get(branch);
    if (ref == null) {
      List<String> branches =
          table.refs().entrySet().stream()
              .filter(entry -> entry.getValue().isBranch())
              .map(java.util.Map.Entry::getKey)
              .sorted()
              .toList();
      throw new NotFoundException(
          "Cannot find branch %s of %s: it does not exist (branches: %s)",
          branch, table.name(), branches);
    }
    InvalidInputException.check(
        ref.isBranch(), "Cannot use %s of %s as a branch: it is a tag", branch, table.name());
    return ref;
  }

  private static Snapshot existing(Table table, long snapshotId) {
    Snapshot snapshot = table.snapshot(snapshotId);
    if (snapshot == null) {
      throw new NotFoundException(
          "Cannot find snapshot %s of %s: it was expired or never existed",
          snapshotId, table.name());
    }
    return snapshot;
  }

  /** The newest common ancestor of two snapshots, or -1 when they share none. */
  private static long forkPoint(Table table, long branchHead, long mainHead) {
    Set<Long> onMain = new HashSet<>();
    SnapshotUtil.ancestorsOf(mainHead, table::snapshot)
        .forEach(snapshot -> onMain.add(snapshot.snapshotId()));
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(branchHead, table::snapshot)) {
      if (onMain.contains(snapshot.snapshotId())) {
        return snapshot.snapshotId();
      }
    }
    return -1L;
  }

  /**
   * Runs {@code attempt} (re-reading the table each time) until it commits: a commit that lost a
   * race against a concurrent change ({@link CommitFailedException}) is retried up to {@value
   * #COMMIT_ATTEMPTS} times in all; any other failure is thrown at once.
   */
  private static <T> T commit(String what, Supplier<T> attempt) {
    try {
      return COMMITS.rethrowing(attempt);
    } catch (CommitFailedException lostRace) {
      throw new GridataException(
          lostRace,
          "Cannot %s: %s commits in a row lost against concurrent changes (%s); retry later",
          what,
          COMMIT_ATTEMPTS,
          lostRace.getMessage());
    }
  }

  /** {@link Expiration} on Iceberg's {@code ManageSnapshots} and {@code ExpireSnapshots}. */
  private static final class DefaultExpiration implements Expiration {
    private final Table table;
    private Instant olderThan;
    private int retainLast = 1;
    private String branchPrefix;
    private Instant branchCutoff;
    private boolean cleanFiles = true;

    DefaultExpiration(Table table) {
      this.table = table;
    }

    @Override
    public Expiration olderThan(Instant cutoff) {
      this.olderThan = requireNonNull(cutoff, "cutoff is null");
      return this;
    }

    @Override
    public Expiration retainLast(int count) {
      InvalidInputException.check(
          count >= 1,
          "Cannot retain %s snapshots: main's current one always stays (use >= 1)",
          count);
      this.retainLast = count;
      return this;
    }

    @Override
    public Expiration dropStaleBranches(String prefix, Instant cutoff) {
      requireNonNull(prefix, "prefix is null");
      InvalidInputException.check(
          !prefix.isEmpty(), "Cannot drop stale branches with an empty prefix: it matches all");
      this.branchPrefix = prefix;
      this.branchCutoff = requireNonNull(cutoff, "cutoff is null");
      return this;
    }

    @Override
    public Expiration cleanExpiredFiles(boolean clean) {
      this.cleanFiles = clean;
      return this;
    }

    @Override
    public ExpirationResult commit() {
      Instant cutoff = olderThan != null ? olderThan : Instant.now();
      table.refresh();
      List<String> dropped = new ArrayList<>();
      if (branchPrefix != null) {
        table
            .refs()
            .forEach(
                (name, ref) -> {
                  Snapshot head = table.snapshot(ref.snapshotId());
                  if (ref.isBranch()
                      && !MAIN.equals(name)
                      && name.startsWith(branchPrefix)
                      && head != null
                      && head.timestampMillis() < branchCutoff.toEpochMilli()) {
                    dropped.add(name);
                  }
                });
        dropped.sort(null);
        if (!dropped.isEmpty()) {
          ManageSnapshots manage = table.manageSnapshots();
          dropped.forEach(manage::removeBranch);
          manage.commit();
          table.refresh();
        }
      }
      Set<Long> before = new HashSet<>();
      table.snapshots().forEach(snapshot -> before.add(snapshot.snapshotId()));
      if (!before.isEmpty()) {
        table
            .expireSnapshots()
            .expireOlderThan(cutoff.toEpochMilli())
            .retainLast(retainLast)
            .cleanExpiredFiles(cleanFiles)
            .commit();
        table.refresh();
      }
      table.snapshots().forEach(snapshot -> before.remove(snapshot.snapshotId()));
      return new ExpirationResult(dropped, before.stream().sorted().toList());
    }
  }
}
