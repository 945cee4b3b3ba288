package io.gridata.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridata.samples.demo.DemoDrops;
import io.gridata.streaming.CompactionPolicy;
import io.gridata.streaming.StreamDataset;
import io.gridata.streaming.StreamingIngest;
import io.gridata.testkit.Backend;
import io.gridata.testkit.LakehouseStack;
import io.gridata.testkit.TrinoServer;
import io.gridata.testkit.spark.SparkSessions;
import io.gridata.testkit.spark.TestStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * Another engine reads what Gridata wrote: two demo days of orders, customers and clickstream
 * ingested by {@code gridata ingest} and Customer 360 by {@code gridata customer360} into the REST
 * catalog (warehouse in the S3 server), then every table in the catalog, quarantine tables and the
 * quality history included, read by Trino (child JVM, Iceberg connector on the same catalog) and
 * compared value by value with Spark. Trino sees only what is published on {@code main}, and time
 * travel by snapshot id agrees. Skipped where no Java 24+ runs Trino. Tagged {@code integration}.
 */
@Tag("integration")
class TrinoServingTest {
  /**
   * Inventory changes through the streaming job (its tables exist only that way): the changes
   * table, its quarantine (one change without a product) and the stock per product.
   */
  private static void streamInventory(SparkSession spark, Path checkpoint) throws Exception {
    TestStream<String> input = TestStream.of(spark, Encoders.STRING());
    try (StreamingIngest.Running running =
        StreamingIngest.builder(spark, StreamDataset.inventory())
            .source(
                input
                    .toDF()
                    .withColumn("topic", functions.lit("inventory_changes"))
                    .withColumn("partition", functions.lit(0))
                    .withColumn("offset", functions.xxhash64(functions.col("value")))
                    .withColumn("timestamp", functions.current_timestamp()))
            .checkpointLocation(checkpoint.toString())
            .trigger(Duration.ofMillis(200))
            .compaction(CompactionPolicy.NONE)
            .build()
            .start()) {
      List<String> changes = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        changes.add(
            String.format(
                "{\"change_id\":\"ch%d\",\"product_id\":%s,\"quantity_delta\":\"%d\","
                    + "\"change_ts\":\"2026-11-03T1%d:00:00Z\",\"reason\":\"restock\"}",
                i, i == 11 ? "null" : "\"p" + (i % 4) + "\"", i % 3 == 0 ? -2 : 5, i % 10));
      }
      input.add(changes);
      running.query().processAllAvailable();
    }
    // the query committed through its own session's catalog: drop what this session cached
    for (String table : List.of("inventory", "inventory_changes", "inventory_changes_quarantine")) {
      spark.catalog().refreshTable("gridata.ecommerce." + table);
    }
    assertThat(spark.table("gridata.ecommerce.inventory").count()).isEqualTo(4);
  }

  private static final LocalDate DAY1 = LocalDate.of(2026, 11, 2);
  private static final LocalDate DAY2 = LocalDate.of(2026, 11, 3);
  private static final List<String> DATASETS =
      List.of("ecommerce.customers", "ecommerce.clickstream", "ecommerce.orders");

  @TempDir Path dir;

  @Test
  void trinoReadsEveryGridataTableAsSparkDoesAndOnlyWhatIsPublished() throws Exception {
    assumeTrue(TrinoServer.javaHome().isPresent(), TrinoServer::unavailableReason);
    try (LakehouseStack stack = LakehouseStack.start(Backend.LOCAL, dir.resolve("stack"));
        TrinoServer trino =
            new TrinoServer(stack.catalog(), stack.s3()).withDirectory(dir.resolve("trino"))) {
      Path zone = dir.resolve("zone");
      Path config = config(stack);
      DemoDrops.write(zone, DAY1, 0, 90, 5);
      DemoDrops.write(zone, DAY2, 1, 90, 6);
      for (LocalDate day : List.of(DAY1, DAY2)) {
        for (String dataset : DATASETS) {
          CliRun run =
              CliRun.of(
                  "ingest",
                  "--raw",
                  zone.toString(),
                  "--dataset",
                  dataset,
                  "--date",
                  day.toString(),
                  "--config",
                  config.toString());
          assertThat(run.exitCode()).as(dataset + " " + day + ": " + run.err()).isZero();
        }
      }
      CliRun c360 =
          CliRun.of("customer360", "--as-of", DAY2.toString(), "--config", config.toString());
      assertThat(c360.exitCode()).as(c360.err()).isZero();
      trino.start();

      SparkSession spark = SparkSessions.forCatalog("gridata", stack.catalog());
      streamInventory(spark, dir.resolve("inventory-checkpoint"));
      List<String> tables = tables(spark);
      assertThat(tables)
          .contains(
              "ecommerce.inventory",
              "ecommerce.inventory_changes",
              "ecommerce.inventory_changes_quarantine",
              "ecommerce.orders",
              "ecommerce.orders_quarantine",
              "ecommerce.customers",
              "ecommerce.clickstream",
              "analytics.customer_360",
              "quality.results");
      try (Connection connection = trino.connect()) {
        for (String table : tables) {
          List<String> columns = Arrays.asList(spark.table("gridata." + table).columns());
          List<String> inSpark = sparkRows(spark, table, columns);
          List<String> inTrino = trinoRows(connection, table, columns);
          assertThat(inTrino).as("rows of %s in Trino vs Spark", table).isEqualTo(inSpark);
          assertThat(inSpark).as(table).isNotEmpty();
        }

        // the partition layout Trino plans with is the one Spark wrote (months(order_ts))
        assertThat(
                single(
                    connection,
                    "SELECT CAST(count(*) AS varchar) || '/' || CAST(sum(record_count) AS varchar)"
                        + " FROM"
                        + " ecommerce.\"orders$partitions\""))
            .isEqualTo(
                spark
                    .sql(
                        "SELECT concat(count(*), '/', sum(record_count)) FROM"
                            + " gridata.ecommerce.orders.partitions")
                    .first()
                    .getString(0));
        String november =
            " WHERE order_ts >= TIMESTAMP '2026-11-01 00:00:00 UTC'"
                + " AND order_ts < TIMESTAMP '2026-12-01 00:00:00 UTC'";
        assertThat(
                single(
                    connection,
                    "SELECT CAST(count(*) AS varchar) FROM ecommerce.orders" + november))
            .isEqualTo(
                Long.toString(
                    spark
                        .sql(
                            "SELECT * FROM gridata.ecommerce.orders WHERE order_ts >= TIMESTAMP"
                                + " '2026-11-01 00:00:00' AND order_ts < TIMESTAMP '2026-12-01"
                                + " 00:00:00'")
                        .count()));

        // time travel: the snapshot day 1 published, by id, in both engines
        long day1Snapshot =
            spark
                .sql(
                    "SELECT snapshot_id FROM gridata.ecommerce.orders.snapshots"
                        + " WHERE summary['gridata.run-id'] IS NOT NULL AND operation = 'append'"
                        + " ORDER BY committed_at LIMIT 1")
                .first()
                .getLong(0);
        long day1Rows =
            spark
                .sql("SELECT * FROM gridata.ecommerce.orders VERSION AS OF " + day1Snapshot)
                .count();
        assertThat(day1Rows).isLessThan(spark.table("gridata.ecommerce.orders").count());
        assertThat(
                single(
                    connection,
                    "SELECT CAST(count(*) AS varchar) FROM ecommerce.orders FOR VERSION AS OF "
                        + day1Snapshot))
            .isEqualTo(Long.toString(day1Rows));

        // staged rows on a branch (what a batch waiting for the gate looks like) stay invisible
        long published = spark.table("gridata.ecommerce.orders").count();
        spark.sql("ALTER TABLE gridata.ecommerce.orders CREATE BRANCH gridata_audit_probe");
        spark.sql(
            "INSERT INTO gridata.ecommerce.orders.branch_gridata_audit_probe"
                + " SELECT * FROM gridata.ecommerce.orders LIMIT 7");
        assertThat(spark.table("gridata.ecommerce.orders.branch_gridata_audit_probe").count())
            .isEqualTo(published + 7);
        assertThat(single(connection, "SELECT CAST(count(*) AS varchar) FROM ecommerce.orders"))
            .isEqualTo(Long.toString(published));
      }
    }
  }

  private Path config(LakehouseStack stack) throws Exception {
    String endpoint = stack.s3().endpoint().toString();
    return Files.writeString(
        dir.resolve("gridata.properties"),
        String.join(
            "\n",
            "gridata.catalog.type=rest",
            "gridata.catalog.uri=" + stack.catalog().uri(),
            "gridata.catalog.warehouse=" + stack.catalog().warehouse(),
            "gridata.s3.endpoint=" + endpoint,
            "gridata.s3.access-key=" + stack.s3().accessKey(),
            "gridata.s3.secret-key=" + stack.s3().secretKey(),
            ""));
  }

  /** Every table of every namespace, as {@code namespace.table}. */
  private static List<String> tables(SparkSession spark) {
    List<String> tables = new ArrayList<>();
    for (Row ns : spark.sql("SHOW NAMESPACES IN gridata").collectAsList()) {
      String namespace = ns.getString(0);
      for (Row t : spark.sql("SHOW TABLES IN gridata." + namespace).collectAsList()) {
        tables.add(namespace + "." + t.getString(1));
      }
    }
    return tables;
  }

  private static List<String> sparkRows(SparkSession spark, String table, List<String> columns) {
    return spark.table("gridata." + table).collectAsList().stream()
        .map(
            row -> {
              List<String> values = new ArrayList<>();
              for (int i = 0; i < columns.size(); i++) {
                values.add(canonical(row.get(i)));
              }
              return String.join(" | ", values);
            })
        .sorted()
        .collect(Collectors.toList());
  }

  private static List<String> trinoRows(Connection c, String table, List<String> columns)
      throws SQLException {
    String select =
        columns.stream().map(col -> "\"" + col + "\"").collect(Collectors.joining(", "));
    List<String> rows = new ArrayList<>();
    try (Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery("SELECT " + select + " FROM " + table)) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
          values.add(canonical(rs.getObject(i)));
        }
        rows.add(String.join(" | ", values));
      }
    }
    rows.sort(null);
    return rows;
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  /** One engine-independent text per value: instants in UTC, plain decimals, sorted maps. */
  private static String canonical(Object value) {
    try {
      if (value == null) {
        return "null";
      } else if (value instanceof java.sql.Timestamp ts) {
        return ts.toInstant().toString();
      } else if (value instanceof ZonedDateTime z) {
        return z.toInstant().toString();
      } else if (value instanceof OffsetDateTime o) {
        return o.toInstant().toString();
      } else if (value instanceof Instant || value instanceof LocalDateTime) {
        return value.toString();
      } else if (value instanceof java.sql.Date d) {
        return d.toLocalDate().toString();
      } else if (value instanceof BigDecimal d) {
        return d.toPlainString();
      } else if (value instanceof byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
      } else if (value instanceof Array array) {
        return canonical(Arrays.asList((Object[]) array.getArray()));
      } else if (value instanceof scala.collection.Seq<?> seq) {
        return canonical(JavaConverters.seqAsJavaList(seq));
      } else if (value instanceof scala.collection.Map<?, ?> map) {
        return canonical(JavaConverters.mapAsJavaMap(map));
      } else if (value instanceof List<?> list) {
        return list.stream()
            .map(TrinoServingTest::canonical)
            .collect(Collectors.joining(",", "[", "]"));
      } else if (value instanceof Map<?, ?> map) {
        Map<String, String> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(canonical(k), canonical(v)));
        return sorted.toString();
      } else if (value instanceof Row struct) {
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < struct.size(); i++) {
          fields.add(struct.get(i));
        }
        return canonical(fields);
      } else if (value instanceof Float f) {
        return Double.toString(f.doubleValue());
      } else if (value instanceof Number n && !(value instanceof Double)) {
        return Long.toString(n.longValue());
      }
      return value.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
