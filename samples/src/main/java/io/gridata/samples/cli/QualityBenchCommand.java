package io.gridata.samples.cli;

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
            + " prints seconds, Spark jobs/stages, passes and ratios.")
final class QualityBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "5000000",
      description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--workdir", description = "Work directory (default: a new temporary one).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    if (rows < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--rows must be at least 1, got " + rows);
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
    new QualityBenchmark(spark, dir, spec.commandLine().getOut()).run(rows);
    spark.stop();
    return 0;
  }
}
