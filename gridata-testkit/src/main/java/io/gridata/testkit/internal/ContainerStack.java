package io.gridata.testkit.internal;

import io.gridata.testkit.Backend;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.KafkaEndpoint;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.S3Endpoint;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The container stack: MinIO plus Iceberg's {@code apache/iceberg-rest-fixture} on one Docker
 * network. The catalog container reaches MinIO by its network alias; this JVM reaches both through
 * mapped ports. Images can be overridden with the system properties {@code
 * gridata.testkit.minio-image} and {@code gridata.testkit.rest-image}.
 */
public final class ContainerStack implements LakehouseStack {
  private static final String BUCKET = "warehouse";
  private static final String MINIO_ALIAS = "minio";

  private final Network network;
  private final MinIOContainer minio;
  private final GenericContainer<?> rest;
  private final S3Endpoint s3;
  private final CatalogEndpoint catalog;
  private KafkaContainerEndpoint kafka;

  private ContainerStack(Network network, MinIOContainer minio, GenericContainer<?> rest) {
    this.network = network;
    this.minio = minio;
    this.rest = rest;
    this.s3 = new MinioEndpoint(minio);
    this.catalog =
        new RestFixtureEndpoint(
            URI.create("http://" + rest.getHost() + ":" + rest.getMappedPort(8181)), s3);
  }

  /** Starts MinIO, creates the warehouse bucket, then starts the REST catalog container. */
  public static ContainerStack start() {
    Network network = Network.newNetwork();
    MinIOContainer minio =
        new MinIOContainer(
                DockerImageName.parse(
                        System.getProperty(
                            "gridata.testkit.minio-image",
                            "minio/minio:RELEASE.2025-09-07T16-13-09Z"))
                    .asCompatibleSubstituteFor("minio/minio"))
            .withNetwork(network)
            .withNetworkAliases(MINIO_ALIAS);
    GenericContainer<?> rest = null;
    try {
      minio.start();
      new MinioEndpoint(minio).createBucket(BUCKET);
      rest =
          new GenericContainer<>(
                  DockerImageName.parse(
                      System.getProperty(
                          "gridata.testkit.rest-image", "apache/iceberg-rest-fixture:1.10.0")))
              .withNetwork(network)
              .withExposedPorts(8181)
              .withEnv("CATALOG_WAREHOUSE", "s3://" + BUCKET + "/")
              .withEnv("CATALOG_IO__IMPL", "org.apache.iceberg.aws.s3.S3FileIO")
              .withEnv("CATALOG_S3_ENDPOINT", "http://" + MINIO_ALIAS + ":9000")
              .withEnv("CATALOG_S3_PATH__STYLE__ACCESS", "true")
              .withEnv("AWS_ACCESS_KEY_ID", minio.getUserName())
              .withEnv("AWS_SECRET_ACCESS_KEY", minio.getPassword())
              .withEnv("AWS_REGION", "us-east-1")
              .waitingFor(
                  Wait.forHttp("/v1/config")
                      .forStatusCode(200)
                      .withStartupTimeout(Duration.ofMinutes(2)));
      rest.start();
      return new ContainerStack(network, minio, rest);
    } catch (RuntimeException e) {
      if (rest != null) {
        rest.stop();
      }
      minio.stop();
      network.close();
      throw e;
    }
  }

  @Override
  public S3Endpoint s3() {
    return s3;
  }

  @Override
  public CatalogEndpoint catalog() {
    return catalog;
  }

  @Override
  public Backend backend() {
    return Backend.CONTAINERS;
  }

  /** A Kafka container, started on first call and stopped with the stack. */
  @Override
  public synchronized KafkaEndpoint kafka() {
    if (kafka == null) {
      kafka = KafkaContainerEndpoint.start();
    }
    return kafka;
  }

  @Override
  public void close() {
    try {
      synchronized (this) {
        if (kafka != null) {
          kafka.close();
        }
      }
      rest.stop();
      minio.stop();
    } finally {
      network.close();
    }
  }

  private record MinioEndpoint(MinIOContainer minio) implements S3Endpoint {
    @Override
    public URI endpoint() {
      return URI.create(minio.getS3URL());
    }

    @Override
    public String accessKey() {
      return minio.getUserName();
    }

    @Override
    public String secretKey() {
      return minio.getPassword();
    }
  }

  private record RestFixtureEndpoint(URI uri, S3Endpoint s3) implements CatalogEndpoint {
    @Override
    public String warehouse() {
      return "s3://" + BUCKET + "/";
    }

    @Override
    public Map<String, String> clientProperties() {
      Map<String, String> properties = new HashMap<>(s3.fileIoProperties());
      properties.put("uri", uri.toString());
      return Map.copyOf(properties);
    }
  }
}
