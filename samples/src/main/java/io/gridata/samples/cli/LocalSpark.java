package io.gridata.samples.cli;

import io.gridata.spark.config.CatalogConfig;
import org.apache.spark.sql.SparkSession;

/** The SparkSession the CLI commands run in: local, all cores, no UI, UTC, wired to a catalog. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession session(String appName, CatalogConfig catalog) {
    return catalog
        .configure(SparkSession.builder().appName(appName))
        .master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
