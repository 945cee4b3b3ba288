package io.gridata.samples.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataType;

/**
 * The baseline of the streaming benchmark: {@code clickstream_events} into an Iceberg table the way
 * a competent Spark developer writes it by hand: Kafka source, {@code from_json}, events without an
 * id, a parseable time or a known type dropped, {@code dropDuplicatesWithinWatermark} on {@code
 * event_id}, Iceberg's streaming sink ({@code check-nullability} off: the filter guarantees the
 * required columns). No quarantine (bad events vanish), no per-batch commit bookkeeping (a replayed
 * batch relies on Iceberg's own streaming sink), no compaction.
 */
final class HandWrittenClickstreamStream {
  private static final DataType EVENT =
      DataType.fromDDL(
          "event_id string, customer_id string, session_id string, event_ts string,"
              + " event_type string, page_url string, product_id string, device string,"
              + " referrer string");

  private final SparkSession spark;

  HandWrittenClickstreamStream(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Starts the query: {@code topic} on {@code bootstrapServers} from {@code startingOffsets} (a
   * Kafka source option value), into {@code table} (created beforehand, same schema as Gridata's
   * clickstream table).
   */
  StreamingQuery start(
      String bootstrapServers,
      String topic,
      String startingOffsets,
      long maxOffsetsPerTrigger,
      Duration trigger,
      Duration watermark,
      String checkpoint,
      String table)
      throws TimeoutException {
    Dataset<Row> kafka =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrapServers)
            .option("subscribe", topic)
            .option("startingOffsets", startingOffsets)
            .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
            .load();
    Dataset<Row> events =
        kafka
            .select(
                from_json(col("value").cast("string"), EVENT).as("e"),
                concat_ws("/", lit("kafka:"), col("topic"), col("partition"), col("offset"))
                    .as("_source_file"))
            .select(col("e.*"), col("_source_file"))
            .withColumn("event_ts", to_timestamp(col("event_ts")))
            .withColumn("event_type", lower(trim(col("event_type"))))
            .withColumn("device", lower(trim(col("device"))))
            .where(
                col("event_id")
                    .isNotNull()
                    .and(col("event_ts").isNotNull())
                    .and(
                        col("event_type")
                            .isin(
                                "page_view",
                                "product_view",
                                "add_to_cart",
                                "checkout",
                                "purchase")))
            .withWatermark("event_ts", watermark.toMillis() + " milliseconds")
            .dropDuplicatesWithinWatermark("event_id");
    return events
        .select(
            col("event_id"),
            col("customer_id"),
            col("session_id"),
            col("event_ts"),
            to_date(col("event_ts")).as("event_date"),
            col("event_type"),
            col("page_url"),
            col("product_id"),
            col("device"),
            col("referrer"),
            current_timestamp().as("_ingested_at"),
            col("_source_file"),
            lit("").as("_source_checksum"),
            lit("hand-written").as("_run_id"))
        .writeStream()
        .format("iceberg")
        .outputMode("append")
        .queryName("hand-written-" + topic)
        .option("checkpointLocation", checkpoint)
        // the filter above guarantees the table's required columns, which Spark's plan cannot
        // prove: Iceberg's documented switch instead of its schema check
        .option("check-nullability", "false")
        .trigger(Trigger.ProcessingTime(trigger.toMillis()))
        .toTable(table);
  }
}
