package io.gridata.testkit;

import io.gridata.testkit.internal.KafkaAdmin;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A Kafka broker a test can produce to and stream from: the testkit's {@link KafkaBroker} (a child
 * JVM) on the local stack, a Testcontainers {@code apache/kafka} container on the container stack
 * ({@link LakehouseStack#kafka()}). Topics are created through the Admin client of the test's class
 * path ({@code kafka-clients}, which Spark's Kafka source brings).
 */
public interface KafkaEndpoint {

  /** {@code host:port}, for {@code bootstrap.servers}. */
  String bootstrapServers();

  /**
   * Creates {@code topic} with {@code partitions} partitions (replication factor 1); an existing
   * topic is left as it is.
   */
  default void createTopic(String topic, int partitions) {
    try (Admin admin = KafkaAdmin.create(bootstrapServers())) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Cannot create topic " + topic + ": no answer in 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic, e);
    }
  }

  /** Names of the broker's topics (internal ones excluded). */
  default Set<String> topics() {
    String servers = bootstrapServers();
    try (Admin admin = KafkaAdmin.create(servers)) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list topics of " + servers + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while listing topics", e);
    }
  }
}
