package io.gridata.samples.cli;

import static java.util.Objects.requireNonNull;

import io.gridata.core.GridataException;
import io.gridata.core.alert.Alert;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.http.Delivery;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.metrics.RunMetrics;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneSensor;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.run.PipelineRunner;
import io.gridata.core.run.RunContext;
import io.gridata.core.run.RunSummary;
import io.gridata.core.run.Step;
import io.gridata.core.trigger.DownstreamTrigger;
import io.gridata.core.trigger.TriggerEvent;
import io.gridata.core.trigger.TriggerOutbox;
import io.gridata.lineage.LineageSink;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.Severity;
import io.gridata.samples.pipeline.IngestAlerts;
import io.gridata.samples.pipeline.QualityAudit;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.config.RawZoneS3a;
import io.gridata.spark.ingest.BatchResult;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.write.IcebergTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * One run of {@code gridata ingest} as named steps on core's {@link PipelineRunner}:
 *
 * <ol>
 *   <li>{@value #SENSE} (with {@code --wait} only): waits for the day's first file;
 *   <li>{@value #INGEST}: the dataset's ingestion job: validates the day's files (rejecting bad
 *       ones), reads and transforms the good ones, stages them on a branch, lets the quality gate
 *       judge and publishes; Spark starts here, after the wait;
 *   <li>{@value #QUALITY} (unless {@code --no-quality}): records the gate's report in the history;
 *   <li>{@value #LINEAGE} (with a lineage sink): publishes the run's metadata;
 *   <li>{@value #TRIGGER} (with {@code --trigger-url}): tells downstream about a publish, and about
 *       earlier publishes a receiver has not acknowledged;
 *   <li>{@value #ALERT} (with alert sinks): sends the run's alerts (refusal, all rejected, rejected
 *       files, warn rules).
 * </ol>
 *
 * <p>A step fails when it cannot do its work: the runner skips the steps after it, sends an error
 * alert to the alert sinks and leaves the data where the step left it; the command exits 1. A batch
 * the gate refused or a day of rejected files is not a failed step but the outcome of one that
 * worked (exit 3 or 4). Every step but {@value #INGEST} is retried on transient faults with the
 * runner's default policy; {@value #INGEST} runs once, since its parts retry their own transient
 * faults (raw zone requests, S3A reads, Iceberg commits) and a failed day is re-run whole: the
 * re-run writes nothing twice.
 */
final class IngestRun {
  static final String SENSE = "sense";
  static final String INGEST = "ingest";
  static final String QUALITY = "quality";
  static final String LINEAGE = "lineage";
  static final String TRIGGER = "trigger";
  static final String ALERT = "alert";

  /**
   * What a run needs, checked before it starts.
   *
   * @param pipeline the pipeline's name in metrics and alerts, e.g. {@code ecommerce_orders}
   * @param spec the dataset
   * @param raw the open raw zone
   * @param rawLocation the zone as given on the command line (for lineage)
   * @param partition the day of the dataset
   * @param waitForFiles how to wait for the first file, if at all
   * @param catalog the Iceberg catalog
   * @param table the target table
   * @param suite the quality suite, empty without the gate
   * @param qualityHistory the history table
   * @param qualityReport directory for the report files
   * @param lineage opens the lineage sink (it may fail: reported, not fatal)
   * @param trigger the downstream trigger
   * @param alerts the alert sinks
   * @param retry retries of the steps other than {@value #INGEST}
   * @param settle how long a file without its sidecar must be left unmodified to be taken
   */
  record Plan(
      String pipeline,
      IngestSpec spec,
      RawZone raw,
      String rawLocation,
      RawPartition partition,
      Optional<WaitOptions.Wait> waitForFiles,
      CatalogConfig catalog,
      String table,
      Optional<QualitySuite> suite,
      String qualityHistory,
      Optional<Path> qualityReport,
      Optional<Supplier<LineageSink>> lineage,
      Optional<DownstreamTrigger> trigger,
      List<AlertSink> alerts,
      RetryPolicy retry,
      Duration settle) {
    Plan {
      requireNonNull(pipeline, "pipeline is null");
      requireNonNull(spec, "spec is null");
      requireNonNull(raw, "raw is null");
      alerts = List.copyOf(alerts);
    }
  }

  /** One alert and what became of it at one sink. */
  record AlertDelivery(Alert alert, Delivery delivery) {}

  /**
   * What the run did.
   *
   * @param summary every step's status, duration, attempts, output and error
   * @param result the ingestion job's result, empty when the run failed before or in {@value
   *     #INGEST}
   * @param quality the gate's report, when it judged a batch
   * @param triggers deliveries of the downstream event
   * @param alerts deliveries of the run's alerts (the failure alert is in {@code summary})
   * @param files every file outcome known, also when {@value #INGEST} failed after moving files
   */
  record Outcome(
      RunSummary summary,
      Optional<IngestJobResult> result,
      Optional<QualityReport> quality,
      List<Delivery> triggers,
      List<AlertDelivery> alerts,
      List<FileOutcome> files) {

    /** True when the gate refused the staged batch. */
    boolean refused() {
      return result
          .flatMap(IngestJobResult::batch)
          .map(b -> b.outcome() == BatchResult.Outcome.AUDIT_FAILED)
          .orElse(false);
    }

    /**
     * FAILED when a step failed, else the batch's outcome (PUBLISHED, AUDIT_FAILED,
     * ALREADY_INGESTED), or NOTHING_TO_INGEST when no file was accepted.
     */
    String name() {
      if (!summary.succeeded()) {
        return "FAILED";
      }
      return result
          .flatMap(IngestJobResult::batch)
          .map(b -> b.outcome().name())
          .orElse("NOTHING_TO_INGEST");
    }

    /** The run's metrics: steps, retries, outcome, files, rows and quality rule failures. */
    RunMetrics metrics() {
      RunMetrics metrics = RunMetrics.prometheus(summary.pipeline());
      metrics.steps(summary);
      metrics.run(name().toLowerCase(Locale.ROOT));
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
  }

  private final Plan plan;
  private final CommandLine cli;
  private SparkSession spark;
  private QualityAudit audit;
  private Instant ingestStart;
  private IngestJobResult result;
  private Optional<QualityReport> quality = Optional.empty();
  private List<Delivery> triggers = List.of();
  private final List<AlertDelivery> alerts = new ArrayList<>();
  private final Map<RawKey, FileOutcome> filesSeen = new LinkedHashMap<>();

  private IngestRun(Plan plan, CommandLine cli) {
    this.plan = requireNonNull(plan, "plan is null");
    this.cli = requireNonNull(cli, "cli is null");
  }

  /** Runs {@code plan} as run {@code runId}; never throws for a step (see {@link Outcome}). */
  static Outcome run(Plan plan, String runId, CommandLine cli) {
    return new IngestRun(plan, cli).run(runId);
  }

  private Outcome run(String runId) {
    Map<String, Step> steps = new LinkedHashMap<>();
    plan.waitForFiles().ifPresent(wait -> steps.put(SENSE, run -> sense(wait)));
    steps.put(INGEST, this::ingest);
    if (plan.suite().isPresent()) {
      steps.put(QUALITY, run -> quality());
    }
    if (plan.lineage().isPresent()) {
      steps.put(LINEAGE, run -> lineage(plan.lineage().get()));
    }
    plan.trigger().ifPresent(trigger -> steps.put(TRIGGER, run -> trigger(trigger)));
    if (!plan.alerts().isEmpty()) {
      steps.put(ALERT, run -> alert());
    }
    RunSummary summary =
        PipelineRunner.builder(plan.pipeline())
            .retry(plan.retry())
            .retry(INGEST, RetryPolicy.none())
            .alerts(plan.alerts())
            .build()
            .run(runId, steps);
    List<FileOutcome> files = result != null ? result.files() : List.copyOf(filesSeen.values());
    return new Outcome(summary, Optional.ofNullable(result), quality, triggers, alerts, files);
  }

  private Map<String, Object> sense(WaitOptions.Wait wait) {
    RawZoneSensor.Result seen = wait.sensor(plan.raw(), plan.partition()).await();
    if (!seen.found()) {
      throw new GridataException(
          "No file arrived in %s within %s (%d listings); nothing was ingested: land the day's"
              + " files and run again, or wait longer with --wait-timeout",
          plan.raw().uri(plan.partition().prefix()).toString().replaceAll("/+$", "") + "/",
          wait.describeTimeout(),
          seen.polls());
    }
    return Map.of(
        "files", seen.files().size(), "polls", seen.polls(), "waited_ms", seen.waited().toMillis());
  }

  private Map<String, Object> ingest(RunContext run) {
    // Not stopped here: the CLI's JVM exits after the command and Spark's shutdown hook stops the
    // context; a caller in the same JVM (tests) keeps reusing the SparkContext.
    spark = LocalSpark.session("gridata-ingest", plan.catalog());
    RawZoneS3a.register(spark, plan.raw().config());
    IngestJob.Builder builder =
        IngestJob.builder(spark, plan.raw(), plan.spec())
            .table(plan.table())
            .settleTime(plan.settle())
            .listener(file -> filesSeen.put(file.key(), file));
    if (plan.suite().isPresent()) {
      audit =
          new QualityAudit(
              spark,
              new QualityGate(
                  spark,
                  plan.suite().get(),
                  new IcebergMetricHistory(spark, plan.qualityHistory())),
              plan.table());
      builder.audit(audit);
      audit.rowChecks().ifPresent(builder::rowChecks);
    }
    // the publish records that the trigger's receivers are owed an event (see trigger())
    plan.trigger()
        .ifPresent(t -> builder.snapshotProperties(new TriggerOutbox(t).owedProperties()));
    ingestStart = Instant.now();
    result = builder.build().run(plan.partition().date(), run.runId());
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("files_accepted", result.filesAccepted());
    output.put("files_rejected", result.filesRejected());
    output.put("files_pending", result.filesPending());
    output.put("files_duplicate", result.filesDuplicate());
    output.put("rows_read", result.rowsRead());
    output.put("rows_written", result.rowsWritten());
    output.put("rows_quarantined", result.rowsQuarantined());
    output.put("duplicates_dropped", result.duplicatesDropped());
    output.put("outcome", result.batch().map(b -> b.outcome().name()).orElse("NOTHING_TO_INGEST"));
    result.publishedSnapshotId().ifPresent(id -> output.put("snapshot_id", id));
    return output;
  }

  /**
   * Writes the report files, then appends the report to the history. The batch is committed (or
   * refused) by now, so a history that cannot be written is reported, not fatal: the trigger and
   * the alerts of a published batch still go out.
   */
  private Map<String, Object> quality() throws IOException {
    quality = audit.report(result.runId());
    if (quality.isEmpty()) {
      return Map.of("judged", false);
    }
    QualityReport report = quality.get();
    if (plan.qualityReport().isPresent()) {
      Path dir = plan.qualityReport().get();
      Files.writeString(dir.resolve(result.runId() + ".json"), report.toJson());
      Files.writeString(dir.resolve(result.runId() + ".html"), report.toHtml());
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("judged", true);
    output.put("passed", report.passed());
    output.put("rules_failed", report.failures().size());
    output.put(
        "error_rules_failed",
        report.failures().stream().filter(f -> f.severity() == Severity.ERROR).count());
    try {
      audit.record(result);
      output.put("recorded", true);
    } catch (RuntimeException e) {
      cli.getErr()
          .printf("quality history %s not written: %s%n", plan.qualityHistory(), e.getMessage());
      cli.getErr().flush();
      output.put("recorded", false);
    }
    return output;
  }

  /** Lineage failures are reported, never fatal: the data is committed either way. */
  private Map<String, Object> lineage(Supplier<LineageSink> sinks) {
    LineageSink sink;
    try {
      sink = sinks.get();
    } catch (RuntimeException e) {
      cli.getErr().printf("lineage not published: %s%n", e.getMessage());
      cli.getErr().flush();
      return Map.of("published", false, "error", String.valueOf(e.getMessage()));
    }
    boolean published =
        LineageOutput.publish(
            spark,
            sink,
            result,
            plan.spec(),
            plan.rawLocation(),
            plan.table(),
            ingestStart,
            quality,
            cli);
    return Map.of("published", published);
  }

  /**
   * Sends each receiver every publish of the table it is owed and has not acknowledged, this run's
   * and those of earlier runs that died (or could not reach it) before their trigger: at least once
   * per published snapshot, the receiver de-duplicates by snapshot id ({@link TriggerOutbox}).
   */
  private Map<String, Object> trigger(DownstreamTrigger trigger) {
    if (!spark.catalog().tableExists(plan.table())) {
      return Map.of("sent", 0); // nothing was ever published: no file accepted yet
    }
    Optional<Long> published = result.publishedSnapshotId();
    List<TriggerOutbox.Sent> sent =
        new TriggerOutbox(trigger)
            .deliver(
                IcebergTables.load(spark, plan.table()), snapshot -> event(snapshot, published));
    triggers = sent.stream().map(TriggerOutbox.Sent::delivery).toList();
    return Map.of(
        "sent",
        triggers.size(),
        "delivered",
        triggers.stream().filter(Delivery::delivered).count(),
        "snapshots",
        sent.stream().map(TriggerOutbox.Sent::snapshotId).distinct().toList());
  }

  /** The event of this run's publish, or of an earlier one from its snapshot summary. */
  private TriggerEvent event(Snapshot snapshot, Optional<Long> published) {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (published.isPresent() && published.get() == snapshot.snapshotId()) {
      counts.put("rows_read", result.rowsRead());
      counts.put("rows_written", result.rowsWritten());
      counts.put("rows_quarantined", result.rowsQuarantined());
      counts.put("duplicates_dropped", result.duplicatesDropped());
      return new TriggerEvent(
          plan.table(), snapshot.snapshotId(), result.runId(), counts, Instant.now());
    }
    counts.put(
        "rows_written", Long.parseLong(snapshot.summary().getOrDefault("added-records", "0")));
    return new TriggerEvent(
        plan.table(),
        snapshot.snapshotId(),
        snapshot.summary().getOrDefault(SnapshotSummaryKeys.RUN_ID, "unknown"),
        counts,
        Instant.ofEpochMilli(snapshot.timestampMillis()));
  }

  private Map<String, Object> alert() {
    alerts.clear();
    for (Alert alert : IngestAlerts.of(result, quality, plan.table(), Instant.now())) {
      for (AlertSink sink : plan.alerts()) {
        alerts.add(new AlertDelivery(alert, sink.send(alert)));
      }
    }
    return Map.of(
        "sent",
        alerts.size(),
        "delivered",
        alerts.stream().filter(a -> a.delivery().delivered()).count());
  }
}
