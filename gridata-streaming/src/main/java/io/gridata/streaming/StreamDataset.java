package io.gridata.streaming;

import static java.util.Objects.requireNonNull;

import io.gridata.spark.clickstream.ClickstreamSpec;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.transform.ClickTransforms;

/**
 * A dataset as a stream: the batch path's {@link IngestSpec} (contract, transforms, reasons, table)
 * plus what streaming needs on top: the topic, the key duplicates share and the event-time column
 * the watermark follows.
 *
 * @param spec the dataset definition shared with the batch ingest
 * @param topic the Kafka topic carrying one JSON event per record
 * @param key the column duplicates share (de-duplicated within the watermark)
 * @param eventTime the timestamp column ({@code spec.prepare()} parses it) the watermark follows
 */
public record StreamDataset(IngestSpec spec, String topic, String key, String eventTime) {
  /** Validates. */
  public StreamDataset {
    requireNonNull(spec, "spec is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(key, "key is null");
    requireNonNull(eventTime, "eventTime is null");
  }

  /**
   * {@code clickstream_events} into {@code gridata.ecommerce.clickstream}: the batch path's {@link
   * ClickstreamSpec}, duplicates by {@code event_id}, watermark on {@code event_ts}.
   */
  public static StreamDataset clickstream() {
    return new StreamDataset(
        new ClickstreamSpec(),
        "clickstream_events",
        ClickTransforms.EVENT_ID,
        ClickTransforms.EVENT_TS);
  }
}
