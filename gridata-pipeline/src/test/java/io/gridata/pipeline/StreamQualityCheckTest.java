package io.gridata.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.core.alert.Alert;
import io.gridata.core.http.Delivery;
import io.gridata.quality.IcebergMetricHistory;
import io.gridata.quality.QualityGate;
import io.gridata.quality.QualitySuites;
import io.gridata.streaming.CompactionPolicy;
import io.gridata.streaming.StreamDataset;
import io.gridata.streaming.StreamingIngest;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import io.gridata.testkit.spark.TestStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders suite on each micro-batch of the order_updates stream: a clean batch passes and is
 * recorded in the history; a batch with a third of its updates quarantined fails the error rule
 * {@code quarantined_at_most_5pct}: it stays committed, an ERROR alert goes out and the query is
 * stopped. Integration tier (a streaming query through the stack).
 */
@Tag("integration")
@LakehouseTest(backend = Backend.LOCAL)
class StreamQualityCheckTest {

  @Test
  void aFailedErrorRuleAlertsAndStopsTheQuery(SparkSession spark, @TempDir Path checkpoint)
      throws Exception {
    String table = "gridata.stream_quality.orders";
    String history = "gridata.stream_quality.quality_results";
    TestStream<String> input = TestStream.of(spark, Encoders.STRING());
    StreamingIngest.Running running =
        StreamingIngest.builder(spark, StreamDataset.orders())
            .table(table)
            .source(
                input
                    .toDF()
                    .withColumn("topic", lit("order_updates"))
                    .withColumn("partition", lit(0))
                    .withColumn("offset", xxhash64(col("value")))
                    .withColumn("timestamp", current_timestamp()))
            .checkpointLocation(checkpoint.toString())
            .trigger(Duration.ofMillis(200))
            .compaction(CompactionPolicy.NONE)
            .build()
            .start();
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    StreamQualityCheck check =
        new StreamQualityCheck(
            spark,
            running.query().id(),
            table,
            "ecommerce.orders",
            new QualityGate(
                spark, QualitySuites.orders("gridata"), new IcebergMetricHistory(spark, history)),
            List.of(
                alert -> {
                  alerts.add(alert);
                  return new Delivery(URI.create("memory:/alerts"), 200, 1, Optional.empty());
                }),
            true,
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    spark.streams().addListener(check);
    try {
      Instant now = Instant.now().minusSeconds(60);
      input.add(order("q1", now), order("q2", now), order("q3", now));
      running.query().processAllAvailable();
      input.add(order("q4", now), order("q5", now), order(null, now));
      running.query().processAllAvailable();
      running.query().awaitTermination(120_000);

      assertThat(running.query().isActive())
          .as("stopped by the failed error rule; out:%n%s%nerr:%n%s", out, err)
          .isFalse();
      assertThat(check.failedBatches()).isEqualTo(1);
      // batch ids: the second batch with data may follow a no-data batch (the watermark moved)
      assertThat(out.toString()).contains("batch 0 passed orders");
      assertThat(err.toString())
          .containsPattern("batch \\d+ failed quarantined_at_most_5pct \\(error")
          .contains("stopping the query");
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).level()).isEqualTo(Alert.Level.ERROR);
      assertThat(alerts.get(0).runId()).startsWith("stream-" + running.query().id() + "-");
      spark.catalog().refreshTable(table);
      assertThat(spark.table(table).count()).as("a streamed batch stays committed").isEqualTo(5);
      assertThat(
              spark
                  .table(history)
                  .where(col("rule").equalTo("quarantined_at_most_5pct"))
                  .orderBy("evaluated_at")
                  .select("status")
                  .as(Encoders.STRING())
                  .collectAsList())
          .containsExactly("PASSED", "FAILED");
    } finally {
      spark.streams().removeListener(check);
      running.close();
    }
  }

  private static String order(String id, Instant ts) {
    return String.format(
        "{\"order_id\":%s,\"customer_id\":\"c1\",\"order_timestamp\":\"%s\",\"status\":\"PAID\","
            + "\"product_id\":\"p1\",\"quantity\":\"2\",\"unit_price\":\"10.00\","
            + "\"discount\":\"0\",\"tax\":\"1.00\",\"shipping_cost\":\"2.00\",\"currency\":\"usd\","
            + "\"payment_method\":\"card\",\"channel\":\"web\"}",
        id == null ? "null" : "\"" + id + "\"", ts);
  }
}
