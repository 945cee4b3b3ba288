package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.run.RunId;
import io.gridata.core.trigger.DownstreamTrigger;
import io.gridata.pipeline.IngestLineage;
import io.gridata.pipeline.IngestOutcome;
import io.gridata.pipeline.IngestPipeline;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityConfigException;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.QualitySuites;
import io.gridata.quality.SuiteYaml;
import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.spark.config.RawZoneS3a;
import io.gridata.spark.customers.CustomersSpec;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.orders.OrdersSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gridata ingest}: runs the ingestion pipeline of a dataset ({@link #DATASETS}: orders,
 * customers, clickstream) for one day of a raw zone (a local directory, or an S3 bucket that Spark
 * reads through S3A) into an Iceberg table, gated by a quality suite (the shipped orders suite for
 * orders; {@code --quality-suite} for any dataset), as the steps of {@link IngestPipeline}. Exit
 * codes: 0 done (files ingested, or nothing new), 2 usage or configuration error (nothing was
 * done), 3 the quality gate refused the batch ({@code main} untouched), 4 every file of the day was
 * rejected, 5 the settled files are done but some were left for a later run (still being written,
 * or changed under the read: run the day again later), 1 any other failure: a step failed ({@code
 * --wait} timed out, Spark or the catalog failed), which a scheduler may retry.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Validate one day of raw files (rejecting bad ones with a reason), write the good rows to"
            + " the Iceberg table and the bad rows to its quarantine table, exactly once per file.")
final class IngestCommand implements Callable<Integer> {
  /** Exit code when a step of the run failed. */
  static final int EXIT_FAILED = 1;

  /** Exit code when every file of the day was rejected. */
  static final int EXIT_ALL_REJECTED = 4;

  /**
   * Exit code when the settled files were done but some were left for a later run (not settled yet,
   * or changed while they were read): run the day again later.
   */
  static final int EXIT_FILES_PENDING = 5;

  /** Exit code when the quality gate refused the staged batch. */
  static final int EXIT_QUALITY_FAILED = 3;

  static final String ORDERS = "ecommerce.orders";

  /** The datasets {@code ingest} has a pipeline for: the one place that says which. */
  static final Map<String, Supplier<IngestSpec>> DATASETS =
      Map.of(
          ORDERS,
          OrdersSpec::new,
          "ecommerce.customers",
          CustomersSpec::new,
          "ecommerce.clickstream",
          ClickstreamSpec::new);

  @Spec CommandSpec spec;
  @Mixin RawZoneOptions zone;
  @Mixin CatalogOptions catalogOptions;
  @Mixin WaitOptions waitOptions;
  @Mixin NotifyOptions notify;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "Target table (default: <catalog name>.<dataset>).")
  String table;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "Run id recorded in manifests and the snapshot (default: <dataset name>-DATE-...).")
  String runId;

  @Option(
      names = "--settle",
      paramLabel = "DURATION",
      description =
          "Take a file without its .sha256 sidecar only once it has been left unmodified this"
              + " long, e.g. 30s, 5m or 0 for every file (default 30s); a younger file is reported"
              + " UNSETTLED and left for a later run. A file with its sidecar is taken at once:"
              + " producers write the sidecar last.")
  String settleTime;

  @Option(
      names = "--summary-json",
      paramLabel = "PATH",
      description =
          "Also write the run summary (status, per-file outcomes, row counts, snapshot, every"
              + " step with its attempts, duration and error) as JSON.")
  Path summaryJson;

  @Option(
      names = "--quality-suite",
      paramLabel = "FILE",
      description =
          "YAML rules merged over the dataset's shipped suite (orders has one; a rule with the"
              + " same name replaces the shipped one); for datasets without one, the suite itself"
              + " (without it they run ungated).")
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

  @Mixin LineageOptions lineageOptions;

  @Option(
      names = "--metrics-file",
      paramLabel = "PATH",
      description =
          "Write the run's metrics (steps, retries, rows, files, quality rule failures) in"
              + " Prometheus' text format to PATH, e.g. for a node exporter's textfile directory.")
  Path metricsFile;

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
    RawPartition partition = dataset();
    Optional<RunId> givenRunId;
    try {
      givenRunId = Optional.ofNullable(runId).map(RunId::of);
    } catch (IllegalArgumentException e) {
      throw usage("--run-id: " + e.getMessage());
    }
    RawZoneConfig rawConfig = zone.config(Optional.ofNullable(catalogOptions.config));
    try {
      RawZoneS3a.requireS3a(rawConfig);
    } catch (InvalidInputException e) {
      throw usage("--raw " + zone.raw + ": " + e.getMessage());
    }
    Optional<IngestPipeline.FileWait> wait = waitOptions.resolve();
    Duration settle = settle();
    checkOutputs();
    Optional<DownstreamTrigger> trigger = notify.trigger();
    List<AlertSink> alertSinks = notify.alertSinks();
    CatalogConfig catalog = catalogOptions.resolve();
    String dataset = partition.domain() + "." + partition.dataset();
    IngestSpec dataSpec = DATASETS.get(dataset).get();
    Optional<QualitySuite> suite = noQuality ? Optional.empty() : suite(dataSpec, catalog);
    String target = table != null ? table : catalog.name() + "." + zone.dataset;
    RunId id = givenRunId.orElseGet(() -> RunId.generate(dataSpec.dataset(), partition.date()));
    IngestOutcome outcome;
    try (RawZone raw = RawZone.open(rawConfig)) {
      if (rawConfig.isS3()) {
        Optional<String> refusal = S3ZoneCheck.refusal(raw, partition);
        if (refusal.isPresent()) {
          throw usage("--raw " + zone.raw + ": " + refusal.get());
        }
      }
      IngestPipeline.Builder pipeline =
          IngestPipeline.builder(
                  // Spark starts after the wait; not stopped here: the CLI's JVM exits after the
                  // command and Spark's shutdown hook stops the context, a caller in the same JVM
                  // (tests) keeps reusing the SparkContext.
                  () -> LocalSpark.session("gridata-ingest", catalog), raw, dataSpec)
              .name(zone.dataset.replace('.', '_'))
              .table(target)
              .rawLocation(zone.raw)
              .alerts(alertSinks)
              .settle(settle)
              .console(spec.commandLine().getOut(), spec.commandLine().getErr());
      wait.ifPresent(pipeline::waitForFiles);
      if (suite.isPresent()) {
        pipeline.qualityGate(
            suite.get(),
            qualityHistory != null
                ? qualityHistory
                : IcebergMetricHistory.tableInCatalog(catalog.name()));
        // an ungated dataset has no report to write: --quality-report does nothing there
        Optional.ofNullable(qualityReport).ifPresent(pipeline::qualityReportDir);
      }
      lineageOptions.sink().ifPresent(pipeline::lineage);
      pipeline.lineageIdentity(lineageOptions.identity(IngestLineage.DEFAULT_IDENTITY));
      trigger.ifPresent(pipeline::trigger);
      outcome = pipeline.build().run(partition, id);
    }
    RunPrinter.print(spec.commandLine(), outcome, partition, target);
    writeOutputs(outcome, partition, target);
    if (!outcome.summary().succeeded()) {
      return EXIT_FAILED;
    }
    if (outcome.refused()) {
      return EXIT_QUALITY_FAILED;
    }
    if (outcome.allRejected()) {
      return EXIT_ALL_REJECTED;
    }
    return outcome.filesPending() ? EXIT_FILES_PENDING : 0;
  }

  /** {@code --settle}, default {@link IngestJob#DEFAULT_SETTLE_TIME}. */
  private Duration settle() {
    if (settleTime == null) {
      return IngestJob.DEFAULT_SETTLE_TIME;
    }
    Duration value;
    try {
      value = RetryPolicy.parseDuration("--settle", settleTime);
    } catch (InvalidInputException e) {
      throw usage(e.getMessage());
    }
    if (value.isNegative()) {
      throw usage("--settle must not be negative, got '" + settleTime + "'");
    }
    return value;
  }

  /** The day of a dataset {@code ingest} has a pipeline for ({@link #DATASETS}). */
  private RawPartition dataset() {
    RawPartition partition = zone.partition();
    if (!DATASETS.containsKey(partition.domain() + "." + partition.dataset())) {
      throw usage(
          "--dataset "
              + zone.dataset
              + " has no pipeline yet; supported: "
              + String.join(", ", new TreeSet<>(DATASETS.keySet())));
    }
    return partition;
  }

  private void checkOutputs() {
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
    lineageOptions.check();
    if (runReport != null && !Files.isDirectory(runReport.toAbsolutePath().getParent())) {
      throw usage("--run-report " + runReport + ": no such directory");
    }
    if (metricsFile != null && !Files.isDirectory(metricsFile.toAbsolutePath().getParent())) {
      throw usage("--metrics-file " + metricsFile + ": no such directory");
    }
  }

  private void writeOutputs(IngestOutcome outcome, RawPartition partition, String target)
      throws IOException {
    if (summaryJson != null) {
      Files.writeString(
          summaryJson, IngestSummary.json(outcome, zone.dataset, partition.date(), target));
    }
    if (metricsFile != null) {
      outcome.metrics().writeTo(metricsFile);
    }
    if (runReport != null) {
      Optional<String> html = outcome.reportHtml(target);
      if (html.isEmpty()) {
        spec.commandLine()
            .getErr()
            .printf("run report not written: the run failed before ingesting%n");
        return;
      }
      Files.writeString(runReport, html.get());
    }
  }

  /**
   * The gate's suite: the dataset's default suite ({@code IngestSpec.qualitySuite()}, orders has
   * one) in the run's catalog, with {@code --quality-suite} merged over it; the {@code
   * --quality-suite} file alone for a dataset without one, none without it.
   */
  private Optional<QualitySuite> suite(IngestSpec dataSpec, CatalogConfig catalog) {
    try {
      Optional<QualitySuite> own =
          Optional.ofNullable(qualitySuite).map(file -> SuiteYaml.load(file));
      Optional<QualitySuite> shipped =
          dataSpec
              .qualitySuite()
              .map(
                  resource ->
                      QualitySuites.inCatalog(SuiteYaml.resource(resource), catalog.name()));
      if (shipped.isEmpty()) {
        return own;
      }
      return Optional.of(own.map(shipped.get()::overriddenBy).orElse(shipped.get()));
    } catch (QualityConfigException e) {
      throw usage("--quality-suite " + qualitySuite + ": " + e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
