package io.gridata.streaming;

import static io.gridata.streaming.MicroBatchWriterTest.click;
import static io.gridata.streaming.MicroBatchWriterTest.kafkaLike;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.metrics.RunMetrics;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import io.gridata.testkit.spark.TestStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a running job between micro-batches (what {@code gridata stream} does on SIGTERM), and
 * the per-query meters on a Prometheus registry. Integration tier (streaming queries through the
 * stack).
 */
@Tag("integration")
@LakehouseTest(backend = Backend.LOCAL)
class StopAndMetricsTest {

  @Test
  void stopAfterBatchLetsTheBatchInFlightReachTheCheckpoint(
      SparkSession spark, @TempDir Path checkpoint) throws Exception {
    TestStream<String> input = TestStream.of(spark, Encoders.STRING());
    CountDownLatch inBatch = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StreamingIngest job =
        StreamingIngest.builder(spark, StreamDataset.clickstream())
            .table("gridata.stream_stop.clickstream")
            .source(kafkaLike(input.toDF()))
            .checkpointLocation(checkpoint.toString())
            .trigger(Duration.ofMillis(100))
            .compaction(CompactionPolicy.NONE)
            // the batch's Iceberg commits are done; it is held before its checkpoint entry
            .afterCommit(
                batchId -> {
                  inBatch.countDown();
                  try {
                    release.await(5, TimeUnit.MINUTES);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("batch " + batchId + " interrupted", e);
                  }
                })
            .build();
    StreamingIngest.Running running = job.start();
    try {
      input.add(click("s1", "2026-12-01T12:00:00Z", "page_view"));
      assertThat(inBatch.await(4, TimeUnit.MINUTES)).as("batch 0 started").isTrue();

      CompletableFuture<Boolean> stopped =
          CompletableFuture.supplyAsync(() -> running.stopAfterBatch(Duration.ofMinutes(4)));
      Thread.sleep(1500);
      assertThat(stopped).as("stopping waits for the batch in flight").isNotDone();
      assertThat(running.query().isActive()).isTrue();
      release.countDown();

      assertThat(stopped.get(4, TimeUnit.MINUTES)).as("stopped between batches").isTrue();
      assertThat(running.query().isActive()).isFalse();
      assertThat(running.query().exception().isDefined()).isFalse();
      assertThat(checkpoint.resolve("commits/0"))
          .as("batch 0 recorded in the checkpoint's commit log: no replay on restart")
          .isRegularFile();
    } finally {
      release.countDown();
      running.close();
    }
  }

  @Test
  void eachBatchIsMeasuredOnTheRegistry(SparkSession spark, @TempDir Path checkpoint)
      throws Exception {
    TestStream<String> input = TestStream.of(spark, Encoders.STRING());
    RunMetrics metrics = RunMetrics.prometheus("unused");
    Instant now = Instant.now();
    try (StreamingIngest.Running running =
        StreamingIngest.builder(spark, StreamDataset.clickstream())
            .table("gridata.stream_metrics.clickstream")
            .source(kafkaLike(input.toDF()))
            .checkpointLocation(checkpoint.toString())
            .trigger(Duration.ofMillis(100))
            .compaction(CompactionPolicy.NONE)
            .metrics(metrics.registry())
            .build()
            .start()) {
      input.add(
          click("m1", now.minusSeconds(30).toString(), "page_view"),
          click("m2", now.minusSeconds(20).toString(), "page_view"),
          click("m3", now.minusSeconds(10).toString(), "page_view"));
      running.query().processAllAvailable();
      input.add(click("m4", now.toString(), "page_view"));
      running.query().processAllAvailable();
    }

    String text = metrics.scrape();
    String tags = "pipeline=\"gridata-clickstream_events\",topic=\"clickstream_events\"";
    assertThat(text)
        .contains("gridata_stream_rows_total{kind=\"written\"," + tags + "} 4.0")
        .contains("gridata_stream_rows_total{kind=\"quarantined\"," + tags + "} 0.0")
        .contains("gridata_stream_batch_duration_seconds_count{" + tags + "}")
        .contains("gridata_stream_input_rate{" + tags + "}")
        .contains("gridata_stream_processed_rate{" + tags + "}");
    double latencyMax =
        Double.parseDouble(
            text.lines()
                .filter(l -> l.startsWith("gridata_stream_latency_seconds_max{" + tags + "}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no latency meter in\n" + text))
                .replaceAll(".* ", ""));
    // the first batch's oldest event was stamped 30 s before it was produced
    assertThat(latencyMax).isBetween(30.0, 30.0 + 120);
  }
}
