package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * What the application jar is: the CLI's classes without gridata-testkit. Building its command
   * line reflects on every command's fields and methods, so a testkit type in one of their
   * signatures (not only in a body) is a NoClassDefFoundError for every command, ingest included.
   */
  @Test
  void theCommandLineBuildsWithoutTheTestkitOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("gridata-testkit")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader withoutTestkit =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(
              () -> Class.forName("io.gridata.testkit.KafkaBroker", false, withoutTestkit))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> cli = Class.forName(GridataCli.class.getName(), true, withoutTestkit);
      Method newCommandLine = cli.getDeclaredMethod("newCommandLine");
      newCommandLine.setAccessible(true);
      Object commandLine = newCommandLine.invoke(null);
      Method execute = commandLine.getClass().getMethod("execute", String[].class);
      assertThat(execute.invoke(commandLine, (Object) new String[] {"ingest", "--help"}))
          .isEqualTo(0);
      assertThat(execute.invoke(commandLine, (Object) new String[] {"bench", "freshness"}))
          .isEqualTo(GridataCli.EXIT_USAGE);
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
