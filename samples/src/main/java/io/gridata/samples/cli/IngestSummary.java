package io.gridata.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridata.core.http.Delivery;
import io.gridata.core.rawzone.IgnoredFile;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import java.io.IOException;
import java.time.LocalDate;

/**
 * The summary JSON of {@code gridata ingest --summary-json}: the run's status and outcome, every
 * file with its status and reason, the row counts (read = written + quarantined + duplicates), the
 * published snapshot, every step of the run (name, status, attempts, retries, duration, output,
 * error: the format of core's {@code RunSummary}), and the trigger and alert deliveries. {@code
 * files} lists every file whose outcome was known, also when the run failed after moving some to
 * {@code raw/rejected/}; {@code ignored} the objects of the day no run reads (leading-dot names,
 * orphan sidecars) with what to do. Row counts are zero when the run failed before the batch ended.
 */
final class IngestSummary {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private IngestSummary() {}

  static String json(IngestOutcome run, String dataset, LocalDate date, String table)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("runId", run.summary().runId());
    root.put("dataset", dataset);
    root.put("date", date.toString());
    root.put("table", table);
    root.put("status", run.summary().status().name());
    root.put("outcome", run.kind().name());
    ArrayNode files = root.putArray("files");
    IngestJobResult result = run.result().orElse(null);
    for (FileOutcome file : run.files()) {
      ObjectNode node = files.addObject();
      node.put("file", file.key().path());
      node.put("status", file.status().name());
      node.put("sha256", file.sha256().orElse(null));
      node.put("reason", file.reason());
    }
    ArrayNode ignored = root.putArray("ignored");
    if (result != null) {
      for (IgnoredFile file : result.ignored()) {
        ObjectNode node = ignored.addObject();
        node.put("file", file.path());
        node.put("reason", file.reason());
      }
    }
    root.put("filesAccepted", count(run, FileOutcome.Status.ACCEPTED));
    root.put("filesRejected", count(run, FileOutcome.Status.REJECTED));
    root.put(
        "filesPending",
        count(run, FileOutcome.Status.UNSETTLED) + count(run, FileOutcome.Status.CHANGED));
    root.put("filesDuplicate", count(run, FileOutcome.Status.DUPLICATE));
    root.put("rowsRead", result == null ? 0 : result.rowsRead());
    root.put("rowsWritten", result == null ? 0 : result.rowsWritten());
    root.put("rowsQuarantined", result == null ? 0 : result.rowsQuarantined());
    root.put("duplicatesDropped", result == null ? 0 : result.duplicatesDropped());
    root.put(
        "publishedSnapshotId", result == null ? null : result.publishedSnapshotId().orElse(null));
    root.put("elapsedMillis", run.summary().duration().toMillis());
    root.put("retries", run.summary().retries());
    JsonNode core = JSON.readTree(run.summary().toJson());
    root.set("steps", core.get("steps"));
    ArrayNode triggers = root.putArray("triggers");
    for (Delivery delivery : run.triggers()) {
      ObjectNode node = triggers.addObject();
      node.put("url", delivery.target());
      node.put("delivered", delivery.delivered());
      node.put("status", delivery.status());
      node.put("attempts", delivery.attempts());
      node.put("error", delivery.error().orElse(null));
    }
    ArrayNode alerts = root.putArray("alerts");
    for (IngestOutcome.AlertDelivery sent : run.alerts()) {
      alert(alerts, sent.alert().level().name(), sent.alert().title(), sent.delivery());
    }
    for (Delivery failure : run.summary().alerts()) {
      alert(
          alerts,
          "ERROR",
          "run " + run.summary().runId() + " of " + run.summary().pipeline() + " failed",
          failure);
    }
    return JSON.writeValueAsString(root);
  }

  private static long count(IngestOutcome run, FileOutcome.Status status) {
    return run.files().stream().filter(f -> f.status() == status).count();
  }

  private static void alert(ArrayNode alerts, String level, String title, Delivery delivery) {
    ObjectNode node = alerts.addObject();
    node.put("level", level);
    node.put("title", title);
    node.put("url", delivery.target());
    node.put("delivered", delivery.delivered());
    node.put("error", delivery.error().orElse(null));
  }
}
