package io.gridata.spark.ingest;

import static io.gridata.spark.transform.IngestColumns.CORRUPT_RECORD;
import static io.gridata.spark.transform.IngestColumns.ERRORS;
import static io.gridata.spark.transform.IngestColumns.INGESTED_AT;
import static io.gridata.spark.transform.IngestColumns.REASONS;
import static io.gridata.spark.transform.IngestColumns.RUN_ID;
import static io.gridata.spark.transform.IngestColumns.SOURCE_CHECKSUM;
import static io.gridata.spark.transform.IngestColumns.SOURCE_FILE;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.gridata.core.GridataException;
import io.gridata.core.NotFoundException;
import io.gridata.core.ingest.IcebergLedger;
import io.gridata.core.ingest.IngestionCommit;
import io.gridata.core.ingest.IngestionLedger;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.ingest.SourceFile;
import io.gridata.core.ingest.StagingAttempt;
import io.gridata.core.ingest.StagingBranches;
import io.gridata.core.run.RunId;
import io.gridata.core.table.StaleRefException;
import io.gridata.spark.read.RawInput;
import io.gridata.spark.read.RawReader;
import io.gridata.spark.transform.IngestColumns;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.Audit;
import io.gridata.spark.write.IcebergTables;
import io.gridata.spark.write.StagedWrite;
import io.gridata.spark.write.WriteMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Processes one batch of validated raw files of one dataset (its {@link IngestSpec}) into a table
 * with write-audit-publish and exactly-once semantics keyed on the files, never on the run id:
 *
 * <ol>
 *   <li>staging branches of dead attempts are dropped ({@link StagingBranches});
 *   <li>in {@link WriteMode#APPEND} mode, files whose checksum is already recorded in a snapshot of
 *       {@code main} are skipped (see {@link IcebergLedger}), so a re-run, a retry with the same or
 *       another run id, or a file dropped twice writes nothing twice; a run id used before (another
 *       day, a retry) is fine: its new files are written;
 *   <li>the rest is read, transformed, split into valid rows and quarantined rows with reasons (the
 *       spec's own, and those of the pipeline's {@link RowChecks}), de-duplicated by the spec's
 *       key;
 *   <li>both tables are appended on a branch of this attempt alone ({@link StagingAttempt}), forked
 *       from the {@code main} the files were checked against; every snapshot carries {@code
 *       gridata.run-id}, the attempt and the source checksums;
 *   <li>the {@link Audit} decides: publish (fast-forward {@code main}) or discard. The fast-forward
 *       is a compare-and-swap: it fails when {@code main} moved since the branch was forked
 *       (another attempt published), and the attempt then starts over from the ledger: the files
 *       another attempt published meanwhile are skipped, the others staged again.
 * </ol>
 *
 * <p>The quarantine table is published first and is idempotent per file: an attempt quarantines
 * only the rows of files the quarantine table's own ledger does not hold yet. So a crash (or a lost
 * race) between the two publishes leaves the quarantined records once, and the retry writes the
 * table's rows without quarantining them again.
 */
public final class IngestBatch {
  /** How many times an attempt starts over because {@code main} moved under it. */
  static final int MAX_ROUNDS = 4;

  private final SparkSession spark;
  private final IngestSpec spec;
  private final String table;
  private final WriteMode mode;
  private final Clock clock;
  private final RowChecks checks;
  private final Map<String, String> snapshotProperties;
  private final Duration staleBranchAge;

  /**
   * A processor writing {@code table} (e.g. {@code gridata.ecommerce.orders}).
   *
   * @param spec the dataset
   * @param mode how the table takes the batch; in {@link WriteMode#APPEND} files already ingested
   *     are skipped, in the overwrite modes every input is processed again (a reprocess replaces
   *     what the earlier runs wrote to the partitions or table)
   * @param clock source of {@code _ingested_at}
   * @param checks checks of the pipeline's own: rows breaking one are quarantined with its name
   *     (null for none)
   */
  public IngestBatch(
      SparkSession spark,
      IngestSpec spec,
      String table,
      WriteMode mode,
      Clock clock,
      RowChecks checks) {
    this(spark, spec, table, mode, clock, checks, Map.of(), StagingAttempt.DEFAULT_MAX_AGE);
  }

  /**
   * A processor as above that also records {@code snapshotProperties} in the summary of the table's
   * snapshot (e.g. {@link SnapshotSummaryKeys#TRIGGER_OWED}) and drops staging branches of other
   * hosts' attempts older than {@code staleBranchAge} (see {@link StagingBranches}).
   */
  public IngestBatch(
      SparkSession spark,
      IngestSpec spec,
      String table,
      WriteMode mode,
      Clock clock,
      RowChecks checks,
      Map<String, String> snapshotProperties,
      Duration staleBranchAge) {
    this.spark = requireNonNull(spark, "spark is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.table = requireNonNull(table, "table is null");
    this.mode = requireNonNull(mode, "mode is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.checks = checks;
    this.snapshotProperties =
        Map.copyOf(requireNonNull(snapshotProperties, "snapshotProperties is null"));
    this.staleBranchAge = requireNonNull(staleBranchAge, "staleBranchAge is null");
  }

  /**
   * Runs the batch.
   *
   * @param runId identifies this run in snapshot summaries and branch names; it may have been used
   *     before (a retry, another day): what is skipped is decided by the files alone
   * @param inputs validated files
   * @param audit decides whether to publish the staged rows
   * @throws GridataException when {@code main} moved under every one of {@value #MAX_ROUNDS}
   *     attempts
   */
  public BatchResult run(RunId runId, List<RawInput> inputs, Audit<StagedBatch> audit) {
    requireNonNull(runId, "runId is null");
    requireNonNull(inputs, "inputs is null");
    requireNonNull(audit, "audit is null");
    long start = System.nanoTime();
    IngestTables.createIfMissing(spark, spec, table);
    String quarantine = IngestTables.quarantineTable(table);
    dropDeadBranches(table);
    dropDeadBranches(quarantine);
    for (int round = 1; ; round++) {
      try {
        return attempt(StagingAttempt.start(runId), inputs, audit, start);
      } catch (MainMoved moved) {
        if (round >= MAX_ROUNDS) {
          throw new GridataException(
              moved.getCause(),
              "Cannot publish run %s to %s: main moved under %d attempts in a row (concurrent"
                  + " runs); nothing of this run was published, run it again",
              runId,
              table,
              round);
        }
      }
    }
  }

  private BatchResult attempt(
      StagingAttempt attempt, List<RawInput> inputs, Audit<StagedBatch> audit, long start) {
    String runId = attempt.runId();
    String quarantine = IngestTables.quarantineTable(table);
    List<RawInput> fresh = fresh(inputs, IcebergLedger.load(IcebergTables.load(spark, table)));
    if (fresh.isEmpty()) {
      return alreadyIngested(attempt, start);
    }
    // plan against the branch: it is forked from the main its ledger reads, so the publish (a
    // fast-forward) succeeds only if no other attempt published in between
    StagedWrite fork = new StagedWrite(spark, table, attempt, Map.of());
    fresh = fresh(fresh, IcebergLedger.load(fork.begin(), attempt.branch()));
    if (fresh.isEmpty()) {
      fork.discard();
      return alreadyIngested(attempt, start);
    }
    Map<String, String> summary =
        new LinkedHashMap<>(
            IngestionCommit.of(
                    runId, fresh.stream().map(f -> new SourceFile(f.uri(), f.sha256())).toList())
                .toSummary());
    summary.put(SnapshotSummaryKeys.ATTEMPT, attempt.id());
    StagedWrite quarantineWrite = new StagedWrite(spark, quarantine, attempt, summary);
    summary.putAll(snapshotProperties);
    StagedWrite tableWrite = new StagedWrite(spark, table, attempt, summary);

    // cached between the table write, the counts and the quarantine write; the run's constant
    // columns are added on top, so the cache does not hold them. With row checks, enrichment comes
    // before the valid/invalid split: checks may read derived columns
    Transform prepare =
        checks == null
            ? spec.prepare()
            : spec.prepare().andThen(spec.enrich()).andThen(IngestTransforms.applyChecks(checks));
    Dataset<Row> cached =
        prepare
            .andThen(IngestTransforms.dropRawOfValidRows(spec.rawColumns()))
            .apply(new RawReader(spark, spec.contract()).read(fresh))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> prepared =
        IngestTransforms.addRunMetadata(runId, Instant.now(clock)).apply(cached);
    try {
      // the table write materialises the cache; the counts and quarantine rows then come from it
      Transform valid =
          checks == null
              ? IngestTransforms.validOnly().andThen(spec.enrich())
              : IngestTransforms.validOnly();
      Dataset<Row> clean = valid.andThen(spec.deduplicate()).apply(prepared);
      Snapshot tableHead = tableWrite.write(clean.select(tableColumns()), mode);
      long rowsWritten = addedRecords(tableHead);
      Row counts =
          prepared
              .agg(
                  count(lit(1)).as("read"),
                  sum(when(size(col(ERRORS)).gt(0), 1).otherwise(0)).as("invalid"))
              .first();
      long rowsRead = counts.getLong(0);
      long rowsInvalid = counts.isNullAt(1) ? 0 : counts.getLong(1);
      long rowsValid = rowsRead - rowsInvalid;
      Optional<Snapshot> quarantineHead = Optional.empty();
      if (rowsInvalid > 0) {
        quarantineHead = stageQuarantine(quarantineWrite, attempt, fresh, prepared);
      }
      StagedBatch staged =
          new StagedBatch(
              runId,
              tableWrite.branchTableName(),
              quarantineWrite.branchTableName(),
              rowsRead,
              rowsWritten,
              rowsInvalid,
              rowsValid - rowsWritten);
      if (!audit.accepts(staged)) {
        tableWrite.discard();
        quarantineWrite.discard();
        return result(
            runId,
            BatchResult.Outcome.AUDIT_FAILED,
            fresh,
            staged,
            tableWrite,
            Optional.empty(),
            start);
      }
      // quarantine first; it holds each file's records once (see stageQuarantine), so a crash or
      // a lost race before the table's publish quarantines nothing twice on the retry
      if (quarantineHead.isPresent()) {
        publish(quarantineWrite, quarantine, quarantineHead.get());
      }
      Snapshot published = publish(tableWrite, table, tableHead);

      return result(
          runId,
          BatchResult.Outcome.PUBLISHED,
          fresh,
          staged,
          tableWrite,
          Optional.of(published.snapshotId()),
          start);
    } catch (RuntimeException e) {
      // nothing of this attempt reached main (or only its quarantine rows, recorded per file):
      // drop the half-staged branches so a retry starts clean
      discardQuietly(tableWrite, e);
      discardQuietly(quarantineWrite, e);
      throw e;
    } finally {
      cached.unpersist();
    }
  }

  /**
   * Stages the quarantined rows of the files the quarantine table does not hold yet, on a branch
   * forked from the quarantine {@code main} its ledger was read from; empty (and no branch) when
   * every file's records are quarantined already.
   */
  private Optional<Snapshot> stageQuarantine(
      StagedWrite write, StagingAttempt attempt, List<RawInput> fresh, Dataset<Row> prepared) {
    IcebergLedger quarantined = IcebergLedger.load(write.begin(), attempt.branch());
    List<String> done =
        fresh.stream().map(RawInput::sha256).filter(quarantined::isIngested).toList();
    if (done.size() == fresh.size()) {
      write.discard();
      return Optional.empty();
    }
    Dataset<Row> rows = quarantineRows(prepared);
    if (!done.isEmpty()) {
      rows = rows.where(not(col(SOURCE_CHECKSUM).isin(done.toArray())));
    }
    return Optional.of(write.append(rows));
  }

  private static List<RawInput> notIngested(List<RawInput> inputs, IngestionLedger ledger) {
    List<RawInput> fresh = new ArrayList<>();
    for (RawInput input : inputs) {
      if (!ledger.isIngested(input.sha256())) {
        fresh.add(input);
      }
    }
    return fresh;
  }

  /** In {@link WriteMode#APPEND}, the inputs {@code ledger} does not hold; else all of them. */
  private List<RawInput> fresh(List<RawInput> inputs, IngestionLedger ledger) {
    return mode == WriteMode.APPEND ? notIngested(inputs, ledger) : inputs;
  }

  private BatchResult alreadyIngested(StagingAttempt attempt, long start) {
    return new BatchResult(
        attempt.runId(),
        BatchResult.Outcome.ALREADY_INGESTED,
        0,
        0,
        0,
        0,
        0,
        attempt.branch(),
        Optional.empty(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Drops the staging branches of dead attempts; a failure to do so is not the batch's failure. */
  private void dropDeadBranches(String name) {
    try {
      StagingBranches.dropDead(IcebergTables.load(spark, name), Instant.now(), staleBranchAge);
    } catch (RuntimeException e) {
      // left for the next run or `gridata branches clean`
    }
  }

  private static void discardQuietly(StagedWrite write, RuntimeException failure) {
    try {
      write.discard();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Publishes a staging branch whose head is {@code staged}. {@code main} moved under it ({@link
   * StaleRefException}) or the branch is gone (dropped as stale by another run): {@link MainMoved},
   * the attempt starts over. When the catalog cannot tell whether the publish committed ({@link
   * CommitStateUnknownException}), the table history decides: if {@code main} holds the staged
   * snapshot the publish happened; otherwise the exception stands, the branches are dropped, and a
   * retry writes the batch once.
   */
  private Snapshot publish(StagedWrite write, String name, Snapshot staged) {
    try {
      return write.publish();
    } catch (StaleRefException | NotFoundException e) {
      throw new MainMoved(e);
    } catch (CommitStateUnknownException e) {
      Table reloaded = IcebergTables.load(spark, name);
      Snapshot head = reloaded.currentSnapshot();
      if (head != null
          && SnapshotUtil.isAncestorOf(
              head.snapshotId(), staged.snapshotId(), reloaded::snapshot)) {
        return reloaded.snapshot(staged.snapshotId());
      }
      throw e;
    }
  }

  /** {@code main} moved under an attempt: start over from the ledger. */
  private static final class MainMoved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MainMoved(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private Column[] tableColumns() {
    List<Column> columns = new ArrayList<>();
    spec.tableColumns().forEach(c -> columns.add(col(c)));
    List.of(INGESTED_AT, SOURCE_FILE, SOURCE_CHECKSUM, RUN_ID).forEach(c -> columns.add(col(c)));
    return columns.toArray(Column[]::new);
  }

  private Dataset<Row> quarantineRows(Dataset<Row> prepared) {
    List<Column> columns = new ArrayList<>();
    for (String name : spec.rawColumns()) {
      columns.add(col(IngestColumns.raw(name)).as(name));
    }
    columns.add(col(CORRUPT_RECORD));
    columns.add(col(ERRORS).as(REASONS));
    columns.add(col(INGESTED_AT));
    columns.add(col(SOURCE_FILE));
    columns.add(col(SOURCE_CHECKSUM));
    columns.add(col(RUN_ID));
    return IngestTransforms.invalidOnly().apply(prepared).select(columns.toArray(Column[]::new));
  }

  private static long addedRecords(Snapshot snapshot) {
    return Long.parseLong(snapshot.summary().getOrDefault("added-records", "0"));
  }

  private static BatchResult result(
      String runId,
      BatchResult.Outcome outcome,
      List<RawInput> files,
      StagedBatch staged,
      StagedWrite write,
      Optional<Long> snapshotId,
      long start) {
    return new BatchResult(
        runId,
        outcome,
        files.size(),
        staged.rowsRead(),
        staged.rowsWritten(),
        staged.rowsQuarantined(),
        staged.duplicatesDropped(),
        write.branch(),
        snapshotId,
        Duration.ofNanos(System.nanoTime() - start));
  }
}
