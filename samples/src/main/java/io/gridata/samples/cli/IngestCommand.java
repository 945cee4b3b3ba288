package io.gridata.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridata.core.InvalidInputException;
import io.gridata.core.alert.Alert;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.alert.EmailAlertSink;
import io.gridata.core.http.Delivery;
import io.gridata.core.metrics.RunMetrics;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.trigger.DownstreamTrigger;
import io.gridata.core.trigger.TriggerEvent;
import io.gridata.lineage.LineageSink;
import io.gridata.lineage.RestSinkConfig;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityConfigException;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.QualitySuites;
import io.gridata.quality.Severity;
import io.gridata.quality.SuiteYaml;
import io.gridata.samples.pipeline.OrdersAlerts;
import io.gridata.samples.pipeline.QualityAudit;
import io.gridata.samples.pipeline.RunReport;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.config.RawZoneS3a;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.orders.OrdersJob;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gridata ingest}: runs the orders pipeline for one day of a raw zone (a local directory, or
 * an S3 bucket that Spark reads through S3A) into an Iceberg table, gated by the orders quality
 * suite. Exit codes: 0 done (files ingested, or nothing new), 2 usage or configuration error, 3 the
 * quality gate refused the batch ({@code main} untouched), 4 every file of the day was rejected, 1
 * any other failure.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Validate one day of raw files (rejecting bad ones with a reason), write the good rows to"
            + " the Iceberg table and the bad rows to its quarantine table, exactly once per file.")
final class IngestCommand implements Callable<Integer> {
  /** Exit code when every file of the day was rejected. */
  static final int EXIT_ALL_REJECTED = 4;

  /** Exit code when the quality gate refused the staged batch. */
  static final int EXIT_QUALITY_FAILED = 3;

  static final String ORDERS = "ecommerce.orders";

  @Spec CommandSpec spec;
  @Mixin RawZoneOptions zone;

  @Mixin CatalogOptions catalogOptions;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "Target table (default: <catalog name>.ecommerce.orders).")
  String table;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run id recorded in manifests and the snapshot (default: orders-DATE-...).")
  String runId;

  @Option(
      names = "--summary-json",
      paramLabel = "PATH",
      description = "Also write the run summary (per-file outcomes, row counts, snapshot) as JSON.")
  Path summaryJson;

  @Option(
      names = "--quality-suite",
      paramLabel = "FILE",
      description =
          "YAML rules merged over the shipped orders suite (a rule with the same name replaces"
              + " the shipped one).")
  Path qualitySuite;

  @Option(
      names = "--no-quality",
      description = "Publish without the quality gate (the transforms' own quarantine still runs).")
  boolean noQuality;

  @Option(
      names = "--quality-history",
      paramLabel = "TABLE",
      description = "Iceberg table of quality results (default: <catalog name>.quality.results).")
  String qualityHistory;

  @Option(
      names = "--quality-report",
      paramLabel = "DIR",
      description = "Also write the quality report as <run id>.json and <run id>.html in DIR.")
  Path qualityReport;

  @Option(
      names = "--lineage-file",
      paramLabel = "PATH",
      description =
          "Publish the run's lineage (datasets, schemas, job, run, quality assertions) as DataHub"
              + " metadata change proposals to this JSON file (appended to).")
  Path lineageFile;

  @Option(
      names = "--datahub-url",
      paramLabel = "URL",
      description =
          "Publish the run's lineage to this DataHub GMS (token from $DATAHUB_TOKEN, if set).")
  String datahubUrl;

  @Option(
      names = "--trigger-url",
      paramLabel = "URL",
      description =
          "After a publish, POST a JSON event (table, snapshot, run, counts) to URL (repeatable);"
              + " signed with HMAC-SHA256 when $GRIDATA_TRIGGER_SECRET is set.")
  List<URI> triggerUrls;

  @Option(
      names = "--metrics-file",
      paramLabel = "PATH",
      description =
          "Write the run's metrics (rows, files, quality rule failures, duration) in Prometheus'"
              + " text format to PATH, e.g. for a node exporter's textfile directory.")
  Path metricsFile;

  @Option(
      names = "--alert-url",
      paramLabel = "URL",
      description =
          "POST alerts as JSON to URL (repeatable): an error when the gate refuses or every file"
              + " is rejected, a warning per rejected file and per failed warn rule.")
  List<URI> alertUrls;

  @Option(
      names = "--alert-email",
      paramLabel = "ADDRESS",
      description =
          "Also email alerts to ADDRESS (repeatable) over SMTP: $GRIDATA_SMTP_HOST,"
              + " $GRIDATA_SMTP_PORT (587), $GRIDATA_SMTP_STARTTLS (true), $GRIDATA_SMTP_FROM,"
              + " and $GRIDATA_SMTP_USER with $GRIDATA_SMTP_PASSWORD if the server wants a login.")
  List<String> alertEmails;

  @Option(
      names = "--alert-pagerduty",
      description =
          "Also send alerts to PagerDuty's Events API v2 with the routing key in"
              + " $GRIDATA_PAGERDUTY_ROUTING_KEY.")
  boolean alertPagerDuty;

  @Option(
      names = "--run-report",
      paramLabel = "PATH",
      description =
          "Write the run as one self-contained HTML page: outcome, counts, a lineage diagram,"
              + " files, quality results, triggers and alerts.")
  Path runReport;

  @Override
  public Integer call() throws IOException {
    // Every check that can fail on the command line runs before Spark starts and before any file
    // is validated (and possibly moved to raw/rejected/).
    RawPartition partition = zone.partition();
    if (!ORDERS.equals(partition.domain() + "." + partition.dataset())) {
      throw usage("--dataset " + zone.dataset + " has no pipeline yet; supported: " + ORDERS);
    }
    RawZoneConfig rawConfig = zone.config(Optional.ofNullable(catalogOptions.config));
    try {
      RawZoneS3a.requireS3a(rawConfig);
    } catch (InvalidInputException e) {
      throw usage("--raw " + zone.raw + ": " + e.getMessage());
    }
    if (summaryJson != null) {
      Path parent = summaryJson.toAbsolutePath().getParent();
      if (!Files.isDirectory(parent)) {
        throw usage("--summary-json " + summaryJson + ": no such directory " + parent);
      }
    }
    if (noQuality && (qualitySuite != null || qualityHistory != null || qualityReport != null)) {
      throw usage(
          "--no-quality cannot go with --quality-suite, --quality-history or --quality-report");
    }
    if (qualityReport != null && !Files.isDirectory(qualityReport)) {
      throw usage("--quality-report " + qualityReport + ": no such directory");
    }
    if (qualityHistory != null) {
      try {
        IcebergMetricHistory.checkName(qualityHistory);
      } catch (QualityConfigException e) {
        throw usage("--quality-history: " + e.getMessage());
      }
    }
    if (lineageFile != null && datahubUrl != null) {
      throw usage("give at most one of --lineage-file and --datahub-url");
    }
    if (datahubUrl != null) {
      try {
        RestSinkConfig.builder(datahubUrl).build();
      } catch (IllegalArgumentException e) {
        throw usage("--datahub-url " + datahubUrl + ": " + e.getMessage());
      }
    }
    if (runReport != null && !Files.isDirectory(runReport.toAbsolutePath().getParent())) {
      throw usage("--run-report " + runReport + ": no such directory");
    }
    if (metricsFile != null && !Files.isDirectory(metricsFile.toAbsolutePath().getParent())) {
      throw usage("--metrics-file " + metricsFile + ": no such directory");
    }
    if (lineageFile != null && !Files.isDirectory(lineageFile.toAbsolutePath().getParent())) {
      throw usage("--lineage-file " + lineageFile + ": no such directory");
    }
    DownstreamTrigger trigger = trigger();
    List<AlertSink> alertSinks = alertSinks();
    CatalogConfig catalog = catalogOptions.resolve();
    QualitySuite suite = noQuality ? null : suite(catalog.name());
    String target = table != null ? table : catalog.name() + "." + ORDERS;
    IngestJobResult result;
    Optional<QualityReport> quality = Optional.empty();
    List<Delivery> deliveries = List.of();
    try (RawZone raw = RawZone.open(rawConfig)) {
      if (rawConfig.isS3()) {
        Optional<String> refusal = S3ZoneCheck.refusal(raw, partition);
        if (refusal.isPresent()) {
          throw usage("--raw " + zone.raw + ": " + refusal.get());
        }
      }
      // Not stopped here: the CLI's JVM exits after the command and Spark's shutdown hook stops
      // the context; a caller in the same JVM (tests) keeps reusing the SparkContext.
      SparkSession spark = LocalSpark.session("gridata-ingest", catalog);
      RawZoneS3a.register(spark, rawConfig);
      IngestJob.Builder builder = OrdersJob.builder(spark, raw).table(target);
      QualityAudit audit = null;
      if (suite != null) {
        String history =
            qualityHistory != null
                ? qualityHistory
                : IcebergMetricHistory.tableInCatalog(catalog.name());
        audit =
            new QualityAudit(
                spark,
                new QualityGate(spark, suite, new IcebergMetricHistory(spark, history)),
                target);
        builder.audit(audit);
        audit.rowChecks().ifPresent(builder::rowChecks);
      }
      IngestJob job = builder.build();
      Instant start = Instant.now();
      result = runId != null ? job.run(zone.day(), runId) : job.run(zone.day());
      if (audit != null) {
        quality = audit.record(result);
      }
      if (lineageFile != null || datahubUrl != null) {
        publishLineage(spark, result, target, start, quality);
      }
      if (trigger != null && result.publishedSnapshotId().isPresent()) {
        deliveries = trigger.send(event(result, target));
      }
    }
    for (Delivery delivery : deliveries) {
      if (delivery.delivered()) {
        spec.commandLine()
            .getOut()
            .printf("trigger: %s answered %d%n", delivery.url(), delivery.status());
      } else {
        spec.commandLine()
            .getErr()
            .printf("trigger: %s: %s%n", delivery.url(), delivery.error().orElse(""));
      }
    }
    RunPrinter.print(spec.commandLine().getOut(), result);
    if (quality.isPresent()) {
      spec.commandLine().getOut().println(quality.get().summary());
      spec.commandLine().getOut().flush();
      if (qualityReport != null) {
        Files.writeString(qualityReport.resolve(result.runId() + ".json"), quality.get().toJson());
        Files.writeString(qualityReport.resolve(result.runId() + ".html"), quality.get().toHtml());
      }
    }
    if (result.files().isEmpty()) {
      spec.commandLine().getOut().printf("no files in %s%n", partition.prefix());
      spec.commandLine().getOut().flush();
    }
    List<AlertDelivery> alerts = new ArrayList<>();
    for (Alert alert : OrdersAlerts.of(result, quality, target, Instant.now())) {
      for (AlertSink sink : alertSinks) {
        Delivery delivery = sink.send(alert);
        alerts.add(new AlertDelivery(alert, delivery));
        if (!delivery.delivered()) {
          spec.commandLine()
              .getErr()
              .printf("alert %s: %s%n", alert.title(), delivery.error().orElse(""));
        }
      }
    }
    if (!alerts.isEmpty()) {
      spec.commandLine()
          .getOut()
          .printf(
              "alerts: %d sent, %d delivered%n",
              alerts.size(), alerts.stream().filter(a -> a.delivery().delivered()).count());
    }
    if (summaryJson != null) {
      Files.writeString(summaryJson, summary(result, target, deliveries, alerts));
    }
    if (metricsFile != null) {
      metrics(result, quality).writeTo(metricsFile);
    }
    if (runReport != null) {
      Files.writeString(
          runReport,
          new RunReport(
                  result,
                  target,
                  quality,
                  deliveries,
                  alerts.stream().map(AlertDelivery::delivery).toList())
              .html());
    }
    if (result.batch().map(b -> b.outcome() == BatchResult.Outcome.AUDIT_FAILED).orElse(false)) {
      spec.commandLine()
          .getErr()
          .printf(
              "quality gate refused run %s: %s is unchanged%n%s%n",
              result.runId(), target, quality.map(QualityReport::summary).orElse(""));
      spec.commandLine().getErr().flush();
      return EXIT_QUALITY_FAILED;
    }
    return result.allRejected() ? EXIT_ALL_REJECTED : 0;
  }

  private void publishLineage(
      SparkSession spark,
      IngestJobResult result,
      String target,
      Instant start,
      Optional<QualityReport> quality) {
    LineageSink sink;
    try {
      sink =
          lineageFile != null
              ? LineageSink.file(lineageFile)
              : LineageSink.rest(
                  RestSinkConfig.builder(datahubUrl).token(System.getenv("DATAHUB_TOKEN")).build());
    } catch (RuntimeException e) { // the data is committed: report, do not fail
      spec.commandLine().getErr().printf("lineage not published: %s%n", e.getMessage());
      spec.commandLine().getErr().flush();
      return;
    }
    LineageOutput.publish(
        spark, sink, result, zone.raw, target, start, quality, spec.commandLine());
  }

  private QualitySuite suite(String catalogName) {
    QualitySuite shipped = QualitySuites.orders(catalogName);
    if (qualitySuite == null) {
      return shipped;
    }
    try {
      return shipped.overriddenBy(SuiteYaml.load(qualitySuite));
    } catch (QualityConfigException e) {
      throw usage("--quality-suite " + qualitySuite + ": " + e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static RunMetrics metrics(IngestJobResult result, Optional<QualityReport> quality) {
    RunMetrics metrics = RunMetrics.prometheus("ecommerce_orders");
    metrics.files("accepted", result.filesAccepted());
    metrics.files("rejected", result.filesRejected());
    metrics.rows("read", result.rowsRead());
    metrics.rows("written", result.rowsWritten());
    metrics.rows("quarantined", result.rowsQuarantined());
    metrics.rows("duplicates", result.duplicatesDropped());
    metrics.step("validate", result.validation(), true);
    boolean refused =
        result.batch().map(b -> b.outcome() == BatchResult.Outcome.AUDIT_FAILED).orElse(false);
    metrics.step("ingest", result.elapsed(), !refused && !result.allRejected());
    quality.ifPresent(
        report -> {
          for (Severity severity : Severity.values()) {
            metrics.qualityRuleFailures(
                severity.name().toLowerCase(java.util.Locale.ROOT),
                report.failures().stream().filter(r -> r.severity() == severity).count());
          }
        });
    return metrics;
  }

  /** The trigger of {@code --trigger-url}s, or null; checked before Spark starts. */
  private DownstreamTrigger trigger() {
    if (triggerUrls == null || triggerUrls.isEmpty()) {
      return null;
    }
    try {
      return new DownstreamTrigger(
          triggerUrls,
          Optional.ofNullable(System.getenv("GRIDATA_TRIGGER_SECRET")),
          RetryPolicy.defaults(),
          Duration.ofSeconds(10));
    } catch (InvalidInputException e) {
      throw usage("--trigger-url: " + e.getMessage());
    }
  }

  private static TriggerEvent event(IngestJobResult result, String target) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("rows_read", result.rowsRead());
    counts.put("rows_written", result.rowsWritten());
    counts.put("rows_quarantined", result.rowsQuarantined());
    counts.put("duplicates_dropped", result.duplicatesDropped());
    return new TriggerEvent(
        target, result.publishedSnapshotId().orElseThrow(), result.runId(), counts, Instant.now());
  }

  private record AlertDelivery(Alert alert, Delivery delivery) {}

  /** The sinks of {@code --alert-url}s and {@code --alert-pagerduty}; checked before Spark. */
  private List<AlertSink> alertSinks() {
    List<AlertSink> sinks = new ArrayList<>();
    try {
      for (URI url : alertUrls == null ? List.<URI>of() : alertUrls) {
        sinks.add(AlertSink.webhook(url, RetryPolicy.defaults(), Duration.ofSeconds(10)));
      }
    } catch (InvalidInputException e) {
      throw usage("--alert-url: " + e.getMessage());
    }
    if (alertEmails != null && !alertEmails.isEmpty()) {
      sinks.add(emailSink(System.getenv()));
    }
    if (alertPagerDuty) {
      String key = System.getenv("GRIDATA_PAGERDUTY_ROUTING_KEY");
      if (key == null || key.isBlank()) {
        throw usage("--alert-pagerduty needs the routing key in $GRIDATA_PAGERDUTY_ROUTING_KEY");
      }
      sinks.add(AlertSink.pagerDuty(key, RetryPolicy.defaults(), Duration.ofSeconds(10)));
    }
    return sinks;
  }

  private AlertSink emailSink(Map<String, String> env) {
    String host = env.get("GRIDATA_SMTP_HOST");
    String from = env.get("GRIDATA_SMTP_FROM");
    if (host == null || from == null) {
      throw usage("--alert-email needs $GRIDATA_SMTP_HOST and $GRIDATA_SMTP_FROM");
    }
    try {
      return new EmailAlertSink(
          new EmailAlertSink.Settings(
              host,
              Integer.parseInt(env.getOrDefault("GRIDATA_SMTP_PORT", "587")),
              Boolean.parseBoolean(env.getOrDefault("GRIDATA_SMTP_STARTTLS", "true")),
              Optional.ofNullable(env.get("GRIDATA_SMTP_USER")),
              Optional.ofNullable(env.get("GRIDATA_SMTP_PASSWORD")),
              from,
              alertEmails,
              Duration.ofSeconds(10)),
          RetryPolicy.defaults());
    } catch (NumberFormatException e) {
      throw usage("--alert-email: $GRIDATA_SMTP_PORT is not a number");
    } catch (InvalidInputException e) {
      throw usage("--alert-email: " + e.getMessage());
    }
  }

  private String summary(
      IngestJobResult result,
      String target,
      List<Delivery> deliveries,
      List<AlertDelivery> alertDeliveries)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("runId", result.runId());
    root.put("dataset", zone.dataset);
    root.put("date", result.date().toString());
    root.put("table", target);
    ArrayNode files = root.putArray("files");
    for (FileOutcome file : result.files()) {
      ObjectNode node = files.addObject();
      node.put("file", file.key().path());
      node.put("status", file.status().name());
      node.put("sha256", file.sha256().orElse(null));
      node.put("reason", file.reason());
    }
    root.put("filesAccepted", result.filesAccepted());
    root.put("filesRejected", result.filesRejected());
    root.put("rowsRead", result.rowsRead());
    root.put("rowsWritten", result.rowsWritten());
    root.put("rowsQuarantined", result.rowsQuarantined());
    root.put("duplicatesDropped", result.duplicatesDropped());
    root.put("publishedSnapshotId", result.publishedSnapshotId().orElse(null));
    root.put("outcome", result.batch().map(b -> b.outcome().name()).orElse("NOTHING_TO_INGEST"));
    root.put("elapsedMillis", result.elapsed().toMillis());
    ArrayNode triggers = root.putArray("triggers");
    for (Delivery delivery : deliveries) {
      ObjectNode node = triggers.addObject();
      node.put("url", delivery.url().toString());
      node.put("delivered", delivery.delivered());
      node.put("status", delivery.status());
      node.put("attempts", delivery.attempts());
      node.put("error", delivery.error().orElse(null));
    }
    ArrayNode alerts = root.putArray("alerts");
    for (AlertDelivery sent : alertDeliveries) {
      ObjectNode node = alerts.addObject();
      node.put("level", sent.alert().level().name());
      node.put("title", sent.alert().title());
      node.put("url", sent.delivery().url().toString());
      node.put("delivered", sent.delivery().delivered());
      node.put("error", sent.delivery().error().orElse(null));
    }
    return json.writeValueAsString(root);
  }
}
