package io.gridata.streaming;

import static io.gridata.streaming.MicroBatchWriterTest.click;
import static io.gridata.streaming.MicroBatchWriterTest.kafkaLike;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.spark.write.IcebergTables;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import io.gridata.testkit.spark.TestStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clickstream stream on a MemoryStream (no broker): the batch path's validation and reasons,
 * de-duplication by event_id within the watermark across batches, late events counted, snapshot
 * summaries, compaction. Integration tier: three micro-batches through the stack take ~25 s.
 */
@Tag("integration")
@LakehouseTest(backend = Backend.LOCAL)
class MemoryStreamIngestTest {

  @Test
  void streamsClickstreamWithQuarantineDedupAndLateEventsCounted(
      SparkSession spark, @TempDir Path checkpoint) throws Exception {
    String table = "gridata.stream_mem.clickstream";
    TestStream<String> input = TestStream.of(spark, Encoders.STRING());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StreamingIngest job =
        StreamingIngest.builder(spark, StreamDataset.clickstream())
            .table(table)
            .source(kafkaLike(input.toDF()))
            .checkpointLocation(checkpoint.toString())
            .watermark(Duration.ofMinutes(1))
            .trigger(Duration.ofMillis(100))
            .compaction(new CompactionPolicy(2, 2))
            .metrics(registry)
            .build();
    try (StreamingIngest.Running running = job.start()) {
      input.add(
          click("e1", "2026-12-01T12:00:00Z", "page_view"),
          click("e2", "2026-12-01T12:00:10Z", "PURCHASE"),
          click("e2", "2026-12-01T12:00:10Z", "purchase"), // duplicate in the batch
          click("e3", "not-a-time", "page_view"),
          click("e4", "2026-12-01T12:00:20Z", "teleport"),
          "{not json");
      running.query().processAllAvailable();
      input.add(
          click("e1", "2026-12-01T12:00:00Z", "page_view"), // duplicate of batch 0
          click("e5", "2026-12-01T12:05:00Z", "checkout"),
          // with errors and far in the future: must not move the watermark (e7 would be late)
          click("e9", "2030-01-01T00:00:00Z", "teleport"));
      running.query().processAllAvailable();
      input.add(
          click("e6", "2026-12-01T11:00:00Z", "page_view"), // older than the watermark: late
          click("e8", "2026-12-01T11:00:00Z", "teleport"), // as old, with errors: quarantined
          click("e7", "2026-12-01T12:06:00Z", "add_to_cart"));
      running.query().processAllAvailable();
      // the query commits through its own session's catalog: drop this session's cached table
      spark.catalog().refreshTable(table);
      spark.catalog().refreshTable(table + "_quarantine");

      List<String> ids =
          spark
              .table(table)
              .select("event_id")
              .orderBy("event_id")
              .as(Encoders.STRING())
              .collectAsList();
      assertThat(ids).containsExactly("e1", "e2", "e5", "e7");
      assertThat(spark.table(table).where("event_id = 'e2'").first().<String>getAs("event_type"))
          .isEqualTo("purchase");
      List<Row> quarantined =
          spark.table(table + "_quarantine").orderBy("_source_file").collectAsList();
      assertThat(quarantined).hasSize(5);
      assertThat(
              quarantined.stream()
                  .flatMap(r -> r.<String>getList(r.fieldIndex("_reasons")).stream())
                  .toList())
          .contains("invalid_event_ts", "invalid_event_type", "malformed_record");
      StreamCounters counters = running.counters();
      assertThat(counters.rowsWritten()).isEqualTo(4);
      assertThat(counters.rowsQuarantined()).isEqualTo(5);
      assertThat(counters.lateEvents()).isEqualTo(1);
      assertThat(registry.get("gridata.stream.late.events").functionCounter().count())
          .isEqualTo(1.0);
      assertThat(counters.compactions()).isPositive();

      Table iceberg = IcebergTables.load(spark, table);
      String queryId = running.query().id().toString();
      List<String> batches = new ArrayList<>();
      for (Snapshot snapshot : iceberg.snapshots()) {
        if (queryId.equals(snapshot.summary().get(StreamCommits.QUERY_ID))) {
          batches.add(snapshot.summary().get(StreamCommits.BATCH_ID));
        }
      }
      // three batches with valid rows (no-data batches after a watermark move write nothing)
      assertThat(batches).hasSize(3).doesNotHaveDuplicates().contains("0");
      assertThat(StreamCommits.committed(iceberg, queryId, 0)).isTrue();
      assertThat(StreamCommits.committed(iceberg, queryId, 99)).isFalse();
      // the compaction is Iceberg's rewrite: a replace snapshot with fewer files than it removed
      assertThat(iceberg.snapshots())
          .filteredOn(snapshot -> "replace".equals(snapshot.operation()))
          .isNotEmpty()
          .allSatisfy(
              snapshot ->
                  assertThat(Long.parseLong(snapshot.summary().get("added-data-files")))
                      .isLessThan(Long.parseLong(snapshot.summary().get("deleted-data-files"))));
    }
  }
}
