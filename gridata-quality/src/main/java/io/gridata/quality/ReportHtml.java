package io.gridata.quality;

import java.util.Locale;

/** Renders a {@link QualityReport} as one self-contained HTML page (inline CSS, no scripts). */
final class ReportHtml {
  private static final String STYLE =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
      h1{font-size:1.3em}.verdict{padding:.6em 1em;border-radius:4px;display:inline-block}
      .ok{background:#e3f4e1}.bad{background:#fbe3e1}
      table{border-collapse:collapse;margin-top:1em}th,td{border:1px solid #ccc;padding:.3em .6em;
      text-align:left;vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}
      tr.FAILED.ERROR td{background:#fbe3e1}tr.FAILED.WARN td{background:#fdf3d8}
      tr.SKIPPED td{color:#777}code{font-size:.9em}
      """;

  private ReportHtml() {}

  static String render(QualityReport report) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Quality: ")
        .append(escape(report.suite()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>Quality suite ")
        .append(escape(report.suite()))
        .append("</h1>\n<p class=\"verdict ")
        .append(report.passed() ? "ok\">Passed" : "bad\">Failed: not publishable")
        .append(
            String.format(
                Locale.ROOT,
                "</p>\n<p>%,d rows, %d of %d rules failed, %d pass(es) over the data.</p>\n",
                report.rows(),
                report.failures().size(),
                report.results().size(),
                report.passes()))
        .append("<table><tr><th>rule</th><th>kind</th><th>severity</th><th>status</th>")
        .append("<th>observed</th><th>expected</th><th>rows failing</th><th>sample</th>")
        .append("<th>what was found</th></tr>\n");
    for (RuleResult r : report.results()) {
      html.append("<tr class=\"")
          .append(r.status())
          .append(' ')
          .append(r.severity())
          .append("\"><td>")
          .append(escape(r.rule()))
          .append("</td><td>")
          .append(r.kind())
          .append("</td><td>")
          .append(r.severity().name().toLowerCase(Locale.ROOT))
          .append("</td><td>")
          .append(r.status())
          .append("</td><td class=\"n\">")
          .append(r.observed() == null ? "" : QualityReport.formatNumber(r.observed()))
          .append("</td><td>")
          .append(escape(r.threshold()))
          .append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%,d", r.rowsFailing()))
          .append("</td><td><code>")
          .append(escape(String.join(", ", r.sample())))
          .append("</code></td><td>")
          .append(escape(r.message()))
          .append("</td></tr>\n");
    }
    return html.append("</table>\n</body></html>\n").toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
