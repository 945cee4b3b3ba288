package io.gridata.samples.cli;

import io.gridata.core.GridataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gridata} command line. Exit codes are a public contract: 0 success, 2 usage or
 * configuration error (the message names the option or input), 3 quality gate failed, 4 every input
 * file rejected, 5 ({@code ingest}) files left for a later run (still being written), 1 any other
 * failure.
 */
@Command(
    name = "gridata",
    mixinStandardHelpOptions = true,
    version = "gridata 0.1.0-SNAPSHOT",
    description = "Lakehouse pipelines on Spark, Iceberg and S3.",
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      Customer360Command.class,
      StreamCommand.class,
      RejectedCommand.class,
      SnapshotsCommand.class,
      RollbackCommand.class,
      BranchesCommand.class,
      ViewsCommand.class,
      SmokeCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GridataCli {
  /** Exit code for a usage or configuration error. */
  public static final int EXIT_USAGE = 2;

  private GridataCli() {}

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args command line arguments
   */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured picocli command line (also used by tests). */
  public static CommandLine newCommandLine() {
    return new CommandLine(new GridataCli())
        .setExitCodeExceptionMapper(e -> 1)
        .setExecutionExceptionHandler(
            (ex, commandLine, parseResult) -> {
              // Gridata's exceptions carry a message written for people; anything else is a bug
              // or an environment failure, so its stack trace is printed too. Both exit 1: input
              // and configuration problems are reported as usage errors (exit 2) by the commands.
              String name = commandLine.getCommandSpec().qualifiedName();
              if (ex instanceof GridataException) {
                commandLine.getErr().println(name + ": " + ex.getMessage());
              } else {
                commandLine.getErr().println(name + ": " + ex);
                ex.printStackTrace(commandLine.getErr());
              }
              commandLine.getErr().flush();
              return 1;
            })
        .setParameterExceptionHandler(
            (ex, args) -> {
              ex.getCommandLine().getErr().println("gridata: " + ex.getMessage());
              if (!(ex instanceof InputError)) {
                ex.getCommandLine().usage(ex.getCommandLine().getErr());
              }
              return EXIT_USAGE;
            });
  }
}
