package io.gridata.testkit.internal;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child JVM started from jars plus {@link ParentWatchdog}: output goes to a log file, a readiness
 * probe is awaited, and the process is destroyed on {@link #close()}, on JVM shutdown, and (through
 * the watchdog) when the parent dies without running shutdown hooks.
 */
public final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, "gridata-stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code mainClass} from {@code jar} in a new JVM.
   *
   * @param name a short name for logs and messages
   * @param jar the jar holding the main class and its dependencies
   * @param mainClass the class whose main method to run
   * @param args arguments of that main method
   * @param log file that receives the child's stdout and stderr
   * @return the running child
   */
  public static ChildJvm start(
      String name, Path jar, String mainClass, List<String> args, Path log) {
    requireNonNull(jar, "jar is null");
    return start(name, List.of(jar), "512m", mainClass, args, log);
  }

  /**
   * Starts {@code mainClass} from {@code classpath} in a new JVM with at most {@code maxHeap}.
   *
   * @param name a short name for logs and messages
   * @param classpath the jars holding the main class and its dependencies
   * @param maxHeap the child's {@code -Xmx}, e.g. {@code 512m}
   * @param mainClass the class whose main method to run
   * @param args arguments of that main method
   * @param log file that receives the child's stdout and stderr
   * @return the running child
   */
  public static ChildJvm start(
      String name,
      List<Path> classpath,
      String maxHeap,
      String mainClass,
      List<String> args,
      Path log) {
    requireNonNull(maxHeap, "maxHeap is null");
    return start(name, classpath, List.of("-Xmx" + maxHeap), mainClass, args, log);
  }

  /**
   * Starts {@code mainClass} from {@code classpath} in a new JVM with {@code jvmArgs} (e.g. a heap
   * size and the {@code --add-opens} flags a Spark driver needs) before the testkit's own.
   *
   * @param name a short name for logs and messages
   * @param classpath the jars and directories holding the main class and its dependencies
   * @param jvmArgs options of the child JVM
   * @param mainClass the class whose main method to run
   * @param args arguments of that main method
   * @param log file that receives the child's stdout and stderr
   * @return the running child
   */
  public static ChildJvm start(
      String name,
      List<Path> classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Path log) {
    requireNonNull(classpath, "classpath is null");
    requireNonNull(jvmArgs, "jvmArgs is null");
    List<String> options = new ArrayList<>(jvmArgs);
    options.add("-XX:+UseSerialGC");
    options.add("-XX:TieredStopAtLevel=1");
    // A short-lived helper: no perf-data sampling, no periodic safepoints or monitor deflation,
    // no bytecode verification of the (checksummed, Maven-resolved) server jars.
    options.add("-XX:-UsePerfData");
    options.add("-XX:+UnlockDiagnosticVMOptions");
    options.add("-XX:-BytecodeVerificationRemote");
    options.add("-XX:GuaranteedSafepointInterval=0");
    options.add("-XX:AsyncDeflationInterval=10000");
    return start(
        name,
        Paths.get(System.getProperty("java.home")),
        options,
        classpath.stream().map(Path::toString).toList(),
        mainClass,
        args,
        Map.of(),
        log);
  }

  /**
   * Starts {@code mainClass} in a new JVM of the Java installed at {@code javaHome}, with exactly
   * {@code jvmArgs} (no helper tuning).
   *
   * @param name a short name for logs and messages
   * @param javaHome the Java installation to run
   * @param jvmArgs options before the class path (heap, system properties, ...)
   * @param classPath class path entries (files, directories or {@code dir/*} wildcards)
   * @param mainClass the class whose main method to run
   * @param args arguments of that main method
   * @param environment variables added to this JVM's environment
   * @param log file that receives the child's stdout and stderr; its directory is the child's
   *     working directory
   * @return the running child
   */
  public static ChildJvm start(
      String name,
      Path javaHome,
      List<String> jvmArgs,
      List<String> classPath,
      String mainClass,
      List<String> args,
      Map<String, String> environment,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    List<String> entries = new ArrayList<>(classPath);
    entries.add(watchdogClasspath());
    command.add(String.join(File.pathSeparator, entries));
    command.add(ParentWatchdog.class.getName());
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              // files a server writes relative to its working directory stay beside its log
              .directory(log.getParent().toFile());
      builder.environment().putAll(environment);
      return new ChildJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + " child JVM: " + command, e);
    }
  }

  /**
   * Waits until {@code ready} answers true, the child dies, or {@code timeout} passes.
   *
   * @throws IllegalStateException naming the child and quoting the end of its log on failure
   */
  public void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            String.format(
                "Cannot start %s: child JVM exited with code %d. Log (%s):%n%s",
                name, process.exitValue(), log, logTail()));
      }
      if (ready.getAsBoolean()) {
        return;
      }
      try {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + name, e);
      }
    }
    close();
    throw new IllegalStateException(
        String.format(
            "Cannot start %s: not ready after %s. Log (%s):%n%s", name, timeout, log, logTail()));
  }

  /** True while the child process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the child at once ({@code SIGKILL}): no shutdown hook, no flush, no cleanup. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits up to {@code timeout} for the child to exit by itself.
   *
   * @return its exit code, or empty if it still runs
   */
  public OptionalInt awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          ? OptionalInt.of(process.exitValue())
          : OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** Process id of the child, for diagnostics. */
  public long pid() {
    return process.pid();
  }

  /** The file holding the child's output. */
  public Path log() {
    return log;
  }

  /** The last lines of the child's log, for error messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops the child and waits for it to exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
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

  private static String watchdogClasspath() {
    try {
      return Paths.get(
              ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the testkit classes for the child JVM", e);
    }
  }
}
