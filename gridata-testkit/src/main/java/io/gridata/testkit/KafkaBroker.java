package io.gridata.testkit;

import static java.util.Objects.requireNonNull;

import io.gridata.testkit.internal.ChildJvm;
import io.gridata.testkit.internal.FreePorts;
import io.gridata.testkit.internal.KafkaAdmin;
import io.gridata.testkit.internal.KafkaBrokerMain;
import io.gridata.testkit.internal.MavenArtifacts;
import io.gridata.testkit.internal.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real Kafka broker (KRaft, one process that is both controller and broker) in a child JVM on a
 * free loopback port. Its jars (the Maven-resolved {@code org.apache.kafka:kafka_2.13}) stay off
 * the test's class path, where Spark's own {@code kafka-clients} lives; the testkit resolves them
 * through Maven (the local repository, then Maven Central), as it does the S3 server's jar. Topics
 * are created through the Admin client of the test's class path.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = new KafkaBroker().withTopic("clickstream_events", 3).start()) {
 *   spark.readStream().format("kafka").option("kafka.bootstrap.servers", kafka.bootstrapServers())...
 * }
 * }</pre>
 *
 * <p>{@link #shared()} gives one broker per test JVM (also {@link LakehouseStack#kafka()} and a
 * {@code KafkaBroker} parameter of a {@code @LakehouseTest}).
 */
public final class KafkaBroker implements KafkaEndpoint, AutoCloseable {
  /** System property: seconds to wait for the broker to answer (default 120; loaded CI hosts). */
  public static final String START_TIMEOUT_PROPERTY = "gridata.kafka.start-timeout-seconds";

  private static KafkaBroker shared;

  private final Map<String, Integer> topics = new LinkedHashMap<>();
  private Path dataDirectory;
  private String maxHeap = "512m";
  private ChildJvm child;
  private String bootstrapServers;
  private int port;
  private int controllerPort;
  private String clusterId;

  /** One broker for the whole test JVM, started on first use; stopped when the JVM exits. */
  public static synchronized KafkaBroker shared() {
    if (shared == null || !shared.isRunning()) {
      shared = new KafkaBroker().start();
    }
    return shared;
  }

  /**
   * Directory for the broker's log segments, metadata and log file; a new temporary one by default.
   */
  public KafkaBroker withDataDirectory(Path directory) {
    this.dataDirectory = requireNonNull(directory, "directory is null");
    return this;
  }

  /** A topic the broker creates when it starts. */
  public KafkaBroker withTopic(String topic, int partitions) {
    requireNonNull(topic, "topic is null");
    if (partitions < 1) {
      throw new IllegalArgumentException("Invalid partitions for " + topic + ": " + partitions);
    }
    topics.put(topic, partitions);
    return this;
  }

  /** The child's maximum heap ({@code -Xmx}); {@code 512m} by default. */
  public KafkaBroker withMaxHeap(String value) {
    this.maxHeap = requireNonNull(value, "maxHeap is null");
    return this;
  }

  /**
   * Formats the storage, starts the child JVM, waits until the broker answers an Admin request and
   * creates the topics.
   *
   * @return this broker, running
   * @throws IllegalStateException if the broker's jars are not in the local Maven repository or the
   *     broker does not come up; the message quotes the broker's log
   */
  public KafkaBroker start() {
    if (child != null) {
      throw new IllegalStateException(
          "Cannot start Kafka broker: already running at " + bootstrapServers);
    }
    try {
      Path dir =
          dataDirectory != null ? dataDirectory : Files.createTempDirectory("gridata-kafka-");
      Files.createDirectories(dir);
      if (clusterId == null) {
        port = FreePorts.pick();
        controllerPort = FreePorts.pick();
        clusterId = newClusterId();
      }
      Path config = writeConfig(dir);
      ChildJvm started =
          ChildJvm.start(
              "kafka",
              brokerClasspath(),
              maxHeap,
              KafkaBrokerMain.class.getName(),
              List.of(config.toString(), clusterId),
              dir.resolve("kafka.log"));
      String servers = "127.0.0.1:" + port;
      Duration timeout = Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 120));
      // an Admin client asked before the port listens logs a warning per attempt: wait for the
      // port first, then for the broker to answer
      started.awaitReady(() -> FreePorts.listening(port), timeout);
      try (Admin admin = KafkaAdmin.create(servers)) {
        started.awaitReady(() -> answers(admin), timeout);
      }
      this.child = started;
      this.bootstrapServers = servers;
      this.dataDirectory = dir;
      topics.forEach(this::createTopic);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Kafka broker: " + e.getMessage(), e);
    }
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  @Override
  public String bootstrapServers() {
    requireRunning();
    return bootstrapServers;
  }

  /** The directory holding the broker's data and {@code kafka.log}. */
  public Path dataDirectory() {
    requireRunning();
    return dataDirectory;
  }

  /** True while the child JVM runs. */
  public boolean isRunning() {
    return child != null && child.isAlive();
  }

  /** Process id of the child JVM. */
  public long pid() {
    requireRunning();
    return child.pid();
  }

  /** Stops the child JVM; a no-op when not running. Its data directory is kept. */
  @Override
  public void close() {
    if (child != null) {
      child.close();
      child = null;
    }
  }

  private Path writeConfig(Path dir) throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.setProperty("log.dirs", dir.resolve("data").toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "true");
    Path config = dir.resolve("server.properties");
    try (var out = Files.newOutputStream(config)) {
      p.store(out, "written by gridata-testkit");
    }
    return config;
  }

  private static boolean answers(Admin admin) {
    try {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * A random cluster id as Kafka writes them: 16 bytes, URL-safe base64 without padding, never
   * starting with {@code -} (one id in 64 would, and {@code kafka-storage format -t -abc} reads it
   * as an option: "argument --cluster-id/-t: expected one argument").
   */
  static String newClusterId() {
    String id;
    do {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    } while (id.startsWith("-"));
    return id;
  }

  /**
   * The broker's jars ({@code org.apache.kafka:kafka_2.13} and its runtime dependencies), resolved
   * through Maven like the S3 server's: never on the test class path.
   */
  static List<Path> brokerClasspath() {
    return MavenArtifacts.fromEnvironment()
        .resolveWithDependencies("org.apache.kafka:kafka_2.13:" + Versions.kafka());
  }

  private void requireRunning() {
    if (child == null) {
      throw new IllegalStateException("Kafka broker is not running: call start() first");
    }
  }
}
