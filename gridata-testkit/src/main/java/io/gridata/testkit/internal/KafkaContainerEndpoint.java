package io.gridata.testkit.internal;

import io.gridata.testkit.KafkaEndpoint;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka for the container stack: Testcontainers' {@code KafkaContainer} on the {@code apache/kafka}
 * image (KRaft, one node), image overridable with the system property {@code
 * gridata.testkit.kafka-image}.
 */
final class KafkaContainerEndpoint implements KafkaEndpoint, AutoCloseable {
  /** The image of the Kafka version the local stack's broker runs. */
  static final String DEFAULT_IMAGE = "apache/kafka:" + Versions.kafka();

  private final KafkaContainer container;

  private KafkaContainerEndpoint(KafkaContainer container) {
    this.container = container;
  }

  /** Starts the container; fails (and leaves nothing running) when it does not come up. */
  static KafkaContainerEndpoint start() {
    KafkaContainer container =
        new KafkaContainer(
            DockerImageName.parse(System.getProperty("gridata.testkit.kafka-image", DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("apache/kafka"));
    try {
      container.start();
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
    return new KafkaContainerEndpoint(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
