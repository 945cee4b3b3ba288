package io.gridata.spark.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridata.core.view.AppliedView;
import io.gridata.core.view.AppliedView.Change;
import io.gridata.core.view.ViewApplier;
import io.gridata.core.view.ViewDefinition;
import io.gridata.core.view.ViewSet;
import io.gridata.spark.customer360.Customer360Table;
import io.gridata.spark.ingest.IngestTables;
import io.gridata.spark.orders.OrdersSpec;
import io.gridata.testkit.Backend;
import io.gridata.testkit.CatalogEndpoint;
import io.gridata.testkit.junit.LakehouseTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The shipped serving views applied by {@link ViewApplier} to the REST catalog and read by Spark
 * through Iceberg's view support: tables created by Gridata's own DDL ({@link OrdersSpec}, {@link
 * Customer360Table}), a few rows each, every view's rows checked by hand; a second apply makes no
 * version and a changed SQL is what Spark reads next. A class-scoped stack, since the views read
 * the fixed tables {@code ecommerce.orders} and {@code analytics.customer_360}.
 */
@LakehouseTest(backend = Backend.LOCAL, scope = LakehouseTest.Scope.CLASS)
class ServingViewsTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Instant TEN_MINUTES_AGO = NOW.minus(Duration.ofMinutes(10));
  private static final Instant TWO_HOURS_AGO = NOW.minus(Duration.ofHours(2));

  @Test
  void sparkReadsEveryViewAndOnlyAChangedSqlMakesANewVersion(
      SparkSession spark, CatalogEndpoint endpoint) throws Exception {
    loadTables(spark);
    ViewSet serving = ViewSet.serving();
    try (RESTCatalog catalog = endpoint.newClient("gridata")) {
      List<AppliedView> applied = ViewApplier.on(catalog, "gridata").apply(serving);
      assertThat(applied)
          .extracting(a -> a.view().toString() + " " + a.change() + " v" + a.versionId())
          .containsExactly(
              "serving.daily_orders_revenue CREATED v1",
              "serving.orders_last_hour CREATED v1",
              "serving.customer_360_by_segment CREATED v1");

      assertThat(
              rows(
                  spark,
                  "SELECT * FROM gridata.serving.daily_orders_revenue"
                      + " ORDER BY order_date, order_category, channel"))
          .containsExactlyElementsOf(
              sorted(
                  List.of(
                      "2026-11-02 premium mobile 1 0 3 1500.00",
                      "2026-11-02 small web 2 1 3 20.00",
                      "2026-11-03 small web 2 1 5 5.25",
                      day(TEN_MINUTES_AGO) + " medium web 1 0 1 100.00",
                      day(TWO_HOURS_AGO) + " small mobile 1 0 2 40.00")));
      assertThat(
              rows(
                  spark,
                  "SELECT order_id, order_ts, status, quantity, total_amount, channel,"
                      + " order_category FROM gridata.serving.orders_last_hour"))
          .containsExactly("r1 " + TEN_MINUTES_AGO + " PENDING 1 100.00 web medium");
      List<Row> segments =
          spark
              .sql(
                  "SELECT * FROM gridata.serving.customer_360_by_segment"
                      + " ORDER BY segment, activity_status")
              .collectAsList();
      assertThat(segments)
          .extracting(
              r ->
                  String.join(
                      " ",
                      r.getString(0),
                      r.getString(1),
                      Long.toString(r.getLong(2)),
                      Long.toString(r.getLong(3)),
                      r.getDecimal(4).toPlainString(),
                      r.getDate(6).toString()))
          .containsExactly(
              "Low Value Churned 1 1 10.00 2026-11-30",
              "No Purchases Never Purchased 1 0 0.00 2026-11-30",
              "VIP Active 2 8 1500.50 2026-11-30");
      assertThat(segments.get(1).isNullAt(5)).as("no churn risk without purchases").isTrue();
      assertThat(segments.get(0).getDouble(5)).isCloseTo(0.9, within(1e-12));
      assertThat(segments.get(2).getDouble(5)).isCloseTo(0.2, within(1e-12));
      assertThat(spark.table("gridata.serving.customer_360_by_segment").schema().fieldNames())
          .containsExactly(
              "segment",
              "activity_status",
              "customers",
              "orders",
              "total_spent",
              "avg_churn_risk",
              "as_of_date");

      // applied again, from the same files: nothing changes in the catalog
      assertThat(ViewApplier.on(catalog, "gridata").apply(ViewSet.serving()))
          .extracting(AppliedView::change)
          .containsOnly(Change.UNCHANGED);
      for (ViewDefinition view : serving.views()) {
        assertThat(catalog.loadView(TableIdentifier.of("serving", view.name())).versions())
            .as(view.name())
            .hasSize(1);
      }

      // a changed SQL file: a new version, and the next query reads it
      ViewDefinition daily = serving.views().get(0);
      ViewDefinition webOnly =
          daily
              .withQuery(
                  "spark",
                  daily
                      .queries()
                      .get("spark")
                      .replace("GROUP BY", "WHERE channel = 'web'\nGROUP BY"))
              .withQuery(
                  "trino",
                  daily
                      .queries()
                      .get("trino")
                      .replace("GROUP BY", "WHERE channel = 'web'\nGROUP BY"));
      AppliedView replaced = ViewApplier.on(catalog, "gridata").apply(serving.namespace(), webOnly);
      assertThat(replaced.change()).isEqualTo(Change.REPLACED);
      assertThat(replaced.versionId()).isEqualTo(2);
      assertThat(
              spark
                  .sql("SELECT DISTINCT channel FROM gridata.serving.daily_orders_revenue")
                  .collectAsList())
          .extracting(r -> r.getString(0))
          .containsExactly("web");
      Map<String, String> properties =
          catalog.loadView(TableIdentifier.of("serving", daily.name())).properties();
      assertThat(properties).containsEntry(ViewApplier.FINGERPRINT, webOnly.fingerprint());
    }
  }

  /**
   * Orders of 2 and 3 November (cancelled and returned ones among them), one ten minutes ago and
   * one two hours ago; four Customer 360 rows in three segment/status groups.
   */
  private static void loadTables(SparkSession spark) {
    IngestTables.createIfMissing(spark, new OrdersSpec(), "gridata.ecommerce.orders");
    List<String> orders = new ArrayList<>();
    orders.add(
        order("o1", Instant.parse("2026-11-02T10:00:00Z"), "PAID", 2, "20.00", "web", "small"));
    orders.add(
        order(
            "o2", Instant.parse("2026-11-02T11:00:00Z"), "CANCELLED", 1, "30.00", "web", "small"));
    orders.add(
        order(
            "o3",
            Instant.parse("2026-11-02T12:00:00Z"),
            "DELIVERED",
            3,
            "1500.00",
            "mobile",
            "premium"));
    orders.add(
        order("o4", Instant.parse("2026-11-03T09:00:00Z"), "RETURNED", 1, "10.50", "web", "small"));
    orders.add(
        order("o5", Instant.parse("2026-11-03T09:30:00Z"), "SHIPPED", 4, "5.25", "web", "small"));
    orders.add(order("r1", TEN_MINUTES_AGO, "PENDING", 1, "100.00", "web", "medium"));
    orders.add(order("r2", TWO_HOURS_AGO, "PAID", 2, "40.00", "mobile", "small"));
    spark.sql(
        "INSERT INTO gridata.ecommerce.orders SELECT id, 'c-1', ts, to_date(ts), status, 'p-1',"
            + " qty, total, 0, 0, 0, 'USD', 'card', channel, total, total, category,"
            + " current_timestamp(), 'fixture.csv', '0', 'fixture' FROM VALUES "
            + String.join(", ", orders)
            + " AS t(id, ts, status, qty, total, channel, category)");

    Customer360Table.createIfMissing(spark, "gridata.analytics.customer_360");
    List<String> customers =
        List.of(
            customer("c1", "VIP", "Active", 5, "1000.00", "0.1"),
            customer("c2", "VIP", "Active", 3, "500.50", "0.3"),
            customer("c3", "Low Value", "Churned", 1, "10.00", "0.9"),
            customer("c4", "No Purchases", "Never Purchased", 0, "0.00", "NULL"));
    spark.sql(
        "INSERT INTO gridata.analytics.customer_360 " + String.join(" UNION ALL ", customers));
  }

  private static String order(
      String id,
      Instant ts,
      String status,
      int quantity,
      String total,
      String channel,
      String category) {
    return String.format(
        "('%s', TIMESTAMP '%s', '%s', %d, CAST(%s AS DECIMAL(12, 2)), '%s', '%s')",
        id, literal(ts), status, quantity, total, channel, category);
  }

  /** A SELECT of one Customer 360 row: the given values, zeros or NULL in the other columns. */
  private static String customer(
      String id, String segment, String status, int orders, String spent, String churnRisk) {
    Map<String, String> values =
        Map.of(
            "customer_id",
            "'" + id + "'",
            "segment",
            "'" + segment + "'",
            "activity_status",
            "'" + status + "'",
            "order_count",
            Integer.toString(orders),
            "total_spent",
            spent,
            "churn_risk",
            churnRisk,
            "as_of_date",
            "DATE '2026-11-30'",
            "_computed_at",
            "TIMESTAMP '2026-11-30 06:00:00'");
    return Customer360Table.COLUMNS.entrySet().stream()
        .map(
            column -> {
              boolean required = column.getValue().endsWith("NOT NULL");
              String type = column.getValue().replace(" NOT NULL", "");
              String fallback = !required ? "NULL" : type.equals("string") ? "'-'" : "0";
              return "CAST(" + values.getOrDefault(column.getKey(), fallback) + " AS " + type + ")";
            })
        .collect(Collectors.joining(", ", "SELECT ", ""));
  }

  private static String literal(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString().replace('T', ' ');
  }

  private static LocalDate day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  private static List<String> rows(SparkSession spark, String sql) {
    return spark.sql(sql).collectAsList().stream()
        .map(
            row -> {
              List<String> values = new ArrayList<>();
              for (int i = 0; i < row.size(); i++) {
                Object value = row.get(i);
                values.add(
                    value instanceof java.sql.Timestamp ts
                        ? ts.toInstant().toString()
                        : value instanceof Instant instant
                            ? instant.toString()
                            : String.valueOf(value));
              }
              return String.join(" ", values);
            })
        .toList();
  }

  private static List<String> sorted(List<String> rows) {
    return rows.stream().sorted().toList();
  }
}
