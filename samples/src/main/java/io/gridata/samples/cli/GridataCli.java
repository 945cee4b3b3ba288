package io.gridata.samples.cli;

import io.gridata.core.GridataException;
import java.util.Set;
import java.util.function.BooleanSupplier;
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

  /**
   * Commands that start the embedded stack or generate data with {@code gridata-testkit}, which the
   * spark-submit application jar ({@code gridata-app.jar}) leaves out.
   */
  static final Set<String> NEED_TESTKIT = Set.of("demo", "smoke", "bench");

  /** The configured picocli command line (also used by tests). */
  public static CommandLine newCommandLine() {
    return newCommandLine(GridataCli::testkitPresent);
  }

  /** As {@link #newCommandLine()}, told whether {@code gridata-testkit} is on the class path. */
  static CommandLine newCommandLine(BooleanSupplier testkitPresent) {
    return new CommandLine(new GridataCli())
        .setExecutionStrategy(
            parseResult -> {
              if (parseResult.hasSubcommand() && !helpRequested(parseResult)) {
                CommandLine sub = parseResult.subcommand().commandSpec().commandLine();
                String name = sub.getCommandName();
                if (NEED_TESTKIT.contains(name) && !testkitPresent.getAsBoolean()) {
                  sub.getErr()
                      .printf(
                          "gridata %s: this command runs the embedded stack and data generators of"
                              + " gridata-testkit, which the application jar leaves out; run it"
                              + " with ./gridata from a clone (or the gridata-samples jar with its"
                              + " lib/ directory)%n",
                          name);
                  sub.getErr().flush();
                  return EXIT_USAGE;
                }
              }
              benchHeader(parseResult);
              return new CommandLine.RunLast().execute(parseResult);
            })
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

  /** A benchmark says first what it runs on ({@link BenchEnvironment}). */
  private static void benchHeader(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult bench = parseResult.subcommand();
    if (bench != null
        && bench.commandSpec().name().equals("bench")
        && bench.hasSubcommand()
        && !helpRequested(parseResult)) {
      CommandLine leaf = bench.subcommand().commandSpec().commandLine();
      leaf.getOut().println(BenchEnvironment.line(leaf.getCommandName()));
      leaf.getOut().flush();
    }
  }

  private static boolean helpRequested(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  private static boolean testkitPresent() {
    try {
      Class.forName("io.gridata.testkit.LakehouseStack", false, GridataCli.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
