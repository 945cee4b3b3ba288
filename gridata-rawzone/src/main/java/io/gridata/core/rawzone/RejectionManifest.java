package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridata.core.GridataException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a file was rejected: the JSON document written beside a rejected file as {@code
 * raw/rejected/<domain>/<dataset>/YYYY-MM-DD/<file>.rejection.json}. It never holds credentials or
 * file content.
 *
 * <pre>{@code
 * {"manifestVersion":1,"file":"raw/ecommerce/orders/2026-11-26/orders-1.csv",
 *  "rejectedFile":"raw/rejected/ecommerce/orders/2026-11-26/orders-1.csv","size":1234,
 *  "sha256":"9f86...","runId":"run-42","rejectedAt":"2026-11-26T08:00:00Z",
 *  "reason":"format: CSV header ...","failedChecks":[{"check":"format","status":"FAILED",
 *  "message":"..."}],"checks":[...]}
 * }</pre>
 *
 * @param key the original location of the file
 * @param size size in bytes, or -1 when unknown
 * @param sha256 hex SHA-256 of the content, when it was read
 * @param runId the run that rejected it
 * @param rejectedAt when
 * @param reason one line for people: the failed checks and their messages
 * @param checks all check results; the failed ones explain the rejection
 */
public record RejectionManifest(
    RawKey key,
    long size,
    Optional<String> sha256,
    String runId,
    Instant rejectedAt,
    String reason,
    List<CheckResult> checks) {
  /** Version of the JSON layout. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Validates the values and copies the list. */
  public RejectionManifest {
    requireNonNull(key, "key is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(rejectedAt, "rejectedAt is null");
    requireNonNull(reason, "reason is null");
    checks = List.copyOf(requireNonNull(checks, "checks is null"));
  }

  /** The manifest for a file that failed validation. */
  public static RejectionManifest of(ValidationReport report, String runId, Instant rejectedAt) {
    requireNonNull(report, "report is null");
    return new RejectionManifest(
        report.key(),
        report.size(),
        report.sha256(),
        runId,
        rejectedAt,
        report.summary(),
        report.checks());
  }

  /** The failed checks. */
  public List<CheckResult> failedChecks() {
    return checks.stream().filter(c -> !c.ok()).toList();
  }

  /** The manifest as JSON (UTF-8 text). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("manifestVersion", VERSION);
    root.put("file", key.path());
    root.put("rejectedFile", key.rejectedPath());
    root.put("domain", key.partition().domain());
    root.put("dataset", key.partition().dataset());
    root.put("date", key.partition().date().toString());
    root.put("size", size);
    if (sha256.isPresent()) {
      root.put("sha256", sha256.get());
    } else {
      root.putNull("sha256");
    }
    root.put("runId", runId);
    root.put("rejectedAt", rejectedAt.toString());
    root.put("reason", reason);
    root.set("failedChecks", checksJson(failedChecks()));
    root.set("checks", checksJson(checks));
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new GridataException(e, "Cannot write rejection manifest of %s", key);
    }
  }

  /**
   * Parses a manifest written by {@link #toJson()}.
   *
   * @throws GridataException when the text is not such a manifest
   */
  public static RejectionManifest fromJson(String json) {
    requireNonNull(json, "json is null");
    try {
      JsonNode root = JSON.readTree(json);
      List<CheckResult> checks = new ArrayList<>();
      for (JsonNode check : root.path("checks")) {
        checks.add(
            new CheckResult(
                Check.valueOf(check.path("check").asText().toUpperCase(java.util.Locale.ROOT)),
                CheckStatus.valueOf(check.path("status").asText()),
                check.path("message").asText()));
      }
      JsonNode sha = root.path("sha256");
      return new RejectionManifest(
          RawKey.parse(root.path("file").asText()),
          root.path("size").asLong(-1),
          sha.isTextual() ? Optional.of(sha.asText()) : Optional.empty(),
          root.path("runId").asText(),
          Instant.parse(root.path("rejectedAt").asText()),
          root.path("reason").asText(),
          checks);
    } catch (IOException | RuntimeException e) {
      throw new GridataException(
          e, "Cannot read rejection manifest: not a Gridata manifest (%s)", e.getMessage());
    }
  }

  private static ArrayNode checksJson(List<CheckResult> results) {
    ArrayNode array = JSON.createArrayNode();
    for (CheckResult result : results) {
      ObjectNode node = array.addObject();
      node.put("check", result.check().id());
      node.put("status", result.status().name());
      node.put("message", result.message());
    }
    return array;
  }
}
