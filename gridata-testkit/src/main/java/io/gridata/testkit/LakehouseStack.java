package io.gridata.testkit;

import static java.util.Objects.requireNonNull;

import io.gridata.testkit.internal.ContainerStack;
import io.gridata.testkit.internal.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/**
 * An S3 endpoint plus an Iceberg REST catalog whose warehouse lives in it: everything a lakehouse
 * test needs but Spark. Start one with {@link #start(Backend)}; close it to stop every server,
 * thread and child process it started.
 *
 * <pre>{@code
 * try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL)) {
 *   SparkSession spark = SparkSessions.forCatalog("gridata", stack.catalog());
 *   spark.sql("CREATE TABLE gridata.db.t (id bigint, ts timestamp) USING iceberg PARTITIONED BY (months(ts))");
 * }
 * }</pre>
 */
public interface LakehouseStack extends AutoCloseable {

  /** The S3 endpoint holding the warehouse and any raw-zone buckets. */
  S3Endpoint s3();

  /** The Iceberg REST catalog. */
  CatalogEndpoint catalog();

  /** The backend actually running ({@link Backend#LOCAL} or {@link Backend#CONTAINERS}). */
  Backend backend();

  /**
   * A Kafka broker, started on first call (a stack starts none unless asked): on the local stack
   * the test JVM's shared {@link KafkaBroker} (a child JVM, {@link KafkaBroker#shared()}); on the
   * container stack a Testcontainers {@code apache/kafka} container of the same Kafka version
   * (needs {@code org.testcontainers:kafka} on the test class path), stopped with the stack. Both
   * need {@code kafka-clients} on the class path (Spark's Kafka source brings it).
   */
  default KafkaEndpoint kafka() {
    return KafkaBroker.shared();
  }

  /** Stops the catalog, then the S3 endpoint. */
  @Override
  void close();

  /**
   * Starts a stack in a new temporary directory.
   *
   * @throws IllegalStateException if {@link Backend#CONTAINERS} is asked for and no Docker engine
   *     answers (see {@link #dockerAvailable()} to skip instead)
   */
  static LakehouseStack start(Backend backend) {
    try {
      return start(backend, Files.createTempDirectory("gridata-stack-"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a directory for the lakehouse stack", e);
    }
  }

  /** Starts a stack that keeps its files (objects, catalog database, logs) under {@code dir}. */
  static LakehouseStack start(Backend backend, Path dir) {
    requireNonNull(backend, "backend is null");
    requireNonNull(dir, "dir is null");
    Backend chosen =
        backend == Backend.AUTO
            ? (dockerAvailable() ? Backend.CONTAINERS : Backend.LOCAL)
            : backend;
    if (chosen == Backend.CONTAINERS) {
      if (!testcontainersPresent()) {
        throw new IllegalStateException(
            "Cannot start the container stack: Testcontainers is not on the class path. Add"
                + " org.testcontainers:minio (test scope), or use Backend.LOCAL or AUTO");
      }
      if (!dockerAvailable()) {
        throw new IllegalStateException(
            "Cannot start the container stack: no Docker engine answers. Use Backend.LOCAL or AUTO");
      }
      return ContainerStack.start();
    }
    return LocalStack.start(dir);
  }

  /**
   * True when Testcontainers can reach a Docker engine. Without any sign of one (no {@code
   * DOCKER_HOST}, no Testcontainers configuration, no Docker socket) Testcontainers is not asked at
   * all: its probe logs an ERROR with a stack trace that a green run should not show.
   */
  static boolean dockerAvailable() {
    if (!testcontainersPresent() || !dockerConfigured()) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError noDocker) {
      return false;
    }
  }

  /** Testcontainers is an optional dependency of the testkit: tests that want Docker add it. */
  private static boolean testcontainersPresent() {
    try {
      Class.forName(
          "org.testcontainers.containers.MinIOContainer",
          false,
          LakehouseStack.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }

  private static boolean dockerConfigured() {
    if (System.getenv("DOCKER_HOST") != null) {
      return true;
    }
    Path home = Paths.get(System.getProperty("user.home"));
    List<Path> signs = new ArrayList<>();
    signs.add(home.resolve(".testcontainers.properties"));
    signs.add(Paths.get("/var/run/docker.sock"));
    signs.add(home.resolve(".docker/run/docker.sock"));
    signs.add(home.resolve(".docker/desktop/docker.sock"));
    signs.add(home.resolve(".colima/default/docker.sock"));
    signs.add(home.resolve(".rd/docker.sock"));
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if (runtimeDir != null) {
      signs.add(Paths.get(runtimeDir, "docker.sock"));
    }
    return signs.stream().anyMatch(Files::exists);
  }
}
