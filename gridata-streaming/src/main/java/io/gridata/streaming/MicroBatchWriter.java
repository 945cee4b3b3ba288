package io.gridata.streaming;

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
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.transform.IngestColumns;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.IcebergTables;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code foreachBatch} sink of a streaming job: one micro-batch of prepared, de-duplicated
 * events (see {@link StreamingIngest}) into the quarantine table (rows with reasons) and the table
 * (valid rows), each an Iceberg append whose snapshot summary records the query id and batch id.
 * Before each append the table's history is checked: a batch already committed there (a replay
 * after a crash between the Iceberg commit and the checkpoint's commit) is not written again. The
 * quarantine table is written first, as in the batch path. A dataset with {@link
 * StreamDataset#totals() running totals} then has the batch's valid rows added to its total table
 * by a MERGE, checked and recorded the same way.
 */
public final class MicroBatchWriter {
  /** The local property Spark sets to the query id on the thread running {@code foreachBatch}. */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private static final Logger LOG = LoggerFactory.getLogger(MicroBatchWriter.class);

  private final IngestSpec spec;
  private final String eventTime;
  private final Optional<String> mergeKey;
  private final Optional<AdditiveMerge> totals;
  private final String table;
  private final CompactionPolicy compaction;
  private final Clock clock;
  private final StreamCounters counters;
  private final LongConsumer afterCommit;
  private final Optional<RowChecks> checks;

  /**
   * A writer of {@code table} (and {@code <table>_quarantine}) for {@code dataset}'s rows:
   * appended, or merged by its merge key (the latest event per key wins within the batch, through
   * {@code spec.deduplicate()}, and against the table by its event time).
   *
   * @param counters totals to add this writer's batches to
   * @param afterCommit called with the batch id after a batch's Iceberg commits, before Spark
   *     records the batch in the checkpoint's commit log
   */
  public MicroBatchWriter(
      StreamDataset dataset,
      String table,
      CompactionPolicy compaction,
      Clock clock,
      StreamCounters counters,
      LongConsumer afterCommit) {
    this(dataset, table, compaction, clock, counters, afterCommit, Optional.empty());
  }

  /**
   * As above, and rows that are valid by the dataset but break one of {@code checks} (e.g. a
   * quality suite's {@code quarantine} rules) go to the quarantine table with the checks' names as
   * reasons, in the same batch, as the batch ingest's row checks do. The checks see the enriched
   * rows (derived columns included).
   */
  public MicroBatchWriter(
      StreamDataset dataset,
      String table,
      CompactionPolicy compaction,
      Clock clock,
      StreamCounters counters,
      LongConsumer afterCommit,
      Optional<RowChecks> checks) {
    requireNonNull(dataset, "dataset is null");
    this.spec = dataset.spec();
    this.eventTime = dataset.eventTime();
    this.mergeKey = dataset.mergeKey();
    this.totals = dataset.totals();
    this.table = requireNonNull(table, "table is null");
    this.compaction = requireNonNull(compaction, "compaction is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.counters = requireNonNull(counters, "counters is null");
    this.afterCommit = requireNonNull(afterCommit, "afterCommit is null");
    this.checks = requireNonNull(checks, "checks is null");
  }

  /**
   * Writes batch {@code batchId} of the query running on this thread (its id from Spark's local
   * property {@value #QUERY_ID_PROPERTY}).
   */
  public void write(Dataset<Row> batch, long batchId) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    if (queryId == null) {
      throw new IllegalStateException(
          "Cannot write micro-batch "
              + batchId
              + " of "
              + table
              + ": not on a streaming query's"
              + " thread (no "
              + QUERY_ID_PROPERTY
              + "); call write(batch, queryId, batchId)");
    }
    write(batch, queryId, batchId);
  }

  /** Writes batch {@code batchId} of query {@code queryId}; a no-op for a table that has it. */
  public void write(Dataset<Row> batch, String queryId, long batchId) {
    requireNonNull(batch, "batch is null");
    requireNonNull(queryId, "queryId is null");
    SparkSession spark = batch.sparkSession();
    String quarantine = IngestTables.quarantineTable(table);
    boolean tableDone = StreamCommits.committed(IcebergTables.load(spark, table), queryId, batchId);
    boolean quarantineDone =
        StreamCommits.committed(IcebergTables.load(spark, quarantine), queryId, batchId);
    if (tableDone) {
      counters.batchesSkipped.incrementAndGet();
      LOG.info("Batch {} of query {} is already in {}: not written again", batchId, queryId, table);
    }
    if (quarantineDone) {
      LOG.info(
          "Batch {} of query {} is already in {}: not written again", batchId, queryId, quarantine);
    }
    Optional<String> totalsTable = totals.map(t -> t.tableBeside(table));
    boolean totalsDone =
        totalsTable.isEmpty()
            || StreamCommits.committed(
                IcebergTables.load(spark, totalsTable.get()), queryId, batchId);
    if (totalsTable.isPresent() && totalsDone) {
      LOG.info(
          "Batch {} of query {} is already in {}: not added again",
          batchId,
          queryId,
          totalsTable.get());
    }
    if (tableDone && quarantineDone && totalsDone) {
      // the plan still runs (into Spark's no-op sink): its stateful de-duplication must commit
      // this batch's state, or the replayed batch fails Spark's state-store validation and the
      // events of the batch would be forgotten by the de-duplication
      batch.write().format("noop").mode("append").save();
      return;
    }
    String runId = "stream-" + queryId + "-" + batchId;
    Instant ingestedAt = clock.instant();
    Dataset<Row> cached = batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> rows = IngestTransforms.addRunMetadata(runId, ingestedAt).apply(cached);
      // with row checks, enrichment comes before the valid/invalid split: checks may read derived
      // columns (as in the batch ingest)
      Transform validRows = IngestTransforms.validOnly().andThen(spec.enrich());
      if (checks.isPresent()) {
        rows = spec.enrich().andThen(IngestTransforms.applyChecks(checks.get())).apply(rows);
        validRows = IngestTransforms.validOnly();
      }
      // one job computes the batch (the Kafka read, parsing, the stateful de-duplication) into the
      // cache and counts its bad and valid rows; the appends then read the cache, and a table
      // without rows in this batch is not written at all (no extra job, no empty snapshot)
      Row counts =
          rows.agg(
                  count(lit(1)).as("rows"),
                  sum(when(size(col(ERRORS)).gt(0), 1).otherwise(0)).cast("bigint").as("bad"),
                  // a record with errors has a null event time (StreamingIngest.prepared)
                  unix_millis(min(col(eventTime))).as("oldest"))
              .first();
      long bad = counts.isNullAt(1) ? 0 : counts.getLong(1);
      long valid = counts.getLong(0) - bad;
      if (!counts.isNullAt(2)) {
        counters.oldestEvent(batchId, Instant.ofEpochMilli(counts.getLong(2)));
      }
      boolean wrote = false;
      if (!quarantineDone && bad > 0) {
        append(
            IngestTransforms.invalidOnly().apply(rows).select(quarantineColumns()),
            quarantine,
            queryId,
            batchId);
        counters.rowsQuarantined.addAndGet(bad);
        wrote = true;
      }
      if (!tableDone && valid > 0) {
        Transform transform = validRows;
        if (mergeKey.isPresent()) {
          transform = transform.andThen(spec.deduplicate()); // one row per key: the latest event
        }
        Dataset<Row> good = transform.apply(rows).select(tableColumns());
        if (mergeKey.isPresent()) {
          long n = good.count(); // the batch's rows after de-duplication by key
          merge(good, mergeKey.get(), queryId, batchId);
          counters.rowsWritten.addAndGet(n);
        } else {
          append(good, table, queryId, batchId);
          counters.rowsWritten.addAndGet(valid);
        }
        wrote = true;
      }
      if (!totalsDone && valid > 0) {
        Dataset<Row> good = validRows.apply(rows);
        addTotals(good, totals.get(), totalsTable.get(), runId, ingestedAt, queryId, batchId);
        wrote = true;
      }
      if (wrote) {
        counters.batchesCommitted.incrementAndGet();
        afterCommit.accept(batchId);
      }
    } finally {
      cached.unpersist();
    }
    if (compaction.dueAfter(batchId)) {
      compact(spark, table);
      compact(spark, quarantine);
      if (totalsTable.isPresent()) {
        compact(spark, totalsTable.get());
      }
      counters.compactions.incrementAndGet();
    }
  }

  private static void append(Dataset<Row> rows, String name, String queryId, long batchId) {
    try {
      rows.writeTo(name)
          .option("snapshot-property." + StreamCommits.QUERY_ID, queryId)
          .option("snapshot-property." + StreamCommits.BATCH_ID, Long.toString(batchId))
          .append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException(
          "Cannot append micro-batch to " + name + ": no such table", e);
    }
  }

  /**
   * {@code MERGE INTO table} by {@code key} from {@code rows} (one per key): a key not in the table
   * is inserted; a row of the table is replaced when the batch's row is at least as recent by the
   * event time (the batch's row is the key's latest in the batch, by the spec's de-duplication
   * order), so an update arriving after a newer one changes nothing. The commit carries the query
   * and batch ids like an append.
   */
  private void merge(Dataset<Row> rows, String key, String queryId, long batchId) {
    String view = "gridata_stream_batch_" + batchId;
    rows.createOrReplaceTempView(view);
    String newer = " AND s." + eventTime + " >= t." + eventTime;
    try {
      withStreamIds(
          queryId,
          batchId,
          () ->
              rows.sparkSession()
                  .sql(
                      "MERGE INTO "
                          + table
                          + " t USING "
                          + view
                          + " s ON t."
                          + key
                          + " = s."
                          + key
                          + " WHEN MATCHED"
                          + newer
                          + " THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"));
    } finally {
      rows.sparkSession().catalog().dropTempView(view);
    }
  }

  /**
   * Adds the batch's valid {@code rows} to {@code target}: {@code amount} summed per key, then
   * {@code MERGE INTO target t USING sums s ON t.key = s.key WHEN MATCHED THEN UPDATE SET t.total =
   * t.total + s.delta, t.updated_at = greatest(t.updated_at, s.latest), t.changes_applied =
   * t.changes_applied + s.changes, ... WHEN NOT MATCHED THEN INSERT ...}. Additive, so not
   * idempotent: the caller checks {@link StreamCommits} first, and the commit carries the query and
   * batch ids.
   */
  private void addTotals(
      Dataset<Row> rows,
      AdditiveMerge merge,
      String target,
      String runId,
      Instant ingestedAt,
      String queryId,
      long batchId) {
    String key = merge.key();
    String total = merge.total();
    Dataset<Row> sums =
        rows.groupBy(col(key))
            .agg(
                sum(col(merge.amount())).cast("bigint").as("delta"),
                max(col(eventTime)).as("latest"),
                count(lit(1)).as("changes"))
            .withColumn(INGESTED_AT, lit(Timestamp.from(ingestedAt)))
            .withColumn(RUN_ID, lit(runId));
    String view = "gridata_stream_totals_" + batchId;
    sums.createOrReplaceTempView(view);
    try {
      withStreamIds(
          queryId,
          batchId,
          () ->
              rows.sparkSession()
                  .sql(
                      String.format(
                          "MERGE INTO %1$s t USING %2$s s ON t.%3$s = s.%3$s"
                              + " WHEN MATCHED THEN UPDATE SET t.%4$s = t.%4$s + s.delta,"
                              + " t.updated_at = greatest(t.updated_at, s.latest),"
                              + " t.changes_applied = t.changes_applied + s.changes,"
                              + " t._ingested_at = s._ingested_at, t._run_id = s._run_id"
                              + " WHEN NOT MATCHED THEN INSERT"
                              + " (%3$s, %4$s, updated_at, changes_applied, _ingested_at, _run_id)"
                              + " VALUES (s.%3$s, s.delta, s.latest, s.changes, s._ingested_at,"
                              + " s._run_id)",
                          target, view, key, total)));
    } finally {
      rows.sparkSession().catalog().dropTempView(view);
    }
  }

  /** Runs {@code sql} so that the Iceberg commit it makes records the query and batch ids. */
  private static void withStreamIds(String queryId, long batchId, Callable<?> sql) {
    CommitMetadata.withCommitProperties(
        Map.of(StreamCommits.QUERY_ID, queryId, StreamCommits.BATCH_ID, Long.toString(batchId)),
        sql,
        RuntimeException.class);
  }

  /** Iceberg's bin-packing rewrite to the table's target file size. */
  private void compact(SparkSession spark, String name) {
    Table iceberg = IcebergTables.load(spark, name);
    var result =
        SparkActions.get(spark)
            .rewriteDataFiles(iceberg)
            .option("min-input-files", Integer.toString(compaction.minInputFiles()))
            .execute();
    LOG.info(
        "Compacted {}: {} data files rewritten into {}",
        name,
        result.rewrittenDataFilesCount(),
        result.addedDataFilesCount());
  }

  private Column[] tableColumns() {
    List<Column> columns = new ArrayList<>();
    spec.tableColumns().forEach(c -> columns.add(col(c)));
    List.of(INGESTED_AT, SOURCE_FILE, SOURCE_CHECKSUM, RUN_ID).forEach(c -> columns.add(col(c)));
    return columns.toArray(Column[]::new);
  }

  private Column[] quarantineColumns() {
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
    return columns.toArray(Column[]::new);
  }
}
