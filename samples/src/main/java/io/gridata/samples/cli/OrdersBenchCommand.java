package io.gridata.samples.cli;

import io.gridata.samples.bench.OrdersBenchmark;
import io.gridata.spark.config.CatalogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs {@link OrdersBenchmark} on the embedded catalog in a temporary work directory. */
@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    description =
        "Orders job vs a hand-written Spark SQL job on the same generated rows; prints rows/s and"
            + " the ratio.")
final class OrdersBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--seed", defaultValue = "7", description = "Generator seed.")
  long seed;

  @Option(names = "--workdir", description = "Work directory (default: a new temporary one).")
  Path workDir;

  @Option(
      names = "--stages",
      description = "Also print each Spark stage of the measured runs: time, tasks, bytes.")
  boolean stages;

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("gridata-bench-orders-");
    SparkSession spark =
        CatalogConfig.embedded(dir.resolve("warehouse"))
            .configure(SparkSession.builder().appName("gridata-bench-orders"))
            .master("local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    new OrdersBenchmark(spark, dir, spec.commandLine().getOut()).showStages(stages).run(rows, seed);
    spark.stop();
    return 0;
  }
}
