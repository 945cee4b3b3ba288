package io.gridata.samples.cli;

import com.sun.net.httpserver.HttpServer;
import io.gridata.core.InvalidInputException;
import io.gridata.core.alert.Alert;
import io.gridata.core.alert.AlertSink;
import io.gridata.core.metrics.RunMetrics;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.pipeline.IngestLineage;
import io.gridata.pipeline.QualityAudit;
import io.gridata.pipeline.StreamLineageReporter;
import io.gridata.pipeline.StreamQualityCheck;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityConfigException;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualitySuite;
import io.gridata.quality.SuiteYaml;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.streaming.StreamDataset;
import io.gridata.streaming.StreamingIngest;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gridata stream --topic T --bootstrap-servers B --checkpoint DIR}: streams a Kafka topic
 * into its Iceberg table (gridata-streaming's {@link StreamingIngest}) until stopped, or until the
 * topic has been idle for {@code --until-idle}. Exit codes: 0 the query stopped (idle), 2 usage or
 * configuration error, 1 the query failed (restart it: the checkpoint resumes it exactly once). On
 * SIGTERM the batch in flight finishes (at most {@link #STOP_WAIT}) before Spark stops; the JVM
 * then exits with SIGTERM's status (143).
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "Stream a Kafka topic into its Iceberg table exactly once (clickstream_events appended to"
            + " ecommerce.clickstream, order_updates merged into ecommerce.orders,"
            + " inventory_changes appended to ecommerce.inventory_changes and added up per product"
            + " into ecommerce.inventory), bad events to the quarantine table; runs until stopped"
            + " or idle.")
final class StreamCommand implements Callable<Integer> {
  /** The topics {@code stream} has a job for: the one place that says which. */
  static final Map<String, Supplier<StreamDataset>> TOPICS =
      Map.of(
          "clickstream_events",
          StreamDataset::clickstream,
          "order_updates",
          StreamDataset::orders,
          "inventory_changes",
          StreamDataset::inventory);

  @Spec CommandSpec spec;
  @Mixin CatalogOptions catalogOptions;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "Kafka topic: clickstream_events, order_updates or inventory_changes.")
  String topic;

  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "DIR",
      description =
          "Spark checkpoint location (a path or s3a:// URI); keep it across restarts: it is what"
              + " makes a restart resume exactly once.")
  String checkpoint;

  @Option(
      names = "--table",
      paramLabel = "CATALOG.NS.TABLE",
      description =
          "Target table (default: <catalog name>.<domain>.<dataset>); for inventory_changes the"
              + " changes table, the stock table is inventory in the same namespace.")
  String table;

  @Option(
      names = "--trigger",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "Micro-batch interval (default: ${DEFAULT-VALUE}).")
  String trigger;

  @Option(
      names = "--watermark",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description =
          "How late an event may arrive and still be de-duplicated (default: ${DEFAULT-VALUE});"
              + " later ones are counted as late.")
  String watermark;

  @Option(
      names = "--until-idle",
      paramLabel = "DURATION",
      description =
          "Stop once no new record arrived for this long (a catch-up run from a scheduler);"
              + " default: run until stopped.")
  String untilIdle;

  @Option(
      names = "--quality-suite",
      paramLabel = "FILE",
      description =
          "YAML quality suite: its quarantine rules route rows to the quarantine table inside"
              + " each micro-batch; all its rules are evaluated on the batch after its commit (rows"
              + " by the batch's run id; rows_read/rows_written/rows_quarantined for batch_ratio"
              + " rules), recorded in the quality history and alerted on; a stream has no shipped"
              + " suite.")
  Path qualitySuite;

  @Option(
      names = "--quality-history",
      paramLabel = "TABLE",
      description =
          "Iceberg table of quality results (default: <catalog name>.quality.results); needs"
              + " --quality-suite.")
  String qualityHistory;

  @Option(
      names = "--stop-on-quality-error",
      description =
          "Stop the query (exit 3) when an error rule fails on a micro-batch. The batch stays"
              + " committed: a stream cannot roll back. Without it the failure is alerted and the"
              + " stream goes on.")
  boolean stopOnQualityError;

  @Mixin AlertOptions alertOptions;

  @Mixin LineageOptions lineageOptions;

  @Option(
      names = "--lineage-every",
      paramLabel = "DURATION",
      defaultValue = "15m",
      description =
          "Report lineage (topic -> job -> tables, one run per window of micro-batches) this"
              + " often, and when the stream stops (default: ${DEFAULT-VALUE}).")
  String lineageEvery;

  @Option(
      names = "--metrics-file",
      paramLabel = "PATH",
      description =
          "Rewrite the query's metrics (rates, batch duration, latency, consumer lag per"
              + " partition, rows) in Prometheus' text format to PATH after every micro-batch.")
  Path metricsFile;

  @Option(
      names = "--metrics-address",
      paramLabel = "HOST:PORT",
      description = "Serve the same metrics at http://HOST:PORT/metrics for Prometheus to scrape.")
  String metricsAddress;

  /**
   * How long SIGTERM waits for the batch in flight before stopping the query anyway (Kubernetes
   * gives a pod 30 s by default).
   */
  static final Duration STOP_WAIT = Duration.ofSeconds(25);

  /**
   * The SIGTERM hook's priority in Hadoop's {@code ShutdownHookManager}: above Spark's (40,
   * FileSystem's 10 + 30), so the query stops before Spark stops its context.
   */
  static final int STOP_HOOK_PRIORITY = 50;

  /** The query failed: restart it on the same checkpoint. */
  static final int EXIT_FAILED = 1;

  /** {@code --stop-on-quality-error} stopped the query: look at the data, then restart it. */
  static final int EXIT_QUALITY_STOPPED = 3;

  @Override
  public Integer call() throws Exception {
    Supplier<StreamDataset> dataset = TOPICS.get(topic);
    if (dataset == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--topic " + topic + ": no streaming job for it; use one of " + TOPICS.keySet());
    }
    Duration every = duration("--trigger", trigger);
    Duration lateness = duration("--watermark", watermark);
    Optional<Duration> idle =
        Optional.ofNullable(untilIdle).map(value -> duration("--until-idle", value));
    if (metricsFile != null && !Files.isDirectory(metricsFile.toAbsolutePath().getParent())) {
      throw new ParameterException(
          spec.commandLine(), "--metrics-file " + metricsFile + ": no such directory");
    }
    lineageOptions.check();
    Optional<QualitySuite> suite = suite();
    List<AlertSink> alerts = alertOptions.alertSinks();
    Duration lineageWindow = duration("--lineage-every", lineageEvery);
    Optional<InetSocketAddress> serveAt =
        Optional.ofNullable(metricsAddress).map(this::socketAddress);
    CatalogConfig catalog = catalogOptions.resolve();
    SparkSession spark = LocalSpark.session("gridata-stream-" + topic, catalog);
    StreamingIngest.Builder builder =
        StreamingIngest.builder(spark, dataset.get())
            .bootstrapServers(bootstrapServers)
            .checkpointLocation(checkpoint)
            .trigger(every)
            .watermark(lateness);
    if (table != null) {
      builder.table(table);
    }
    // the suite's quarantine rules route rows inside each batch, as gridata ingest's do
    suite.flatMap(QualityAudit::rowChecks).ifPresent(builder::rowChecks);
    RunMetrics metrics = RunMetrics.prometheus("gridata-stream-" + topic);
    builder.metrics(metrics.registry());
    StreamingIngest job = builder.build();
    PrintWriter out = spec.commandLine().getOut();
    Optional<HttpServer> server = Optional.empty();
    Optional<MetricsFileWriter> fileWriter = Optional.empty();
    Optional<StreamLineageReporter> lineage = Optional.empty();
    Optional<StreamQualityCheck> quality = Optional.empty();
    boolean failed = false;
    try (StreamingIngest.Running running = job.start()) {
      StreamingQuery query = running.query();
      if (lineageOptions.sink().isPresent()) {
        lineage =
            Optional.of(
                StreamLineageReporter.builder(
                        spark,
                        query.id(),
                        dataset.get().spec(),
                        topic,
                        job.table(),
                        lineageOptions.sink().get())
                    .every(lineageWindow)
                    .identity(lineageOptions.identity(IngestLineage.DEFAULT_IDENTITY))
                    .console(out, spec.commandLine().getErr())
                    .build());
        spark.streams().addListener(lineage.get());
      }
      if (suite.isPresent()) {
        String history =
            qualityHistory != null
                ? qualityHistory
                : IcebergMetricHistory.tableInCatalog(catalog.name());
        quality =
            Optional.of(
                new StreamQualityCheck(
                    spark,
                    query.id(),
                    job.table(),
                    dataset.get().spec().domain() + "." + dataset.get().spec().dataset(),
                    new QualityGate(spark, suite.get(), new IcebergMetricHistory(spark, history)),
                    alerts,
                    stopOnQualityError,
                    out,
                    spec.commandLine().getErr()));
        spark.streams().addListener(quality.get());
      }
      if (serveAt.isPresent()) {
        server = Optional.of(metrics.serve(serveAt.get()));
        out.printf("metrics at http://%s/metrics%n", metricsAddress);
      }
      if (metricsFile != null) {
        fileWriter = Optional.of(new MetricsFileWriter(query.id(), metrics, metricsFile));
        spark.streams().addListener(fileWriter.get());
      }
      // SIGTERM (a scheduler or Kubernetes stopping the pod): let the batch in flight finish its
      // Iceberg commits and its checkpoint entry, then stop. Registered with Hadoop's shutdown
      // hook manager, which runs its hooks one after the other by priority: Spark's own (the
      // SparkContext's stop among them) run there at priority 40, so this one, higher, finishes
      // first. A plain JVM hook would run beside Spark's, which stops the context under the batch.
      PrintWriter err = spec.commandLine().getErr();
      Runnable stopOnSigterm =
          () -> {
            err.printf("stream %s: stopping after the batch in flight (SIGTERM)%n", topic);
            err.flush();
            try {
              boolean clean = running.stopAfterBatch(STOP_WAIT);
              err.printf(
                  "stream %s stopped on SIGTERM %s: %s%n",
                  topic,
                  clean ? "between batches" : "after " + STOP_WAIT.toSeconds() + " s",
                  running.counters());
            } catch (RuntimeException stopping) {
              err.printf("stream %s: stopping on SIGTERM failed: %s%n", topic, stopping);
            }
            err.flush();
          };
      ShutdownHookManager.get().addShutdownHook(stopOnSigterm, STOP_HOOK_PRIORITY);
      out.printf(
          "streaming %s -> %s (query %s, checkpoint %s)%n",
          topic, job.table(), query.id(), checkpoint);
      out.flush();
      try {
        awaitEnd(query, idle, every);
      } catch (StreamingQueryException e) {
        failed = true;
        spec.commandLine()
            .getErr()
            .printf(
                "stream %s failed: %s%nRestart with the same --checkpoint: it resumes from the last"
                    + " committed batch, exactly once.%n",
                topic, e.getMessage());
        alert(alerts, query, job.table(), e);
        return EXIT_FAILED;
      } finally {
        try {
          ShutdownHookManager.get().removeShutdownHook(stopOnSigterm);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it stops the query
        }
      }
      out.printf("stream %s stopped: %s%n", topic, running.counters());
      if (stopOnQualityError && quality.isPresent() && quality.get().failedBatches() > 0) {
        spec.commandLine()
            .getErr()
            .printf(
                "stream %s stopped by a failed quality error rule; restart it on the same"
                    + " --checkpoint once the data is looked at%n",
                topic);
        return EXIT_QUALITY_STOPPED;
      }
      return 0;
    } finally {
      quality.ifPresent(spark.streams()::removeListener);
      if (lineage.isPresent()) {
        spark.streams().removeListener(lineage.get());
        lineage.get().flush(failed);
      }
      server.ifPresent(s -> s.stop(0));
      fileWriter.ifPresent(spark.streams()::removeListener);
      if (metricsFile != null) {
        metrics.writeTo(metricsFile);
      }
    }
  }

  /** The {@code --quality-suite}, checked with the history options before Spark starts. */
  private Optional<QualitySuite> suite() {
    if (qualitySuite == null) {
      if (qualityHistory != null || stopOnQualityError) {
        throw new ParameterException(
            spec.commandLine(),
            "--quality-history and --stop-on-quality-error need --quality-suite");
      }
      return Optional.empty();
    }
    if (qualityHistory != null) {
      try {
        IcebergMetricHistory.checkName(qualityHistory);
      } catch (QualityConfigException e) {
        throw new ParameterException(spec.commandLine(), "--quality-history: " + e.getMessage());
      }
    }
    try {
      return Optional.of(SuiteYaml.load(qualitySuite));
    } catch (QualityConfigException e) {
      throw new ParameterException(
          spec.commandLine(), "--quality-suite " + qualitySuite + ": " + e.getMessage());
    }
  }

  /** Tells the alert sinks that the query failed; a sink that fails is reported, not thrown. */
  private void alert(
      List<AlertSink> sinks, StreamingQuery query, String target, StreamingQueryException e) {
    Alert alert =
        new Alert(
            Alert.Level.ERROR,
            "stream " + topic + " failed",
            "The streaming query into "
                + target
                + " failed: "
                + e.getMessage()
                + ". Restart it with the same --checkpoint: it resumes from the last committed"
                + " batch, exactly once.",
            topic,
            "stream-" + query.id(),
            Map.of("table", target, "checkpoint", checkpoint),
            Instant.now());
    for (AlertSink sink : sinks) {
      try {
        sink.send(alert);
      } catch (RuntimeException failed) {
        spec.commandLine().getErr().printf("alert not sent: %s%n", failed.getMessage());
      }
    }
  }

  private InetSocketAddress socketAddress(String value) {
    int colon = value.lastIndexOf(':');
    try {
      if (colon > 0) {
        return new InetSocketAddress(
            value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ParameterException(
        spec.commandLine(),
        "--metrics-address " + value + ": use HOST:PORT, e.g. 0.0.0.0:9464 or 127.0.0.1:9464");
  }

  /** Waits until the query ends, or until no record arrived for {@code idle} (then stops it). */
  private static void awaitEnd(StreamingQuery query, Optional<Duration> idle, Duration every)
      throws StreamingQueryException, TimeoutException {
    if (idle.isEmpty()) {
      query.awaitTermination();
      return;
    }
    long lastData = System.nanoTime();
    String lastSeen = null;
    while (!query.awaitTermination(Math.max(200, every.toMillis() / 2))) {
      StreamingQueryProgress progress = query.lastProgress();
      if (progress != null && !progress.timestamp().equals(lastSeen)) {
        lastSeen = progress.timestamp();
        if (progress.numInputRows() > 0) {
          lastData = System.nanoTime();
        }
      }
      boolean settled = progress != null && !query.status().isTriggerActive();
      if (settled && System.nanoTime() - lastData >= idle.get().toNanos()) {
        query.stop();
        return;
      }
    }
  }

  private Duration duration(String option, String value) {
    Duration parsed;
    try {
      parsed = RetryPolicy.parseDuration(option, value);
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (parsed.isZero() || parsed.isNegative()) {
      throw new ParameterException(spec.commandLine(), option + " " + value + ": must be > 0");
    }
    return parsed;
  }
}
