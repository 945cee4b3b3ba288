package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridata.core.view.ViewDefinition;
import io.gridata.core.view.ViewSet;
import io.gridata.samples.demo.DemoDrops;
import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.TrinoServer;
import io.gridata.testkit.spark.SparkSessions;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving views as both engines see them: a demo day of orders, customers and clickstream
 * ingested by {@code gridata ingest}, Customer 360 by {@code gridata customer360}, two orders of
 * the last hour appended the way the order stream appends them, then {@code gridata views apply}
 * into the REST catalog; Trino (its Iceberg connector on the same catalog, dialect {@code trino})
 * and Spark (Iceberg's view support, dialect {@code spark}) return the same rows from every view.
 * Skipped where no Java 24+ runs Trino. Tagged {@code integration}.
 */
@Tag("integration")
class ServingViewsTrinoTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

  @TempDir Path dir;

  @Test
  void trinoReadsEveryServingViewWithTheRowsSparkReads() throws Exception {
    assumeTrue(TrinoServer.javaHome().isPresent(), TrinoServer::unavailableReason);
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
        TrinoServer trino =
            new TrinoServer(stack.catalog(), stack.s3()).withDirectory(dir.resolve("trino"))) {
      Path zone = dir.resolve("zone");
      Path config = config(stack);
      DemoDrops.write(zone, DAY, 0, 90, 5);
      for (String dataset :
          List.of("ecommerce.customers", "ecommerce.clickstream", "ecommerce.orders")) {
        CliRun run =
            CliRun.of(
                "ingest",
                "--raw",
                zone.toString(),
                "--dataset",
                dataset,
                "--date",
                DAY.toString(),
                "--config",
                config.toString());
        assertThat(run.exitCode()).as(dataset + ": " + run.err()).isZero();
      }
      CliRun c360 =
          CliRun.of("customer360", "--as-of", DAY.toString(), "--config", config.toString());
      assertThat(c360.exitCode()).as(c360.err()).isZero();

      SparkSession spark = SparkSessions.forCatalog("gridata", stack.catalog());
      // what the order_updates stream does to the table: recent orders appear on main
      spark.sql(
          "INSERT INTO gridata.ecommerce.orders SELECT concat('recent-', order_id), customer_id,"
              + " ts, to_date(ts), status, product_id, quantity, unit_price, discount, tax,"
              + " shipping_cost, currency, payment_method, channel, subtotal, total_amount,"
              + " order_category, current_timestamp(), 'stream', _source_checksum, 'stream'"
              + " FROM (SELECT *, current_timestamp() - make_dt_interval(0, 0, 5 * row_number()"
              + " OVER (ORDER BY order_id), 0) AS ts FROM gridata.ecommerce.orders"
              + " ORDER BY order_id LIMIT 2)");

      CliRun apply = CliRun.of("views", "apply", "--config", config.toString());
      assertThat(apply.exitCode()).as(apply.err()).isZero();
      assertThat(apply.out()).contains("gridata.serving.orders_last_hour  CREATED");
      trino.start();

      try (Connection connection = trino.connect()) {
        for (ViewDefinition view : ViewSet.serving().views()) {
          String name = "serving." + view.name();
          List<String> inSpark = sparkRows(spark, "SELECT * FROM gridata." + name);
          List<String> inTrino = trinoRows(connection, "SELECT * FROM " + name);
          assertThat(inSpark).as(name + " in Spark").isNotEmpty();
          assertThat(inTrino).as("rows of %s in Trino vs Spark", name).isEqualTo(inSpark);
        }
        assertThat(trinoRows(connection, "SELECT order_id FROM serving.orders_last_hour"))
            .hasSize(2)
            .allMatch(id -> id.startsWith("recent-"));
        assertThat(
                trinoRows(
                    connection,
                    "SELECT sum(orders) FROM serving.daily_orders_revenue"
                        + " WHERE order_date = DATE '2026-11-02'"))
            .containsExactly(
                Long.toString(
                    spark
                        .sql(
                            "SELECT * FROM gridata.ecommerce.orders"
                                + " WHERE order_date = DATE '2026-11-02'")
                        .count()));
      }

      CliRun again = CliRun.of("views", "apply", "--config", config.toString());
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out().lines()).hasSize(3).allMatch(line -> line.contains(" UNCHANGED "));
    }
  }

  private Path config(LakehouseStack stack) throws Exception {
    return Files.writeString(
        dir.resolve("gridata.properties"),
        String.join(
            "\n",
            "gridata.catalog.type=rest",
            "gridata.catalog.uri=" + stack.catalog().uri(),
            "gridata.catalog.warehouse=" + stack.catalog().warehouse(),
            "gridata.s3.endpoint=" + stack.s3().endpoint(),
            "gridata.s3.access-key=" + stack.s3().accessKey(),
            "gridata.s3.secret-key=" + stack.s3().secretKey(),
            ""));
  }

  private static List<String> sparkRows(SparkSession spark, String sql) {
    List<String> rows = new ArrayList<>();
    for (Row row : spark.sql(sql).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        values.add(text(row.get(i)));
      }
      rows.add(String.join(" | ", values));
    }
    rows.sort(null);
    return rows;
  }

  private static List<String> trinoRows(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          values.add(text(rs.getObject(i)));
        }
        rows.add(String.join(" | ", values));
      }
    }
    rows.sort(null);
    return rows;
  }

  /**
   * The view columns' values as text both engines agree on: timestamps as UTC instants, decimals in
   * plain notation, doubles to 9 decimals (the engines may sum in another order).
   */
  private static String text(Object value) {
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toInstant().toString();
    } else if (value instanceof ZonedDateTime z) {
      return z.toInstant().toString();
    } else if (value instanceof OffsetDateTime o) {
      return o.toInstant().toString();
    } else if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    } else if (value instanceof BigDecimal d) {
      return d.toPlainString();
    } else if (value instanceof Double d) {
      return String.format(Locale.ROOT, "%.9f", d);
    }
    return String.valueOf(value);
  }
}
