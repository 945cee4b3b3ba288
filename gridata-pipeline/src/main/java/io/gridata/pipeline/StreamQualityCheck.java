package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.gridata.core.alert.Alert;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.ingest.BatchCounts;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.quality.RuleResult;
import io.gridata.quality.RuleStatus;
import io.gridata.quality.Severity;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.transform.IngestColumns;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * A quality suite on every micro-batch of a streaming job, after the fact. The dataset's validation
 * and the suite's {@code quarantine} rules (given to the job as {@code
 * StreamingIngest.Builder.rowChecks(QualityAudit.rowChecks(suite))}) already routed bad events to
 * the quarantine table inside the batch; this evaluates the suite's rules on the rows the batch
 * committed (the table's rows whose {@code _run_id} is the batch's, {@code stream-<query id>-<batch
 * id>}) with the counts {@code rows_read}, {@code rows_written} and {@code rows_quarantined} for
 * the {@code batch_ratio} rules, and records the report in the quality history under the batch's
 * run id.
 *
 * <p>A streamed batch is committed before it is checked and cannot be rolled back: readers may
 * already have seen it. A failed rule is printed and alerted (ERROR for an error rule, WARNING for
 * a warn rule); with {@code stopOnError} a failed error rule also stops the query (after the batch,
 * from a thread of its own), so that nothing more lands until someone looks: restart it on the same
 * checkpoint. Checks run on Spark's listener thread, after the batch: they slow the listener, not
 * the stream. Rules over history ({@code row_count_change}) compare micro-batches with
 * micro-batches; a suite written for daily batches may need its own stream variant.
 */
public final class StreamQualityCheck extends StreamingQueryListener {
  private final SparkSession spark;
  private final UUID queryId;
  private final String table;
  private final String dataset;
  private final QualityGate gate;
  private final List<AlertSink> alerts;
  private final boolean stopOnError;
  private final PrintWriter out;
  private final PrintWriter err;
  private final AtomicLong failedBatches = new AtomicLong();

  /**
   * Checks query {@code queryId}'s batches written to {@code table} with {@code gate} (its suite
   * and history), the report named {@code dataset} in the history.
   */
  public StreamQualityCheck(
      SparkSession spark,
      UUID queryId,
      String table,
      String dataset,
      QualityGate gate,
      List<AlertSink> alerts,
      boolean stopOnError,
      PrintWriter out,
      PrintWriter err) {
    this.spark = requireNonNull(spark, "spark is null");
    this.queryId = requireNonNull(queryId, "queryId is null");
    this.table = requireNonNull(table, "table is null");
    this.dataset = requireNonNull(dataset, "dataset is null");
    this.gate = requireNonNull(gate, "gate is null");
    this.alerts = List.copyOf(requireNonNull(alerts, "alerts is null"));
    this.stopOnError = stopOnError;
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
  }

  /** Batches with a failed error rule so far. */
  public long failedBatches() {
    return failedBatches.get();
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    if (queryId.equals(progress.id()) && progress.numInputRows() > 0) {
      try {
        check(progress.batchId());
      } catch (RuntimeException e) {
        err.printf("quality of %s batch %d not checked: %s%n", table, progress.batchId(), e);
        err.flush();
      }
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** Checks batch {@code batchId}: evaluates, records, reports; empty batches are skipped. */
  void check(long batchId) {
    String runId = "stream-" + queryId + "-" + batchId;
    // the query commits through its own session's catalog: drop what this session cached
    String quarantineTable = IngestTables.quarantineTable(table);
    spark.catalog().refreshTable(table);
    spark.catalog().refreshTable(quarantineTable);
    Dataset<Row> rows = byRun(table, runId);
    long written = rows.count();
    long quarantined = byRun(quarantineTable, runId).count();
    if (written + quarantined == 0) {
      return;
    }
    // duplicates are dropped inside the streaming plan, before the batch is written: not counted
    BatchCounts counts = new BatchCounts(written + quarantined, written, quarantined, 0);
    QualityReport report = gate.check(dataset, rows, counts.asMap());
    gate.record(runId, dataset, report, true);
    List<RuleResult> failed =
        report.results().stream().filter(r -> r.status() == RuleStatus.FAILED).toList();
    boolean error = failed.stream().anyMatch(r -> r.severity() == Severity.ERROR);
    if (failed.isEmpty()) {
      out.printf("quality: %s batch %d passed %s%n", table, batchId, report.suite());
      out.flush();
      return;
    }
    String rules =
        failed.stream()
            .map(
                r ->
                    r.rule()
                        + " ("
                        + r.severity().name().toLowerCase(java.util.Locale.ROOT)
                        + ", "
                        + r.observed()
                        + ")")
            .collect(Collectors.joining(", "));
    err.printf(
        "quality: %s batch %d failed %s; it is committed (a stream cannot roll back)%s%n",
        table, batchId, rules, error && stopOnError ? ": stopping the query" : "");
    err.flush();
    Alert alert =
        new Alert(
            error ? Alert.Level.ERROR : Alert.Level.WARNING,
            "quality rules failed on streamed batch " + batchId + " of " + table,
            "Rules failed on a committed micro-batch: "
                + rules
                + ". The rows are in the table; quarantine, fix or compensate them."
                + (error && stopOnError
                    ? " The query was stopped: restart it on the same checkpoint."
                    : ""),
            dataset,
            runId,
            Map.of("table", table, "batch", Long.toString(batchId), "rules", rules),
            Instant.now());
    alerts.forEach(sink -> sink.send(alert));
    if (error) {
      failedBatches.incrementAndGet();
      if (stopOnError) {
        stopQuery();
      }
    }
  }

  private Dataset<Row> byRun(String name, String runId) {
    return spark.table(name).where(col(IngestColumns.RUN_ID).equalTo(lit(runId)));
  }

  /** Stops the query from a thread of its own: the listener thread must not wait for it. */
  private void stopQuery() {
    Thread stopper =
        new Thread(
            () -> {
              StreamingQuery query = spark.streams().get(queryId);
              if (query != null) {
                try {
                  query.stop();
                } catch (java.util.concurrent.TimeoutException e) {
                  err.printf("cannot stop query %s: %s%n", queryId, e);
                }
              }
            },
            "gridata-stream-quality-stop");
    stopper.setDaemon(true);
    stopper.start();
  }
}
