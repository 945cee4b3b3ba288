package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.retry.RetryPolicy;
import io.gridata.samples.bench.StreamBenchmark;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs {@link StreamBenchmark} on the testkit's embedded Kafka broker (or a given one) and the
 * embedded catalog in a work directory.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "clickstream_events from Kafka into Iceberg: Gridata's streaming job vs a hand-written"
            + " Structured Streaming query on the same broker; prints sustained events/s, the"
            + " ratio, and p50/p95 latency (produced -> in a committed snapshot) at half the rate.")
final class StreamBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "450000",
      description =
          "Events produced for the throughput runs (default: ${DEFAULT-VALUE}; 1%% re-sent).")
  long events;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Throughput runs of each way, which goes first alternating; the medians are printed"
              + " (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--trigger",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "Processing-time trigger of both queries (default: ${DEFAULT-VALUE}).")
  String trigger;

  @Option(
      names = "--max-offsets-per-trigger",
      defaultValue = "100000",
      description =
          "Kafka records per micro-batch at most, both queries (default: ${DEFAULT-VALUE}).")
  long maxOffsetsPerTrigger;

  @Option(
      names = "--latency-window",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "How long events are produced at half the sustained rate for each way's latency run"
              + " (default: ${DEFAULT-VALUE}).")
  String latencyWindow;

  @Option(
      names = "--warmup-events",
      defaultValue = "5000",
      description =
          "Events each way consumes once before the measured runs; 0 for none (default:"
              + " ${DEFAULT-VALUE}).")
  long warmupEvents;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description =
          "Partitions of clickstream_events when it is created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Use this Kafka broker instead of starting the testkit's embedded one (the benchmark"
              + " reads only what it produces, from the offsets it records).")
  String bootstrapServers;

  @Option(names = "--workdir", description = "Work directory (default: a new temporary one).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    atLeast("--events", events, 1);
    atLeast("--rounds", rounds, 1);
    atLeast("--max-offsets-per-trigger", maxOffsetsPerTrigger, 1);
    atLeast("--warmup-events", warmupEvents, 0);
    atLeast("--partitions", partitions, 1);
    StreamBenchmark.Settings settings =
        new StreamBenchmark.Settings(
            events,
            rounds,
            duration("--trigger", trigger),
            maxOffsetsPerTrigger,
            duration("--latency-window", latencyWindow),
            warmupEvents,
            partitions);
    Path dir = workDir != null ? workDir : Files.createTempDirectory("gridata-bench-stream-");
    KafkaBroker broker = null;
    String servers = bootstrapServers;
    if (servers == null) {
      broker = new KafkaBroker().withDataDirectory(dir.resolve("kafka")).start();
      servers = broker.bootstrapServers();
    }
    try {
      // Not stopped here: the CLI's JVM exits after the command and Spark's shutdown hook stops
      // the context; a caller in the same JVM (tests) keeps reusing the SparkContext.
      SparkSession spark =
          LocalSpark.session(
              "gridata-bench-stream", CatalogConfig.embedded(dir.resolve("warehouse")));
      new StreamBenchmark(spark, servers, dir, spec.commandLine().getOut()).run(settings);
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(
          spec.commandLine(), option + " must be at least " + min + ", got " + value);
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
