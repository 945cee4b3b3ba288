package io.gridata.samples.cli;

import io.gridata.core.view.ViewApplier;
import io.gridata.core.view.ViewSet;
import io.gridata.spark.config.CatalogConfig;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.TrinoServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.Catalog;

/**
 * The demo's Trino part ({@code gridata demo --trino}): the serving views applied to the demo's
 * catalog, a Trino server (the testkit's {@link TrinoServer}) on that catalog, and one
 * dashboard-style query through Trino's JDBC driver. Trino reads the catalog over REST and the
 * files over S3, so a demo with Trino runs on the testkit's local stack (S3 server and REST catalog
 * in the demo's JVM) instead of the embedded SQLite catalog.
 *
 * <p>Opt-in: Trino adds 30 to 60 s, needs Java 24+ and an 821 MB server archive. Without {@code
 * --trino}, or without Java 24+, the demo prints one line saying how to get it and runs as before.
 */
final class DemoTrino {
  /** The dashboard query: one day's revenue by category and channel, top rows. */
  static String dashboardQuery(LocalDate day) {
    return "SELECT order_date, order_category, channel, orders, cancelled_or_returned, units,"
        + " revenue FROM serving.daily_orders_revenue WHERE order_date = DATE '"
        + day
        + "' ORDER BY revenue DESC, order_category, channel LIMIT 5";
  }

  private DemoTrino() {}

  /**
   * What the demo does about Trino, decided before it starts.
   *
   * @param start true when the demo runs on the local stack and queries through Trino
   * @param line what to print: why Trino is not started and how to get it, or what is fetched
   */
  record Plan(boolean start, String line) {}

  /**
   * The plan for a demo with ({@code requested}) or without {@code --trino}, given the Java 24+
   * installation found (if any) and whether Maven already holds the server's archive.
   */
  static Plan plan(boolean requested, Optional<Path> java, boolean archivePresent) {
    if (java.isEmpty()) {
      String how =
          String.format(
              "Trino %s needs Java 24+ and none was found (TRINO_JAVA_HOME unset, none beside %s):"
                  + " install one (e.g. Temurin 25: apt-get install temurin-25-jdk from"
                  + " packages.adoptium.net, or a JDK 25 archive from adoptium.net), set"
                  + " TRINO_JAVA_HOME to its directory and run gridata demo --trino",
              version(), System.getProperty("java.home"));
      return new Plan(false, (requested ? "Trino: skipped: " : "Trino: off: ") + how);
    }
    String fetch =
        archivePresent
            ? ""
            : String.format(
                "; the first run fetches %s (821 MB) through Maven into %s",
                TrinoServer.coordinates(), TrinoServer.localArchive().getParent());
    if (!requested) {
      return new Plan(
          false,
          String.format(
              "Trino: off: add --trino to query the serving views through Trino on %s (30 to 60 s"
                  + " more%s)",
              java.get(), fetch));
    }
    return new Plan(
        true,
        String.format(
            "Trino: on: the demo runs on the local stack (S3 server, REST catalog) that Trino %s"
                + " on %s reads after the pipelines%s",
            version(), java.get(), fetch));
  }

  /** The plan for this machine. */
  static Plan plan(boolean requested) {
    return plan(requested, TrinoServer.javaHome(), Files.isRegularFile(TrinoServer.localArchive()));
  }

  /** The demo's catalog on {@code stack}: its REST catalog, the files in its S3 server. */
  static CatalogConfig catalogOn(LakehouseStack stack) {
    return CatalogConfig.resolve(
        Optional.empty(),
        Map.of(),
        Map.of(),
        Map.of(
            "gridata.catalog.type", "rest",
            "gridata.catalog.uri", stack.catalog().uri().toString(),
            "gridata.catalog.warehouse", stack.catalog().warehouse(),
            "gridata.s3.endpoint", stack.s3().endpoint().toString(),
            "gridata.s3.access-key", stack.s3().accessKey(),
            "gridata.s3.secret-key", stack.s3().secretKey()));
  }

  /**
   * Applies the serving views to {@code config}'s catalog, starts Trino on {@code stack} (its files
   * under {@code dir}), prints the dashboard query's rows for {@code day} and stops Trino.
   */
  static void show(
      LakehouseStack stack, CatalogConfig config, LocalDate day, Path dir, PrintWriter out)
      throws IOException, SQLException {
    Catalog catalog = config.newCatalog();
    try {
      ViewApplier.on(catalog, config.name()).apply(ViewSet.serving());
    } finally {
      if (catalog instanceof Closeable closeable) {
        closeable.close();
      }
    }
    out.printf(
        "%nserving views applied (%s.serving.*); starting Trino %s on %s...%n",
        config.name(), version(), TrinoServer.javaHome().orElseThrow());
    out.flush();
    long started = System.nanoTime();
    try (TrinoServer trino = new TrinoServer(stack.catalog(), stack.s3()).withDirectory(dir)) {
      trino.start();
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      out.printf(
          "through Trino (%s, up in %d s): top revenue by category and channel on %s, from"
              + " %s.serving.daily_orders_revenue%n",
          trino.jdbcUrl(), seconds, day, TrinoServer.CATALOG);
      out.printf(
          "  %-10s  %-8s  %-12s  %6s  %9s  %6s  %12s%n",
          "day", "category", "channel", "orders", "cancelled", "units", "revenue");
      try (Connection connection = trino.connect();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(dashboardQuery(day))) {
        while (rs.next()) {
          out.printf(
              "  %-10s  %-8s  %-12s  %6d  %9d  %6d  %12s%n",
              rs.getDate(1).toLocalDate(),
              rs.getString(2),
              rs.getString(3),
              rs.getLong(4),
              rs.getLong(5),
              rs.getLong(6),
              rs.getBigDecimal(7).toPlainString());
        }
      }
    }
    out.flush();
  }

  private static String version() {
    String coordinates = TrinoServer.coordinates();
    return coordinates.substring(coordinates.lastIndexOf(':') + 1);
  }
}
