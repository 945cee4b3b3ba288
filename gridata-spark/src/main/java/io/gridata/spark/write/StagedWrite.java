package io.gridata.spark.write;

import static java.util.Objects.requireNonNull;

import io.gridata.core.ingest.StagingAttempt;
import io.gridata.core.run.RunId;
import io.gridata.core.table.SnapshotInfo;
import io.gridata.core.table.TableOps;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Write-audit-publish for one attempt of a run: rows are appended to a branch of the table of that
 * attempt alone (readers of {@code main} see nothing), the caller audits the branch, then {@link
 * #publish()} fast-forwards {@code main} to it or {@link #discard()} drops it. Every snapshot
 * carries the run's summary properties (run id, attempt, source checksums), which is how later runs
 * know which files the table holds.
 *
 * <p>The branch is {@code gridata-run-<run id>.<attempt>} ({@link StagingAttempt}): a run id used
 * again (a scheduler's retry after a crash, two processes at once, the same templated id on another
 * day) never finds rows another attempt staged.
 */
public final class StagedWrite {
  /** Prefix of staging branch names: {@value}. */
  public static final String BRANCH_PREFIX = StagingAttempt.BRANCH_PREFIX;

  private final SparkSession spark;
  private final String tableName;
  private final String branch;
  private final Map<String, String> summary;

  /**
   * A staged write of {@code tableName} for a new attempt of {@code runId}.
   *
   * @param summary snapshot summary properties to attach to every commit of this run
   */
  public StagedWrite(
      SparkSession spark, String tableName, RunId runId, Map<String, String> summary) {
    this(spark, tableName, StagingAttempt.start(runId), summary);
  }

  /**
   * A staged write of {@code tableName} for {@code attempt}: writes of one attempt to several
   * tables share its branch name.
   *
   * @param summary snapshot summary properties to attach to every commit of this attempt
   */
  public StagedWrite(
      SparkSession spark, String tableName, StagingAttempt attempt, Map<String, String> summary) {
    this.spark = requireNonNull(spark, "spark is null");
    this.tableName = requireNonNull(tableName, "tableName is null");
    this.branch = requireNonNull(attempt, "attempt is null").branch();
    this.summary = Map.copyOf(requireNonNull(summary, "summary is null"));
  }

  /** The staging branch name. */
  public String branch() {
    return branch;
  }

  /**
   * {@code table.`branch_<branch>`}: read it to audit the staged rows. Back-quoted, since run ids
   * (and so branch names) may hold dashes.
   */
  public String branchTableName() {
    return tableName + ".`branch_" + branch + "`";
  }

  /**
   * Creates the staging branch from {@code main}'s current snapshot (an empty snapshot for a table
   * without one) unless it exists, and returns the table with it. A later {@link #publish()}
   * succeeds only while {@code main} has not moved past that snapshot.
   */
  public Table begin() {
    Table table = IcebergTables.load(spark, tableName);
    if (table.refs().get(branch) == null) {
      Snapshot main = table.currentSnapshot();
      if (main == null) {
        table.manageSnapshots().createBranch(branch).commit();
      } else {
        table.manageSnapshots().createBranch(branch, main.snapshotId()).commit();
      }
      table.refresh();
    }
    return table;
  }

  /**
   * Appends {@code rows} to the staging branch (created from {@code main}'s current snapshot if
   * missing) and returns the new branch head.
   */
  public Snapshot append(Dataset<Row> rows) {
    return write(rows, WriteMode.APPEND);
  }

  /**
   * Writes {@code rows} to the staging branch (created from {@code main}'s current snapshot if
   * missing) in one commit of the given mode, and returns the new branch head.
   */
  public Snapshot write(Dataset<Row> rows, WriteMode mode) {
    return write(rows, mode, Map.of());
  }

  /**
   * {@link #write(Dataset, WriteMode)} with Iceberg write options for this write only (for example
   * {@code distribution-mode}).
   */
  public Snapshot write(Dataset<Row> rows, WriteMode mode, Map<String, String> options) {
    requireNonNull(rows, "rows is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(options, "options is null");
    begin();
    var writer = rows.writeTo(branchTableName());
    for (Map.Entry<String, String> option : options.entrySet()) {
      writer = writer.option(option.getKey(), option.getValue());
    }
    for (Map.Entry<String, String> property : summary.entrySet()) {
      writer = writer.option("snapshot-property." + property.getKey(), property.getValue());
    }
    try {
      switch (mode) {
        case APPEND -> writer.append();
        case OVERWRITE_PARTITIONS -> writer.overwritePartitions();
        case REPLACE -> writer.overwrite(functions.lit(true));
      }
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Cannot stage rows: table " + tableName + " vanished", e);
    }
    return head().orElseThrow(() -> new IllegalStateException("Cannot stage rows: no branch head"));
  }

  /** The staging branch's head snapshot, if the branch exists and has one. */
  public Optional<Snapshot> head() {
    Table table = IcebergTables.load(spark, tableName);
    SnapshotRef ref = table.refs().get(branch);
    return ref == null ? Optional.empty() : Optional.ofNullable(table.snapshot(ref.snapshotId()));
  }

  /**
   * Fast-forwards {@code main} to the staging branch and removes the branch, in one commit (core's
   * {@link TableOps#publish}).
   *
   * @return the snapshot {@code main} now points at
   * @throws io.gridata.core.table.StaleRefException if {@code main} moved to a snapshot the branch
   *     does not contain (another run published first): nothing changes, the rows stay on the
   *     branch
   */
  public Snapshot publish() {
    Table table = IcebergTables.load(spark, tableName);
    SnapshotInfo published = TableOps.create().publish(table, branch);
    return table.snapshot(published.snapshotId());
  }

  /** Drops the staging branch; {@code main} is untouched. A no-op if the branch is gone. */
  public void discard() {
    Table table = IcebergTables.load(spark, tableName);
    if (table.refs().get(branch) != null) {
      TableOps.create().discard(table, branch);
    }
  }
}
