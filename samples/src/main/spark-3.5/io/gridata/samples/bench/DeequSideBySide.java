package io.gridata.samples.bench;

import io.gridata.bench.deequ.DeequComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code gridata bench quality --compare-deequ} on the Spark 3.5 build: gridata-bench-deequ's
 * {@link DeequComparison} (Gridata, Deequ 2.0.7 and the hand-written floor on the same generated
 * orders in one session).
 */
public final class DeequSideBySide {
  private DeequSideBySide() {}

  /** Null: this build has Deequ. */
  public static String unavailableBecause() {
    return null;
  }

  /** Generates {@code rows} orders under {@code dir}, checks the three agree, times each way. */
  public static void run(SparkSession spark, long rows, int rounds, Path dir, PrintWriter out) {
    DeequComparison.run(spark, rows, rounds, dir, out);
  }
}
