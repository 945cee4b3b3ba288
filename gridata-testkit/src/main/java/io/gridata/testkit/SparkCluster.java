package io.gridata.testkit;

import static java.util.Objects.requireNonNull;

import io.gridata.testkit.internal.ChildJvm;
import io.gridata.testkit.internal.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on loopback: a master and {@code workers} workers, each in its own
 * JVM, whose executors run in JVMs of their own, all from the Spark jars on this JVM's class path
 * (no Spark download). Every JVM it starts dies with it, and with this JVM even on {@code kill -9}.
 *
 * <pre>{@code
 * try (SparkCluster cluster = new SparkCluster(2).start()) {
 *   SparkSession.Builder builder = SparkSession.builder().master(cluster.masterUrl());
 *   cluster.driverConf().forEach(builder::config);      // loopback, class path, JVM flags
 *   SparkSession spark = builder.getOrCreate();
 * }
 * }</pre>
 *
 * <p>Executors get this JVM's class path ({@code spark.executor.extraClassPath}), so the classes
 * under test, Gridata's included, reach them without packaging: what a cluster adds is the process
 * boundary (serialization, driver-local state and paths).
 */
public final class SparkCluster implements AutoCloseable {
  /** System property: seconds to wait for the master and its workers (default 120). */
  public static final String START_TIMEOUT_PROPERTY = "gridata.spark-cluster.start-timeout-seconds";

  private final int workers;
  private int coresPerWorker = 1;
  private String memoryPerWorker = "1g";
  private Path directory;
  private final List<ChildJvm> children = new ArrayList<>();
  private String masterUrl;
  private URI masterUi;

  /** A cluster of {@code workers} workers (one core, 1 GiB each by default). */
  public SparkCluster(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("Cannot build a Spark cluster of " + workers + " workers");
    }
    this.workers = workers;
  }

  /** Cores and memory (e.g. {@code 1g}) each worker offers its executors. */
  public SparkCluster withWorkerResources(int cores, String memory) {
    this.coresPerWorker = cores;
    this.memoryPerWorker = requireNonNull(memory, "memory is null");
    return this;
  }

  /** Directory for logs, the Spark home and the workers' work dirs; a temporary one by default. */
  public SparkCluster withDirectory(Path value) {
    this.directory = requireNonNull(value, "value is null");
    return this;
  }

  /** Starts the master, then the workers, and waits until every worker registered. */
  public SparkCluster start() {
    if (masterUrl != null) {
      throw new IllegalStateException(
          "Cannot start Spark cluster: already running at " + masterUrl);
    }
    try {
      Path dir = directory != null ? directory : Files.createTempDirectory("gridata-spark-");
      List<String> classPath = classPath();
      Path home = sparkHome(dir.resolve("spark-home"), classPath);
      Map<String, String> env = new LinkedHashMap<>();
      env.put("SPARK_HOME", home.toString());
      env.put("SPARK_SCALA_VERSION", "2.13");
      env.put("SPARK_LOCAL_IP", "127.0.0.1");
      List<String> jvm = new ArrayList<>(jvmFlags());
      jvm.add("-Xmx512m");
      int port = FreePorts.pick();
      int ui = FreePorts.pick();
      Duration timeout = Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 120));
      ChildJvm master =
          start(
              "spark-master",
              jvm,
              classPath,
              "org.apache.spark.deploy.master.Master",
              List.of("--host", "127.0.0.1", "--port", "" + port, "--webui-port", "" + ui),
              env,
              dir.resolve("master").resolve("master.log"));
      URI masterUi = URI.create("http://127.0.0.1:" + ui + "/json/");
      master.awaitReady(() -> aliveWorkers(masterUi) >= 0, timeout);
      String url = "spark://127.0.0.1:" + port;
      for (int i = 0; i < workers; i++) {
        Path workDir = dir.resolve("worker-" + i);
        start(
            "spark-worker-" + i,
            jvm,
            classPath,
            "org.apache.spark.deploy.worker.Worker",
            List.of(
                "--host",
                "127.0.0.1",
                "--cores",
                "" + coresPerWorker,
                "--memory",
                memoryPerWorker,
                "--webui-port",
                "" + FreePorts.pick(),
                "--work-dir",
                workDir.resolve("work").toString(),
                url),
            env,
            workDir.resolve("worker.log"));
      }
      master.awaitReady(() -> aliveWorkers(masterUi) >= workers, timeout);
      this.masterUrl = url;
      this.masterUi = masterUi;
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Cannot start Spark cluster: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    requireRunning();
    return masterUrl;
  }

  /** Workers the master counts as alive. */
  public int aliveWorkers() {
    requireRunning();
    return aliveWorkers(masterUi);
  }

  /**
   * Settings a driver in this JVM needs for the cluster: driver bound to loopback, executors with
   * this JVM's class path and the JVM flags Spark needs on Java 17, one core each.
   */
  public Map<String, String> driverConf() {
    requireRunning();
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.executor.extraClassPath", String.join(File.pathSeparator, classPath()));
    conf.put("spark.executor.extraJavaOptions", String.join(" ", jvmFlags()));
    conf.put("spark.executor.cores", Integer.toString(coresPerWorker));
    conf.put("spark.executor.memory", "512m");
    conf.put("spark.ui.enabled", "false");
    return conf;
  }

  /** Stops every JVM the cluster started (executors die with their worker). */
  @Override
  public void close() {
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).close();
    }
    children.clear();
    masterUrl = null;
  }

  private ChildJvm start(
      String name,
      List<String> jvm,
      List<String> classPath,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path log) {
    ChildJvm child =
        ChildJvm.start(
            name,
            Paths.get(System.getProperty("java.home")),
            jvm,
            classPath,
            mainClass,
            args,
            env,
            log);
    children.add(child);
    return child;
  }

  /**
   * The worker builds each executor's command from {@code SPARK_HOME}: a directory with an empty
   * {@code RELEASE} and {@code jars/} holding links to the jars of the class path.
   */
  private static Path sparkHome(Path home, List<String> classPath) throws IOException {
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    Files.writeString(home.resolve("RELEASE"), "");
    Set<String> names = new LinkedHashSet<>();
    for (String entry : classPath) {
      Path path = Paths.get(entry);
      String name = path.getFileName().toString();
      if (name.endsWith(".jar") && Files.isRegularFile(path) && names.add(name)) {
        Files.createSymbolicLink(jars.resolve(name), path);
      }
    }
    return home;
  }

  /** This JVM's class path, with a manifest-only jar (Surefire's booter) expanded. */
  static List<String> classPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      entries.add(entry);
      if (entry.endsWith(".jar")
          && Paths.get(entry).getFileName().toString().startsWith("surefire")) {
        entries.addAll(manifestClassPath(Paths.get(entry)));
      }
    }
    return entries;
  }

  private static List<String> manifestClassPath(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String listed = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      List<String> entries = new ArrayList<>();
      if (listed != null) {
        for (String item : listed.trim().split("\\s+")) {
          URI uri = jar.toUri().resolve(item);
          entries.add(Paths.get(uri).toString());
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the class path of " + jar, e);
    }
  }

  /** The {@code --add-opens} and related flags this JVM runs with (Spark needs them on Java 17). */
  static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("--add-exports")
          || arg.equals("-XX:+IgnoreUnrecognizedVMOptions")
          || arg.startsWith("-Djdk.reflect.useDirectMethodHandle")) {
        flags.add(arg);
      }
    }
    return flags;
  }

  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  /** Alive workers from the master's JSON status page; -1 while it does not answer. */
  private static int aliveWorkers(URI json) {
    try {
      HttpURLConnection connection = (HttpURLConnection) json.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      try (InputStream in = connection.getInputStream()) {
        Matcher m = ALIVE_WORKERS.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return -1;
    }
  }

  private void requireRunning() {
    if (masterUrl == null) {
      throw new IllegalStateException("Spark cluster is not running: call start() first");
    }
  }
}
