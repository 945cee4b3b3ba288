package io.gridata.samples.cli;

import io.gridata.samples.bench.Customer360Benchmark;
import io.gridata.spark.config.CatalogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs {@link Customer360Benchmark} on the embedded catalog in a work directory. */
@Command(
    name = "customer360",
    mixinStandardHelpOptions = true,
    description =
        "Customer 360 through the Gridata job (and its computation alone) vs one hand-written"
            + " Spark SQL query on the same generated Iceberg tables; checks that the outputs"
            + " agree and prints wall time, rows/s, Spark jobs and stages, and the ratio.")
final class Customer360BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--orders",
      defaultValue = "1000000",
      description = "Orders to generate (default: ${DEFAULT-VALUE}; 1%% get a second version).")
  long orders;

  @Option(
      names = "--customers",
      defaultValue = "100000",
      description = "Customers to generate (default: ${DEFAULT-VALUE}; 12%% get more versions).")
  long customers;

  @Option(
      names = "--clicks",
      defaultValue = "5000000",
      description = "Click events to generate (default: ${DEFAULT-VALUE}).")
  long clicks;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description =
          "Measured runs of each way; each round's times, then the medians are printed (default:"
              + " ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--days",
      defaultValue = "730",
      description =
          "Days of history before the as-of date over which order and event times spread"
              + " (default: ${DEFAULT-VALUE}).")
  long days;

  @Option(
      names = "--no-warmup",
      description = "Skip the warm-up run of every way on a twentieth of the sizes.")
  boolean noWarmup;

  @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: 7).")
  long seed;

  @Option(names = "--workdir", description = "Work directory (default: a new temporary one).")
  Path workDir;

  @Option(
      names = "--stages",
      description =
          "Also print each Spark stage of the last measured round: start, time, tasks, bytes.")
  boolean stages;

  @Override
  public Integer call() throws Exception {
    atLeastOne("--orders", orders);
    atLeastOne("--customers", customers);
    atLeastOne("--clicks", clicks);
    atLeastOne("--runs", runs);
    atLeastOne("--days", days);
    Path dir = workDir != null ? workDir : Files.createTempDirectory("gridata-bench-c360-");
    // Not stopped here: the CLI's JVM exits after the command and Spark's shutdown hook stops the
    // context; a caller in the same JVM (tests) keeps reusing the SparkContext.
    SparkSession spark =
        LocalSpark.session(
            "gridata-bench-customer360", CatalogConfig.embedded(dir.resolve("warehouse")));
    spark.conf().set("spark.sql.shuffle.partitions", "8");
    new Customer360Benchmark(spark, spec.commandLine().getOut())
        .showStages(stages)
        .warmup(!noWarmup)
        .historyDays(days)
        .run(new Customer360Benchmark.Sizes(orders, customers, clicks), runs, seed);
    return 0;
  }

  private void atLeastOne(String option, long value) {
    if (value < 1) {
      throw new ParameterException(
          spec.commandLine(), option + " must be at least 1, got " + value);
    }
  }
}
