package io.gridata.samples.cli;

import io.gridata.spark.config.CatalogConfig;
import org.apache.spark.sql.SparkSession;

/** The SparkSession the CLI commands run in: local, all cores, no UI, UTC, wired to a catalog. */
final class LocalSpark {
  private LocalSpark() {}

  /**
   * A session on the JVM's local SparkContext (created on first use) whose catalog is {@code
   * catalog}. Each call gets a new session, so a second command in the same JVM (tests) sees its
   * own catalog rather than the one the first command's session already loaded.
   */
  static SparkSession session(String appName, CatalogConfig catalog) {
    SparkSession base =
        catalog
            .configure(SparkSession.builder().appName(appName))
            .master("local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    SparkSession session = base.newSession();
    catalog.register(session);
    SparkSession.setActiveSession(session);
    return session;
  }
}
