package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.junit.LakehouseTest;
import org.junit.jupiter.api.Test;

/**
 * Kafka on the container backend: Testcontainers' {@code apache/kafka}. Skipped when no Docker
 * engine answers; the same round trip runs on the local stack's broker in {@link KafkaBrokerTest}.
 */
@LakehouseTest(backend = Backend.CONTAINERS, scope = LakehouseTest.Scope.CLASS)
class ContainerKafkaTest {

  @Test
  void theContainerStackServesAKafkaContainer(LakehouseStack stack, KafkaEndpoint kafka)
      throws Exception {
    assertThat(kafka).isSameAs(stack.kafka()).isNotInstanceOf(KafkaBroker.class);
    KafkaRoundTrip.assertRoundTrip(kafka, "clickstream_events", 10);
  }
}
