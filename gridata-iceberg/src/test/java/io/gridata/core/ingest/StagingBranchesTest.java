package io.gridata.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.run.RunId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Which staging branches belong to dead attempts, on Iceberg's in-memory catalog. */
class StagingBranchesTest {
  private static final Duration MAX_AGE = Duration.ofHours(6);

  @Test
  void anAttemptNamesItsBranchAndIsReadBackFromIt() {
    StagingAttempt attempt = StagingAttempt.start(RunId.of("orders.2026-11-02"));

    assertThat(attempt.branch()).startsWith("gridata-run-orders.2026-11-02.");
    assertThat(StagingAttempt.ofBranch(attempt.branch())).contains(attempt);
    assertThat(StagingAttempt.start(RunId.of("orders.2026-11-02")).branch())
        .as("two attempts of one run in one process")
        .isNotEqualTo(attempt.branch());
    assertThat(StagingAttempt.ofBranch("gridata-run-orders-2026-11-02")).isEmpty();
    assertThat(StagingAttempt.ofBranch("gridata-run-a`b c.20261102t000000z.abcdef.1.0001"))
        .as("a branch of that shape whose run id part is not a run id")
        .isEmpty();
    assertThatThrownBy(
            () -> new StagingAttempt("a`b c", attempt.startedAt(), attempt.host(), 1, "0001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid run id 'a`b c'");
  }

  @Test
  void deadAttemptsAreDroppedLiveOnesAndOtherBranchesKept() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String here = StagingAttempt.start(RunId.of("probe")).host();
    StagingAttempt live = StagingAttempt.start(RunId.of("orders-daily"));
    StagingAttempt killed = new StagingAttempt("orders-daily", now, here, exitedPid(), "0001");
    StagingAttempt otherHostOld =
        new StagingAttempt("orders-daily", now.minus(Duration.ofHours(7)), "ffffff", 1, "0002");
    StagingAttempt otherHostRecent =
        new StagingAttempt("orders-daily", now.minus(Duration.ofHours(1)), "ffffff", 1, "0003");
    try (InMemoryCatalog catalog = new InMemoryCatalog()) {
      catalog.initialize("test", Map.of());
      catalog.createNamespace(Namespace.of("ns"));
      Table table =
          catalog.createTable(
              TableIdentifier.of("ns", "orders"),
              new Schema(Types.NestedField.required(1, "id", Types.LongType.get())),
              PartitionSpec.unpartitioned());
      table.newAppend().commit();
      long main = table.currentSnapshot().snapshotId();
      for (String branch :
          new String[] {
            live.branch(),
            killed.branch(),
            otherHostOld.branch(),
            otherHostRecent.branch(),
            "gridata-run-legacy",
            "audit"
          }) {
        table.manageSnapshots().createBranch(branch, main).commit();
      }

      assertThat(StagingBranches.list(table, now, MAX_AGE))
          .filteredOn(StagingBranches.Branch::dead)
          .extracting(StagingBranches.Branch::name)
          .containsExactlyInAnyOrder(killed.branch(), otherHostOld.branch());
      assertThat(StagingBranches.dropDead(table, now, MAX_AGE))
          .containsExactlyInAnyOrder(killed.branch(), otherHostOld.branch());

      table.refresh();
      assertThat(table.refs().keySet())
          .containsExactlyInAnyOrder(
              "main", live.branch(), otherHostRecent.branch(), "gridata-run-legacy", "audit");
      // a branch without an attempt in its name goes by its head's age
      assertThat(StagingBranches.dropDead(table, now.plus(Duration.ofHours(7)), MAX_AGE))
          .containsExactlyInAnyOrder("gridata-run-legacy", otherHostRecent.branch());
    }
  }

  /** The pid of a process that has exited. */
  private static long exitedPid() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.pid();
  }
}
