package io.gridata.streaming;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * One streaming job's progress on a Micrometer registry, from each micro-batch's {@code
 * StreamingQueryProgress} (Spark reports it on the driver after the batch's commit) and the job's
 * {@link StreamCounters}. Every meter carries {@code pipeline} (the query name, {@code
 * gridata-<topic>}) and {@code topic}; Prometheus names in brackets:
 *
 * <ul>
 *   <li>{@code gridata.stream.rows} ({@code gridata_stream_rows_total}) tagged {@code kind}: {@code
 *       input} (Kafka records read: the batch's end minus start offsets, summed over partitions),
 *       {@code written} and {@code quarantined} (rows appended to the table and its quarantine
 *       table);
 *   <li>{@code gridata.stream.input.rate} ({@code gridata_stream_input_rate}): Kafka records per
 *       second, over the time since the previous batch started;
 *   <li>{@code gridata.stream.processed.rate} ({@code gridata_stream_processed_rate}): Kafka
 *       records per second of batch time;
 *   <li>{@code gridata.stream.batch.duration} ({@code gridata_stream_batch_duration_seconds}):
 *       timer of whole micro-batches (read, transform, Iceberg commits, checkpoint);
 *   <li>{@code gridata.stream.latency} ({@code gridata_stream_latency_seconds}): per batch with
 *       events, from the oldest valid event time in the batch to the end of the batch, when the
 *       table has committed it: the end-to-end latency of the batch's slowest event when producers
 *       stamp events as they happen;
 *   <li>{@code gridata.stream.consumer.lag} ({@code gridata_stream_consumer_lag}) tagged {@code
 *       partition}: offsets between the end of the batch and the latest offset of the partition
 *       when the batch was planned;
 *   <li>{@code gridata.stream.late.events} ({@code gridata_stream_late_events_total}): events older
 *       than the watermark, dropped by the de-duplication and counted (since the job started: the
 *       count of a killed JVM is gone, the events are in Kafka).
 * </ul>
 *
 * <p>The records read come from the offsets, which stay right however often the plan reads the
 * source (Spark's {@code numInputRows} counts each read). The latency does not use the progress'
 * event-time {@code min}: an event with errors has a null event time, which Spark's statistics
 * count as 1970-01-01; the writer records the batch's oldest valid event time instead.
 */
final class StreamMetrics extends StreamingQueryListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String queryName;
  private final String topic;
  private final MeterRegistry registry;
  private final StreamCounters counters;
  private final AtomicReference<Double> inputRate = new AtomicReference<>(0.0);
  private final AtomicReference<Double> processedRate = new AtomicReference<>(0.0);
  private final Map<String, AtomicReference<Double>> lag = new ConcurrentHashMap<>();
  private final Timer batchDuration;
  private final Timer latency;
  private final Counter input;
  private final Counter written;
  private final Counter quarantined;
  private long writtenSeen;
  private long quarantinedSeen;
  private Instant previousStart;

  StreamMetrics(String queryName, String topic, StreamCounters counters, MeterRegistry registry) {
    this.queryName = requireNonNull(queryName, "queryName is null");
    this.topic = requireNonNull(topic, "topic is null");
    this.counters = requireNonNull(counters, "counters is null");
    this.registry = requireNonNull(registry, "registry is null");
    gauge("gridata.stream.input.rate", "Kafka records per second arriving", inputRate);
    gauge("gridata.stream.processed.rate", "Kafka records per second of batch time", processedRate);
    this.batchDuration =
        Timer.builder("gridata.stream.batch.duration")
            .description("Duration of a micro-batch")
            .tags("pipeline", queryName, "topic", topic)
            .register(registry);
    this.latency =
        Timer.builder("gridata.stream.latency")
            .description("Oldest event time of a micro-batch to the end of its commit")
            .tags("pipeline", queryName, "topic", topic)
            .register(registry);
    this.input = rows("input");
    this.written = rows("written");
    this.quarantined = rows("quarantined");
    // read from the counters when scraped: the late-event listener may see a batch after this one
    FunctionCounter.builder("gridata.stream.late.events", counters, StreamCounters::lateEvents)
        .description("Events dropped as later than the watermark")
        .tags("pipeline", queryName, "topic", topic)
        .register(registry);
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    if (!queryName.equals(progress.name())) {
      return;
    }
    record(progress);
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** Records one micro-batch's progress. */
  synchronized void record(StreamingQueryProgress progress) {
    Instant start = Instant.parse(progress.timestamp());
    Long millis = progress.durationMs().get("triggerExecution");
    Duration duration = Duration.ofMillis(millis == null ? 0 : millis);
    batchDuration.record(duration);
    long records = 0;
    for (SourceProgress source : progress.sources()) {
      records += recordsRead(source);
      recordLag(source);
    }
    input.increment(records);
    if (previousStart != null && start.isAfter(previousStart)) {
      inputRate.set(records * 1000.0 / Duration.between(previousStart, start).toMillis());
    }
    previousStart = start;
    processedRate.set(duration.isZero() ? 0.0 : records * 1000.0 / duration.toMillis());
    written.increment(counters.rowsWritten() - writtenSeen);
    quarantined.increment(counters.rowsQuarantined() - quarantinedSeen);
    writtenSeen = counters.rowsWritten();
    quarantinedSeen = counters.rowsQuarantined();
    // not the progress' eventTime "min": Spark counts a record with errors (null event time) as
    // 1970-01-01 there
    counters
        .takeOldestEvent(progress.batchId())
        .map(oldest -> Duration.between(oldest, start.plus(duration)))
        .filter(behind -> !behind.isNegative())
        .ifPresent(latency::record);
  }

  /**
   * End minus start offset over the partitions of this job's topic (0 for other sources). The first
   * batch of a new checkpoint has no start offsets: counted from 0, the topic's first offset unless
   * retention already removed older records.
   */
  private long recordsRead(SourceProgress source) {
    JsonNode begin = parse(source.startOffset());
    JsonNode end = parse(source.endOffset());
    if (end == null || !end.has(topic)) {
      return 0;
    }
    long records = 0;
    Iterator<Map.Entry<String, JsonNode>> partitions = end.get(topic).fields();
    while (partitions.hasNext()) {
      Map.Entry<String, JsonNode> partition = partitions.next();
      JsonNode from =
          begin != null && begin.has(topic) ? begin.get(topic).get(partition.getKey()) : null;
      records += Math.max(0, partition.getValue().asLong() - (from == null ? 0 : from.asLong()));
    }
    return records;
  }

  /** Latest minus end offset per partition of this job's topic (JSON of Spark's Kafka source). */
  private void recordLag(SourceProgress source) {
    JsonNode end = parse(source.endOffset());
    JsonNode latest = parse(source.latestOffset());
    if (end == null || latest == null || !end.has(topic) || !latest.has(topic)) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> partitions = latest.get(topic).fields();
    while (partitions.hasNext()) {
      Map.Entry<String, JsonNode> partition = partitions.next();
      JsonNode consumed = end.get(topic).get(partition.getKey());
      if (consumed == null) {
        continue;
      }
      double behind = Math.max(0, partition.getValue().asLong() - consumed.asLong());
      lag.computeIfAbsent(partition.getKey(), this::lagGauge).set(behind);
    }
  }

  private AtomicReference<Double> lagGauge(String partition) {
    AtomicReference<Double> value = new AtomicReference<>(0.0);
    Gauge.builder("gridata.stream.consumer.lag", value, AtomicReference::get)
        .strongReference(true)
        .description("Offsets behind the latest offset of the partition")
        .tags("pipeline", queryName, "topic", topic, "partition", partition)
        .register(registry);
    return value;
  }

  private Counter rows(String kind) {
    return Counter.builder("gridata.stream.rows")
        .description("Streamed records by what became of them")
        .tags("pipeline", queryName, "topic", topic, "kind", kind)
        .register(registry);
  }

  private void gauge(String name, String description, AtomicReference<Double> value) {
    Gauge.builder(name, value, AtomicReference::get)
        .strongReference(true)
        .description(description)
        .tags("pipeline", queryName, "topic", topic)
        .register(registry);
  }

  private static double finite(double value) {
    return Double.isFinite(value) ? value : 0.0;
  }

  private static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }
}
