package io.gridata.testkit;

import static java.util.Objects.requireNonNull;

import io.gridata.testkit.internal.ChildJvm;
import io.gridata.testkit.internal.FreePorts;
import io.gridata.testkit.internal.MavenArtifacts;
import io.gridata.testkit.internal.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A real S3 protocol server (s3proxy) running in a child JVM, with SigV4 authentication, on a free
 * loopback port. It cannot run inside a Spark JVM (it needs Servlet 6 where Spark needs Servlet 5),
 * so the testkit starts its {@code jar-with-dependencies} with {@code java -jar}-like semantics and
 * ties the child's life to this JVM.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = new S3ProxyServer().withStorage(Storage.TRANSIENT).start()) {
 *   s3.createBucket("raw");
 *   try (S3Client client = s3.newClient()) { ... }
 * }
 * }</pre>
 */
public final class S3ProxyServer implements S3Endpoint, AutoCloseable {
  /** Where objects are kept. */
  public enum Storage {
    /** Objects live in files under {@link #withDataDirectory(Path)}. */
    FILESYSTEM,
    /** Objects live in the child's memory and vanish with it. */
    TRANSIENT
  }

  /** System property naming the s3proxy jar-with-dependencies to run. */
  public static final String JAR_PROPERTY = "gridata.s3proxy.jar";

  private static final String MAIN_CLASS = "org.gaul.s3proxy.Main";

  /** System property: seconds to wait for the server to answer (default 180; loaded CI hosts). */
  public static final String START_TIMEOUT_PROPERTY = "gridata.s3proxy.start-timeout-seconds";

  private Storage storage = Storage.FILESYSTEM;
  private Path dataDirectory;
  private String accessKey = "gridata";
  private String secretKey = "gridata-secret-" + UUID.randomUUID();
  private Path jar;
  private ChildJvm child;
  private URI endpoint;

  /** Chooses where objects are kept; {@link Storage#FILESYSTEM} by default. */
  public S3ProxyServer withStorage(Storage newStorage) {
    this.storage = requireNonNull(newStorage, "storage is null");
    return this;
  }

  /** Directory for objects and the server log; a new temporary directory by default. */
  public S3ProxyServer withDataDirectory(Path directory) {
    this.dataDirectory = requireNonNull(directory, "directory is null");
    return this;
  }

  /** Credentials the server accepts; a random secret by default. */
  public S3ProxyServer withCredentials(String newAccessKey, String newSecretKey) {
    this.accessKey = requireNonNull(newAccessKey, "accessKey is null");
    this.secretKey = requireNonNull(newSecretKey, "secretKey is null");
    return this;
  }

  /**
   * The s3proxy jar-with-dependencies to run; by default resolved through Maven (the local
   * repository, then Maven Central), see {@link #coordinates()}.
   */
  public S3ProxyServer withJar(Path s3proxyJar) {
    this.jar = requireNonNull(s3proxyJar, "s3proxyJar is null");
    return this;
  }

  /**
   * Starts the child JVM and waits until it answers HTTP.
   *
   * @return this server, running
   * @throws IllegalStateException if the jar is missing or the server does not come up; the message
   *     quotes the server's log
   */
  public S3ProxyServer start() {
    if (child != null) {
      throw new IllegalStateException("Cannot start S3 server: already running at " + endpoint);
    }
    try {
      Path dir = dataDirectory != null ? dataDirectory : Files.createTempDirectory("gridata-s3-");
      Path blobs = Files.createDirectories(dir.resolve("blobs"));
      int port = FreePorts.pick();
      URI uri = URI.create("http://127.0.0.1:" + port);
      Properties properties = new Properties();
      properties.setProperty("s3proxy.endpoint", uri.toString());
      properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      properties.setProperty("s3proxy.identity", accessKey);
      properties.setProperty("s3proxy.credential", secretKey);
      properties.setProperty(
          "jclouds.provider", storage == Storage.FILESYSTEM ? "filesystem" : "transient");
      properties.setProperty("jclouds.filesystem.basedir", blobs.toString());
      properties.setProperty("jclouds.identity", accessKey);
      properties.setProperty("jclouds.credential", secretKey);
      Path config = dir.resolve("s3proxy.properties");
      try (var out = Files.newOutputStream(config)) {
        properties.store(out, "written by gridata-testkit");
      }
      ChildJvm started =
          ChildJvm.start(
              "s3proxy",
              resolveJar(),
              MAIN_CLASS,
              List.of("--properties", config.toString()),
              dir.resolve("s3proxy.log"));
      started.awaitReady(
          () -> answers(uri), Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 180)));
      this.child = started;
      this.endpoint = uri;
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start S3 server: " + e.getMessage(), e);
    }
  }

  @Override
  public URI endpoint() {
    requireRunning();
    return endpoint;
  }

  @Override
  public String accessKey() {
    return accessKey;
  }

  @Override
  public String secretKey() {
    return secretKey;
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

  /** Stops the child JVM; a no-op when not running. */
  @Override
  public void close() {
    if (child != null) {
      child.close();
      child = null;
    }
  }

  private void requireRunning() {
    if (child == null) {
      throw new IllegalStateException("S3 server is not running: call start() first");
    }
  }

  private Path resolveJar() {
    Path candidate = jar;
    if (candidate == null && System.getProperty(JAR_PROPERTY) != null) {
      candidate = Paths.get(System.getProperty(JAR_PROPERTY));
    }
    if (candidate == null && System.getenv("GRIDATA_S3PROXY_JAR") != null) {
      candidate = Paths.get(System.getenv("GRIDATA_S3PROXY_JAR"));
    }
    if (candidate == null) {
      return MavenArtifacts.fromEnvironment().resolve(coordinates());
    }
    if (!Files.isRegularFile(candidate)) {
      throw new IllegalStateException(
          String.format(
              "Cannot start S3 server: s3proxy jar not found (%s). Point -D%s / GRIDATA_S3PROXY_JAR"
                  + " at %s, or unset both to resolve it through Maven",
              candidate, JAR_PROPERTY, coordinates()));
    }
    return candidate;
  }

  /** Maven coordinates of the s3proxy jar this testkit runs. */
  public static String coordinates() {
    return "org.gaul:s3proxy:jar:jar-with-dependencies:" + Versions.s3proxy();
  }

  private static boolean answers(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(200);
      connection.setReadTimeout(1000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status > 0;
    } catch (IOException notYet) {
      return false;
    }
  }
}
