package io.gridata.samples.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code gridata bench quality --compare-deequ} on a Spark 4 build: Deequ 2.0.7, the newest, is
 * published for Spark 3.5 / Scala 2.12 only, so the comparison runs from the Spark 3.5 build of the
 * CLI (README "Benchmarks").
 */
public final class DeequSideBySide {
  private DeequSideBySide() {}

  /** Why this build cannot compare with Deequ, with what to do. */
  public static String unavailableBecause() {
    return "--compare-deequ needs the Spark 3.5 build of the CLI: Deequ 2.0.7 is published for"
        + " Spark 3.5 / Scala 2.12 only, and this CLI runs on Spark "
        + org.apache.spark.package$.MODULE$.SPARK_VERSION()
        + "; build it with 'mvn -B -Pspark-3.5 -DskipTests package -pl samples -am' and run it"
        + " as the README's \"Benchmarks\" shows";
  }

  /** Never called on this build (see {@link #unavailableBecause()}). */
  public static void run(SparkSession spark, long rows, int rounds, Path dir, PrintWriter out) {
    throw new IllegalStateException(unavailableBecause());
  }
}
