package io.gridata.samples.cli;

import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the local stack (S3 server child JVM + Iceberg REST catalog), writes and reads an Iceberg
 * table through Spark, and prints each step: proof that a machine can run Gridata.
 */
@Command(
    name = "smoke",
    mixinStandardHelpOptions = true,
    description =
        "Start the local S3 server and Iceberg REST catalog, write and read an Iceberg table with"
            + " Spark, print what happened.")
final class SmokeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--workdir",
      description = "Directory for objects, catalog database and logs (default: a new temp dir).")
  Path workdir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = workdir != null ? workdir : Files.createTempDirectory("gridata-smoke-");
    long t0 = System.nanoTime();
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir)) {
      out.printf(
          "stack up in %d ms: S3 %s, Iceberg REST catalog %s, warehouse %s%n",
          ms(t0), stack.s3().endpoint(), stack.catalog().uri(), stack.catalog().warehouse());
      long t1 = System.nanoTime();
      SparkSession spark = SparkSessions.forCatalog(SparkSessions.DEFAULT_CATALOG, stack.catalog());
      out.printf("spark %s session up in %d ms%n", spark.version(), ms(t1));
      spark.sql("CREATE NAMESPACE IF NOT EXISTS gridata.smoke");
      spark.sql(
          "CREATE TABLE IF NOT EXISTS gridata.smoke.orders (order_id string, order_ts timestamp,"
              + " total_amount decimal(12,2)) USING iceberg PARTITIONED BY (months(order_ts))");
      spark.sql(
          "INSERT INTO gridata.smoke.orders VALUES"
              + " ('o-1', TIMESTAMP '2026-10-30 09:15:00', 120.50),"
              + " ('o-2', TIMESTAMP '2026-11-02 17:40:00', 35.00),"
              + " ('o-3', TIMESTAMP '2026-11-20 08:05:00', 990.99)");
      out.println(
          "created gridata.smoke.orders PARTITIONED BY (months(order_ts)) and wrote 3 rows");
      List<Row> months =
          spark
              .sql(
                  "SELECT date_format(order_ts, 'yyyy-MM') AS month, count(*) AS orders,"
                      + " sum(total_amount) AS total FROM gridata.smoke.orders GROUP BY 1 ORDER BY 1")
              .collectAsList();
      for (Row row : months) {
        out.printf(
            "  read back: month %s, %d orders, total %s%n", row.get(0), row.getLong(1), row.get(2));
      }
      List<Row> snapshots =
          spark
              .sql("SELECT snapshot_id, operation FROM gridata.smoke.orders.snapshots")
              .collectAsList();
      for (Row row : snapshots) {
        out.printf("  snapshot %d (%s)%n", row.getLong(0), row.getString(1));
      }
      long files = spark.sql("SELECT count(*) FROM gridata.smoke.orders.files").first().getLong(0);
      out.printf("  %d Parquet data files in %s%n", files, stack.catalog().warehouse());
    }
    out.printf("smoke run OK in %d ms (work dir %s)%n", ms(t0), dir);
    return 0;
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
