package io.gridata.samples.cli;

import io.gridata.samples.bench.DeequSideBySide;
import io.gridata.samples.bench.QualityBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs {@link QualityBenchmark} in a local session on a temporary work directory. */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description =
        "A 12-rule quality suite against a bare count and a bare scan of the same generated rows;"
            + " prints seconds, Spark jobs/stages, passes and ratios. With --compare-deequ (Spark"
            + " 3.5 build): the suite in Gridata, in Deequ 2.0.7 and hand-written, side by side.")
final class QualityBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "5000000",
      description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--workdir", description = "Work directory (default: a new temporary one).")
  Path workDir;

  @Option(
      names = "--compare-deequ",
      description =
          "Run the suite's checks in Gridata, in Deequ 2.0.7 and as a hand-written floor on the"
              + " same rows in one session; print the three and their ratios (Spark 3.5 build"
              + " only).")
  boolean compareDeequ;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "With --compare-deequ: timed rounds after a warm-up, the median printed (default:"
              + " ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    if (rows < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--rows must be at least 1, got " + rows);
    }
    if (compareDeequ && DeequSideBySide.unavailableBecause() != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), DeequSideBySide.unavailableBecause());
    }
    if (rounds < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--rounds must be at least 1, got " + rounds);
    }
    Path dir = workDir != null ? workDir : Files.createTempDirectory("gridata-bench-quality-");
    SparkSession spark =
        SparkSession.builder()
            .appName("gridata-bench-quality")
            .master("local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    if (compareDeequ) {
      DeequSideBySide.run(spark, rows, rounds, dir, spec.commandLine().getOut());
    } else {
      new QualityBenchmark(spark, dir, spec.commandLine().getOut()).run(rows);
    }
    spark.stop();
    return 0;
  }
}
