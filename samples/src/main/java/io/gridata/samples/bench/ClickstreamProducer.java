package io.gridata.samples.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Click events for the streaming benchmark, as JSON values on a topic: in bulk, or paced at a rate.
 * Each event's {@code event_ts} is the wall-clock time (milliseconds) at which it is handed to the
 * Kafka producer: the "produced" end of the latency measurement.
 */
final class ClickstreamProducer implements AutoCloseable {
  private static final List<String> TYPES =
      List.of("page_view", "product_view", "add_to_cart", "checkout", "purchase");

  private final String bootstrapServers;
  private final String topic;
  private final KafkaProducer<String, String> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private long sent;

  ClickstreamProducer(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Creates the topic with {@code partitions} partitions when it does not exist. */
  void ensureTopic(int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "Cannot create topic " + topic + " on " + bootstrapServers + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Cannot create topic " + topic + ": " + bootstrapServers + " did not answer in 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic, e);
    }
  }

  /**
   * The topic's end offsets now, as the value of the Kafka source's {@code startingOffsets} option
   * ({@code {"topic":{"0":123,"1":456}}}): a query started with it reads only what is produced
   * afterwards.
   */
  String endOffsets() {
    flush();
    try (Admin admin = admin()) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      description
          .partitions()
          .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends.entrySet().stream()
          .sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.partition(), b.partition())))
          .map(e -> "\"" + e.getKey().partition() + "\":" + e.getValue())
          .collect(Collectors.joining(",", "{\"" + topic + "\":{", "}}"));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot read the end offsets of " + topic + " on " + bootstrapServers + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading offsets of " + topic, e);
    }
  }

  /**
   * Sends {@code count} events with ids {@code <prefix><i>} as fast as the producer takes them;
   * every {@code resendEvery}-th is sent a second time right after (a re-sent duplicate; 0 for
   * none). Returns when the broker acknowledged all of them.
   *
   * @return records sent (events plus re-sent copies)
   */
  long sendBulk(String prefix, long count, int resendEvery) {
    long records = 0;
    for (long i = 0; i < count; i++) {
      String id = prefix + i;
      String value = event(id, i, Instant.now());
      send(id, value);
      records++;
      if (resendEvery > 0 && i % resendEvery == resendEvery - 1) {
        send(id, value);
        records++;
      }
    }
    flush();
    return records;
  }

  /**
   * Sends events {@code <prefix><i>} at {@code perSecond} for {@code duration} (in ticks of a few
   * milliseconds, each sending the events due by then), each stamped with the time it is handed to
   * the producer.
   *
   * @return events sent
   */
  long sendPaced(String prefix, double perSecond, Duration duration) {
    long total = (long) Math.floor(perSecond * duration.toNanos() / 1e9);
    long start = System.nanoTime();
    long i = 0;
    while (i < total) {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * perSecond) + 1);
      for (; i < due; i++) {
        send(prefix + i, event(prefix + i, i, Instant.now()));
      }
      LockSupport.parkNanos(2_000_000);
    }
    flush();
    return total;
  }

  /** Records sent since this producer was created. */
  long sent() {
    return sent;
  }

  /** Sends an event keyed by its id (spread over the partitions by the key's hash). */
  private void send(String id, String value) {
    producer.send(
        new ProducerRecord<>(topic, id, value),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
    sent++;
  }

  /** Waits until the broker acknowledged every record sent; fails if it refused one. */
  private void flush() {
    producer.flush();
    Exception error = failure.get();
    if (error != null) {
      throw new IllegalStateException(
          "Cannot produce to " + topic + " on " + bootstrapServers + ": " + error, error);
    }
  }

  private static String event(String id, long i, Instant produced) {
    String ts = produced.truncatedTo(ChronoUnit.MILLIS).toString();
    return String.format(
        Locale.ROOT,
        "{\"event_id\":\"%s\",\"customer_id\":\"c%d\",\"session_id\":\"s%d\",\"event_ts\":\"%s\","
            + "\"event_type\":\"%s\",\"page_url\":\"/p/%d\",\"product_id\":%s,"
            + "\"device\":\"%s\",\"referrer\":null}",
        id,
        i % 50_000,
        i / 20,
        ts,
        TYPES.get((int) (i % TYPES.size())),
        i % 1_000,
        i % 3 == 0 ? "\"sku-" + (i % 5_000) + "\"" : "null",
        i % 2 == 0 ? "web" : "mobile");
  }

  private Admin admin() {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(p);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
