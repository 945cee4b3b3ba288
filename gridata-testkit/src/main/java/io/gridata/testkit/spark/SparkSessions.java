package io.gridata.testkit.spark;

import static java.util.Objects.requireNonNull;

import io.gridata.testkit.CatalogEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * SparkSessions for tests and local runs: one SparkContext per JVM ({@link #shared()}), and cheap
 * per-stack sessions on top of it ({@link #forCatalog}) that each see their own Iceberg catalog.
 *
 * <p>Sessions run {@code local[2]} with the UI off, two shuffle partitions, no adaptive execution
 * (tiny test data), UTC, loopback networking and Iceberg's SQL extensions. The JVM needs the {@code
 * --add-opens} flags listed in the README (Maven Surefire in this project passes them).
 */
public final class SparkSessions {
  /** Catalog name used by Gridata's examples: tables are {@code gridata.<namespace>.<table>}. */
  public static final String DEFAULT_CATALOG = "gridata";

  private SparkSessions() {}

  /**
   * The JVM's shared local session (created on first use, reused afterwards, stopped by Spark's own
   * shutdown hook). Prefer {@link #forCatalog} for a session wired to a catalog.
   */
  public static SparkSession shared() {
    SparkSession.Builder builder = SparkSession.builder().appName("gridata-test");
    baseConf().forEach(builder::config);
    return builder.getOrCreate();
  }

  /**
   * A new session on the shared SparkContext whose catalog {@code catalogName} points at {@code
   * catalog}. Sessions share executors and caches but not SQL configuration or catalogs, so stacks
   * started by different test classes do not see each other.
   */
  public static SparkSession forCatalog(String catalogName, CatalogEndpoint catalog) {
    requireNonNull(catalogName, "catalogName is null");
    requireNonNull(catalog, "catalog is null");
    SparkSession session = shared().newSession();
    icebergCatalogConf(catalogName, catalog).forEach((k, v) -> session.conf().set(k, v));
    return session;
  }

  /**
   * Spark settings ({@code spark.sql.catalog.<name>.*}) for an Iceberg REST catalog, including the
   * {@code S3FileIO} endpoint, path-style access and credentials of its warehouse.
   */
  public static Map<String, String> icebergCatalogConf(
      String catalogName, CatalogEndpoint catalog) {
    String prefix = "spark.sql.catalog." + catalogName;
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    conf.put(prefix + ".type", "rest");
    catalog.clientProperties().forEach((k, v) -> conf.put(prefix + "." + k, v));
    return conf;
  }

  /** The static settings of the shared session. */
  public static Map<String, String> baseConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.master", "local[2]");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.ui.showConsoleProgress", "false");
    conf.put("spark.sql.shuffle.partitions", "2");
    conf.put("spark.default.parallelism", "2");
    // Test data is tiny: re-planning every query adaptively costs more than it saves.
    conf.put("spark.sql.adaptive.enabled", "false");
    // Fewer idle wake-ups: no reference-tracking cleaner thread, rarer heartbeats.
    conf.put("spark.cleaner.referenceTracking", "false");
    conf.put("spark.executor.heartbeatInterval", "60s");
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put(
        "spark.sql.extensions",
        "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    conf.put("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/gridata-spark-wh");
    return conf;
  }
}
