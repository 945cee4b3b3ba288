package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridata.samples.bench.FreshnessProbe;
import io.gridata.testkit.TrinoServer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gridata bench freshness}: its input checks (default tier, nothing started), and one tiny
 * run with the stream, Kafka and Trino on this machine (integration tier, skipped without Java
 * 24+).
 */
class FreshnessBenchCommandTest {
  @TempDir Path dir;

  @Test
  void badSizesAndDurationsAreUsageErrorsBeforeAnythingStarts() {
    CliRun rate = CliRun.of("bench", "freshness", "--rate", "0");
    assertThat(rate.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(rate.err()).contains("--events and --rate must be > 0");

    CliRun trigger = CliRun.of("bench", "freshness", "--trigger", "0s");
    assertThat(trigger.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(trigger.err()).contains("--trigger 0s: must be > 0");
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
    assertThat(FreshnessProbe.Result.percentile(sorted, 50)).isEqualTo(500);
    assertThat(FreshnessProbe.Result.percentile(sorted, 95)).isEqualTo(1000);
    assertThat(FreshnessProbe.Result.percentile(new long[] {7}, 95)).isEqualTo(7);
    assertThat(FreshnessProbe.Result.percentile(new long[0], 50)).isZero();
  }

  @Test
  @Tag("integration")
  void everyEventReachesTrinoWithinAFewTriggers() {
    assumeTrue(TrinoServer.javaHome().isPresent(), TrinoServer::unavailableReason);
    CliRun run =
        CliRun.of(
            "bench",
            "freshness",
            "--events",
            "6",
            "--rate",
            "3",
            "--trigger",
            "2s",
            "--poll",
            "250ms",
            "--timeout",
            "3m",
            "--workdir",
            dir.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    Matcher figures =
        Pattern.compile(
                "sent -> seen in Trino: p50 (\\d+) ms, p95 (\\d+) ms, max (\\d+) ms \\(6 of 6")
            .matcher(run.out());
    assertThat(figures.find()).as(run.out()).isTrue();
    long p50 = Long.parseLong(figures.group(1));
    long p95 = Long.parseLong(figures.group(2));
    assertThat(p50).isPositive().isLessThanOrEqualTo(p95);
    assertThat(p95).isLessThanOrEqualTo(Long.parseLong(figures.group(3)));
    assertThat(run.out())
        .containsPattern("micro-batches with data: [1-9]")
        .contains("trigger 2s", "serving.orders_last_hour", "Trino poll query p50");
  }
}
