package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What {@code gridata demo} does about Trino, decided without starting anything: the one line it
 * prints when Trino does not start (no Java 24+, or no {@code --trino}) and when the 821 MB server
 * archive would be fetched.
 */
class DemoTrinoTest {
  private static final Optional<Path> JAVA_25 = Optional.of(Path.of("/opt/jdk-25"));

  @Test
  void withoutJava24TheDemoSaysWhatToInstallAndWhichVariableToSetAndRunsWithoutTrino() {
    for (boolean requested : new boolean[] {true, false}) {
      DemoTrino.Plan plan = DemoTrino.plan(requested, Optional.empty(), true);

      assertThat(plan.start()).as("--trino %s", requested).isFalse();
      assertThat(plan.line())
          .startsWith(requested ? "Trino: skipped: " : "Trino: off: ")
          .contains("needs Java 24+", "Temurin 25", "TRINO_JAVA_HOME", "gridata demo --trino")
          .doesNotContain("\n");
    }
  }

  @Test
  void withJava24TrinoStartsOnlyWhenAskedAndAMissingArchiveIsAnnounced() {
    DemoTrino.Plan off = DemoTrino.plan(false, JAVA_25, false);
    assertThat(off.start()).isFalse();
    assertThat(off.line())
        .startsWith("Trino: off: add --trino")
        .contains("/opt/jdk-25", "io.trino:trino-server:tar.gz:", "821 MB", "through Maven");

    DemoTrino.Plan fetching = DemoTrino.plan(true, JAVA_25, false);
    assertThat(fetching.start()).isTrue();
    assertThat(fetching.line()).startsWith("Trino: on: ").contains("821 MB");

    DemoTrino.Plan resolved = DemoTrino.plan(true, JAVA_25, true);
    assertThat(resolved.start()).isTrue();
    assertThat(resolved.line()).contains("/opt/jdk-25").doesNotContain("821 MB");
    assertThat(DemoTrino.plan(false, JAVA_25, true).line()).doesNotContain("821 MB");
  }
}
