package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import io.gridata.core.table.RollbackResult;
import io.gridata.core.table.StaleRefException;
import io.gridata.core.table.TableOps;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gridata rollback TABLE --to SNAPSHOT_ID}: moves {@code main} back to an earlier snapshot
 * of its own history, only if {@code main} still points where it was seen (gridata-iceberg's safe
 * rollback): a writer's commit that lands meanwhile is never detached. Exit codes: 0 done, 2 usage
 * error (no such table or snapshot, not an ancestor), 1 {@code main} moved meanwhile (nothing
 * changed) or any other failure.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Move main back to an earlier snapshot of its history, refusing if main moved meanwhile.")
final class RollbackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TableCommands target;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "SNAPSHOT_ID",
      description = "Target snapshot.")
  long to;

  @Option(
      names = "--expect",
      paramLabel = "SNAPSHOT_ID",
      description =
          "Where main must point for the rollback to go ahead (default: where it points when the"
              + " table is loaded); take it from `gridata snapshots`.")
  Long expect;

  @Override
  public Integer call() throws IOException {
    try (TableCommands.Opened opened = target.open()) {
      Table iceberg = opened.table();
      Snapshot current = iceberg.currentSnapshot();
      if (current == null) {
        throw TableCommands.usage(
            spec, target.table + " has no snapshot on main: nothing to roll back");
      }
      long expected = expect != null ? expect : current.snapshotId();
      RollbackResult result;
      try {
        result = TableOps.create().rollback(iceberg, expected, to);
      } catch (NotFoundException | InvalidInputException e) {
        throw TableCommands.usage(spec, "--to " + to + ": " + e.getMessage());
      } catch (StaleRefException e) {
        spec.commandLine()
            .getErr()
            .printf("%s: nothing changed: %s%n", target.table, e.getMessage());
        return 1;
      }
      spec.commandLine()
          .getOut()
          .printf(
              "%s: main moved from %d to %d; detached (kept until expired): %s%n",
              target.table,
              result.fromSnapshotId(),
              result.toSnapshotId(),
              result.detachedSnapshotIds());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
