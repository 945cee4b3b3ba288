package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.core.alert.Alert;
import io.gridata.core.http.Delivery;
import io.gridata.core.metrics.RunMetrics;
import io.gridata.core.run.RunSummary;
import io.gridata.quality.QualityReport;
import io.gridata.quality.Severity;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one {@link IngestPipeline} run did.
 *
 * @param summary every step's status, duration, attempts, output and error
 * @param result the ingestion job's result, empty when the run failed before or in the ingest step
 * @param quality the gate's report, when it judged a batch
 * @param triggers deliveries of the downstream event
 * @param alerts deliveries of the run's alerts (the failure alert is in {@code summary})
 * @param files every file outcome known, also when the ingest step failed after moving files
 */
public record IngestOutcome(
    RunSummary summary,
    Optional<IngestJobResult> result,
    Optional<QualityReport> quality,
    List<Delivery> triggers,
    List<AlertDelivery> alerts,
    List<FileOutcome> files) {

  /** Copies the lists. */
  public IngestOutcome {
    requireNonNull(summary, "summary is null");
    requireNonNull(result, "result is null");
    requireNonNull(quality, "quality is null");
    triggers = List.copyOf(triggers);
    alerts = List.copyOf(alerts);
    files = List.copyOf(files);
  }

  /** One alert and what became of it at one sink. */
  public record AlertDelivery(Alert alert, Delivery delivery) {}

  /** True when the gate refused the staged batch. */
  public boolean refused() {
    return result
        .flatMap(IngestJobResult::batch)
        .map(b -> b.outcome() == BatchResult.Outcome.AUDIT_FAILED)
        .orElse(false);
  }

  /** True when every file of the day was rejected (and at least one was seen). */
  public boolean allRejected() {
    return result.map(IngestJobResult::allRejected).orElse(false);
  }

  /** True when files were left for a later run (still being written, or changed while read). */
  public boolean filesPending() {
    return result.map(r -> r.filesPending() > 0).orElse(false);
  }

  /** How a run ended, in one word; its name is the {@code outcome} of the CLI's summary JSON. */
  public enum Kind {
    /** The day's new rows were audited and published to {@code main}. */
    PUBLISHED,
    /** The quality gate refused the staged rows: {@code main} untouched. */
    AUDIT_FAILED,
    /** Every accepted file was already committed by an earlier run: nothing written. */
    ALREADY_INGESTED,
    /** No file was accepted (none arrived, all rejected, or all left for a later run). */
    NOTHING_TO_INGEST,
    /** A step failed: see {@link IngestOutcome#summary()}. */
    FAILED
  }

  /**
   * {@link Kind#FAILED} when a step failed, else the batch's outcome, or {@link
   * Kind#NOTHING_TO_INGEST} when no file was accepted.
   */
  public Kind kind() {
    if (!summary.succeeded()) {
      return Kind.FAILED;
    }
    return result
        .flatMap(IngestJobResult::batch)
        .map(b -> kind(b.outcome()))
        .orElse(Kind.NOTHING_TO_INGEST);
  }

  private static Kind kind(BatchResult.Outcome outcome) {
    return switch (outcome) {
      case PUBLISHED -> Kind.PUBLISHED;
      case AUDIT_FAILED -> Kind.AUDIT_FAILED;
      case ALREADY_INGESTED -> Kind.ALREADY_INGESTED;
    };
  }

  /** The run's metrics: steps, retries, outcome, files, rows and quality rule failures. */
  public RunMetrics metrics() {
    RunMetrics metrics = RunMetrics.prometheus(summary.pipeline());
    metrics.steps(summary);
    metrics.run(kind().name().toLowerCase(Locale.ROOT));
    result.ifPresent(
        r -> {
          metrics.files("accepted", r.filesAccepted());
          metrics.files("rejected", r.filesRejected());
          metrics.files("pending", r.filesPending());
          metrics.files("duplicate", r.filesDuplicate());
          metrics.rows("read", r.rowsRead());
          metrics.rows("written", r.rowsWritten());
          metrics.rows("quarantined", r.rowsQuarantined());
          metrics.rows("duplicates", r.duplicatesDropped());
          metrics.step("validate", r.validation(), true);
        });
    quality.ifPresent(
        report -> {
          for (Severity severity : Severity.values()) {
            metrics.qualityRuleFailures(
                severity.name().toLowerCase(Locale.ROOT),
                report.failures().stream().filter(f -> f.severity() == severity).count());
          }
        });
    return metrics;
  }

  /**
   * The run as an HTML page (outcome, counts, lineage diagram, files, quality, triggers, alerts),
   * empty when the run failed before ingesting.
   *
   * @param table the target table
   */
  public Optional<String> reportHtml(String table) {
    return result.map(
        r ->
            new RunReport(
                    r,
                    Optional.of(summary),
                    table,
                    quality,
                    triggers,
                    alerts.stream().map(AlertDelivery::delivery).toList())
                .html());
  }
}
