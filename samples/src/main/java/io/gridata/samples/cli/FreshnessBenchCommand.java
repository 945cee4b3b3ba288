package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.core.view.ViewApplier;
import io.gridata.core.view.ViewSet;
import io.gridata.samples.bench.FreshnessProbe;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.streaming.CompactionPolicy;
import io.gridata.streaming.StreamDataset;
import io.gridata.streaming.StreamingIngest;
import io.gridata.testkit.Backend;
import io.gridata.testkit.KafkaBroker;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.TrinoServer;
import java.io.Closeable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gridata bench freshness}: how long an order update takes from Kafka to a Trino query on
 * {@code serving.orders_last_hour}. Runs everything on this machine: the testkit's local stack (S3
 * server, REST catalog), a Kafka broker, the {@code order_updates} streaming job ({@link
 * StreamingIngest}, MERGE into {@code ecommerce.orders}) and Trino on the same catalog; sends
 * events at a steady rate ({@link FreshnessProbe}) and prints p50/p95 of sent-to-seen. Exit codes:
 * 0 every event seen, 1 some were not seen within {@code --timeout}, 2 usage error or no Java 24+
 * for Trino.
 */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description =
        "Time from an order update sent to Kafka to its row in a Trino query on"
            + " serving.orders_last_hour, with the order_updates stream running (local stack,"
            + " Kafka, Spark and Trino on this machine; needs Java 24+ for Trino)."
            + " Prints p50/p95 and the terms that make them.")
final class FreshnessBenchCommand implements Callable<Integer> {
  private static final String VIEW = "serving.orders_last_hour";

  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "60",
      description = "Events to send (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--rate",
      defaultValue = "2",
      description = "Events per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--trigger",
      defaultValue = "10s",
      description = "The stream's micro-batch interval (default: ${DEFAULT-VALUE}, the stream's).")
  String trigger;

  @Option(
      names = "--poll",
      defaultValue = "500ms",
      description = "How often Trino is queried (default: ${DEFAULT-VALUE}).")
  String poll;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      description =
          "How long to wait for the last events after the last one was sent (default:"
              + " ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--workdir",
      description = "Directory for the stack, broker, checkpoint and Trino (default: a temp dir).")
  Path workdir;

  @Override
  public Integer call() throws Exception {
    Duration every = duration("--trigger", trigger);
    Duration pollEvery = duration("--poll", poll);
    Duration wait = duration("--timeout", timeout);
    if (events < 1 || !(rate > 0)) {
      throw new ParameterException(spec.commandLine(), "--events and --rate must be > 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (TrinoServer.javaHome().isEmpty()) {
      spec.commandLine()
          .getErr()
          .printf("gridata bench freshness: %s%n", TrinoServer.unavailableReason());
      return GridataCli.EXIT_USAGE;
    }
    if (!Files.isRegularFile(TrinoServer.localArchive())) {
      out.printf(
          "fetching %s (821 MB) through Maven into %s (once)%n",
          TrinoServer.coordinates(), TrinoServer.localArchive().getParent());
    }
    Path dir = workdir != null ? workdir : Files.createTempDirectory("gridata-bench-freshness-");
    out.printf(
        "gridata bench freshness: %d events at %s/s to %s, trigger %s, Trino polled every %s"
            + " on %s (in %s)%n",
        events, number(rate), FreshnessProbe.TOPIC, trigger, poll, VIEW, dir);
    out.flush();
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
        KafkaBroker kafka =
            new KafkaBroker()
                .withDataDirectory(dir.resolve("kafka"))
                .withTopic(FreshnessProbe.TOPIC, 1)
                .start();
        TrinoServer trino =
            new TrinoServer(stack.catalog(), stack.s3()).withDirectory(dir.resolve("trino"))) {
      CatalogConfig catalog = DemoTrino.catalogOn(stack);
      SparkSession spark = LocalSpark.session("gridata-bench-freshness", catalog);
      try (StreamingIngest.Running running =
          StreamingIngest.builder(spark, StreamDataset.orders())
              .bootstrapServers(kafka.bootstrapServers())
              .checkpointLocation(dir.resolve("checkpoint").toString())
              .trigger(every)
              .compaction(CompactionPolicy.NONE)
              .build()
              .start()) {
        applyViews(catalog);
        long starting = System.nanoTime();
        trino.start();
        out.printf("  Trino up in %d s%n", (System.nanoTime() - starting) / 1_000_000_000L);
        out.flush();
        try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
            Connection connection = trino.connect()) {
          FreshnessProbe probe = new FreshnessProbe(producer, connection, VIEW);
          // the first micro-batch and the first Trino queries pay for class loading and planning
          FreshnessProbe.Result warmup = probe.run("warmup-", 1, 1, pollEvery, wait);
          if (warmup.seen() == 0) {
            spec.commandLine()
                .getErr()
                .printf(
                    "gridata bench freshness: the warm-up event was not seen in Trino within %s%n",
                    wait);
            return 1;
          }
          // Trino may see a batch's rows before Spark reports its progress (the commit log and
          // the progress event come after the table commit): wait for the report
          long warmupBatch = reported(running, -1, warmup.sent(), wait);
          FreshnessProbe.Result result = probe.run("fresh-", events, rate, pollEvery, wait);
          reported(running, warmupBatch, result.seen(), wait);
          print(out, result, running, warmupBatch);
          return result.seen() == result.sent() ? 0 : 1;
        }
      }
    }
  }

  private void print(
      PrintWriter out,
      FreshnessProbe.Result result,
      StreamingIngest.Running running,
      long warmupBatch) {
    long[] latencies = result.latenciesMillis();
    StreamingQueryProgress[] progress = running.query().recentProgress();
    long[] batches = durations(progress, warmupBatch, "triggerExecution");
    long[] writes = durations(progress, warmupBatch, "addBatch");
    long[] queries = result.queryMillis();
    out.printf(
        "  sent -> seen in Trino: p50 %d ms, p95 %d ms, max %d ms (%d of %d events seen)%n",
        FreshnessProbe.Result.percentile(latencies, 50),
        FreshnessProbe.Result.percentile(latencies, 95),
        latencies.length == 0 ? 0 : latencies[latencies.length - 1],
        result.seen(),
        result.sent());
    out.printf(
        "  micro-batches with data: %d, each p50 %d ms, max %d ms; of which writing (MERGE into"
            + " the table, quarantine append, their Iceberg commits) p50 %d ms%n",
        batches.length,
        FreshnessProbe.Result.percentile(batches, 50),
        batches.length == 0 ? 0 : batches[batches.length - 1],
        FreshnessProbe.Result.percentile(writes, 50));
    out.printf(
        "  Trino poll query p50 %d ms, p95 %d ms (%d polls)%n",
        FreshnessProbe.Result.percentile(queries, 50),
        FreshnessProbe.Result.percentile(queries, 95),
        queries.length);
    out.printf(
        "  terms: wait for the next trigger (0 to %s, half on average) + the micro-batch + up to"
            + " one poll (%s) + the Trino query; Trino caches no table state (its REST catalog is"
            + " asked for the current snapshot on every query; iceberg.metadata-cache.enabled"
            + " caches only immutable metadata files)%n",
        trigger, poll);
    out.flush();
  }

  /**
   * Waits, at most {@code wait}, until the query's progress reports {@code rows} input rows in
   * batches after {@code after}; returns the last reported batch id.
   */
  private static long reported(
      StreamingIngest.Running running, long after, long rows, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (Arrays.stream(running.query().recentProgress())
                .filter(p -> p.batchId() > after)
                .mapToLong(StreamingQueryProgress::numInputRows)
                .sum()
            < rows
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    StreamingQueryProgress last = running.query().lastProgress();
    return last == null ? after : last.batchId();
  }

  /** Spark's {@code durationMs} entry {@code key} of the batches with data after {@code after}. */
  private static long[] durations(StreamingQueryProgress[] progress, long after, String key) {
    return Arrays.stream(progress)
        .filter(p -> p.batchId() > after && p.numInputRows() > 0)
        .mapToLong(p -> p.durationMs().getOrDefault(key, 0L))
        .sorted()
        .toArray();
  }

  private static void applyViews(CatalogConfig config) throws Exception {
    Catalog catalog = config.newCatalog();
    try {
      ViewApplier.on(catalog, config.name()).apply(ViewSet.serving());
    } finally {
      if (catalog instanceof Closeable closeable) {
        closeable.close();
      }
    }
  }

  // takes the servers, not the testkit's KafkaBroker: a testkit type in a command's method
  // signature breaks the whole CLI in the application jar (AppJarCommandsTest)
  private static KafkaProducer<String, String> producer(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            0),
        new StringSerializer(),
        new StringSerializer());
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
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
