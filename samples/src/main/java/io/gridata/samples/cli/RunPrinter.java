package io.gridata.samples.cli;

import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints an orders run for people: one line of counts, then one line per rejected file. */
final class RunPrinter {
  private RunPrinter() {}

  static void print(PrintWriter out, IngestJobResult result) {
    out.printf(
        Locale.ROOT,
        "%s  files: %d accepted, %d rejected | rows: %d read, %d written, %d quarantined,"
            + " %d duplicates | snapshot %s | %.1f s%n",
        result.date(),
        result.filesAccepted(),
        result.filesRejected(),
        result.rowsRead(),
        result.rowsWritten(),
        result.rowsQuarantined(),
        result.duplicatesDropped(),
        result.publishedSnapshotId().map(String::valueOf).orElse("-"),
        result.elapsed().toMillis() / 1000.0);
    for (FileOutcome file : result.files()) {
      if (file.status() == FileOutcome.Status.REJECTED) {
        out.printf("    rejected %s: %s%n", file.key().fileName(), file.reason());
      }
    }
    out.flush();
  }
}
