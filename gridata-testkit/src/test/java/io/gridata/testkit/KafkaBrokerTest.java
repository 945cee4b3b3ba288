package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class KafkaBrokerTest {

  @Test
  void startsKraftBrokerInChildJvmWithTopicsAndRoundTripsRecords(@TempDir Path dir)
      throws Exception {
    long start = System.nanoTime();
    try (KafkaBroker kafka =
        new KafkaBroker().withDataDirectory(dir).withTopic("clickstream_events", 3).start()) {
      Duration startup = Duration.ofNanos(System.nanoTime() - start);
      assertThat(startup).isLessThan(Duration.ofSeconds(60));
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      assertThat(kafka.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(kafka.topics()).contains("clickstream_events");
      kafka.createTopic("order_updates", 2);
      kafka.createTopic("order_updates", 2); // existing: left as it is
      assertThat(kafka.topics()).contains("clickstream_events", "order_updates");

      Properties producer = new Properties();
      producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (KafkaProducer<String, String> out =
          new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 30; i++) {
          out.send(new ProducerRecord<>("clickstream_events", "k" + i, "v" + i)).get();
        }
      }
      Properties consumer = new Properties();
      consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
      consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      List<String> values = new ArrayList<>();
      try (KafkaConsumer<String, String> in =
          new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
        in.subscribe(List.of("clickstream_events"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (values.size() < 30 && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : in.poll(Duration.ofMillis(500))) {
            values.add(r.value());
          }
        }
        assertThat(in.partitionsFor("clickstream_events")).hasSize(3);
      }
      assertThat(values).hasSize(30).contains("v0", "v29");
    }
  }

  @Test
  void brokerJarsStayOffTheTestClassPath() {
    assertThatThrownBy(() -> Class.forName("kafka.Kafka"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(KafkaBroker.brokerClasspath())
        .anySatisfy(jar -> assertThat(jar.getFileName().toString()).startsWith("kafka_2.13-4."));
  }

  @Test
  void oneSharedBrokerPerJvmThroughTheStack() {
    KafkaBroker first = KafkaBroker.shared();
    assertThat(KafkaBroker.shared()).isSameAs(first);
    assertThat(first.isRunning()).isTrue();
    assertThat(Map.of("servers", first.bootstrapServers())).containsKey("servers");
  }
}
