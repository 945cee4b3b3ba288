package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The benchmark commands' names and their input checks (no benchmark is run). */
class BenchCommandTest {
  @Test
  void theBenchmarksAreSubCommandsOfBench() {
    CliRun help = CliRun.of("bench", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("orders", "quality", "customer360", "rawzone", "stack");
  }

  @Test
  void badSizesAreUsageErrors() {
    CliRun rows = CliRun.of("bench", "quality", "--rows", "0");
    assertThat(rows.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(rows.err()).contains("--rows must be at least 1, got 0");
    assertThat(rows.out())
        .as("every benchmark says first what it runs on")
        .startsWith(
            "gridata bench quality on Spark "
                + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                + " (Scala "
                + scala.util.Properties.versionNumberString()
                + "), Java ");

    CliRun files =
        CliRun.of("bench", "rawzone", "--endpoint", "http://127.0.0.1:1", "--files", "0");
    assertThat(files.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(files.err()).contains("Invalid --files 0");
  }

  @Test
  void comparingWithDeequOnASpark4BuildIsAUsageErrorThatSaysWhatToDo() {
    String spark = org.apache.spark.package$.MODULE$.SPARK_VERSION();
    assumeTrue(
        spark.startsWith("4."),
        "the Spark " + spark + " build runs --compare-deequ (see DeequComparisonTest, .ci/run)");
    CliRun deequ = CliRun.of("bench", "quality", "--compare-deequ", "--rows", "10");

    assertThat(deequ.exitCode()).isEqualTo(GridataCli.EXIT_USAGE);
    assertThat(deequ.err())
        .contains("--compare-deequ needs the Spark 3.5 build of the CLI")
        .contains("mvn -B -Pspark-3.5 -DskipTests package -pl samples -am");
  }
}
