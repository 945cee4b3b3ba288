package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import io.gridata.core.rawzone.AuditRecord;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RejectedFile;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gridata rejected list|replay|discard}: the files validation moved to raw/rejected/. */
@Command(
    name = "rejected",
    mixinStandardHelpOptions = true,
    description = "List, replay or discard the rejected files of one day of one dataset.",
    subcommands = {
      RejectedCommand.ListRejected.class,
      RejectedCommand.Replay.class,
      RejectedCommand.Discard.class
    })
final class RejectedCommand {
  private RejectedCommand() {}

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print each rejected file with its size, run, time and reason.")
  static final class ListRejected implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RawZoneOptions zone;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RawPartition partition = zone.partition();
      try (RawZone raw = zone.open()) {
        List<RejectedFile> files = raw.listRejected(partition);
        out.printf("%d rejected file(s) in %s%n", files.size(), partition.rejectedPrefix());
        for (RejectedFile file : files) {
          out.printf(
              "  %s  %d bytes  rejected %s by run %s: %s%n",
              file.key().fileName(),
              file.size(),
              file.manifest().rejectedAt(),
              file.manifest().runId(),
              file.manifest().reason());
        }
      }
      out.flush();
      return 0;
    }
  }

  /** Options of the two operator actions: which file, and why (kept in the audit record). */
  static final class Action {
    @Option(
        names = "--file",
        required = true,
        paramLabel = "NAME",
        description = "File name as listed, e.g. orders-partner.csv.")
    String file;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why, for the audit record (e.g. \"partner re-sent a fixed file\").")
    String reason;

    /**
     * Runs {@code action}; a bad file name, no such rejected file, or a file already back in place
     * is a usage error that names {@code --file}.
     */
    AuditRecord run(CommandSpec spec, Supplier<AuditRecord> action) {
      try {
        return action.get();
      } catch (InvalidInputException | NotFoundException e) {
        throw new ParameterException(spec.commandLine(), "--file " + file + ": " + e.getMessage());
      }
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Move a rejected file back to its original place, to be validated again by the next"
              + " run; the manifest goes into an audit record.")
  static final class Replay implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RawZoneOptions zone;
    @Mixin Action action;

    @Override
    public Integer call() {
      try (RawZone raw = zone.open()) {
        AuditRecord record =
            action.run(spec, () -> raw.replay(zone.partition().file(action.file), action.reason));
        return printed(spec, "replayed", record);
      }
    }
  }

  @Command(
      name = "discard",
      mixinStandardHelpOptions = true,
      description =
          "Delete a rejected file and its manifest after writing an audit record that keeps the"
              + " manifest, size and checksum.")
  static final class Discard implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RawZoneOptions zone;
    @Mixin Action action;

    @Override
    public Integer call() {
      try (RawZone raw = zone.open()) {
        AuditRecord record =
            action.run(spec, () -> raw.discard(zone.partition().file(action.file), action.reason));
        return printed(spec, "discarded", record);
      }
    }
  }

  private static int printed(CommandSpec spec, String verb, AuditRecord record) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s %s (audit record %s)%n", verb, record.key().path(), record.path());
    out.flush();
    return 0;
  }
}
