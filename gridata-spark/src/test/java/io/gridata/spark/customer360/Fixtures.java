package io.gridata.spark.customer360;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small in-memory inputs of {@link Customer360} with the tables' column types, built row by row.
 * Times are relative to an as-of date: {@code daysBefore(3)} is noon UTC three days before it.
 */
final class Fixtures {
  static final StructType ORDERS =
      new StructType()
          .add("order_id", DataTypes.StringType, false)
          .add("customer_id", DataTypes.StringType, false)
          .add("order_ts", DataTypes.TimestampType, false)
          .add("status", DataTypes.StringType, false)
          .add("total_amount", DataTypes.createDecimalType(14, 2), false)
          .add("_ingested_at", DataTypes.TimestampType, false)
          .add("_source_file", DataTypes.StringType, false);

  static final StructType CUSTOMERS =
      new StructType()
          .add("customer_id", DataTypes.StringType, false)
          .add("email", DataTypes.StringType)
          .add("first_name", DataTypes.StringType)
          .add("last_name", DataTypes.StringType)
          .add("signup_ts", DataTypes.TimestampType)
          .add("country", DataTypes.StringType)
          .add("city", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType, false)
          .add("_source_file", DataTypes.StringType, false);

  static final StructType CLICKS =
      new StructType()
          .add("event_id", DataTypes.StringType, false)
          .add("customer_id", DataTypes.StringType)
          .add("session_id", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType, false)
          .add("event_type", DataTypes.StringType, false);

  private final SparkSession spark;
  private final LocalDate asOf;
  private final Instant ingested;
  private final List<Row> orders = new ArrayList<>();
  private final List<Row> customers = new ArrayList<>();
  private final List<Row> clicks = new ArrayList<>();
  private int nextOrder;
  private int nextEvent;

  Fixtures(SparkSession spark, LocalDate asOf) {
    this.spark = spark;
    this.asOf = asOf;
    this.ingested = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
  }

  /** Noon UTC {@code days} days before the as-of date (0: the as-of day itself). */
  Instant daysBefore(int days) {
    return asOf.minusDays(days).atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  /** The first instant after the as-of day. */
  Instant cutoff() {
    return Customer360.cutoff(asOf);
  }

  /** A customer signed up a year before the as-of date. */
  Fixtures customer(String id) {
    return customer(id, "v1", daysBefore(365), ingested, "customers-1.csv");
  }

  /** A customer version with its email, signup time, ingestion time and file. */
  Fixtures customer(String id, String version, Instant signup, Instant ingestedAt, String file) {
    customers.add(
        RowFactory.create(
            id,
            id + "-" + version + "@example.com",
            "First " + id,
            "Last " + id,
            signup == null ? null : Timestamp.from(signup),
            "DE",
            "Berlin",
            Timestamp.from(ingestedAt),
            file));
    return this;
  }

  /** A PAID order of {@code amount} at {@code ts}. */
  Fixtures order(String customer, Instant ts, String amount) {
    return order(customer, ts, "PAID", amount);
  }

  /** An order with a fresh order_id. */
  Fixtures order(String customer, Instant ts, String status, String amount) {
    return orderVersion("o-" + ++nextOrder, customer, ts, status, amount, ingested, "orders-1.csv");
  }

  /** One version of order {@code orderId}, as one ingestion wrote it. */
  Fixtures orderVersion(
      String orderId,
      String customer,
      Instant ts,
      String status,
      String amount,
      Instant ingestedAt,
      String file) {
    orders.add(
        RowFactory.create(
            orderId,
            customer,
            Timestamp.from(ts),
            status,
            new BigDecimal(amount),
            Timestamp.from(ingestedAt),
            file));
    return this;
  }

  /** A click event; {@code customer} and {@code session} may be null. */
  Fixtures click(String customer, String session, Instant ts, String type) {
    clicks.add(RowFactory.create("e-" + ++nextEvent, customer, session, Timestamp.from(ts), type));
    return this;
  }

  /** The last click again, as a copy from another file would bring it (same event_id). */
  Fixtures sameClickAgain() {
    clicks.add(clicks.get(clicks.size() - 1));
    return this;
  }

  Dataset<Row> orders() {
    return spark.createDataFrame(orders, ORDERS);
  }

  Dataset<Row> customers() {
    return spark.createDataFrame(customers, CUSTOMERS);
  }

  Dataset<Row> clicks() {
    return spark.createDataFrame(clicks, CLICKS);
  }

  Customer360 computation(Customer360Params params) {
    return Customer360.of(orders(), customers(), clicks(), asOf, params);
  }

  /** Computes with the default parameters and returns the rows by customer_id. */
  Map<String, Row> compute() {
    return compute(Customer360Params.defaults());
  }

  /** Computes and returns the rows by customer_id. */
  Map<String, Row> compute(Customer360Params params) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : computation(params).rows().collectAsList()) {
      rows.put(row.getAs("customer_id"), row);
    }
    return rows;
  }
}
