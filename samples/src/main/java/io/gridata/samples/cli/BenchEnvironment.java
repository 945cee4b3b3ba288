package io.gridata.samples.cli;

import java.util.Locale;

/**
 * The line every {@code gridata bench} command prints first: what the figures were measured on
 * (Spark and Scala versions, Java, cores, heap), so that figures from different builds or machines
 * are never compared by accident.
 */
final class BenchEnvironment {
  private BenchEnvironment() {}

  /** {@code gridata bench <name> on Spark 4.1.3 (Scala 2.13.17), Java 17.0.17, 2 cores, ...}. */
  static String line(String bench) {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "gridata bench %s on Spark %s (Scala %s), Java %s (%s), %d cores, max heap %d MiB",
        bench,
        org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        scala.util.Properties.versionNumberString(),
        Runtime.version(),
        System.getProperty("java.vm.vendor", "?"),
        runtime.availableProcessors(),
        runtime.maxMemory() / (1024 * 1024));
  }
}
