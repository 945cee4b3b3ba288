package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What any {@link KafkaEndpoint} must do: create a topic, take records and give them back. */
final class KafkaRoundTrip {
  private KafkaRoundTrip() {}

  /**
   * Creates {@code topic} (twice: the second is a no-op), sends {@code count} records, reads them.
   */
  static void assertRoundTrip(KafkaEndpoint kafka, String topic, int count) throws Exception {
    kafka.createTopic(topic, 2);
    kafka.createTopic(topic, 2); // existing: left as it is
    assertThat(kafka.topics()).contains(topic);
    String run = UUID.randomUUID().toString();
    Properties producer = new Properties();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, String> out =
        new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        out.send(new ProducerRecord<>(topic, "k" + i, run + "-" + i)).get();
      }
    }
    Properties consumer = new Properties();
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + run);
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> in =
        new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
      in.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : in.poll(Duration.ofMillis(500))) {
          if (r.value().startsWith(run)) {
            values.add(r.value());
          }
        }
      }
    }
    assertThat(values).hasSize(count).contains(run + "-0", run + "-" + (count - 1));
  }
}
