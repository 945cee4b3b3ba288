package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.ingest.StagingAttempt;
import io.gridata.core.ingest.StagingBranches;
import io.gridata.core.retry.RetryPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gridata branches list|clean TABLE}: the staging branches ({@code gridata-run-*}) of a
 * table, and dropping those of dead attempts (the rule of gridata-iceberg's {@link
 * StagingBranches}: on this host, an attempt whose process is gone; from another host, one older
 * than {@code --older-than}). Every ingest run does the same before it stages; the command is for
 * an operator who does not want to wait for the next run. Without Spark. Exit codes: 0 done, 2
 * usage error or no such table, 1 any other failure.
 */
@Command(
    name = "branches",
    mixinStandardHelpOptions = true,
    description = "List a table's staging branches, or drop those of dead attempts.",
    subcommands = {BranchesCommand.ListBranches.class, BranchesCommand.Clean.class})
final class BranchesCommand {

  /** {@code --older-than}, shared by both subcommands. */
  static final class Age {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
        names = "--older-than",
        paramLabel = "DURATION",
        description =
            "Attempts of other hosts (and branches without an attempt in their name) count as"
                + " dead after this long: 6h, 90m, PT6H (default: 6h). Attempts of this host are"
                + " dead when their process is gone.")
    String olderThan;

    Duration resolve() {
      if (olderThan == null) {
        return StagingAttempt.DEFAULT_MAX_AGE;
      }
      try {
        Duration age = RetryPolicy.parseDuration("--older-than", olderThan);
        if (age.isNegative()) {
          throw TableCommands.usage(spec, "--older-than must not be negative: " + olderThan);
        }
        return age;
      } catch (InvalidInputException e) {
        throw TableCommands.usage(spec, e.getMessage());
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the staging branches with their attempt and whether it is dead.")
  static final class ListBranches implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TableCommands target;
    @Mixin Age age;

    @Override
    public Integer call() throws IOException {
      Duration maxAge = age.resolve();
      try (TableCommands.Opened opened = target.open()) {
        List<StagingBranches.Branch> branches =
            StagingBranches.list(opened.table(), Instant.now(), maxAge);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %d staging branch(es)%n", target.table, branches.size());
        for (StagingBranches.Branch branch : branches) {
          out.printf(
              "%-5s  %s  %s%n",
              branch.dead() ? "dead" : "live",
              branch.name(),
              branch
                  .attempt()
                  .map(a -> "run " + a.runId() + ", started " + a.startedAt() + ", pid " + a.pid())
                  .orElse("head committed " + branch.headCommittedAt()));
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(
      name = "clean",
      mixinStandardHelpOptions = true,
      description = "Drop the staging branches of dead attempts; main is not touched.")
  static final class Clean implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TableCommands target;
    @Mixin Age age;

    @Override
    public Integer call() throws IOException {
      Duration maxAge = age.resolve();
      try (TableCommands.Opened opened = target.open()) {
        List<String> dropped = StagingBranches.dropDead(opened.table(), Instant.now(), maxAge);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            "%s: dropped %d staging branch(es) of dead attempts%n", target.table, dropped.size());
        dropped.forEach(name -> out.println("dropped " + name));
        out.flush();
        return 0;
      }
    }
  }
}
