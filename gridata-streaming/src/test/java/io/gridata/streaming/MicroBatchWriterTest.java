package io.gridata.streaming;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.spark.transform.RowChecks;
import io.gridata.spark.write.IcebergTables;
import io.gridata.testkit.Backend;
import io.gridata.testkit.junit.LakehouseTest;
import io.gridata.testkit.spark.TestStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Snapshot;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * The per-(query id, batch id) idempotence of the foreachBatch writer, and the builder's checks.
 * The stream itself runs in integration tests ({@code MemoryStreamIngestTest}, {@code
 * KafkaExactlyOnceTest}).
 */
@LakehouseTest(backend = Backend.LOCAL)
class MicroBatchWriterTest {

  @Test
  void replayedBatchIsNotCommittedAgain(SparkSession spark, @TempDir Path checkpoint) {
    String table = "gridata.stream_replay.clickstream";
    Dataset<Row> batch =
        clicks(
            spark,
            table,
            checkpoint,
            click("r1", "2026-12-01T12:00:00Z", "page_view"),
            click("r2", "2026-12-01T12:00:01Z", "nope"));
    StreamCounters counters = new StreamCounters();
    MicroBatchWriter writer = writer(table, counters);

    writer.write(batch, "query-a", 7);
    writer.write(batch, "query-a", 7); // replay after a crash before the checkpoint commit
    writer.write(batch, "query-a", 8); // the next batch id is new

    assertThat(spark.table(table).count()).isEqualTo(2);
    assertThat(spark.table(table + "_quarantine").count()).isEqualTo(2);
    assertThat(counters.batchesSkipped()).isEqualTo(1);
    Snapshot head = IcebergTables.load(spark, table).currentSnapshot();
    assertThat(head.summary())
        .containsEntry(StreamCommits.QUERY_ID, "query-a")
        .containsEntry(StreamCommits.BATCH_ID, "8");
  }

  /**
   * Row checks (a suite's quarantine rules) send rows that are valid by the dataset to the
   * quarantine table in the same batch, with the checks' names beside the dataset's own reasons,
   * and count them as quarantined; they see the typed and derived columns ({@code event_date}). The
   * replayed batch is not written again.
   */
  @Test
  void rowChecksQuarantineValidRowsInTheBatch(SparkSession spark, @TempDir Path checkpoint) {
    String table = "gridata.stream_checks.clickstream";
    Dataset<Row> batch =
        clicks(
            spark,
            table,
            checkpoint,
            click("k1", "2026-12-01T12:00:00Z", "page_view"),
            click("k2", "2026-12-01T12:00:01Z", "purchase"),
            click("k3", "2026-11-30T23:59:59Z", "page_view"),
            click("k4", "2026-12-01T12:00:02Z", "nope"));
    RowChecks noPurchases =
        () ->
            array(
                when(col("event_type").equalTo("purchase"), lit("no_purchase")),
                when(col("event_date").lt(lit("2026-12-01").cast("date")), lit("too_old")));
    StreamCounters counters = new StreamCounters();
    MicroBatchWriter writer =
        new MicroBatchWriter(
            StreamDataset.clickstream(),
            table,
            CompactionPolicy.NONE,
            java.time.Clock.systemUTC(),
            counters,
            batchId -> {},
            java.util.Optional.of(noPurchases));

    writer.write(batch, "query-checks", 0);
    writer.write(batch, "query-checks", 0); // replayed

    assertThat(spark.table(table).select("event_id").as(Encoders.STRING()).collectAsList())
        .containsExactly("k1");
    List<Row> quarantined =
        spark.table(table + "_quarantine").select("event_id", "_reasons").collectAsList();
    assertThat(quarantined)
        .extracting(r -> r.getString(0) + "=" + r.getList(1))
        .containsExactlyInAnyOrder("k2=[no_purchase]", "k3=[too_old]", "k4=[invalid_event_type]");
    assertThat(counters.rowsWritten()).isEqualTo(1);
    assertThat(counters.rowsQuarantined()).isEqualTo(3);
    assertThat(counters.batchesSkipped()).isEqualTo(1);
  }

  /**
   * One pass de-duplicates the valid events by their key and keeps every record with errors, even
   * two with the same bytes (different offsets), with its event time nulled (the watermark and the
   * late-event filter skip it; {@code MemoryStreamIngestTest} shows both across batches) and its
   * own key: in the key's string column, so the state's key schema is the dataset's key.
   */
  @Test
  void preparedKeepsEveryRecordWithErrorsAndDeduplicatesValidEvents(
      SparkSession spark, @TempDir Path checkpoint) throws Exception {
    List<Row> rows = prepared(spark, checkpoint, StreamDataset.clickstream(), "prepared_rows");

    assertThat(rows).hasSize(4);
    List<Row> bad = withErrors(rows);
    assertThat(bad).hasSize(3);
    assertThat(bad).allSatisfy(r -> assertThat(r.<Object>getAs("event_ts")).isNull());
    assertThat(bad)
        .extracting(r -> r.<String>getAs("event_id"))
        .containsExactlyInAnyOrder(
            "\u0000kafka:/clickstream_events/0/2",
            "\u0000kafka:/clickstream_events/0/3",
            "\u0000kafka:/clickstream_events/0/4");
    assertThat(rows.get(0).schema().fieldNames()).doesNotContain(StreamingIngest.RECORD_KEY);
  }

  /** A key without a string column: records with errors are kept apart by a column of their own. */
  @Test
  void preparedKeepsRecordsWithErrorsApartWhenTheKeyHasNoStringColumn(
      SparkSession spark, @TempDir Path checkpoint) throws Exception {
    StreamDataset byTime =
        new StreamDataset(
            StreamDataset.clickstream().spec(),
            "clickstream_events",
            List.of("event_ts"),
            "event_ts",
            java.util.Optional.empty());

    List<Row> rows = prepared(spark, checkpoint, byTime, "prepared_by_time");

    assertThat(rows).hasSize(4);
    assertThat(withErrors(rows)).hasSize(3);
    assertThat(rows.get(0).schema().fieldNames()).doesNotContain(StreamingIngest.RECORD_KEY);
  }

  /** Five records (a re-sent valid one, the same bad bytes twice, an old bad event) prepared. */
  private static List<Row> prepared(
      SparkSession spark, Path checkpoint, StreamDataset dataset, String sink) throws Exception {
    StreamingIngest job =
        StreamingIngest.builder(spark, dataset)
            .table("gridata.stream_prepared.clickstream")
            .source(spark.emptyDataFrame())
            .checkpointLocation(checkpoint.toString())
            .build();
    TestStream<Tuple2<Long, String>> input =
        TestStream.of(spark, Encoders.tuple(Encoders.LONG(), Encoders.STRING()));
    input.add(
        List.of(
            new Tuple2<>(0L, click("p1", "2026-12-01T12:00:00Z", "page_view")),
            new Tuple2<>(1L, click("p1", "2026-12-01T12:00:00Z", "page_view")), // re-sent
            new Tuple2<>(2L, "{not json"),
            new Tuple2<>(3L, "{not json"), // the same bad bytes again: its own record
            new Tuple2<>(4L, click("p2", "2026-12-01T11:00:00Z", "teleport"))));
    Dataset<Row> kafka =
        input
            .toDF()
            .select(col("_1").as("offset"), col("_2").as("value"))
            .withColumn("topic", lit("clickstream_events"))
            .withColumn("partition", lit(0))
            .withColumn("timestamp", current_timestamp());
    StreamingQuery query =
        job.prepared(kafka).writeStream().format("memory").queryName(sink).start();
    try {
      query.processAllAvailable();
    } finally {
      query.stop();
    }
    return spark.table(sink).collectAsList();
  }

  private static List<Row> withErrors(List<Row> rows) {
    return rows.stream().filter(r -> !r.getList(r.fieldIndex("_errors")).isEmpty()).toList();
  }

  /**
   * The Spark jobs one micro-batch of valid events costs: one computing the batch into the cache
   * with its counts, one appending it. (It was three, with a count of the quarantine rows and one
   * of the table rows before the append.)
   */
  @Test
  void batchOfValidEventsRunsTwoSparkJobs(SparkSession spark, @TempDir Path checkpoint)
      throws Exception {
    String table = "gridata.stream_jobs.clickstream";
    Dataset<Row> batch =
        clicks(
            spark,
            table,
            checkpoint,
            click("j1", "2026-12-01T12:00:00Z", "page_view"),
            click("j2", "2026-12-01T12:00:01Z", "purchase"));
    StreamCounters counters = new StreamCounters();
    MicroBatchWriter writer = writer(table, counters);
    String group = "micro-batch-jobs";
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart event) {
            if (group.equals(event.properties().getProperty("spark.jobGroup.id"))) {
              jobs.incrementAndGet();
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      spark.sparkContext().setJobGroup(group, "one micro-batch", false);
      writer.write(batch, "query-jobs", 0);
      spark.sparkContext().clearJobGroup();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }

    assertThat(counters.rowsWritten()).isEqualTo(2);
    assertThat(counters.rowsQuarantined()).isZero();
    assertThat(jobs.get()).isEqualTo(2);
  }

  @Test
  void checkpointLocationIsRequired(SparkSession spark) {
    assertThatThrownBy(
            () ->
                StreamingIngest.builder(spark, StreamDataset.clickstream())
                    .bootstrapServers("127.0.0.1:9")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no checkpoint location")
        .hasMessageContaining("clickstream_events");
  }

  /** {@code values} parsed as a clickstream micro-batch, {@code table} created. */
  private static Dataset<Row> clicks(
      SparkSession spark, String table, Path checkpoint, String... values) {
    StreamingIngest job =
        StreamingIngest.builder(spark, StreamDataset.clickstream())
            .table(table)
            .source(spark.emptyDataFrame())
            .checkpointLocation(checkpoint.toString())
            .build();
    io.gridata.spark.ingest.IngestTables.createIfMissing(
        spark, StreamDataset.clickstream().spec(), table);
    return job.parsed(kafkaLike(spark.createDataset(List.of(values), Encoders.STRING()).toDF()));
  }

  private static MicroBatchWriter writer(String table, StreamCounters counters) {
    return new MicroBatchWriter(
        StreamDataset.clickstream(),
        table,
        CompactionPolicy.NONE,
        java.time.Clock.systemUTC(),
        counters,
        batchId -> {});
  }

  static Dataset<Row> kafkaLike(Dataset<Row> values) {
    return values
        .withColumn("topic", lit("clickstream_events"))
        .withColumn("partition", lit(0))
        .withColumn("offset", xxhash64(col("value")))
        .withColumn("timestamp", current_timestamp());
  }

  static String click(String id, String ts, String type) {
    return String.format(
        "{\"event_id\":\"%s\",\"customer_id\":\"c1\",\"session_id\":\"s1\",\"event_ts\":\"%s\","
            + "\"event_type\":\"%s\",\"page_url\":\"/p\",\"product_id\":\"p1\",\"device\":\"web\","
            + "\"referrer\":null}",
        id, ts, type);
  }
}
