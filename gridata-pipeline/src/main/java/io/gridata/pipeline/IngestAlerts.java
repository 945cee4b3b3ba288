package io.gridata.pipeline;

import io.gridata.core.alert.Alert;
import io.gridata.quality.QualityReport;
import io.gridata.quality.RuleResult;
import io.gridata.quality.Severity;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts of an ingestion run (pipeline {@code <domain>_<dataset>}): an error when the quality
 * gate refused the batch or every file of the day was rejected; a warning for each rejected file,
 * each file that changed while it was read or was a copy of another, and each failed warn-level
 * rule.
 */
public final class IngestAlerts {
  private IngestAlerts() {}

  /** The alerts of {@code result} (with its quality report, if judged) on {@code table}. */
  public static List<Alert> of(
      IngestJobResult result, Optional<QualityReport> quality, String table, Instant at) {
    List<Alert> alerts = new ArrayList<>();
    String runId = result.runId();
    String pipeline = IngestLineage.flowId(result.partition());
    boolean refused =
        result.batch().map(b -> b.outcome() == BatchResult.Outcome.AUDIT_FAILED).orElse(false);
    if (refused) {
      alerts.add(
          new Alert(
              Alert.Level.ERROR,
              "quality gate refused run " + runId,
              quality.map(QualityReport::summary).orElse("the audit refused the batch")
                  + "\n"
                  + table
                  + " is unchanged; the staged rows were dropped.",
              pipeline,
              runId,
              Map.of("table", table, "date", result.date().toString()),
              at));
    }
    if (result.allRejected()) {
      alerts.add(
          new Alert(
              Alert.Level.ERROR,
              "every file of " + result.date() + " rejected in run " + runId,
              "Nothing was ingested; the files are in raw/rejected/ with their reasons"
                  + " (gridata rejected list).",
              pipeline,
              runId,
              Map.of("table", table, "date", result.date().toString()),
              at));
    }
    for (FileOutcome file : result.files()) {
      String title =
          switch (file.status()) {
            case REJECTED -> "rejected " + file.key().fileName();
            case CHANGED -> file.key().fileName() + " changed while it was read";
            case DUPLICATE -> file.key().fileName() + " is a copy of another file";
            default -> null; // accepted, gone, or not settled yet (taken by a later run)
          };
      if (title != null) {
        alerts.add(
            new Alert(
                Alert.Level.WARNING,
                title,
                file.reason(),
                pipeline,
                runId,
                Map.of("file", file.key().path(), "date", result.date().toString()),
                at));
      }
    }
    quality.ifPresent(
        report -> {
          for (RuleResult rule : report.failures()) {
            if (rule.severity() == Severity.WARN) {
              alerts.add(
                  new Alert(
                      Alert.Level.WARNING,
                      "quality warning " + rule.rule() + " on " + table,
                      rule.message() + " (expected " + rule.threshold() + ")",
                      pipeline,
                      runId,
                      Map.of("table", table, "rule", rule.rule(), "kind", rule.kind()),
                      at));
            }
          }
        });
    return alerts;
  }
}
