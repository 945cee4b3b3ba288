package io.gridata.pipeline;

import static java.util.Objects.requireNonNull;

import io.gridata.core.alert.AlertSink;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneSensor;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.run.PipelineRunner;
import io.gridata.core.run.RunId;
import io.gridata.core.trigger.DownstreamTrigger;
import io.gridata.lineage.LineageSink;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityConfigException;
import io.gridata.quality.QualitySuite;
import io.gridata.spark.ingest.IngestJob;
import io.gridata.spark.ingest.IngestSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * A dataset's day through the steps {@code gridata ingest} runs, as named steps on core's {@link
 * PipelineRunner}:
 *
 * <ol>
 *   <li>{@value #SENSE} (with {@link Builder#waitForFiles}): waits for the day's first file;
 *   <li>{@value #INGEST}: the dataset's ingestion job: validates the day's files (rejecting bad
 *       ones), reads and transforms the good ones, stages them on a branch, lets the quality gate
 *       judge and publishes; the SparkSession is obtained here, after the wait;
 *   <li>{@value #QUALITY} (with {@link Builder#qualityGate}): records the gate's report in the
 *       history;
 *   <li>{@value #LINEAGE} (with {@link Builder#lineage}): publishes the run's metadata;
 *   <li>{@value #TRIGGER} (with {@link Builder#trigger}): tells downstream about a publish, and
 *       about earlier publishes a receiver has not acknowledged;
 *   <li>{@value #ALERT} (with {@link Builder#alerts}): sends the run's alerts (refusal, all
 *       rejected, rejected files, warn rules).
 * </ol>
 *
 * <p>Every part but {@value #INGEST} is optional: a builder without it leaves the step out. A step
 * fails when it cannot do its work: the runner skips the steps after it, sends an error alert to
 * the alert sinks and leaves the data where the step left it ({@link IngestOutcome#summary()} says
 * which step and why). A batch the gate refused or a day of rejected files is not a failed step but
 * the outcome of one that worked. Every step but {@value #INGEST} is retried on transient faults
 * with {@link Builder#retry}; {@value #INGEST} runs once, since its parts retry their own transient
 * faults (raw zone requests, S3A reads, Iceberg commits) and a failed day is re-run whole: the
 * re-run writes nothing twice.
 *
 * <pre>{@code
 * try (RawZone zone = RawZone.open("s3a://raw-zone")) {
 *   IngestOutcome outcome =
 *       IngestPipeline.builder(spark, zone, new OrdersSpec())
 *           .table("lake.ecommerce.orders")
 *           .qualityGate(QualitySuites.orders("lake"), IcebergMetricHistory.tableInCatalog("lake"))
 *           .lineage(() -> LineageSink.file(Path.of("lineage.json")))
 *           .build()
 *           .run(RawPartition.of("ecommerce", "orders", day), RunId.of("orders-" + day));
 *   if (outcome.refused()) {
 *     // the gate kept the day off main: outcome.quality() says why
 *   }
 * }
 * }</pre>
 *
 * <p>A pipeline is immutable and can run many days; one run at a time per pipeline object.
 */
public final class IngestPipeline {
  /** The step that waits for the day's first file. */
  public static final String SENSE = "sense";

  /** The step that validates, transforms, stages, audits and publishes the day's files. */
  public static final String INGEST = "ingest";

  /** The step that records the gate's report. */
  public static final String QUALITY = "quality";

  /** The step that publishes lineage. */
  public static final String LINEAGE = "lineage";

  /** The step that tells downstream about publishes. */
  public static final String TRIGGER = "trigger";

  /** The step that sends the run's alerts. */
  public static final String ALERT = "alert";

  private final Builder config;

  private IngestPipeline(Builder config) {
    this.config = config;
  }

  /**
   * A pipeline for {@code spec}'s days in {@code raw}, on {@code spark}.
   *
   * @param spark the session the job runs in, with the target table's catalog
   * @param raw the open raw zone (the caller closes it)
   * @param spec the dataset
   */
  public static Builder builder(SparkSession spark, RawZone raw, IngestSpec spec) {
    requireNonNull(spark, "spark is null");
    return builder(() -> spark, raw, spec);
  }

  /**
   * As {@link #builder(SparkSession, RawZone, IngestSpec)}, the session obtained only when the
   * {@value #INGEST} step starts: a run that waits for its files starts Spark after the wait.
   */
  public static Builder builder(Supplier<SparkSession> spark, RawZone raw, IngestSpec spec) {
    return new Builder(spark, raw, spec);
  }

  /**
   * Runs {@code partition}'s day as run {@code runId}; never throws for a step (see {@link
   * IngestOutcome}).
   *
   * @param partition the day of the dataset (its domain and dataset are the spec's)
   * @param runId the run id, e.g. {@code RunId.generate("orders", day)}, or a scheduler's templated
   *     one ({@code RunId.of("orders-" + ds)}), safe to reuse on a retry
   * @throws IllegalArgumentException if the partition is not of the spec's dataset
   */
  public IngestOutcome run(RawPartition partition, RunId runId) {
    requireNonNull(partition, "partition is null");
    requireNonNull(runId, "runId is null");
    IngestJob.checkPartition(config.spec, partition);
    return new IngestRun(config, partition).run(runId);
  }

  /** How a run waits for the day's first file: {@link RawZoneSensor} settings. */
  public record FileWait(Duration timeout, Duration pollInterval) {
    /** Checks both durations are positive. */
    public FileWait {
      requireNonNull(timeout, "timeout is null");
      requireNonNull(pollInterval, "pollInterval is null");
      if (timeout.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException(
            "Cannot wait " + timeout + " polling every " + pollInterval + ": give positive times");
      }
    }

    /** {@code timeout} for people: 30m, 90s, 2h, 1500ms. */
    public String describeTimeout() {
      if (timeout.toMillis() % 1000 != 0) {
        return timeout.toMillis() + "ms";
      }
      long seconds = timeout.toSeconds();
      if (seconds != 0 && seconds % 3600 == 0) {
        return seconds / 3600 + "h";
      }
      return seconds != 0 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    RawZoneSensor sensor(RawZone zone, RawPartition partition) {
      return RawZoneSensor.builder(zone, partition)
          .timeout(timeout)
          .pollInterval(pollInterval)
          .build();
    }
  }

  /** An {@link IngestPipeline}'s parts; only the table is required. */
  public static final class Builder {
    // package-private: IngestRun reads a built pipeline's parts
    final Supplier<SparkSession> spark;
    final RawZone raw;
    final IngestSpec spec;
    String name;
    String table;
    String rawLocation;
    Optional<FileWait> waitForFiles = Optional.empty();
    Optional<QualitySuite> suite = Optional.empty();
    String qualityHistory;
    Optional<Path> qualityReport = Optional.empty();
    Optional<Supplier<LineageSink>> lineage = Optional.empty();
    LineageIdentity lineageIdentity = IngestLineage.DEFAULT_IDENTITY;
    Optional<DownstreamTrigger> trigger = Optional.empty();
    List<AlertSink> alerts = List.of();
    RetryPolicy retry = RetryPolicy.defaults();
    Duration settle = IngestJob.DEFAULT_SETTLE_TIME;
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);

    private Builder(Supplier<SparkSession> spark, RawZone raw, IngestSpec spec) {
      this.spark = requireNonNull(spark, "spark is null");
      this.raw = requireNonNull(raw, "raw is null");
      this.spec = requireNonNull(spec, "spec is null");
      this.name = spec.domain() + "_" + spec.dataset();
      this.rawLocation = raw.uri("").toString();
    }

    /** The pipeline's name in metrics and alerts; default {@code <domain>_<dataset>}. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name is null");
      return this;
    }

    /** The target Iceberg table, e.g. {@code lake.ecommerce.orders}. Required. */
    public Builder table(String table) {
      this.table = requireNonNull(table, "table is null");
      return this;
    }

    /** The zone as the user names it, for lineage; default the zone's URI. */
    public Builder rawLocation(String rawLocation) {
      this.rawLocation = requireNonNull(rawLocation, "rawLocation is null");
      return this;
    }

    /** Waits for the day's first file before ingesting ({@value #SENSE}); default no wait. */
    public Builder waitForFiles(FileWait wait) {
      this.waitForFiles = Optional.of(requireNonNull(wait, "wait is null"));
      return this;
    }

    /**
     * Judges each staged batch with {@code suite} (its quarantine rules become row checks) and
     * records the report in {@code historyTable} ({@value #QUALITY}); default no gate.
     */
    public Builder qualityGate(QualitySuite suite, String historyTable) {
      this.suite = Optional.of(requireNonNull(suite, "suite is null"));
      this.qualityHistory = requireNonNull(historyTable, "historyTable is null");
      return this;
    }

    /**
     * Writes each report of the gate as {@code <run id>.json} and {@code .html} in {@code dir}, an
     * existing directory; needs {@link #qualityGate}.
     */
    public Builder qualityReportDir(Path dir) {
      this.qualityReport = Optional.of(requireNonNull(dir, "dir is null"));
      return this;
    }

    /**
     * Publishes lineage to the sink {@code sinks} opens when the {@value #LINEAGE} step runs (a
     * failure to open or publish is reported, never fatal); default no lineage.
     */
    public Builder lineage(Supplier<LineageSink> sinks) {
      this.lineage = Optional.of(requireNonNull(sinks, "sinks is null"));
      return this;
    }

    /**
     * Where the lineage belongs: environment, cluster, owner; default {@link
     * IngestLineage#DEFAULT_IDENTITY} ({@code PROD}, {@code prod}, group {@code data-platform}).
     */
    public Builder lineageIdentity(LineageIdentity identity) {
      this.lineageIdentity = requireNonNull(identity, "identity is null");
      return this;
    }

    /** Tells {@code trigger}'s receivers about publishes ({@value #TRIGGER}); default none. */
    public Builder trigger(DownstreamTrigger trigger) {
      this.trigger = Optional.of(requireNonNull(trigger, "trigger is null"));
      return this;
    }

    /** Sends the run's alerts and failures to {@code sinks} ({@value #ALERT}); default none. */
    public Builder alerts(List<AlertSink> sinks) {
      this.alerts = List.copyOf(sinks);
      return this;
    }

    /** Retries of the steps other than {@value #INGEST}; default {@link RetryPolicy#defaults()}. */
    public Builder retry(RetryPolicy retry) {
      this.retry = requireNonNull(retry, "retry is null");
      return this;
    }

    /**
     * How long a file without its sidecar must be left unmodified to be taken; default {@link
     * IngestJob#DEFAULT_SETTLE_TIME}.
     */
    public Builder settle(Duration settle) {
      this.settle = requireNonNull(settle, "settle is null");
      return this;
    }

    /**
     * Where the run prints what it did besides its outcome (lineage, history); default stdout/err.
     */
    public Builder console(PrintWriter out, PrintWriter err) {
      this.out = requireNonNull(out, "out is null");
      this.err = requireNonNull(err, "err is null");
      return this;
    }

    /**
     * The pipeline, its parts checked: a mistake fails here, before anything runs.
     *
     * @throws IllegalStateException if no table was given
     * @throws IllegalArgumentException for a negative settle time, a quality history that is not
     *     {@code catalog.namespace.table}, a report directory that is not an existing directory or
     *     one without a quality gate
     */
    public IngestPipeline build() {
      if (table == null) {
        throw new IllegalStateException(
            cannotBuild("no target table; call table(\"<catalog>.<namespace>.<table>\")"));
      }
      check();
      Builder copy = new Builder(spark, raw, spec);
      copy.name = name;
      copy.table = table;
      copy.rawLocation = rawLocation;
      copy.waitForFiles = waitForFiles;
      copy.suite = suite;
      copy.qualityHistory = qualityHistory;
      copy.qualityReport = qualityReport;
      copy.lineage = lineage;
      copy.lineageIdentity = lineageIdentity;
      copy.trigger = trigger;
      copy.alerts = alerts;
      copy.retry = retry;
      copy.settle = settle;
      copy.out = out;
      copy.err = err;
      return new IngestPipeline(copy);
    }

    private void check() {
      if (settle.isNegative()) {
        throw new IllegalArgumentException(
            cannotBuild(
                "the settle time "
                    + settle
                    + " is negative; give Duration.ZERO to take every file at once, or a"
                    + " positive time"));
      }
      if (suite.isPresent() && !isTableName(qualityHistory)) {
        throw new IllegalArgumentException(
            cannotBuild(
                "the quality history '"
                    + qualityHistory
                    + "' is not catalog.namespace.table; give e.g."
                    + " IcebergMetricHistory.tableInCatalog(\"<catalog>\")"));
      }
      if (qualityReport.isPresent()) {
        Path dir = qualityReport.get();
        if (suite.isEmpty()) {
          throw new IllegalArgumentException(
              cannotBuild(
                  "a quality report directory ("
                      + dir
                      + ") without a quality gate writes no report; call qualityGate(suite,"
                      + " historyTable) too, or leave out qualityReportDir"));
        }
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException(
              cannotBuild(
                  "the quality report directory "
                      + dir
                      + " is not an existing directory; create it first"));
        }
      }
    }

    private static boolean isTableName(String name) {
      try {
        IcebergMetricHistory.checkName(name);
        return true;
      } catch (QualityConfigException e) {
        return false;
      }
    }

    private String cannotBuild(String reason) {
      return "Cannot build the pipeline of " + spec.domain() + "." + spec.dataset() + ": " + reason;
    }
  }
}
