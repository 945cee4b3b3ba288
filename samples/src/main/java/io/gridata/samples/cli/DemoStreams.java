package io.gridata.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridata.samples.demo.DemoEvents;
import io.gridata.streaming.StreamCounters;
import io.gridata.streaming.StreamDataset;
import io.gridata.streaming.StreamingIngest;
import io.gridata.testkit.KafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The demo's streaming part: a Kafka broker (the testkit's KRaft broker, a child JVM, files under
 * {@code <workdir>/kafka}), the three event topics produced in waves while gridata-streaming's jobs
 * run on them in the demo's Spark session: click events appended to {@code ecommerce.clickstream},
 * status updates of the last day's open orders merged into {@code ecommerce.orders}, stock changes
 * appended to {@code ecommerce.inventory_changes} and added up in {@code ecommerce.inventory}.
 * Prints each micro-batch as it lands and, at the end, the tables and the freshness: the time from
 * an event being produced to the snapshot that holds it.
 */
final class DemoStreams {
  /** A short trigger, so that the demo shows several batches in a few seconds. */
  static final Duration TRIGGER = Duration.ofSeconds(2);

  private static final int WAVES = 4;

  /** Between waves: about two micro-batches of the three jobs on a 2-core machine. */
  private static final Duration PAUSE = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final String catalog;
  private final Path dir;
  private final PrintWriter out;

  DemoStreams(SparkSession spark, String catalog, Path dir, PrintWriter out) {
    this.spark = spark;
    this.catalog = catalog;
    this.dir = dir;
    this.out = out;
  }

  /**
   * Streams {@code clicks} click events, {@code changes} stock changes and the status updates of up
   * to {@code updates} open orders of {@code day}, then stops the jobs once they caught up.
   */
  void run(LocalDate day, int clicks, int changes, int updates, long seed) throws Exception {
    // the demo prints each batch with its duration: Spark's "falling behind" notes (three jobs on
    // two cores) and its job-group notes when a query stops would only repeat that
    Configurator.setLevel(
        "org.apache.spark.sql.execution.streaming.runtime.ProcessingTimeExecutor", Level.ERROR);
    Configurator.setLevel("org.apache.spark.scheduler.DAGScheduler", Level.ERROR);
    out.printf("%nstreaming: starting a Kafka broker (KRaft, in a child JVM)...%n");
    out.flush();
    long started = System.nanoTime();
    List<String> orderUpdates = orderUpdates(day, updates);
    try (KafkaBroker kafka = broker();
        KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
      out.printf(
          "  broker %s up in %d s; topics %s%n",
          kafka.bootstrapServers(), seconds(started), kafka.topics());
      Map<String, Job> jobs = new LinkedHashMap<>();
      for (StreamDataset dataset :
          List.of(StreamDataset.clickstream(), StreamDataset.orders(), StreamDataset.inventory())) {
        jobs.put(dataset.topic(), new Job(dataset, kafka.bootstrapServers()));
      }
      BatchPrinter printer = new BatchPrinter(jobs);
      spark.streams().addListener(printer);
      long ordersBefore = spark.table(catalog + ".ecommerce.orders").count();
      try {
        long warming = System.nanoTime();
        for (Job job : jobs.values()) {
          job.awaitFirstBatch(Duration.ofMinutes(3));
        }
        out.printf(
            "  3 streaming jobs running (%s trigger, first batches done in %d s): the tables fill"
                + " as events arrive%n",
            TRIGGER.toSeconds() + " s", seconds(warming));
        out.flush();
        DemoEvents events = new DemoEvents(seed);
        for (int wave = 0; wave < WAVES; wave++) {
          int sent = 0;
          if (wave == 0) {
            for (int p = 0; p < DemoEvents.PRODUCTS; p++) {
              sent += send(producer, "inventory_changes", events.openingStock(p), events);
            }
          }
          for (int i = share(clicks, wave); i < share(clicks, wave + 1); i++) {
            sent += send(producer, "clickstream_events", events.click(i, 1000), events);
          }
          for (int i = share(orderUpdates.size(), wave);
              i < share(orderUpdates.size(), wave + 1);
              i++) {
            sent += send(producer, "order_updates", stampedNow(orderUpdates.get(i)), events);
          }
          for (int i = share(changes, wave); i < share(changes, wave + 1); i++) {
            sent += send(producer, "inventory_changes", events.stockChange(i), events);
          }
          producer.flush();
          out.printf("  wave %d: %d events produced to the three topics%n", wave + 1, sent);
          out.flush();
          Thread.sleep(PAUSE.toMillis());
        }
        Map<String, Long> ends = endOffsets(kafka.bootstrapServers(), jobs.keySet());
        for (Job job : jobs.values()) {
          job.awaitOffset(ends.get(job.topic), Duration.ofMinutes(3));
          job.running.stopAfterBatch(Duration.ofSeconds(20));
        }
      } finally {
        spark.streams().removeListener(printer);
        for (Job job : jobs.values()) {
          if (job.running.query().isActive()) {
            job.running.close();
          }
        }
      }
      summary(jobs, ordersBefore, orderUpdates.size());
    }
  }

  /** One topic's job, its counters and its meters. */
  private final class Job {
    final String topic;
    final StreamingIngest ingest;
    final StreamingIngest.Running running;
    final MeterRegistry registry = new SimpleMeterRegistry();

    Job(StreamDataset dataset, String bootstrapServers) {
      this.topic = dataset.topic();
      this.ingest =
          StreamingIngest.builder(spark, dataset)
              .bootstrapServers(bootstrapServers)
              .checkpointLocation(dir.resolve("checkpoints").resolve(topic).toString())
              .trigger(TRIGGER)
              .metrics(registry)
              .build();
      this.running = ingest.start();
    }

    /** Waits until the job's first micro-batch (tables created, offsets fixed) is done. */
    void awaitFirstBatch(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (running.query().lastProgress() == null) {
        if (!running.query().isActive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The demo's " + topic + " job did not start: " + running.query().exception());
        }
        Thread.sleep(200);
      }
    }

    /** Waits until the job's last batch ended at {@code offset} records read in total. */
    void awaitOffset(long offset, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (read() < offset) {
        if (!running.query().isActive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The demo's "
                  + topic
                  + " job did not catch up ("
                  + read()
                  + " of "
                  + offset
                  + " records read): "
                  + running.query().exception());
        }
        Thread.sleep(200);
      }
    }

    /** Kafka records read so far: the end offsets of the last batch, summed over partitions. */
    long read() {
      StreamingQueryProgress progress = running.query().lastProgress();
      if (progress == null || progress.sources().length == 0) {
        return 0;
      }
      try {
        JsonNode ends = JSON.readTree(progress.sources()[0].endOffset()).path(topic);
        long sum = 0;
        for (Iterator<JsonNode> it = ends.elements(); it.hasNext(); ) {
          sum += it.next().asLong();
        }
        return sum;
      } catch (java.io.IOException e) {
        return 0;
      }
    }

    /** The event-to-commit latency timer of the job's meters. */
    Timer latency() {
      return registry.get("gridata.stream.latency").timer();
    }
  }

  /** Prints a line per micro-batch with data: what it added to the tables. */
  private final class BatchPrinter extends StreamingQueryListener {
    private final Map<String, Job> jobs;
    private final Map<String, long[]> seen = new LinkedHashMap<>();

    BatchPrinter(Map<String, Job> jobs) {
      this.jobs = jobs;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      for (Job job : jobs.values()) {
        if (job.running.query().id().equals(event.progress().id())) {
          StreamCounters counters = job.running.counters();
          long[] last = seen.computeIfAbsent(job.topic, t -> new long[2]);
          long written = counters.rowsWritten() - last[0];
          long quarantined = counters.rowsQuarantined() - last[1];
          if (written + quarantined > 0) {
            last[0] = counters.rowsWritten();
            last[1] = counters.rowsQuarantined();
            out.printf(
                "    %-18s batch %d: %4d rows into %s, %d quarantined (%d ms)%n",
                job.topic,
                event.progress().batchId(),
                written,
                job.ingest.table(),
                quarantined,
                event.progress().batchDuration());
            out.flush();
          }
        }
      }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }

  private void summary(Map<String, Job> jobs, long ordersBefore, int updates) {
    out.printf(
        "  streamed (every event once: re-sent ones dropped, bad ones quarantined); freshness ="
            + " from an event produced to the Iceberg snapshot that holds it:%n");
    for (Job job : jobs.values()) {
      StreamCounters counters = job.running.counters();
      Timer latency = job.latency();
      out.printf(
          "    %-18s -> %-34s %5d rows, %d quarantined, %d late; freshness mean %.1f s,"
              + " max %.1f s over %d batches%n",
          job.topic,
          job.ingest.table(),
          counters.rowsWritten(),
          counters.rowsQuarantined(),
          counters.lateEvents(),
          latency.mean(TimeUnit.MILLISECONDS) / 1000.0,
          latency.max(TimeUnit.MILLISECONDS) / 1000.0,
          latency.count());
    }
    long ordersAfter = spark.table(catalog + ".ecommerce.orders").count();
    out.printf(
        "  %s: %d status updates merged into existing orders (%d rows before, %d after)%n",
        catalog + ".ecommerce.orders", updates, ordersBefore, ordersAfter);
    String stock = catalog + ".ecommerce.inventory";
    spark.catalog().refreshTable(stock);
    out.printf("  %s (lowest stock first):%n", stock);
    spark
        .sql(
            "SELECT product_id, stock, changes_applied FROM "
                + stock
                + " ORDER BY stock, product_id LIMIT 3")
        .collectAsList()
        .forEach(
            r ->
                out.printf(
                    "    %-6s stock %4d after %d changes%n",
                    r.getString(0), r.getLong(1), r.getLong(2)));
    out.flush();
  }

  /**
   * The next status of up to {@code count} open orders of {@code day} (PENDING to PAID, PAID to
   * SHIPPED, SHIPPED to DELIVERED), as {@code order_updates} events: the whole order with its new
   * status, as an order service publishes it ({@link #stampedNow} sets the time when it is sent).
   */
  private List<String> orderUpdates(LocalDate day, int count) {
    String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    List<String> values = new ArrayList<>();
    spark
        .sql(
            "SELECT to_json(named_struct('order_id', order_id, 'customer_id', customer_id,"
                + " 'order_timestamp', '"
                + now
                + "', 'status', CASE status WHEN 'PENDING' THEN 'PAID' WHEN 'PAID' THEN"
                + " 'SHIPPED' ELSE 'DELIVERED' END, 'product_id', product_id, 'quantity',"
                + " CAST(quantity AS STRING), 'unit_price', CAST(unit_price AS STRING),"
                + " 'discount', CAST(discount AS STRING), 'tax', CAST(tax AS STRING),"
                + " 'shipping_cost', CAST(shipping_cost AS STRING), 'currency', currency,"
                + " 'payment_method', payment_method, 'channel', channel)) FROM "
                + catalog
                + ".ecommerce.orders WHERE order_date = DATE '"
                + day
                + "' AND status IN ('PENDING', 'PAID', 'SHIPPED') ORDER BY order_id LIMIT "
                + count)
        .collectAsList()
        .forEach(r -> values.add(r.getString(0)));
    return values;
  }

  /** {@code update} with {@code order_timestamp} set to now: the time of the status change. */
  private static String stampedNow(String update) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(update);
      node.put("order_timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
      return JSON.writeValueAsString(node);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private KafkaBroker broker() {
    KafkaBroker kafka = new KafkaBroker().withDataDirectory(dir.resolve("kafka"));
    for (String topic : List.of("clickstream_events", "order_updates", "inventory_changes")) {
      kafka.withTopic(topic, 2);
    }
    return kafka.start();
  }

  /** Sends {@code value}, and a second time now and then (a producer retry); returns records. */
  private static int send(
      KafkaProducer<String, String> producer, String topic, String value, DemoEvents events) {
    producer.send(new ProducerRecord<>(topic, value));
    if (events.oneIn(50)) {
      producer.send(new ProducerRecord<>(topic, value));
      return 2;
    }
    return 1;
  }

  private static int share(int total, int wave) {
    return (int) ((long) total * wave / WAVES);
  }

  private static Map<String, Long> endOffsets(String servers, Iterable<String> topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    Map<String, Long> ends = new LinkedHashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      for (String topic : topics) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        ends.put(
            topic,
            consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum());
      }
    }
    return ends;
  }

  private static KafkaProducer<String, String> producer(String servers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static long seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e9);
  }
}
