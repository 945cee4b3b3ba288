package io.gridata.samples.cli;

import io.gridata.core.rawzone.IgnoredFile;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.run.RunSummary;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.QualityReport;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;

/** Prints ingestion runs for people. */
final class RunPrinter {
  private RunPrinter() {}

  /**
   * One line of counts, then one line per file not taken as it is (rejected, pending, duplicate)
   * and per object of the day no run reads.
   */
  static void print(PrintWriter out, IngestJobResult result) {
    out.printf(
        Locale.ROOT,
        "%s %-11s files: %d accepted, %d rejected | rows: %d read, %d written, %d quarantined,"
            + " %d duplicates | snapshot %s | %.1f s%n",
        result.date(),
        result.partition().dataset(),
        result.filesAccepted(),
        result.filesRejected(),
        result.rowsRead(),
        result.rowsWritten(),
        result.rowsQuarantined(),
        result.duplicatesDropped(),
        result.publishedSnapshotId().map(String::valueOf).orElse("-"),
        result.elapsed().toMillis() / 1000.0);
    for (FileOutcome file : result.files()) {
      if (file.status() != FileOutcome.Status.ACCEPTED) {
        out.printf(
            "    %s %s: %s%n",
            file.status().name().toLowerCase(Locale.ROOT), file.key().fileName(), file.reason());
      }
    }
    for (IgnoredFile file : result.ignored()) {
      out.printf("    ignored %s: %s%n", file.name(), file.reason());
    }
    out.flush();
  }

  /**
   * Prints a run of {@link IngestPipeline}: trigger deliveries, the counts, the quality summary,
   * alerts that were not delivered, and why the run failed or was refused.
   */
  static void print(CommandLine cli, IngestOutcome outcome, RawPartition partition, String target) {
    PrintWriter out = cli.getOut();
    PrintWriter err = cli.getErr();
    outcome
        .triggers()
        .forEach(
            delivery -> {
              if (delivery.delivered()) {
                out.printf("trigger: %s answered %d%n", delivery.target(), delivery.status());
              } else {
                err.printf("trigger: %s: %s%n", delivery.target(), delivery.error().orElse(""));
              }
            });
    outcome.result().ifPresent(result -> print(out, result));
    if (outcome.result().isEmpty()) {
      // the run failed in or before the ingestion: still say which files it moved
      outcome.files().stream()
          .filter(file -> file.status() == FileOutcome.Status.REJECTED)
          .forEach(
              file -> out.printf("    rejected %s: %s%n", file.key().fileName(), file.reason()));
    }
    outcome.quality().map(QualityReport::summary).ifPresent(out::println);
    if (outcome.result().map(r -> r.files().isEmpty()).orElse(false)) {
      out.printf("no files in %s%n", partition.prefix());
    }
    outcome.alerts().stream()
        .filter(sent -> !sent.delivery().delivered())
        .forEach(
            sent ->
                err.printf(
                    "alert %s: %s%n", sent.alert().title(), sent.delivery().error().orElse("")));
    if (!outcome.alerts().isEmpty()) {
      out.printf(
          "alerts: %d sent, %d delivered%n",
          outcome.alerts().size(),
          outcome.alerts().stream().filter(a -> a.delivery().delivered()).count());
    }
    RunSummary summary = outcome.summary();
    if (!summary.succeeded()) {
      summary.steps().stream()
          .filter(step -> step.status() == RunSummary.Status.FAILED)
          .forEach(
              step ->
                  err.printf(
                      "run %s failed in step %s after %d attempt(s): %s%n",
                      summary.runId(), step.name(), step.attempts(), step.error().orElse("")));
    } else if (outcome.result().map(r -> r.filesPending() > 0).orElse(false)) {
      err.printf(
          "run %s left %d file(s) for a later run (still being written, or changed while read):"
              + " run the day again once they settled%n",
          summary.runId(), outcome.result().get().filesPending());
    }
    if (summary.succeeded() && outcome.refused()) {
      err.printf(
          "quality gate refused run %s: %s is unchanged%n%s%n",
          summary.runId(), target, outcome.quality().map(QualityReport::summary).orElse(""));
    }
    out.flush();
    err.flush();
  }
}
