package io.gridata.samples.cli;

import io.gridata.core.NotFoundException;
import io.gridata.core.table.SnapshotInfo;
import io.gridata.core.table.TableOps;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gridata snapshots TABLE}: the history of a branch of an Iceberg table, newest first, with
 * the Gridata run that wrote each snapshot. Reads the catalog through Iceberg's Java API (no
 * Spark). Exit codes: 0 done (a table nothing was published to yet lists 0 snapshots and says so),
 * 2 usage error or no such table or branch (the message alone, without the usage text), 1 any other
 * failure.
 */
@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description =
        "List a table's snapshots (newest first) with operation, run id and record counts.")
final class SnapshotsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TableCommands target;

  @Option(
      names = "--branch",
      defaultValue = "main",
      description = "Branch (default: ${DEFAULT-VALUE}).")
  String branch;

  @Override
  public Integer call() throws IOException {
    try (TableCommands.Opened opened = target.open()) {
      Table iceberg = opened.table();
      List<SnapshotInfo> history;
      PrintWriter out = spec.commandLine().getOut();
      if (SnapshotRef.MAIN_BRANCH.equals(branch) && iceberg.currentSnapshot() == null) {
        out.printf(
            "%s, branch main: 0 snapshot(s): nothing published yet (the table exists, but no run"
                + " has published to it: a refused or failed run leaves main without a"
                + " snapshot)%n",
            target.table);
        out.flush();
        return 0;
      }
      try {
        history = TableOps.create().snapshots(iceberg, branch);
      } catch (NotFoundException e) {
        throw new InputError(spec.commandLine(), target.table + ": " + e.getMessage());
      }
      out.printf(
          "%s, branch %s: %d snapshot(s), newest first%n", target.table, branch, history.size());
      out.printf(
          "%-20s  %-24s  %-10s  %-28s  %10s  %12s%n",
          "snapshot", "committed", "operation", "run id", "added", "total");
      for (SnapshotInfo s : history) {
        out.printf(
            "%-20d  %-24s  %-10s  %-28s  %10d  %12s%n",
            s.snapshotId(),
            s.committedAt(),
            s.operation() == null ? "-" : s.operation(),
            s.runId() == null ? "-" : s.runId(),
            s.addedRecords(),
            s.totalRecords() < 0 ? "-" : Long.toString(s.totalRecords()));
      }
      out.flush();
      return 0;
    }
  }
}
