package io.gridata.streaming;

import static io.gridata.streaming.MicroBatchWriterTest.kafkaLike;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.spark.write.IcebergTables;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import io.gridata.testkit.spark.TestStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inventory_changes} into the changes table and the stock per product: the valid changes of
 * each micro-batch summed per product and merged additively, bad changes quarantined with their
 * reasons, a re-sent change (same change_id) dropped, and a replayed batch id adding nothing, also
 * when the crash fell between the changes table's commit and the stock's.
 */
@LakehouseTest(backend = Backend.LOCAL)
class InventoryStreamTest {
  private static final String NS = "gridata.stream_inventory";

  @Test
  void stockIsTheSumOfDistinctValidChangesAndAReplayAddsNothing(
      SparkSession spark, @TempDir Path checkpoint) throws Exception {
    String changes = NS + ".inventory_changes";
    String stock = NS + ".inventory";
    TestStream<String> input = TestStream.of(spark, Encoders.STRING());
    try (StreamingIngest.Running running =
        StreamingIngest.builder(spark, StreamDataset.inventory())
            .table(changes)
            .source(kafkaLike(input.toDF()))
            .checkpointLocation(checkpoint.toString())
            .trigger(Duration.ofMillis(100))
            .compaction(CompactionPolicy.NONE)
            .build()
            .start()) {
      input.add(
          change("c1", "p1", "10", "2026-12-01T10:00:00Z"),
          change("c2", "p1", "-3", "2026-12-01T10:01:00Z"),
          change("c3", "p2", "+5", "2026-12-01T10:02:00Z"),
          change("c3", "p2", "+5", "2026-12-01T10:02:00Z"), // re-sent in the same batch
          change(null, "p1", "1", "2026-12-01T10:03:00Z"),
          change("b2", null, "1", "2026-12-01T10:03:00Z"),
          change("b3", "p1", "2.5", "2026-12-01T10:03:00Z"),
          change("b4", "p1", "ten", "2026-12-01T10:03:00Z"),
          change("b5", "p1", "1", "yesterday"));
      running.query().processAllAvailable();
      input.add(
          change("c1", "p1", "10", "2026-12-01T10:00:00Z"), // re-sent: already applied
          change("c4", "p1", "4", "2026-12-01T10:05:00Z"),
          change("c5", "p3", "-2", "2026-12-01T10:06:00Z"));
      running.query().processAllAvailable();
      spark.catalog().refreshTable(stock);
      spark.catalog().refreshTable(changes);
      spark.catalog().refreshTable(changes + "_quarantine");

      assertThat(stockOf(spark, stock, "p")).isEqualTo(Map.of("p1", 11L, "p2", 5L, "p3", -2L));
      Row p1 = spark.table(stock).where("product_id = 'p1'").first();
      assertThat(p1.<Long>getAs("changes_applied")).isEqualTo(3L);
      assertThat(p1.<Timestamp>getAs("updated_at").toInstant())
          .isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));
      assertThat(
              spark
                  .table(changes)
                  .select("change_id")
                  .orderBy("change_id")
                  .as(Encoders.STRING())
                  .collectAsList())
          .containsExactly("c1", "c2", "c3", "c4", "c5");
      Map<String, List<String>> reasons =
          spark.table(changes + "_quarantine").collectAsList().stream()
              .collect(
                  Collectors.toMap(
                      r -> String.valueOf(r.<String>getAs("change_id")),
                      r -> r.<String>getList(r.fieldIndex("_reasons"))));
      assertThat(reasons)
          .containsOnly(
              Map.entry("null", List.of("missing_change_id")),
              Map.entry("b2", List.of("missing_product_id")),
              Map.entry("b3", List.of("invalid_quantity_delta")),
              Map.entry("b4", List.of("invalid_quantity_delta")),
              Map.entry("b5", List.of("invalid_change_ts")));
      assertThat(running.counters().rowsWritten()).isEqualTo(5);
      assertThat(running.counters().rowsQuarantined()).isEqualTo(5);
      assertThat(IcebergTables.load(spark, stock).currentSnapshot().summary())
          .containsEntry(StreamCommits.QUERY_ID, running.query().id().toString());
    }
    replayedBatchAddsNothing(spark, changes, stock);
  }

  /**
   * Replays of one batch id written straight through the writer, on the tables the stream test left
   * (so the default tier creates them once).
   */
  private static void replayedBatchAddsNothing(SparkSession spark, String changes, String stock) {
    StreamingIngest job =
        StreamingIngest.builder(spark, StreamDataset.inventory())
            .table(changes)
            .source(spark.emptyDataFrame())
            .checkpointLocation("unused")
            .build();
    Dataset<Row> batch =
        job.parsed(
            kafkaLike(
                spark
                    .createDataset(
                        List.of(
                            change("r1", "rp1", "7", "2026-12-01T10:00:00Z"),
                            change("r2", "rp1", "-2", "2026-12-01T10:00:01Z"),
                            change("r3", "rp2", "1", "2026-12-01T10:00:02Z")),
                        Encoders.STRING())
                    .toDF()));
    StreamCounters counters = new StreamCounters();
    MicroBatchWriter writer = writer(StreamDataset.inventory(), changes, counters);

    writer.write(batch, "query-r", 3);
    writer.write(batch, "query-r", 3); // replayed after a crash before the checkpoint commit
    assertThat(stockOf(spark, stock, "rp")).isEqualTo(Map.of("rp1", 5L, "rp2", 1L));
    assertThat(counters.batchesSkipped()).isEqualTo(1);
    spark.catalog().refreshTable(changes);
    assertThat(spark.table(changes).where("change_id LIKE 'r%'").count()).isEqualTo(3);

    // the crash fell between the changes table's commit and the stock's: the replay adds the
    // batch to the stock once and leaves the changes table alone
    StreamDataset changesOnly =
        new StreamDataset(
            StreamDataset.inventory().spec(),
            "inventory_changes",
            List.of("change_id"),
            "change_ts",
            Optional.empty());
    writer(changesOnly, changes, new StreamCounters()).write(batch, "query-r", 4);
    assertThat(stockOf(spark, stock, "rp")).isEqualTo(Map.of("rp1", 5L, "rp2", 1L));
    writer.write(batch, "query-r", 4);
    writer.write(batch, "query-r", 4);
    assertThat(stockOf(spark, stock, "rp")).isEqualTo(Map.of("rp1", 10L, "rp2", 2L));
    spark.catalog().refreshTable(changes);
    assertThat(spark.table(changes).where("change_id LIKE 'r%'").count()).isEqualTo(6);
  }

  private static MicroBatchWriter writer(
      StreamDataset dataset, String table, StreamCounters counters) {
    return new MicroBatchWriter(
        dataset, table, CompactionPolicy.NONE, Clock.systemUTC(), counters, batchId -> {});
  }

  private static Map<String, Long> stockOf(SparkSession spark, String table, String prefix) {
    spark.catalog().refreshTable(table);
    return spark
        .table(table)
        .where(col("product_id").startsWith(prefix))
        .select("product_id", "stock")
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }

  static String change(String id, String product, String delta, String ts) {
    return String.format(
        "{\"change_id\":%s,\"product_id\":%s,\"quantity_delta\":\"%s\",\"change_ts\":\"%s\","
            + "\"reason\":\"Restock\"}",
        id == null ? "null" : "\"" + id + "\"",
        product == null ? "null" : "\"" + product + "\"",
        delta,
        ts);
  }
}
