package io.gridata.samples.cli;

import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gridata} command line. Exit codes are a public contract: 0 success, 2 usage or
 * configuration error (bad option, bad input, nothing found where the command was pointed), 3
 * quality gate failed, 4 every input file rejected, 1 any other failure.
 */
@Command(
    name = "gridata",
    mixinStandardHelpOptions = true,
    version = "gridata 0.1.0-SNAPSHOT",
    description = "Lakehouse pipelines on Spark, Iceberg and S3.",
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      RejectedCommand.class,
      SmokeCommand.class,
      StackBenchCommand.class,
      OrdersBenchCommand.class,
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
              boolean usage =
                  ex instanceof InvalidInputException || ex instanceof NotFoundException;
              commandLine
                  .getErr()
                  .println(
                      "gridata "
                          + commandLine.getCommandName()
                          + ": "
                          + (usage ? ex.getMessage() : ex));
              if (!usage) {
                ex.printStackTrace(commandLine.getErr());
              }
              commandLine.getErr().flush();
              return usage ? EXIT_USAGE : 1;
            })
        .setParameterExceptionHandler(
            (ex, args) -> {
              ex.getCommandLine().getErr().println("gridata: " + ex.getMessage());
              ex.getCommandLine().usage(ex.getCommandLine().getErr());
              return EXIT_USAGE;
            });
  }
}
