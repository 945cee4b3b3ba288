package io.gridata.samples.cli;

import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures how long the local test stack takes to start and stop, and the first Spark query. */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = "Start and stop the local test stack N times; print start/stop times (ms).")
final class StackBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rounds", defaultValue = "5", description = "Start/stop rounds (default: 5).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long[] starts = new long[rounds];
    long[] stops = new long[rounds];
    Path dir = Files.createTempDirectory("gridata-bench-stack-");
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("r" + i));
      starts[i] = (System.nanoTime() - t0) / 1_000_000;
      if (i == rounds - 1) {
        long t1 = System.nanoTime();
        SparkSession spark = SparkSessions.forCatalog("gridata", stack.catalog());
        spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.bench");
        spark.sql("CREATE TABLE gridata.bench.t (id bigint) USING iceberg");
        spark.sql("INSERT INTO gridata.bench.t SELECT id FROM range(1000)");
        out.printf(
            "spark session + create + insert 1000 rows: %d ms%n",
            (System.nanoTime() - t1) / 1_000_000);
      }
      long t2 = System.nanoTime();
      stack.close();
      stops[i] = (System.nanoTime() - t2) / 1_000_000;
    }
    out.printf(
        "stack start ms per round: %s (median %d)%n", Arrays.toString(starts), median(starts));
    out.printf("stack stop  ms per round: %s (median %d)%n", Arrays.toString(stops), median(stops));
    return 0;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
