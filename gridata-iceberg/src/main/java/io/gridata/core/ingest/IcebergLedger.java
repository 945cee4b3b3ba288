package io.gridata.core.ingest;

import static java.util.Objects.requireNonNull;

import io.gridata.core.NotFoundException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The ingestion ledger derived from an Iceberg table: the {@link SnapshotSummaryKeys} of every
 * snapshot in the ancestry of a branch ({@code main} by default). It is not a second store: it is
 * computed from the table's metadata when loaded, so it cannot drift from the table.
 *
 * <p><b>Guarantee.</b> A file counts as ingested exactly when a snapshot that is an ancestor of (or
 * is) the branch head at load time carries its checksum in {@link
 * SnapshotSummaryKeys#SOURCE_CHECKSUMS}. Because Iceberg commits are atomic and the checksums
 * travel in the same commit as the rows, at load time "ingested" and "its rows are on the branch"
 * are the same fact. Consequences:
 *
 * <ul>
 *   <li>a re-run, a retry after a crash (including {@code CommitStateUnknownException}: reload the
 *       ledger and call {@link #runCommitted}), or the same bytes under another name are recognised
 *       and skipped;
 *   <li>a commit that failed, or is staged on a WAP branch not yet published, does not count: its
 *       files are ingested again by the next run (nothing is lost);
 *   <li>after a rollback of the branch below a commit, that commit's files no longer count and are
 *       ingested again, matching the table's content;
 *   <li>the ledger is a snapshot of the table at {@link #load} time: it does not serialise two
 *       concurrent writers. A writer reloads it right before committing and, if the head moved,
 *       plans again; two runs committing the same new file at the same instant are not prevented by
 *       the ledger alone;
 *   <li>snapshot expiry removes history: files recorded only in expired snapshots are forgotten.
 *       Keep ingestion snapshots (e.g. {@code history.expire.min-snapshots-to-keep}, or tag them)
 *       for as long as the same raw files may be dropped again, or deduplicate on the {@code
 *       _source_checksum} column as well.
 * </ul>
 *
 * Immutable and thread safe; load again to see newer commits.
 */
public final class IcebergLedger implements IngestionLedger {
  private final String branch;
  private final Long headSnapshotId;
  private final Map<String, IngestedFile> byChecksum;
  private final Set<String> runs;

  private IcebergLedger(
      String branch, Long headSnapshotId, Map<String, IngestedFile> byChecksum, Set<String> runs) {
    this.branch = branch;
    this.headSnapshotId = headSnapshotId;
    this.byChecksum = Map.copyOf(byChecksum);
    this.runs = Set.copyOf(runs);
  }

  /** The ledger of {@code table}'s {@code main} branch, after refreshing the table. */
  public static IcebergLedger load(Table table) {
    return load(table, SnapshotRef.MAIN_BRANCH);
  }

  /**
   * The ledger of {@code branch} of {@code table}, after refreshing the table. An empty table (or
   * branch {@code main} without snapshots) gives an empty ledger.
   *
   * @throws NotFoundException when {@code branch} is not {@code main} and does not exist
   */
  public static IcebergLedger load(Table table, String branch) {
    requireNonNull(table, "table is null");
    requireNonNull(branch, "branch is null");
    table.refresh();
    SnapshotRef ref = table.refs().get(branch);
    if (ref == null) {
      if (!SnapshotRef.MAIN_BRANCH.equals(branch)) {
        throw new NotFoundException(
            "Cannot load ingestion ledger of %s: no branch '%s'", table.name(), branch);
      }
      return new IcebergLedger(branch, null, Map.of(), Set.of());
    }
    Map<String, IngestedFile> byChecksum = new HashMap<>();
    Set<String> runs = new HashSet<>();
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(ref.snapshotId(), table::snapshot)) {
      Optional<IngestionCommit> commit = IngestionCommit.fromSummary(snapshot.summary());
      if (commit.isEmpty()) {
        continue;
      }
      runs.add(commit.get().runId());
      for (SourceFile file : commit.get().files()) {
        // Ancestors come newest first; keep the oldest ingestion of each checksum.
        byChecksum.put(
            file.sha256(),
            new IngestedFile(
                file,
                commit.get().runId(),
                snapshot.snapshotId(),
                Instant.ofEpochMilli(snapshot.timestampMillis())));
      }
    }
    return new IcebergLedger(branch, ref.snapshotId(), byChecksum, runs);
  }

  /** The branch read. */
  public String branch() {
    return branch;
  }

  /** The branch head the ledger was derived from; empty for a table without snapshots. */
  public Optional<Long> headSnapshotId() {
    return Optional.ofNullable(headSnapshotId);
  }

  /** Number of distinct checksums ingested. */
  public int size() {
    return byChecksum.size();
  }

  @Override
  public Optional<IngestedFile> ingested(String sha256) {
    requireNonNull(sha256, "sha256 is null");
    return Optional.ofNullable(byChecksum.get(sha256.toLowerCase(Locale.ROOT)));
  }

  @Override
  public boolean runCommitted(String runId) {
    requireNonNull(runId, "runId is null");
    return runs.contains(runId);
  }

  @Override
  public String toString() {
    return "IcebergLedger[branch="
        + branch
        + ", head="
        + headSnapshotId
        + ", files="
        + size()
        + "]";
  }
}
