package io.gridata.spark.customer360;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import io.gridata.core.InvalidInputException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

/**
 * The three inputs of {@link Customer360}: the columns read from each, and the as-of views built on
 * them (the latest version of each order, the current version of each customer, the click events
 * attributed to a customer).
 */
final class Inputs {
  static final String ORDER_ID = "order_id";
  static final String CUSTOMER_ID = "customer_id";
  static final String ORDER_TS = "order_ts";
  static final String STATUS = "status";
  static final String TOTAL_AMOUNT = "total_amount";
  static final String INGESTED_AT = "_ingested_at";
  static final String SOURCE_FILE = "_source_file";
  static final String SIGNUP_TS = "signup_ts";
  static final String EVENT_ID = "event_id";
  static final String SESSION_ID = "session_id";
  static final String EVENT_TS = "event_ts";
  static final String EVENT_TYPE = "event_type";

  /** Order columns read (all others are pruned before any join). */
  static final List<String> ORDER_COLUMNS =
      List.of(ORDER_ID, CUSTOMER_ID, ORDER_TS, STATUS, TOTAL_AMOUNT, INGESTED_AT, SOURCE_FILE);

  /** Customer columns read. */
  static final List<String> CUSTOMER_COLUMNS =
      List.of(
          CUSTOMER_ID,
          "email",
          "first_name",
          "last_name",
          SIGNUP_TS,
          "country",
          "city",
          INGESTED_AT,
          SOURCE_FILE);

  /** Clickstream columns read. */
  static final List<String> CLICK_COLUMNS =
      List.of(EVENT_ID, CUSTOMER_ID, SESSION_ID, EVENT_TS, EVENT_TYPE);

  private Inputs() {}

  /**
   * Checks that {@code data}'s customer_id joins the customers' one to one: the same type, or two
   * integral types (widening keeps distinct ids distinct). Any other pair could name one customer
   * twice (string "01" and "1" both equal bigint 1) and give that customer two rows.
   *
   * @throws InvalidInputException naming the input, both types and the cast to make
   */
  static void checkCustomerIdType(Dataset<Row> data, String what, DataType customersType) {
    DataType type = data.schema().apply(CUSTOMER_ID).dataType();
    InvalidInputException.check(
        type.equals(customersType) || (integral(type) && integral(customersType)),
        "Cannot compute Customer 360: the %s input's customer_id is %s but the customers' is %s,"
            + " and such values may not match one to one (string \"01\" and \"1\" are both"
            + " bigint 1); cast the %s input's customer_id to %s before computing",
        what,
        type.simpleString(),
        customersType.simpleString(),
        what,
        customersType.simpleString());
  }

  private static boolean integral(DataType type) {
    return type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType
        || type instanceof LongType;
  }

  /** {@code data} reduced to {@code columns}, or an error naming the first missing one. */
  static Dataset<Row> project(Dataset<Row> data, String what, List<String> columns) {
    List<String> present = Arrays.asList(data.columns());
    for (String column : columns) {
      InvalidInputException.check(
          present.contains(column),
          "Cannot compute Customer 360: the %s input has no column %s (it has %s; needed: %s)",
          what,
          column,
          present,
          columns);
    }
    return data.select(columns.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Orders placed before {@code cutoff}, one row per order_id: the version with the latest
   * order_ts, then the latest _ingested_at, then the greatest _source_file, then a hash of its
   * values (so equal keys never depend on row order).
   */
  static Dataset<Row> latestOrders(Dataset<Row> orders, Instant cutoff) {
    WindowSpec newestFirst =
        Window.partitionBy(col(ORDER_ID))
            .orderBy(
                col(ORDER_TS).desc(),
                col(INGESTED_AT).desc(),
                col(SOURCE_FILE).desc(),
                xxhash64(col(CUSTOMER_ID), col(STATUS), col(TOTAL_AMOUNT)).desc());
    return project(orders, "orders", ORDER_COLUMNS)
        .where(col(ORDER_TS).lt(lit(cutoff)))
        .withColumn("__version", row_number().over(newestFirst))
        .where(col("__version").equalTo(1))
        .drop("__version", INGESTED_AT, SOURCE_FILE);
  }

  /**
   * The current version of every customer (greatest _ingested_at, then greatest _source_file, then
   * a hash of its values), kept when it signed up before {@code cutoff} or has no signup time.
   */
  static Dataset<Row> currentCustomers(Dataset<Row> customers, Instant cutoff) {
    List<String> values = CUSTOMER_COLUMNS.subList(1, 7);
    WindowSpec newestFirst =
        Window.partitionBy(col(CUSTOMER_ID))
            .orderBy(
                col(INGESTED_AT).desc(),
                col(SOURCE_FILE).desc(),
                xxhash64(values.stream().map(c -> col(c)).toArray(Column[]::new)).desc());
    return project(customers, "customers", CUSTOMER_COLUMNS)
        .where(col(CUSTOMER_ID).isNotNull())
        .withColumn("__version", row_number().over(newestFirst))
        .where(col("__version").equalTo(1))
        .where(col(SIGNUP_TS).isNull().or(col(SIGNUP_TS).lt(lit(cutoff))))
        .drop("__version", INGESTED_AT, SOURCE_FILE);
  }

  /** Click events before {@code cutoff}, any customer or none. */
  static Dataset<Row> clicksBefore(Dataset<Row> clicks, Instant cutoff) {
    return project(clicks, "clickstream", CLICK_COLUMNS).where(col(EVENT_TS).lt(lit(cutoff)));
  }
}
