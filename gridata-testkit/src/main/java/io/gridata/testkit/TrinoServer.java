package io.gridata.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridata.testkit.internal.ChildJvm;
import io.gridata.testkit.internal.FreePorts;
import io.gridata.testkit.internal.JavaInstallations;
import io.gridata.testkit.internal.MavenArtifacts;
import io.gridata.testkit.internal.TarGz;
import io.gridata.testkit.internal.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A real Trino coordinator (single node) in a child JVM on a free loopback port, with an Iceberg
 * catalog {@value #CATALOG} on the testkit's REST catalog and S3 server: another engine reading the
 * tables Spark wrote, through the same catalog.
 *
 * <p>Trino 476 needs Java 24 or newer; this JVM may be older. The server runs on the Java named by
 * {@code -Dgridata.trino.java-home} / {@code TRINO_JAVA_HOME}, else the newest Java 24+ found
 * beside this JVM's installation (e.g. {@code /usr/lib/jvm/temurin-25-jdk-amd64}). {@link
 * #javaHome()} is empty when there is none: skip the test then (see {@link #unavailableReason()}).
 * The server's {@code tar.gz} is resolved through Maven like any dependency and unpacked once
 * beside it in the local repository.
 *
 * <pre>{@code
 * assumeTrue(TrinoServer.javaHome().isPresent(), TrinoServer.unavailableReason());
 * try (TrinoServer trino = new TrinoServer(stack.catalog(), stack.s3()).start();
 *     Connection c = trino.connect();   // Trino's JDBC driver comes with the testkit
 *     ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM ecommerce.orders")) {
 *   ...
 * }
 * }</pre>
 */
public final class TrinoServer implements AutoCloseable {
  /** Name of the Iceberg catalog the server exposes. */
  public static final String CATALOG = "gridata";

  /** System property naming the Java 24+ installation to run Trino on. */
  public static final String JAVA_HOME_PROPERTY = "gridata.trino.java-home";

  /** System property: seconds to wait for the server to start (default 180). */
  public static final String START_TIMEOUT_PROPERTY = "gridata.trino.start-timeout-seconds";

  private static final int MINIMUM_JAVA = 24;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CatalogEndpoint catalog;
  private final S3Endpoint s3;
  private Path directory;
  private ChildJvm child;
  private URI uri;

  /** A server whose {@value #CATALOG} catalog is {@code catalog}, its files in {@code s3}. */
  public TrinoServer(CatalogEndpoint catalog, S3Endpoint s3) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.s3 = requireNonNull(s3, "s3 is null");
  }

  /** Directory for the server's configuration, data and log; a new temporary one by default. */
  public TrinoServer withDirectory(Path newDirectory) {
    this.directory = requireNonNull(newDirectory, "newDirectory is null");
    return this;
  }

  /** The Java 24+ installation Trino would run on, if this machine has one. */
  public static Optional<Path> javaHome() {
    String configured = System.getProperty(JAVA_HOME_PROPERTY, System.getenv("TRINO_JAVA_HOME"));
    if (configured != null) {
      return Optional.of(Path.of(configured));
    }
    return JavaInstallations.newestAtLeast(MINIMUM_JAVA);
  }

  /** Why no server can start here, for test skip messages. */
  public static String unavailableReason() {
    return String.format(
        "Trino %s needs Java %d+: none found beside %s. Install one (e.g. Temurin 25) and set"
            + " TRINO_JAVA_HOME or -D%s",
        Versions.trino(), MINIMUM_JAVA, System.getProperty("java.home"), JAVA_HOME_PROPERTY);
  }

  /** Maven coordinates of the server distribution this testkit runs. */
  public static String coordinates() {
    return "io.trino:trino-server:tar.gz:" + Versions.trino();
  }

  /**
   * Where the local Maven repository keeps the server's {@code tar.gz} ({@link #coordinates()}):
   * when the file is missing, {@link #start()} first fetches it through Maven (821 MB for Trino
   * 476), so callers that must not download silently check this first.
   */
  public static Path localArchive() {
    String version = Versions.trino();
    return MavenArtifacts.fromEnvironment()
        .localRepository()
        .resolve("io/trino/trino-server/" + version + "/trino-server-" + version + ".tar.gz");
  }

  /**
   * Resolves and unpacks the server if needed, writes its configuration, starts it and waits until
   * it accepts queries.
   *
   * @throws IllegalStateException when no Java 24+ is found or the server does not come up (the
   *     message quotes the end of its log)
   */
  public TrinoServer start() {
    if (child != null) {
      throw new IllegalStateException("Cannot start Trino: already running at " + uri);
    }
    Path java = javaHome().orElseThrow(() -> new IllegalStateException(unavailableReason()));
    try {
      Path dir = directory != null ? directory : Files.createTempDirectory("gridata-trino-");
      Path home = installation();
      int port = FreePorts.pick();
      Path etc = dir.resolve("etc");
      Files.createDirectories(etc.resolve("catalog"));
      Properties config = new Properties();
      config.setProperty("coordinator", "true");
      config.setProperty("node-scheduler.include-coordinator", "true");
      config.setProperty("http-server.http.port", Integer.toString(port));
      config.setProperty("discovery.uri", "http://127.0.0.1:" + port);
      // one node that is its own worker: no other node can fail. Under CPU starvation (a loaded CI
      // machine, Spark in the test JVM) the heartbeat failure detector's pings of this node time
      // out and mark it failed, and queries then fail with "No nodes available to run query" (seen
      // in CI twice after the server had answered queries); Trino's own testing servers disable it
      config.setProperty("failure-detector.enabled", "false");
      // Every catalog on every node: with the default static catalog management the coordinator
      // schedules a catalog's splits only on nodes whose discovery announcement lists that
      // catalog, and the announcement can lag the start by a refresh or two ("No nodes available
      // to run query" on the first table scan in CI, after system.runtime.nodes showed the node
      // active). Dynamic management still loads etc/catalog at start (catalog.store=file).
      config.setProperty("catalog.management", "dynamic");
      config.setProperty("plugin.dir", home.resolve("plugin").toString());
      config.setProperty("http-server.log.enabled", "false");
      config.setProperty("query.max-memory", "1GB");
      config.setProperty("query.max-memory-per-node", "1GB");
      store(config, etc.resolve("config.properties"));
      store(icebergCatalog(), etc.resolve("catalog").resolve(CATALOG + ".properties"));
      List<String> jvmArgs =
          List.of(
              "-Xmx2G",
              "-XX:+UseG1GC",
              "-Djdk.attach.allowAttachSelf=true",
              "-Dnode.environment=test",
              "-Dnode.id=gridata-test",
              "-Dnode.data-dir=" + dir.resolve("data"),
              "-Dconfig=" + etc.resolve("config.properties"),
              "-Dcatalog.config-dir=" + etc.resolve("catalog"),
              "-Dnode.internal-address=127.0.0.1",
              "-Dnode.bind-ip=127.0.0.1",
              "-Dlog.levels-file=" + logLevels(etc));
      URI address = URI.create("http://127.0.0.1:" + port);
      ChildJvm started =
          ChildJvm.start(
              "trino",
              java,
              jvmArgs,
              List.of(home.resolve("lib").toString() + "/*"),
              "io.trino.server.TrinoServer",
              List.of(),
              Map.of(),
              dir.resolve("trino.log"));
      started.awaitReady(
          () -> acceptsQueries(address),
          Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 180)));
      this.child = started;
      this.uri = address;
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Trino: " + e.getMessage(), e);
    }
  }

  /** HTTP address of the coordinator. */
  public URI uri() {
    requireRunning();
    return uri;
  }

  /** JDBC URL with {@value #CATALOG} as the default catalog. */
  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + uri().getPort() + "/" + CATALOG;
  }

  /**
   * A new JDBC connection as user {@code gridata}; the caller closes it. Trino's JDBC driver
   * ({@code io.trino:trino-jdbc}) comes with the testkit (runtime scope).
   */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "gridata");
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /** Stops the child JVM; a no-op when not running. */
  @Override
  public void close() {
    if (child != null) {
      child.close();
      child = null;
    }
  }

  private Properties icebergCatalog() {
    Properties p = new Properties();
    p.setProperty("connector.name", "iceberg");
    p.setProperty("iceberg.catalog.type", "rest");
    p.setProperty("iceberg.rest-catalog.uri", catalog.uri().toString());
    p.setProperty("fs.native-s3.enabled", "true");
    p.setProperty("s3.endpoint", s3.endpoint().toString());
    p.setProperty("s3.region", s3.region());
    p.setProperty("s3.path-style-access", "true");
    p.setProperty("s3.aws-access-key", s3.accessKey());
    p.setProperty("s3.aws-secret-key", s3.secretKey());
    return p;
  }

  private static Path logLevels(Path etc) throws IOException {
    Path levels = etc.resolve("log.properties");
    Files.writeString(levels, "io.trino=WARN\n", StandardCharsets.UTF_8);
    return levels;
  }

  private static void store(Properties properties, Path file) throws IOException {
    try (var out = Files.newOutputStream(file)) {
      properties.store(out, "written by gridata-testkit");
    }
  }

  /**
   * The distribution beside its tar.gz in the local Maven repository: the server's libraries and
   * only the Iceberg plugin (a quarter of the archive; the server starts faster with one plugin).
   */
  private static Path installation() {
    Path archive = MavenArtifacts.fromEnvironment().resolve(coordinates());
    String root = "trino-server-" + Versions.trino();
    return TarGz.unpackOnce(
        archive,
        root,
        root + "-iceberg",
        entry -> !entry.startsWith("plugin/") || entry.startsWith("plugin/iceberg/"));
  }

  /**
   * True once the coordinator answers {@code /v1/info} with {@code "starting": false}, lists its
   * own node as active in {@code system.runtime.nodes} and runs a query in the {@value #CATALOG}
   * catalog. A table scan's splits go to the active nodes the coordinator learned from discovery;
   * right after start that set can still be empty ("No nodes available to run query", seen in CI on
   * the first scan after the catalog query had succeeded: catalog metadata queries run on the
   * coordinator without a node assignment).
   */
  private static boolean acceptsQueries(URI address) {
    try {
      JsonNode info = JSON.readTree(request(address.resolve("/v1/info"), null));
      if (info.path("starting").asBoolean(true)) {
        return false;
      }
      Optional<JsonNode> active =
          firstRow(address, "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'");
      return active.isPresent()
          && active.get().path(0).asLong(0) > 0
          && firstRow(address, "SELECT count(*) FROM " + CATALOG + ".information_schema.schemata")
              .isPresent();
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The first row of {@code statement}'s result, empty when the query failed. */
  private static Optional<JsonNode> firstRow(URI address, String statement) throws IOException {
    JsonNode page = JSON.readTree(request(address.resolve("/v1/statement"), statement));
    JsonNode first = null;
    while (true) {
      if (page.has("error")) {
        return Optional.empty();
      }
      if (first == null && page.path("data").size() > 0) {
        first = page.get("data").get(0);
      }
      if (!page.hasNonNull("nextUri")) {
        return Optional.ofNullable(first);
      }
      page = JSON.readTree(request(URI.create(page.get("nextUri").asText()), null));
    }
  }

  /** GET {@code uri}, or POST {@code statement} to it as user gridata; the response body. */
  private static String request(URI uri, String statement) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(500);
    connection.setReadTimeout(5000);
    connection.setRequestProperty("X-Trino-User", "gridata");
    try {
      if (statement != null) {
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(statement.getBytes(StandardCharsets.UTF_8));
        }
      }
      try (InputStream in = connection.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      connection.disconnect();
    }
  }

  private void requireRunning() {
    if (child == null) {
      throw new IllegalStateException("Trino is not running: call start() first");
    }
  }
}
