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
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.gridata.core.ingest.IcebergLedger;
import io.gridata.core.ingest.IngestionCommit;
import io.gridata.core.ingest.IngestionLedger;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.ingest.SourceFile;
import io.gridata.spark.read.RawInput;
import io.gridata.spark.read.RawReader;
import io.gridata.spark.transform.IngestColumns;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.IcebergTables;
import io.gridata.spark.write.StagedWrite;
import io.gridata.spark.write.WriteMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * with write-audit-publish and exactly-once semantics:
 *
 * <ol>
 *   <li>a run id already on {@code main} writes nothing; in {@link WriteMode#APPEND} mode, files
 *       whose checksum is already recorded in a snapshot of {@code main} are skipped (see {@link
 *       IcebergLedger}), so a re-run or a file dropped twice writes nothing twice;
 *   <li>the rest is read, transformed, split into valid rows and quarantined rows with reasons (the
 *       spec's own, and those of the pipeline's {@link RowChecks}), de-duplicated by the spec's
 *       key;
 *   <li>both tables are appended on a per-run branch; every snapshot carries {@code gridata.run-id}
 *       and the source checksums;
 *   <li>the {@link StagedBatch.Audit} decides: publish (fast-forward {@code main}) or discard.
 * </ol>
 */
public final class IngestBatch {
  private final SparkSession spark;
  private final IngestSpec spec;
  private final String table;
  private final WriteMode mode;
  private final Clock clock;
  private final RowChecks checks;

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
    this.spark = requireNonNull(spark, "spark is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.table = requireNonNull(table, "table is null");
    this.mode = requireNonNull(mode, "mode is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.checks = checks;
  }

  /**
   * Runs the batch.
   *
   * @param runId identifies this run in snapshot summaries and branch names
   * @param inputs validated files
   * @param audit decides whether to publish the staged rows
   */
  public BatchResult run(String runId, List<RawInput> inputs, StagedBatch.Audit audit) {
    requireNonNull(runId, "runId is null");
    requireNonNull(inputs, "inputs is null");
    requireNonNull(audit, "audit is null");
    long start = System.nanoTime();
    IngestTables.createIfMissing(spark, spec, table);
    String quarantine = IngestTables.quarantineTable(table);
    StagedWrite target = new StagedWrite(spark, table, runId, Map.of());
    IngestionLedger ledger = IcebergLedger.load(IcebergTables.load(spark, table));
    List<RawInput> fresh = new ArrayList<>();
    for (RawInput input : inputs) {
      if (mode != WriteMode.APPEND || !ledger.isIngested(input.sha256())) {
        fresh.add(input);
      }
    }
    if (fresh.isEmpty() || ledger.runCommitted(runId)) {
      return new BatchResult(
          runId,
          BatchResult.Outcome.ALREADY_INGESTED,
          0,
          0,
          0,
          0,
          0,
          target.branch(),
          Optional.empty(),
          Duration.ofNanos(System.nanoTime() - start));
    }
    Map<String, String> summary =
        IngestionCommit.of(
                runId, fresh.stream().map(f -> new SourceFile(f.uri(), f.sha256())).toList())
            .toSummary();
    StagedWrite tableWrite = new StagedWrite(spark, table, runId, summary);
    StagedWrite quarantineWrite = new StagedWrite(spark, quarantine, runId, summary);

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
      long rowsWritten = addedRecords(tableWrite.write(clean.select(tableColumns()), mode));
      Row counts =
          prepared
              .agg(
                  count(lit(1)).as("read"),
                  sum(when(size(col(ERRORS)).gt(0), 1).otherwise(0)).as("invalid"))
              .first();
      long rowsRead = counts.getLong(0);
      long rowsInvalid = counts.isNullAt(1) ? 0 : counts.getLong(1);
      long rowsValid = rowsRead - rowsInvalid;
      long rowsQuarantined = 0;
      if (rowsInvalid > 0) {
        rowsQuarantined = addedRecords(quarantineWrite.append(quarantineRows(prepared)));
      }
      StagedBatch staged =
          new StagedBatch(
              runId,
              tableWrite.branchTableName(),
              quarantineWrite.branchTableName(),
              rowsRead,
              rowsWritten,
              rowsQuarantined,
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
      // quarantine first: a crash between the two publishes may quarantine rows twice on the
      // re-run, but never loses them (the table's commit is what marks the files ingested)
      if (rowsQuarantined > 0) {
        quarantineWrite.publish();
      }
      Snapshot published = publish(tableWrite, runId);

      return result(
          runId,
          BatchResult.Outcome.PUBLISHED,
          fresh,
          staged,
          tableWrite,
          Optional.of(published.snapshotId()),
          start);
    } catch (RuntimeException e) {
      // nothing reached main; drop the half-staged branches so a retry starts clean
      tableWrite.discard();
      quarantineWrite.discard();
      throw e;
    } finally {
      cached.unpersist();
    }
  }

  /**
   * Publishes the table's branch. When the catalog cannot tell whether the publish committed
   * ({@link CommitStateUnknownException}), the table history decides: if {@code main} holds this
   * run's snapshot the publish happened and the batch is done; otherwise the exception stands, the
   * branches are dropped, and a retry of the run writes the batch once.
   */
  private Snapshot publish(StagedWrite write, String runId) {
    try {
      return write.publish();
    } catch (CommitStateUnknownException e) {
      Table reloaded = IcebergTables.load(spark, table);
      Snapshot head = reloaded.currentSnapshot();
      if (head != null) {
        for (Snapshot snapshot : SnapshotUtil.ancestorsOf(head.snapshotId(), reloaded::snapshot)) {
          if (runId.equals(snapshot.summary().get(SnapshotSummaryKeys.RUN_ID))) {
            return snapshot;
          }
        }
      }
      throw e;
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
