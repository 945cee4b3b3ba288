package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

      KafkaRoundTrip.assertRoundTrip(kafka, "clickstream_events", 30);
      try (var admin = io.gridata.testkit.internal.KafkaAdmin.create(kafka.bootstrapServers())) {
        assertThat(
                admin
                    .describeTopics(List.of("clickstream_events"))
                    .allTopicNames()
                    .get()
                    .get("clickstream_events")
                    .partitions())
            .hasSize(3);
      }
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
  void oneSharedBrokerPerJvmThroughTheLocalStack() throws Exception {
    KafkaBroker first = KafkaBroker.shared();
    assertThat(KafkaBroker.shared()).isSameAs(first);
    assertThat(first.isRunning()).isTrue();
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL)) {
      assertThat(stack.kafka()).isSameAs(first);
      KafkaRoundTrip.assertRoundTrip(stack.kafka(), "stack_topic", 5);
    }
  }
}
