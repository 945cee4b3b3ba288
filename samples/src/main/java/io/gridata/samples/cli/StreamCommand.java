package io.gridata.samples.cli;

import com.sun.net.httpserver.HttpServer;
import io.gridata.core.InvalidInputException;
import io.gridata.core.metrics.RunMetrics;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.pipeline.StreamLineageReporter;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.streaming.StreamDataset;
import io.gridata.streaming.StreamingIngest;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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
 * topic has been idle for {@code --until-idle}. Exit codes: 0 the query stopped (idle, or SIGTERM),
 * 2 usage or configuration error, 1 the query failed (restart it: the checkpoint resumes it exactly
 * once).
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
    RunMetrics metrics = RunMetrics.prometheus("gridata-stream-" + topic);
    builder.metrics(metrics.registry());
    StreamingIngest job = builder.build();
    PrintWriter out = spec.commandLine().getOut();
    Optional<HttpServer> server = Optional.empty();
    Optional<MetricsFileWriter> fileWriter = Optional.empty();
    Optional<StreamLineageReporter> lineage = Optional.empty();
    boolean failed = false;
    try (StreamingIngest.Running running = job.start()) {
      StreamingQuery query = running.query();
      if (lineageOptions.sink().isPresent()) {
        lineage =
            Optional.of(
                new StreamLineageReporter(
                    spark,
                    query.id(),
                    dataset.get().spec(),
                    topic,
                    job.table(),
                    lineageOptions.sink().get(),
                    lineageWindow,
                    out,
                    spec.commandLine().getErr()));
        spark.streams().addListener(lineage.get());
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
      // Iceberg commits and its checkpoint entry, then stop
      Thread stopOnSigterm =
          new Thread(
              () -> {
                try {
                  running.stopAfterBatch(STOP_WAIT);
                } catch (RuntimeException stopping) {
                  // the JVM is going down: the checkpoint resumes the batch in flight
                }
              },
              "gridata-stream-stop");
      Runtime.getRuntime().addShutdownHook(stopOnSigterm);
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
        return 1;
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopOnSigterm);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it stops the query
        }
      }
      out.printf("stream %s stopped: %s%n", topic, running.counters());
      return 0;
    } finally {
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
