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
import io.gridata.core.rawzone.S3Faults;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.run.PipelineRunner;
import io.gridata.core.run.RunContext;
import io.gridata.core.run.RunId;
import io.gridata.core.run.RunSummary;
import io.gridata.core.run.StepKey;
import io.gridata.core.run.StepResult;
import io.gridata.core.run.Steps;
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

/**
 * One run of an {@link IngestPipeline}: its steps and what they hand each other, as typed results
 * (a record per step, read by the later steps and the {@link IngestOutcome} through its {@link
 * StepKey}). Each result's {@link StepResult#summary()} is the step's {@code output} in the run
 * summary JSON, with the keys, value types and order it has always had.
 */
final class IngestRun {
  private static final StepKey<Sensed> SENSED = StepKey.of(SENSE, Sensed.class);
  private static final StepKey<Ingested> INGESTED = StepKey.of(INGEST, Ingested.class);
  private static final StepKey<Audited> AUDITED = StepKey.of(QUALITY, Audited.class);
  private static final StepKey<Lineage> LINEAGE_PUBLISHED = StepKey.of(LINEAGE, Lineage.class);
  private static final StepKey<Triggered> TRIGGERED = StepKey.of(TRIGGER, Triggered.class);
  private static final StepKey<Alerted> ALERTED = StepKey.of(ALERT, Alerted.class);

  private final IngestPipeline.Builder plan;
  private final RawPartition partition;

  IngestRun(IngestPipeline.Builder plan, RawPartition partition) {
    this.plan = plan;
    this.partition = partition;
  }

  /** What {@value IngestPipeline#SENSE} saw. */
  record Sensed(RawZoneSensor.Result seen) implements StepResult {
    @Override
    public Map<String, Object> summary() {
      return ordered(
          "files",
          seen.files().size(),
          "polls",
          seen.polls(),
          "waited_ms",
          seen.waited().toMillis());
    }
  }

  /**
   * What {@value IngestPipeline#INGEST} did, and what the later steps need of it.
   *
   * @param spark the session the job ran in (the caller's; never stopped here)
   * @param audit the gate's audit, when the pipeline has a quality gate
   * @param start when the job started
   * @param result the job's result
   */
  record Ingested(
      SparkSession spark, Optional<QualityAudit> audit, Instant start, IngestJobResult result)
      implements StepResult {
    @Override
    public Map<String, Object> summary() {
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
  }

  /**
   * What {@value IngestPipeline#QUALITY} recorded.
   *
   * @param report the gate's report, empty when it judged no batch
   * @param reportWritten whether the report files were written, when a report directory is set
   * @param recorded whether the report went into the history
   */
  record Audited(Optional<QualityReport> report, Optional<Boolean> reportWritten, boolean recorded)
      implements StepResult {
    @Override
    public Map<String, Object> summary() {
      if (report.isEmpty()) {
        return ordered("judged", false);
      }
      Map<String, Object> output = new LinkedHashMap<>();
      output.put("judged", true);
      reportWritten.ifPresent(written -> output.put("report_written", written));
      output.put("passed", report.get().passed());
      output.put("rules_failed", report.get().failures().size());
      output.put(
          "error_rules_failed",
          report.get().failures().stream().filter(f -> f.severity() == Severity.ERROR).count());
      output.put("recorded", recorded);
      return output;
    }
  }

  /**
   * What {@value IngestPipeline#LINEAGE} did.
   *
   * @param published whether the run's lineage was published
   * @param error why no sink could be opened, if none could
   */
  record Lineage(boolean published, Optional<String> error) implements StepResult {
    @Override
    public Map<String, Object> summary() {
      return error
          .map(e -> ordered("published", published, "error", e))
          .orElseGet(() -> ordered("published", published));
    }
  }

  /**
   * What {@value IngestPipeline#TRIGGER} sent.
   *
   * @param tableExists false when nothing was ever published, so nothing was owed
   * @param sent each event sent and its delivery
   */
  record Triggered(boolean tableExists, List<TriggerOutbox.Sent> sent) implements StepResult {
    Triggered {
      sent = List.copyOf(sent);
    }

    List<Delivery> deliveries() {
      return sent.stream().map(TriggerOutbox.Sent::delivery).toList();
    }

    @Override
    public Map<String, Object> summary() {
      if (!tableExists) {
        return ordered("sent", 0);
      }
      List<Delivery> deliveries = deliveries();
      return ordered(
          "sent",
          deliveries.size(),
          "delivered",
          deliveries.stream().filter(Delivery::delivered).count(),
          "snapshots",
          sent.stream().map(TriggerOutbox.Sent::snapshotId).distinct().toList());
    }
  }

  /** What {@value IngestPipeline#ALERT} sent: each alert at each sink. */
  record Alerted(List<IngestOutcome.AlertDelivery> deliveries) implements StepResult {
    Alerted {
      deliveries = List.copyOf(deliveries);
    }

    @Override
    public Map<String, Object> summary() {
      return ordered(
          "sent",
          deliveries.size(),
          "delivered",
          deliveries.stream().filter(a -> a.delivery().delivered()).count());
    }
  }

  /** A step's output of {@code keysAndValues} in their order. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> output = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      output.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return output;
  }

  IngestOutcome run(RunId runId) {
    // Filled by the job's listener while the ingest step runs: when that step throws after moving
    // files there is no Ingested result, and this is how the outcome still lists them.
    Map<RawKey, FileOutcome> filesSeen = new LinkedHashMap<>();
    Steps steps = new Steps();
    plan.waitForFiles.ifPresent(wait -> steps.add(SENSED, run -> sense(wait)));
    steps.add(INGESTED, run -> ingest(run, filesSeen));
    if (plan.suite.isPresent()) {
      steps.add(AUDITED, run -> quality(run.result(INGESTED).orElseThrow()));
    }
    plan.lineage.ifPresent(
        sinks ->
            steps.add(
                LINEAGE_PUBLISHED,
                run -> lineage(sinks, run.result(INGESTED).orElseThrow(), quality(run))));
    plan.trigger.ifPresent(
        trigger ->
            steps.add(TRIGGERED, run -> trigger(trigger, run.result(INGESTED).orElseThrow())));
    if (!plan.alerts.isEmpty()) {
      steps.add(ALERTED, run -> alert(run.result(INGESTED).orElseThrow().result(), quality(run)));
    }
    RunSummary summary =
        PipelineRunner.builder(plan.name)
            .retry(plan.retry)
            // the steps reach S3 directly too (Iceberg's S3FileIO, the raw zone's sensor)
            .transientFaults(S3Faults::isTransient)
            .retry(INGEST, RetryPolicy.none())
            .alerts(plan.alerts)
            .build()
            .run(runId, steps);
    Optional<IngestJobResult> result = summary.result(INGESTED).map(Ingested::result);
    return new IngestOutcome(
        summary,
        result,
        summary.result(AUDITED).flatMap(Audited::report),
        summary.result(TRIGGERED).map(Triggered::deliveries).orElse(List.of()),
        summary.result(ALERTED).map(Alerted::deliveries).orElse(List.of()),
        result.map(IngestJobResult::files).orElseGet(() -> List.copyOf(filesSeen.values())));
  }

  /** The gate's report, when the run has a quality step and it judged a batch. */
  private static Optional<QualityReport> quality(RunContext run) {
    return run.result(AUDITED).flatMap(Audited::report);
  }

  private Sensed sense(IngestPipeline.FileWait wait) {
    RawZoneSensor.Result seen = wait.sensor(plan.raw, partition).await();
    if (!seen.found()) {
      throw new GridataException(
          "No file arrived in %s within %s (%d listings); nothing was ingested: land the day's"
              + " files and run again, or wait longer with --wait-timeout",
          plan.raw.uri(partition.prefix()).toString().replaceAll("/+$", "") + "/",
          wait.describeTimeout(),
          seen.polls());
    }
    return new Sensed(seen);
  }

  private Ingested ingest(RunContext run, Map<RawKey, FileOutcome> filesSeen) {
    // Never stopped here: the session is the caller's.
    SparkSession spark = plan.spark.get();
    RawZoneS3a.register(spark, plan.raw.config());
    IngestJob.Builder builder =
        IngestJob.builder(spark, plan.raw, plan.spec)
            .table(plan.table)
            .settleTime(plan.settle)
            .listener(file -> filesSeen.put(file.key(), file));
    Optional<QualityAudit> audit = Optional.empty();
    if (plan.suite.isPresent()) {
      QualityAudit gate =
          new QualityAudit(
              spark,
              new QualityGate(
                  spark, plan.suite.get(), new IcebergMetricHistory(spark, plan.qualityHistory)),
              plan.table);
      builder.audit(gate);
      gate.rowChecks().ifPresent(builder::rowChecks);
      audit = Optional.of(gate);
    }
    // the publish records that the trigger's receivers are owed an event (see trigger())
    plan.trigger.ifPresent(t -> builder.snapshotProperties(new TriggerOutbox(t).owedProperties()));
    Instant start = Instant.now();
    IngestJobResult result = builder.build().run(partition, run.runId());
    return new Ingested(spark, audit, start, result);
  }

  /**
   * Writes the report files, then appends the report to the history. The batch is committed (or
   * refused) by now, so report files or a history that cannot be written are reported, not fatal:
   * the trigger and the alerts of a published batch still go out.
   */
  private Audited quality(Ingested ingested) {
    QualityAudit audit = ingested.audit().orElseThrow();
    IngestJobResult result = ingested.result();
    Optional<QualityReport> quality = audit.report(result.runId());
    if (quality.isEmpty()) {
      return new Audited(Optional.empty(), Optional.empty(), false);
    }
    QualityReport report = quality.get();
    Optional<Boolean> written =
        plan.qualityReport.map(dir -> writeReport(dir, result.runId(), report));
    boolean recorded;
    try {
      audit.record(result);
      recorded = true;
    } catch (Exception e) { // Spark's AnalysisException is a checked one Scala throws undeclared
      plan.err.printf("quality history %s not written: %s%n", plan.qualityHistory, e.getMessage());
      plan.err.flush();
      recorded = false;
    }
    return new Audited(quality, written, recorded);
  }

  /** Writes the report files, or says why not: the batch is committed (or refused) by now. */
  private boolean writeReport(Path dir, String runId, QualityReport report) {
    try {
      Files.writeString(dir.resolve(runId + ".json"), report.toJson());
      Files.writeString(dir.resolve(runId + ".html"), report.toHtml());
      return true;
    } catch (IOException | RuntimeException e) {
      plan.err.printf("quality report not written to %s: %s%n", dir, e);
      plan.err.flush();
      return false;
    }
  }

  /** Lineage failures are reported, never fatal: the data is committed either way. */
  private Lineage lineage(
      Supplier<LineageSink> sinks, Ingested ingested, Optional<QualityReport> quality) {
    LineageSink sink;
    try {
      sink = sinks.get();
    } catch (RuntimeException e) {
      plan.err.printf("lineage not published: %s%n", e.getMessage());
      plan.err.flush();
      return new Lineage(false, Optional.of(String.valueOf(e.getMessage())));
    }
    boolean published =
        IngestLineageStep.publish(
            ingested.spark(),
            sink,
            ingested.result(),
            plan.spec,
            plan.lineageIdentity,
            plan.rawLocation,
            plan.table,
            ingested.start(),
            quality,
            plan.out,
            plan.err);
    return new Lineage(published, Optional.empty());
  }

  /**
   * Sends each receiver every publish of the table it is owed and has not acknowledged, this run's
   * and those of earlier runs that died (or could not reach it) before their trigger: at least once
   * per published snapshot, the receiver de-duplicates by snapshot id ({@link TriggerOutbox}).
   */
  private Triggered trigger(DownstreamTrigger trigger, Ingested ingested) {
    SparkSession spark = ingested.spark();
    if (!spark.catalog().tableExists(plan.table)) {
      return new Triggered(false, List.of()); // nothing was ever published: no file accepted yet
    }
    IngestJobResult result = ingested.result();
    List<TriggerOutbox.Sent> sent =
        new TriggerOutbox(trigger)
            .deliver(IcebergTables.load(spark, plan.table), snapshot -> event(snapshot, result));
    return new Triggered(true, sent);
  }

  /** The event of this run's publish, or of an earlier one from its snapshot summary. */
  private TriggerEvent event(Snapshot snapshot, IngestJobResult result) {
    Optional<Long> published = result.publishedSnapshotId();
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

  private Alerted alert(IngestJobResult result, Optional<QualityReport> quality) {
    List<IngestOutcome.AlertDelivery> alerts = new ArrayList<>();
    for (Alert alert : IngestAlerts.of(result, quality, plan.table, Instant.now())) {
      for (AlertSink sink : plan.alerts) {
        alerts.add(new IngestOutcome.AlertDelivery(alert, sink.send(alert)));
      }
    }
    return new Alerted(alerts);
  }
}
