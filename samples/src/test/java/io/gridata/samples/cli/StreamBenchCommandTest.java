package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.samples.bench.StreamBenchmark;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata bench stream}: its input checks (default tier: no broker, no Spark), and the
 * benchmark itself at tiny sizes on the testkit's shared KRaft broker (tagged {@code integration}:
 * a broker and six streaming queries).
 */
class StreamBenchCommandTest {
  @TempDir Path dir;

  @Test
  void streamIsABenchmarkAndBadOptionsAreUsageErrors() {
    CliRun help = CliRun.of("bench", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("stream");

    CliRun events = CliRun.of("bench", "stream", "--events", "0", "--workdir", dir.toString());
    assertThat(events.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(events.err()).contains("--events must be at least 1, got 0");

    CliRun trigger = CliRun.of("bench", "stream", "--trigger", "soon", "--workdir", dir.toString());
    assertThat(trigger.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(trigger.err()).contains("--trigger");

    CliRun window =
        CliRun.of("bench", "stream", "--latency-window", "0s", "--workdir", dir.toString());
    assertThat(window.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(window.err()).contains("--latency-window 0s: must be > 0");
  }

  @Test
  @Tag("integration")
  void bothWaysWriteEveryProducedEventOnceAndTheFiguresAreSane() {
    KafkaBroker kafka = KafkaBroker.shared();
    SparkSession spark =
        LocalSpark.session("bench-stream-test", CatalogConfig.embedded(dir.resolve("warehouse")));
    StringWriter printed = new StringWriter();
    StreamBenchmark.Settings settings =
        new StreamBenchmark.Settings(
            400, 1, Duration.ofSeconds(1), 1_000, Duration.ofSeconds(3), 0, 2);

    StreamBenchmark.Figures figures =
        new StreamBenchmark(spark, kafka.bootstrapServers(), dir, new PrintWriter(printed))
            .run(settings);

    assertThat(figures.events()).isEqualTo(400);
    assertThat(figures.records()).as("1% re-sent").isEqualTo(404);
    for (List<StreamBenchmark.Run> runs :
        List.of(figures.gridataRuns(), figures.handWrittenRuns())) {
      assertThat(runs).hasSize(1);
      StreamBenchmark.Run run = runs.get(0);
      assertThat(run.rows()).as("every event once").isEqualTo(400);
      assertThat(run.distinctEvents()).isEqualTo(400);
      assertThat(run.commits()).isPositive();
      assertThat(run.seconds()).isPositive();
    }
    assertThat(figures.gridataEventsPerSecond()).isPositive();
    assertThat(figures.handWrittenEventsPerSecond()).isPositive();
    assertThat(figures.ratio()).isPositive();
    assertThat(figures.latencyRate()).isEqualTo(figures.gridataEventsPerSecond() / 2);
    for (StreamBenchmark.Latency latency :
        List.of(figures.gridataLatency(), figures.handWrittenLatency())) {
      assertThat(latency.events()).isPositive();
      assertThat(latency.rows()).isEqualTo(latency.events());
      assertThat(latency.distinctEvents()).isEqualTo(latency.events());
      assertThat(latency.commits()).isPositive();
      assertThat(latency.p50Millis()).isPositive().isLessThanOrEqualTo(latency.p95Millis());
      assertThat(latency.p95Millis()).isLessThanOrEqualTo(latency.maxMillis());
    }
    assertThat(printed.toString())
        .contains(
            "gridata StreamingIngest",
            "hand-written Structured Streaming",
            "ratio (gridata / hand-written events/s)",
            "p95");
  }
}
