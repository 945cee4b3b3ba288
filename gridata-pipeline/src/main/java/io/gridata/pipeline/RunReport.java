package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.core.http.Delivery;
import io.gridata.core.run.RunSummary;
import io.gridata.quality.QualityReport;
import io.gridata.quality.RuleResult;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.ingest.IngestTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One orders run as a self-contained HTML page (inline CSS and SVG, no scripts, no external
 * assets): the outcome, the counts, a lineage diagram (raw files -> job -> tables -> downstream
 * consumers), every file, the quality results, and what was delivered to triggers and alerts.
 *
 * @param result the run
 * @param steps the pipeline runner's steps of the run (status, attempts, duration, error), if it
 *     ran on one
 * @param table the target table
 * @param quality the quality report, if the gate judged the run
 * @param triggers deliveries to downstream consumers
 * @param alerts deliveries of alerts
 */
public record RunReport(
    IngestJobResult result,
    Optional<RunSummary> steps,
    String table,
    Optional<QualityReport> quality,
    List<Delivery> triggers,
    List<Delivery> alerts) {
  private static final String STYLE =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1250px}
      h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.6em}
      .verdict{padding:.6em 1em;border-radius:4px;display:inline-block}
      .ok{background:#e3f4e1}.bad{background:#fbe3e1}.none{background:#eee}
      table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;
      vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}
      tr.REJECTED td,tr.FAILED td{background:#fbe3e1}tr.SKIPPED td{color:#777}
      svg text{font:12px system-ui,sans-serif}
      """;

  private static final int BOX = 250;
  private static final int GAP = 50;

  /** Validates and copies. */
  public RunReport {
    requireNonNull(result, "result is null");
    requireNonNull(steps, "steps is null");
    requireNonNull(table, "table is null");
    requireNonNull(quality, "quality is null");
    triggers = List.copyOf(triggers);
    alerts = List.copyOf(alerts);
  }

  /** The page. */
  public String html() {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Run ")
        .append(escape(result.runId()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>Run ")
        .append(escape(result.runId()))
        .append(" of ")
        .append(IngestLineage.flowId(result.partition()))
        .append(", ")
        .append(result.date())
        .append("</h1>\n")
        .append(verdict())
        .append(
            String.format(
                Locale.ROOT,
                "<p>files: %d accepted, %d rejected; rows: %,d read, %,d written, %,d quarantined,"
                    + " %,d duplicates; snapshot %s; %.1f s</p>\n",
                result.filesAccepted(),
                result.filesRejected(),
                result.rowsRead(),
                result.rowsWritten(),
                result.rowsQuarantined(),
                result.duplicatesDropped(),
                result.publishedSnapshotId().map(String::valueOf).orElse("none"),
                result.elapsed().toMillis() / 1000.0));
    steps.ifPresent(summary -> steps(html, summary));
    html.append("<h2>Lineage</h2>\n").append(lineageSvg());
    html.append("<h2>Files</h2>\n<table><tr><th>file</th><th>status</th><th>reason</th></tr>\n");
    for (FileOutcome file : result.files()) {
      html.append(
          row(file.status().name(), file.key().path(), file.status().name(), file.reason()));
    }
    html.append("</table>\n");
    quality.ifPresent(
        report -> {
          html.append("<h2>Quality: ")
              .append(escape(report.summary().lines().findFirst().orElse("")))
              .append("</h2>\n<table><tr><th>rule</th><th>severity</th><th>status</th>")
              .append("<th>observed</th><th>expected</th><th>what was found</th></tr>\n");
          for (RuleResult rule : report.results()) {
            html.append(
                row(
                    rule.status().name(),
                    rule.rule(),
                    rule.severity().name().toLowerCase(Locale.ROOT),
                    rule.status().name(),
                    rule.observed() == null
                        ? ""
                        : String.format(Locale.ROOT, "%.6g", rule.observed()),
                    rule.threshold(),
                    rule.message()));
          }
          html.append("</table>\n");
        });
    deliveries(html, "Downstream triggers", triggers);
    deliveries(html, "Alerts", alerts);
    return html.append("</body></html>\n").toString();
  }

  private String verdict() {
    Optional<BatchResult.Outcome> outcome = result.batch().map(BatchResult::outcome);
    if (result.allRejected()) {
      return "<p class=\"verdict bad\">Every file rejected: nothing ingested</p>\n";
    }
    if (outcome.isEmpty()) {
      return "<p class=\"verdict none\">No files</p>\n";
    }
    return switch (outcome.get()) {
      case PUBLISHED -> "<p class=\"verdict ok\">Published to " + escape(table) + "</p>\n";
      case ALREADY_INGESTED -> "<p class=\"verdict none\">Nothing new: already ingested</p>\n";
      case AUDIT_FAILED ->
          "<p class=\"verdict bad\">Refused by the quality gate: "
              + escape(table)
              + " unchanged</p>\n";
    };
  }

  /** Raw prefix -> job -> the two tables -> each trigger URL, as boxes and arrows. */
  private String lineageSvg() {
    List<String> consumers = new ArrayList<>();
    triggers.forEach(d -> consumers.add(d.target().replaceFirst("^[a-z]+://", "")));
    int rows = Math.max(2, consumers.size());
    int height = 40 + rows * 50;
    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " role=\"img\" aria-label=\"lineage\">",
                10 + 4 * (BOX + GAP),
                height))
        .append(
            "<defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\""
                + " orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>");
    String raw =
        "raw/"
            + result.partition().domain()
            + "/"
            + result.partition().dataset()
            + "/"
            + result.date();
    int[] x = {10, 10 + BOX + GAP, 10 + 2 * (BOX + GAP), 10 + 3 * (BOX + GAP)};
    box(svg, x[0], 20, raw, "#eef");
    box(
        svg,
        x[1],
        20,
        IngestLineage.jobId(result.partition()) + " (" + result.runId() + ")",
        "#efe");
    box(svg, x[2], 20, table, "#fee");
    box(svg, x[2], 70, IngestTables.quarantineTable(table), "#fee");
    arrow(svg, x[0] + BOX, 40, x[1], 40);
    arrow(svg, x[1] + BOX, 40, x[2], 40);
    arrow(svg, x[1] + BOX, 40, x[2], 90);
    for (int i = 0; i < consumers.size(); i++) {
      int y = 20 + i * 50;
      box(svg, x[3], y, consumers.get(i), "#ffe");
      arrow(svg, x[2] + BOX, 40, x[3], y + 20);
    }
    return svg.append("</svg>\n").toString();
  }

  /** A box of the diagram; a long label is cut, with the whole of it as the box's tooltip. */
  private static void box(StringBuilder svg, int x, int y, String label, String fill) {
    String shown = label.length() > 34 ? label.substring(0, 33) + "\u2026" : label;
    svg.append(
        String.format(
            Locale.ROOT,
            "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"40\" rx=\"6\""
                + " fill=\"%s\" stroke=\"#888\"/><text x=\"%d\" y=\"%d\">%s</text></g>",
            escape(label),
            x,
            y,
            BOX,
            fill,
            x + 8,
            y + 24,
            escape(shown)));
  }

  private static void arrow(StringBuilder svg, int x1, int y1, int x2, int y2) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\""
                + " marker-end=\"url(#a)\"/>",
            x1,
            y1,
            x2,
            y2));
  }

  private static void steps(StringBuilder html, RunSummary summary) {
    html.append("<h2>Steps: ")
        .append(summary.status().name().toLowerCase(Locale.ROOT))
        .append(String.format(Locale.ROOT, " in %.1f s", summary.duration().toMillis() / 1000.0))
        .append("</h2>\n<table><tr><th>step</th><th>status</th><th>attempts</th>")
        .append("<th>duration</th><th>output</th><th>error</th></tr>\n");
    for (RunSummary.StepSummary step : summary.steps()) {
      html.append(
          row(
              step.status().name(),
              step.name(),
              step.status().name(),
              Integer.toString(step.attempts()),
              String.format(Locale.ROOT, "%.1f s", step.duration().toMillis() / 1000.0),
              step.output().toString(),
              step.error().orElse("")));
    }
    html.append("</table>\n");
  }

  private static void deliveries(StringBuilder html, String title, List<Delivery> sent) {
    if (sent.isEmpty()) {
      return;
    }
    html.append("<h2>")
        .append(title)
        .append("</h2>\n<table><tr><th>to</th><th>status</th>")
        .append("<th>attempts</th><th>error</th></tr>\n");
    for (Delivery d : sent) {
      html.append(
          row(
              d.delivered() ? "OK" : "FAILED",
              d.target(),
              Integer.toString(d.status()),
              Integer.toString(d.attempts()),
              d.error().orElse("")));
    }
    html.append("</table>\n");
  }

  private static String row(String cssClass, String... cells) {
    StringBuilder row = new StringBuilder("<tr class=\"").append(cssClass).append("\">");
    for (String cell : cells) {
      row.append("<td>").append(escape(cell)).append("</td>");
    }
    return row.append("</tr>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
