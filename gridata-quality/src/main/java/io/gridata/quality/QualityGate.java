package io.gridata.quality;

import static java.util.Objects.requireNonNull;

import io.gridata.core.table.RollbackResult;
import io.gridata.core.table.TableOps;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The quality gate: evaluates a suite on a batch, records the report in the {@link MetricHistory},
 * and says whether the batch may reach readers.
 *
 * <ul>
 *   <li>{@link #check} is for a batch staged on a branch (write-audit-publish): the caller
 *       publishes when the report {@link QualityReport#passed() passed} and drops the branch
 *       otherwise, so {@code main} never holds a failed batch. The orders job's audit hook calls it
 *       (see gridata-pipeline's {@code QualityAudit}).
 *   <li>{@link #checkPublished} is for a table written without a branch: it evaluates the rows the
 *       given snapshot added and, when the suite fails, rolls {@code main} back to that snapshot's
 *       parent with {@link TableOps#rollback}, which refuses if {@code main} moved meanwhile (a
 *       concurrent writer's commit is never detached).
 * </ul>
 *
 * <pre>{@code
 * QualityGate gate = new QualityGate(spark, SuiteYaml.load(path), IcebergMetricHistory.defaultTable(spark));
 * Dataset<Row> staged = spark.read().option("branch", "gridata-run-run-42").table("gridata.ecommerce.orders");
 * QualityReport report = gate.check("gridata.ecommerce.orders", staged, Map.of("rows_read", 1000L));
 * gate.record("run-42", "gridata.ecommerce.orders", report, report.passed());
 * if (!report.passed()) { ... drop the branch, fail the run with report.summary() ... }
 * }</pre>
 */
public final class QualityGate {
  private final SparkSession spark;
  private final QualitySuite suite;
  private final MetricHistory history;
  private final SuiteEvaluator evaluator;
  private final Clock clock;

  /** A gate evaluating {@code suite}, with earlier results from and new ones to {@code history}. */
  public QualityGate(SparkSession spark, QualitySuite suite, MetricHistory history) {
    this(spark, suite, history, new SuiteEvaluator(spark), Clock.systemUTC());
  }

  /** As above, with an evaluator of one's own (sample size) and a clock for the recorded times. */
  public QualityGate(
      SparkSession spark,
      QualitySuite suite,
      MetricHistory history,
      SuiteEvaluator evaluator,
      Clock clock) {
    this.spark = requireNonNull(spark, "spark is null");
    this.suite = requireNonNull(suite, "suite is null");
    this.history = requireNonNull(history, "history is null");
    this.evaluator = requireNonNull(evaluator, "evaluator is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The suite this gate evaluates. */
  public QualitySuite suite() {
    return suite;
  }

  /**
   * Evaluates the suite on {@code batch} (the run's staged rows) of {@code dataset}, judging the
   * history rules against the dataset's published runs. Records nothing: call {@link #record} once
   * the outcome is known.
   *
   * @param counts the job's counts of the batch, for {@link Rule.BatchRatio} rules
   */
  public QualityReport check(String dataset, Dataset<Row> batch, Map<String, Long> counts) {
    return evaluator.evaluate(suite, batch, new BatchContext(dataset, counts, history));
  }

  /**
   * Appends {@code report} to the history as run {@code runId} of {@code dataset}.
   *
   * @param published whether the batch reached readers (only published runs are a baseline)
   */
  public void record(String runId, String dataset, QualityReport report, boolean published) {
    requireNonNull(runId, "runId is null");
    history.record(report, runId, dataset, clock.instant(), published);
  }

  /**
   * Evaluates the rows that append snapshot {@code snapshotId} of {@code table} added (already on
   * {@code main}), records the report (published when it passed) and, when the suite fails, rolls
   * {@code main} back to the snapshot's parent.
   *
   * @throws io.gridata.core.table.StaleRefException if the suite failed but {@code main} no longer
   *     points at {@code snapshotId}: nothing was rolled back, the report is in the history
   * @throws QualityConfigException if the table cannot be loaded, the snapshot is unknown, or it is
   *     not an append (an overwrite's added rows are not what readers gained; stage such writes on
   *     a branch and use {@link #check})
   */
  public PublishedCheck checkPublished(
      String runId, String table, long snapshotId, Map<String, Long> counts) {
    requireNonNull(runId, "runId is null");
    requireNonNull(table, "table is null");
    Table iceberg = load(table);
    Snapshot snapshot = iceberg.snapshot(snapshotId);
    QualityConfigException.check(
        snapshot != null, "Cannot check table %s: it has no snapshot %s", table, snapshotId);
    QualityConfigException.check(
        DataOperations.APPEND.equals(snapshot.operation()),
        "Cannot check snapshot %s of %s after the fact: its operation is %s, not an append;"
            + " stage the write on a branch and check it before publishing",
        snapshotId,
        table,
        snapshot.operation());
    Long parent = snapshot.parentId();
    Dataset<Row> added =
        parent == null
            // through the table's catalog on every Spark line (Iceberg's Spark 3.5 source given a
            // catalog-qualified name builds its Hive catalog instead)
            ? spark.sql("SELECT * FROM " + table + " VERSION AS OF " + snapshotId)
            : spark
                .read()
                .option("start-snapshot-id", parent)
                .option("end-snapshot-id", snapshotId)
                .table(table);
    QualityReport report = check(table, added, counts);
    record(runId, table, report, report.passed());
    if (report.passed() || parent == null) {
      return new PublishedCheck(report, Optional.empty());
    }
    RollbackResult rollback = TableOps.create().rollback(load(table), snapshotId, parent);
    return new PublishedCheck(report, Optional.of(rollback));
  }

  /**
   * What {@link #checkPublished} did.
   *
   * @param report the suite's report on the snapshot's rows
   * @param rollback the rollback of {@code main} when the suite failed; empty when it passed, or
   *     when the failed snapshot was the table's first (there is nothing to go back to: the report
   *     says so, and the caller decides)
   */
  public record PublishedCheck(QualityReport report, Optional<RollbackResult> rollback) {
    /** Validates. */
    public PublishedCheck {
      requireNonNull(report, "report is null");
      requireNonNull(rollback, "rollback is null");
    }
  }

  private Table load(String table) {
    try {
      Table loaded = Spark3Util.loadIcebergTable(spark, table);
      loaded.refresh();
      return loaded;
    } catch (Exception e) { // ParseException and NoSuchTableException are checked
      throw new QualityConfigException(
          "Cannot check table %s: it is not an Iceberg table of this session (%s)",
          table, e.getMessage());
    }
  }
}
