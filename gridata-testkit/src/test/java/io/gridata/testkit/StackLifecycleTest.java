package io.gridata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridata.testkit.internal.MavenArtifacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stack hygiene: repeated start/stop leaks nothing, and the S3 child JVM dies with its parent.
 * Tagged {@code integration}: it starts and kills several s3proxy child JVMs (about 5 minutes on
 * the 2-core CI machines); every other stack-backed test starts and closes the same stack.
 */
@Tag("integration")
class StackLifecycleTest {

  @Test
  void repeatedStartAndStopLeavesNoChildProcessThreadOrPort(@TempDir Path dir) throws Exception {
    // one warm-up round so lazily created JVM-wide threads (e.g. SDK daemons) are in the baseline
    try (LakehouseStack warmUp = LakehouseStack.start(Backend.LOCAL, dir.resolve("warm"))) {
      warmUp.s3().createBucket("warm");
    }
    Set<String> baselineThreads = liveThreadNames();
    long baselineChildren = ProcessHandle.current().children().count();

    for (int round = 0; round < 2; round++) {
      URI s3;
      URI catalog;
      try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("r" + round))) {
        s3 = stack.s3().endpoint();
        catalog = stack.catalog().uri();
        assertThat(ProcessHandle.current().children().count()).isEqualTo(baselineChildren + 1);
        assertThat(listening(s3)).isTrue();
        assertThat(listening(catalog)).isTrue();
      }
      assertThat(ProcessHandle.current().children().count()).isEqualTo(baselineChildren);
      assertThat(listening(s3)).isFalse();
      assertThat(listening(catalog)).isFalse();
    }
    assertThat(awaitThreadsBackTo(baselineThreads, Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  void s3ServerDiesWithItsParentEvenOnKillDashNine(@TempDir Path dir) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process parent =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                // the probe resolves the S3 server from the same local repository
                "-Dmaven.repo.local=" + MavenArtifacts.fromEnvironment().localRepository(),
                OrphanProbe.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    long childPid;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      String pidLine = null;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("s3proxy-pid=")) {
          pidLine = line;
          break;
        }
      }
      assertThat(pidLine).as("probe output").isNotNull();
      childPid = Long.parseLong(pidLine.substring("s3proxy-pid=".length()));
      assertThat(ProcessHandle.of(childPid)).get().matches(ProcessHandle::isAlive);

      parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      parent.waitFor(100, TimeUnit.MILLISECONDS);
    }
    assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false))
        .as("s3proxy child %d still alive after its parent was killed", childPid)
        .isFalse();
  }

  private static boolean listening(URI uri) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static Set<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(t -> t.getName().replaceAll("\\d+", "#"))
        .collect(Collectors.toSet());
  }

  private static Set<String> awaitThreadsBackTo(Set<String> baseline, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> extra;
    do {
      extra = liveThreadNames();
      extra.removeAll(baseline);
      if (extra.isEmpty()) {
        return extra;
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(100);
    } while (System.nanoTime() < deadline);
    return extra;
  }

  /** Runs in a separate JVM: starts an S3 server, prints its pid, then waits to be killed. */
  static final class OrphanProbe {
    public static void main(String[] args) throws Exception {
      S3ProxyServer server =
          new S3ProxyServer().withDataDirectory(Paths.get(args[0], "probe")).start();
      System.out.println("s3proxy-pid=" + server.pid());
      System.out.flush();
      Thread.currentThread().join();
    }

    private OrphanProbe() {}
  }
}
