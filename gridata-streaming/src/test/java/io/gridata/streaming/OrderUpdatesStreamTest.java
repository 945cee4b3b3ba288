package io.gridata.streaming;

import static io.gridata.streaming.MicroBatchWriterTest.kafkaLike;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import io.gridata.testkit.spark.TestStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code order_updates} into the orders table with a MERGE per micro-batch: the latest event time
 * per order wins within a batch and against the table, an older update arriving late changes
 * nothing, a re-sent update is dropped, a replayed batch is not merged again, bad updates go to
 * quarantine with the batch path's reasons.
 */
@Tag("integration")
@LakehouseTest(backend = Backend.LOCAL)
class OrderUpdatesStreamTest {

  @Test
  void latestEventTimeWinsPerOrder(SparkSession spark, @TempDir Path checkpoint) throws Exception {
    String table = "gridata.stream_orders.orders";
    TestStream<String> input = TestStream.of(spark, Encoders.STRING());
    try (StreamingIngest.Running running =
        StreamingIngest.builder(spark, StreamDataset.orders())
            .table(table)
            .source(kafkaLike(input.toDF()))
            .checkpointLocation(checkpoint.toString())
            .trigger(Duration.ofMillis(100))
            .compaction(CompactionPolicy.NONE)
            .build()
            .start()) {
      input.add(
          order("o1", "2026-12-01T10:00:00Z", "PENDING"),
          order("o1", "2026-12-01T10:05:00Z", "PAID"), // same batch, later: wins
          order("o2", "2026-12-01T10:01:00Z", "pending"),
          order(null, "2026-12-01T10:02:00Z", "PENDING")); // no order_id: quarantined
      running.query().processAllAvailable();
      input.add(
          order("o1", "2026-12-01T10:20:00Z", "SHIPPED"),
          order("o2", "2026-12-01T09:59:00Z", "CANCELLED"), // older than the table's row
          order("o1", "2026-12-01T10:05:00Z", "PAID"), // re-sent
          order("o3", "2026-12-01T10:21:00Z", "PENDING"));
      running.query().processAllAvailable();
      spark.catalog().refreshTable(table);
      spark.catalog().refreshTable(table + "_quarantine");

      assertThat(statuses(spark, table))
          .isEqualTo(Map.of("o1", "SHIPPED", "o2", "PENDING", "o3", "PENDING"));
      assertThat(spark.table(table + "_quarantine").count()).isEqualTo(1);
      assertThat(
              spark
                  .table(table + "_quarantine")
                  .first()
                  .<String>getList(
                      spark.table(table + "_quarantine").first().fieldIndex("_reasons")))
          .contains("missing_order_id");
    }

    // a replayed batch (same query id and batch id) is not merged again, even when newer
    Dataset<Row> replay =
        StreamingIngest.builder(spark, StreamDataset.orders())
            .table(table)
            .source(spark.emptyDataFrame())
            .checkpointLocation(checkpoint.toString())
            .build()
            .parsed(
                kafkaLike(
                    spark
                        .createDataset(
                            List.of(order("o3", "2026-12-01T11:00:00Z", "SHIPPED")),
                            Encoders.STRING())
                        .toDF()));
    StreamCounters counters = new StreamCounters();
    MicroBatchWriter writer =
        new MicroBatchWriter(
            StreamDataset.orders(),
            table,
            CompactionPolicy.NONE,
            Clock.systemUTC(),
            counters,
            batchId -> {});
    writer.write(replay, "replayed-query", 1);
    writer.write(replay, "replayed-query", 1);
    spark.catalog().refreshTable(table);
    assertThat(statuses(spark, table)).containsEntry("o3", "SHIPPED");
    assertThat(spark.table(table).count()).isEqualTo(3);
    assertThat(counters.batchesSkipped()).isEqualTo(1);
    assertThat(counters.rowsWritten()).isEqualTo(1);
  }

  private static Map<String, String> statuses(SparkSession spark, String table) {
    return spark.table(table).select("order_id", "status").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }

  static String order(String id, String ts, String status) {
    return String.format(
        "{\"order_id\":%s,\"customer_id\":\"c1\",\"order_timestamp\":\"%s\",\"status\":\"%s\","
            + "\"product_id\":\"p1\",\"quantity\":\"2\",\"unit_price\":\"10.00\","
            + "\"discount\":\"0\",\"tax\":\"1.00\",\"shipping_cost\":\"2.00\",\"currency\":\"usd\","
            + "\"payment_method\":\"card\",\"channel\":\"web\"}",
        id == null ? "null" : "\"" + id + "\"", ts, status);
  }
}
