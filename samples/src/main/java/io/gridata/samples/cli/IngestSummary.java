package io.gridata.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridata.core.http.Delivery;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import java.io.IOException;
import java.time.LocalDate;

/**
 * The summary JSON of {@code gridata ingest --summary-json}: the run's status and outcome, every
 * file with its status and reason, the row counts (read = written + quarantined + duplicates), the
 * published snapshot, every step of the run (name, status, attempts, retries, duration, output,
 * error: the format of core's {@code RunSummary}), and the trigger and alert deliveries. Counts are
 * zero and {@code files} empty when the run failed before the orders job ran.
 */
final class IngestSummary {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private IngestSummary() {}

  static String json(IngestRun.Outcome run, String dataset, LocalDate date, String table)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("runId", run.summary().runId());
    root.put("dataset", dataset);
    root.put("date", date.toString());
    root.put("table", table);
    root.put("status", run.summary().status().name());
    root.put("outcome", run.name());
    ArrayNode files = root.putArray("files");
    IngestJobResult result = run.result().orElse(null);
    if (result != null) {
      for (FileOutcome file : result.files()) {
        ObjectNode node = files.addObject();
        node.put("file", file.key().path());
        node.put("status", file.status().name());
        node.put("sha256", file.sha256().orElse(null));
        node.put("reason", file.reason());
      }
    }
    root.put("filesAccepted", result == null ? 0 : result.filesAccepted());
    root.put("filesRejected", result == null ? 0 : result.filesRejected());
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
    for (IngestRun.AlertDelivery sent : run.alerts()) {
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

  private static void alert(ArrayNode alerts, String level, String title, Delivery delivery) {
    ObjectNode node = alerts.addObject();
    node.put("level", level);
    node.put("title", title);
    node.put("url", delivery.target());
    node.put("delivered", delivery.delivered());
    node.put("error", delivery.error().orElse(null));
  }
}
