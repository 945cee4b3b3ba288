package io.gridata.samples.cli;

import io.gridata.spark.config.CatalogConfig;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession the CLI commands run in, wired to a catalog, in UTC. Started as a plain JVM (the
 * {@code ./gridata} launcher) it is local: all cores, no UI, few shuffle partitions. Under {@code
 * spark-submit} or a spark-operator {@code SparkApplication} ({@code spark.master} set) the
 * cluster's master and settings are kept.
 */
final class LocalSpark {
  private LocalSpark() {}

  /**
   * A session on the JVM's SparkContext (created on first use) whose catalog is {@code catalog}.
   * Each call gets a new session, so a second command in the same JVM (tests) sees its own catalog
   * rather than the one the first command's session already loaded.
   */
  static SparkSession session(String appName, CatalogConfig catalog) {
    SparkSession.Builder builder =
        catalog
            .configure(SparkSession.builder().appName(appName))
            .config("spark.sql.session.timeZone", "UTC");
    if (System.getProperty("spark.master") == null) {
      builder
          .master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "4");
    }
    SparkSession session = builder.getOrCreate().newSession();
    catalog.register(session);
    SparkSession.setActiveSession(session);
    return session;
  }
}
