package io.gridata.pipeline;

import static io.gridata.pipeline.IngestPipeline.ALERT;
import static io.gridata.pipeline.IngestPipeline.INGEST;
import static io.gridata.pipeline.IngestPipeline.LINEAGE;
import static io.gridata.pipeline.IngestPipeline.QUALITY;
import static io.gridata.pipeline.IngestPipeline.SENSE;
import static io.gridata.pipeline.IngestPipeline.TRIGGER;

import io.gridata.core.GridataException;
import io.gridata.core.alert.Alert;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.http.Delivery;
import io.gridata.core.ingest.BatchCounts;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZoneSensor;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.run.PipelineRunner;
import io.gridata.core.run.RunContext;
import io.gridata.core.run.RunId;
import io.gridata.core.run.RunSummary;
import io.gridata.core.run.Step;
import io.gridata.core.trigger.DownstreamTrigger;
import io.gridata.core.trigger.TriggerEvent;
import io.gridata.core.trigger.TriggerOutbox;
import io.gridata.lineage.LineageSink;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualityReport;
import io.gridata.quality.Severity;
import io.gridata.spark.config.RawZoneS3a;
import io.gridata.spark.ingest.FileOutcome;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestJobResult;
import io.gridata.spark.write.IcebergTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.SparkSession;

/** One run of an {@link IngestPipeline}: its steps and what they hand each other. */
final class IngestRun {
  private final IngestPipeline.Builder plan;
  private final RawPartition partition;
  private SparkSession spark;
  private QualityAudit audit;
  private Instant ingestStart;
  private IngestJobResult result;
  private Optional<QualityReport> quality = Optional.empty();
  private List<Delivery> triggers = List.of();
  private final List<IngestOutcome.AlertDelivery> alerts = new ArrayList<>();
  private final Map<RawKey, FileOutcome> filesSeen = new LinkedHashMap<>();

  IngestRun(IngestPipeline.Builder plan, RawPartition partition) {
    this.plan = plan;
    this.partition = partition;
  }

  IngestOutcome run(RunId runId) {
    Map<String, Step> steps = new LinkedHashMap<>();
    plan.waitForFiles.ifPresent(wait -> steps.put(SENSE, run -> sense(wait)));
    steps.put(INGEST, this::ingest);
    if (plan.suite.isPresent()) {
      steps.put(QUALITY, run -> quality());
    }
    if (plan.lineage.isPresent()) {
      steps.put(LINEAGE, run -> lineage(plan.lineage.get()));
    }
    plan.trigger.ifPresent(trigger -> steps.put(TRIGGER, run -> trigger(trigger)));
    if (!plan.alerts.isEmpty()) {
      steps.put(ALERT, run -> alert());
    }
    RunSummary summary =
        PipelineRunner.builder(plan.name)
            .retry(plan.retry)
            .retry(INGEST, RetryPolicy.none())
            .alerts(plan.alerts)
            .build()
            .run(runId, steps);
    List<FileOutcome> files = result != null ? result.files() : List.copyOf(filesSeen.values());
    return new IngestOutcome(
        summary, Optional.ofNullable(result), quality, triggers, alerts, files);
  }

  private Map<String, Object> sense(IngestPipeline.FileWait wait) {
    RawZoneSensor.Result seen = wait.sensor(plan.raw, partition).await();
    if (!seen.found()) {
      throw new GridataException(
          "No file arrived in %s within %s (%d listings); nothing was ingested: land the day's"
              + " files and run again, or wait longer with --wait-timeout",
          plan.raw.uri(partition.prefix()).toString().replaceAll("/+$", "") + "/",
          wait.describeTimeout(),
          seen.polls());
    }
    return Map.of(
        "files", seen.files().size(), "polls", seen.polls(), "waited_ms", seen.waited().toMillis());
  }

  private Map<String, Object> ingest(RunContext run) {
    // Never stopped here: the session is the caller's.
    spark = plan.spark.get();
    RawZoneS3a.register(spark, plan.raw.config());
    IngestJob.Builder builder =
        IngestJob.builder(spark, plan.raw, plan.spec)
            .table(plan.table)
            .settleTime(plan.settle)
            .listener(file -> filesSeen.put(file.key(), file));
    if (plan.suite.isPresent()) {
      audit =
          new QualityAudit(
              spark,
              new QualityGate(
                  spark, plan.suite.get(), new IcebergMetricHistory(spark, plan.qualityHistory)),
              plan.table);
      builder.audit(audit);
      audit.rowChecks().ifPresent(builder::rowChecks);
    }
    // the publish records that the trigger's receivers are owed an event (see trigger())
    plan.trigger.ifPresent(t -> builder.snapshotProperties(new TriggerOutbox(t).owedProperties()));
    ingestStart = Instant.now();
    result = builder.build().run(partition, run.runId());
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("files_accepted", result.filesAccepted());
    output.put("files_rejected", result.filesRejected());
    output.put("files_pending", result.filesPending());
    output.put("files_duplicate", result.filesDuplicate());
    output.putAll(result.counts().asMap());
    output.put(
        "outcome",
        result
            .batch()
            .map(b -> b.outcome().name())
            .orElse(IngestOutcome.Kind.NOTHING_TO_INGEST.name()));
    result.publishedSnapshotId().ifPresent(id -> output.put("snapshot_id", id));
    return output;
  }

  /**
   * Writes the report files, then appends the report to the history. The batch is committed (or
   * refused) by now, so report files or a history that cannot be written are reported, not fatal:
   * the trigger and the alerts of a published batch still go out.
   */
  private Map<String, Object> quality() {
    quality = audit.report(result.runId());
    if (quality.isEmpty()) {
      return Map.of("judged", false);
    }
    QualityReport report = quality.get();
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("judged", true);
    plan.qualityReport.ifPresent(dir -> output.put("report_written", writeReport(dir, report)));
    output.put("passed", report.passed());
    output.put("rules_failed", report.failures().size());
    output.put(
        "error_rules_failed",
        report.failures().stream().filter(f -> f.severity() == Severity.ERROR).count());
    try {
      audit.record(result);
      output.put("recorded", true);
    } catch (Exception e) { // Spark's AnalysisException is a checked one Scala throws undeclared
      plan.err.printf("quality history %s not written: %s%n", plan.qualityHistory, e.getMessage());
      plan.err.flush();
      output.put("recorded", false);
    }
    return output;
  }

  /** Writes the report files, or says why not: the batch is committed (or refused) by now. */
  private boolean writeReport(Path dir, QualityReport report) {
    try {
      Files.writeString(dir.resolve(result.runId() + ".json"), report.toJson());
      Files.writeString(dir.resolve(result.runId() + ".html"), report.toHtml());
      return true;
    } catch (IOException | RuntimeException e) {
      plan.err.printf("quality report not written to %s: %s%n", dir, e);
      plan.err.flush();
      return false;
    }
  }

  /** Lineage failures are reported, never fatal: the data is committed either way. */
  private Map<String, Object> lineage(Supplier<LineageSink> sinks) {
    LineageSink sink;
    try {
      sink = sinks.get();
    } catch (RuntimeException e) {
      plan.err.printf("lineage not published: %s%n", e.getMessage());
      plan.err.flush();
      return Map.of("published", false, "error", String.valueOf(e.getMessage()));
    }
    boolean published =
        IngestLineageStep.publish(
            spark,
            sink,
            result,
            plan.spec,
            plan.lineageIdentity,
            plan.rawLocation,
            plan.table,
            ingestStart,
            quality,
            plan.out,
            plan.err);
    return Map.of("published", published);
  }

  /**
   * Sends each receiver every publish of the table it is owed and has not acknowledged, this run's
   * and those of earlier runs that died (or could not reach it) before their trigger: at least once
   * per published snapshot, the receiver de-duplicates by snapshot id ({@link TriggerOutbox}).
   */
  private Map<String, Object> trigger(DownstreamTrigger trigger) {
    if (!spark.catalog().tableExists(plan.table)) {
      return Map.of("sent", 0); // nothing was ever published: no file accepted yet
    }
    Optional<Long> published = result.publishedSnapshotId();
    List<TriggerOutbox.Sent> sent =
        new TriggerOutbox(trigger)
            .deliver(IcebergTables.load(spark, plan.table), snapshot -> event(snapshot, published));
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
    if (published.isPresent() && published.get() == snapshot.snapshotId()) {
      return new TriggerEvent(
          plan.table,
          snapshot.snapshotId(),
          result.runId(),
          result.counts().asMap(),
          Instant.now());
    }
    // an earlier run's publish: only what its snapshot summary says
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(
        BatchCounts.ROWS_WRITTEN,
        Long.parseLong(snapshot.summary().getOrDefault("added-records", "0")));
    return new TriggerEvent(
        plan.table,
        snapshot.snapshotId(),
        snapshot.summary().getOrDefault(SnapshotSummaryKeys.RUN_ID, "unknown"),
        counts,
        Instant.ofEpochMilli(snapshot.timestampMillis()));
  }

  private Map<String, Object> alert() {
    alerts.clear();
    for (Alert alert : IngestAlerts.of(result, quality, plan.table, Instant.now())) {
      for (AlertSink sink : plan.alerts) {
        alerts.add(new IngestOutcome.AlertDelivery(alert, sink.send(alert)));
      }
    }
    return Map.of(
        "sent",
        alerts.size(),
        "delivered",
        alerts.stream().filter(a -> a.delivery().delivered()).count());
  }
}
