package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The application jar for spark-submit leaves gridata-testkit out: the commands that need it say so
 * and exit 2 instead of failing with a NoClassDefFoundError; their help still prints.
 */
class AppJarCommandsTest {

  @Test
  void commandsNeedingTheTestkitSayWhereToRunThemWhenItIsMissing() {
    for (String command : GridataCli.NEED_TESTKIT) {
      StringWriter err = new StringWriter();
      CommandLine cli = GridataCli.newCommandLine(() -> false);
      cli.setErr(new PrintWriter(err, true));

      int exit = cli.execute(command);

      assertThat(exit).as(command).isEqualTo(GridataCli.EXIT_USAGE);
      assertThat(err.toString())
          .as(command)
          .contains("gridata " + command + ": this command runs the embedded stack")
          .contains("./gridata");
    }
  }

  @Test
  void helpAndOtherCommandsAreNotAffected() {
    StringWriter out = new StringWriter();
    CommandLine cli = GridataCli.newCommandLine(() -> false);
    cli.setOut(new PrintWriter(out, true));

    assertThat(cli.execute("smoke", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: gridata smoke");
    assertThat(cli.execute("ingest", "--help")).isZero();
  }
}
