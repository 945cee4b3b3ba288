package io.gridata.testkit;

import static java.util.Objects.requireNonNull;

import io.gridata.testkit.internal.ChildJvm;
import io.gridata.testkit.internal.FreePorts;
import io.gridata.testkit.internal.ParentWatchdog;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>With {@link #withSparkJars} the cluster is a plain Spark distribution instead: master, workers
 * and executors run from exactly those jars, executors get nothing of this JVM's class path, and an
 * application reaches them only the way {@code spark-submit} ships it ({@link #submit}: the
 * application jar, {@code --jars}).
 */
public final class SparkCluster implements AutoCloseable {
  /** System property: seconds to wait for the master and its workers (default 120). */
  public static final String START_TIMEOUT_PROPERTY = "gridata.spark-cluster.start-timeout-seconds";

  private final int workers;
  private int coresPerWorker = 1;
  private String memoryPerWorker = "1g";
  private Path directory;
  private List<Path> sparkJars;
  private Path home;
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

  /**
   * Runs the cluster from exactly {@code jars} (a Spark distribution's {@code jars/}, e.g. {@code
   * spark-sql} and its dependencies resolved through Maven) instead of this JVM's class path:
   * executors then see only Spark's jars and what an application ships ({@link #submit}), and
   * {@link #driverConf} no longer hands them this JVM's class path.
   */
  public SparkCluster withSparkJars(List<Path> jars) {
    requireNonNull(jars, "jars is null");
    if (jars.isEmpty()) {
      throw new IllegalArgumentException("Cannot run a Spark cluster from no jars");
    }
    this.sparkJars = List.copyOf(jars);
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
      List<String> classPath = sparkClassPath();
      Path home = sparkHome(dir.resolve("spark-home"), classPath);
      this.home = home;
      Map<String, String> env = new LinkedHashMap<>();
      env.put("SPARK_HOME", home.toString());
      env.put("SPARK_SCALA_VERSION", scalaVersion(classPath));
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
   * The cluster's {@code SPARK_HOME}: an empty {@code RELEASE} and {@code jars/} holding links to
   * the jars the cluster runs from.
   */
  public Path sparkHome() {
    requireRunning();
    return home;
  }

  /**
   * Settings a driver in this JVM needs for the cluster: driver bound to loopback, executors with
   * the JVM flags Spark needs on Java 17, one core each, and (unless {@link #withSparkJars}) this
   * JVM's class path.
   */
  public Map<String, String> driverConf() {
    requireRunning();
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    if (sparkJars == null) {
      conf.put("spark.executor.extraClassPath", String.join(File.pathSeparator, classPath()));
    }
    conf.put("spark.executor.extraJavaOptions", String.join(" ", jvmFlags()));
    conf.put("spark.executor.cores", Integer.toString(coresPerWorker));
    conf.put("spark.executor.memory", "512m");
    conf.put("spark.ui.enabled", "false");
    return conf;
  }

  /**
   * Runs {@code spark-submit} against this cluster in a child JVM, as a Spark distribution's {@code
   * bin/spark-submit} would: {@code org.apache.spark.deploy.SparkSubmit} with only the cluster's
   * Spark jars on its class path (nothing of this JVM's, not even the testkit), the {@code
   * --add-opens} flags Spark's launcher adds, {@code SPARK_HOME} and {@code
   * SPARK_LOCAL_IP=127.0.0.1}. {@code arguments} are spark-submit's ({@code --master} is added
   * first); output goes to {@code log}. The child dies on {@link Submission#close()}, with this
   * JVM, and when this JVM is killed.
   */
  public Submission submit(List<String> arguments, Path log) {
    requireRunning();
    requireNonNull(arguments, "arguments is null");
    requireNonNull(log, "log is null");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags());
    command.add("-Xmx768m");
    command.add("-cp");
    List<String> entries = new ArrayList<>(sparkClassPath());
    entries.add(watchdogOnly(home.getParent().resolve("watchdog")).toString());
    command.add(String.join(File.pathSeparator, entries));
    command.add(ParentWatchdog.class.getName());
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.add("--master");
    command.add(masterUrl);
    command.addAll(arguments);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .directory(log.toAbsolutePath().getParent().toFile());
      builder.environment().put("SPARK_HOME", home.toString());
      builder.environment().put("SPARK_SCALA_VERSION", scalaVersion(sparkClassPath()));
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      return new Submission(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start spark-submit against " + masterUrl + ": " + e.getMessage(), e);
    }
  }

  /** A {@code spark-submit} child JVM started by {@link #submit}. */
  public static final class Submission implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private Submission(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.shutdownHook = new Thread(process::destroyForcibly, "gridata-stop-spark-submit");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Waits for spark-submit to exit and returns its exit code (the application's).
     *
     * @throws IllegalStateException when it still runs after {@code timeout} (it is then stopped),
     *     quoting the end of its log
     */
    public int awaitExit(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          close();
          throw new IllegalStateException(
              String.format(
                  "Cannot finish spark-submit: still running after %s, stopped. Log (%s):%n%s",
                  timeout, log, logTail()));
        }
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for spark-submit", e);
      }
    }

    /** The file holding spark-submit's output (the driver's, in client mode). */
    public Path log() {
      return log;
    }

    /** The whole log, for assertions and messages. */
    public String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(log unreadable: " + e.getMessage() + ")";
      }
    }

    private String logTail() {
      String[] lines = output().split("\\R");
      return String.join(
          System.lineSeparator(),
          Arrays.asList(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }

    /** Stops spark-submit if it still runs. */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: nothing left to remove
      }
    }
  }

  /**
   * A class directory holding only the testkit's {@link ParentWatchdog} (it uses the JDK alone), so
   * a spark-submit child dies with this JVM without the testkit's other classes on its class path.
   */
  private static Path watchdogOnly(Path dir) {
    String resource = ParentWatchdog.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve(resource);
    try (InputStream in = ParentWatchdog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find " + resource + " on the testkit's class path");
      }
      Files.createDirectories(target.getParent());
      Files.write(target, in.readAllBytes());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the watchdog class to " + dir, e);
    }
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

  private static final Pattern SPARK_CORE_JAR =
      Pattern.compile("spark-core_(\\d+\\.\\d+)-.*\\.jar");

  /**
   * The Scala binary version of the Spark jars on {@code classPath} (from {@code
   * spark-core_2.12-3.5.8.jar}, {@code spark-core_2.13-4.1.3.jar}, ...), for {@code
   * SPARK_SCALA_VERSION}: Spark's launcher requires it whenever it builds a command (the worker,
   * for each executor), even with a {@code RELEASE} file, where it then reads {@code jars/}
   * whatever the value; it says 2.12 for a Spark 3.5 cluster. 2.13 when no spark-core jar is named
   * that way.
   */
  static String scalaVersion(List<String> classPath) {
    for (String entry : classPath) {
      Matcher matcher = SPARK_CORE_JAR.matcher(Paths.get(entry).getFileName().toString());
      if (matcher.matches()) {
        return matcher.group(1);
      }
    }
    return "2.13";
  }

  /** The jars the cluster runs from: {@link #withSparkJars}, else this JVM's class path. */
  private List<String> sparkClassPath() {
    return sparkJars == null ? classPath() : sparkJars.stream().map(Path::toString).toList();
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
