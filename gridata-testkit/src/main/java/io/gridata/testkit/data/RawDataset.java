package io.gridata.testkit.data;

import java.util.List;

/**
 * Test data shaped like the raw datasets of the e-commerce example, with their columns in file
 * order; the contracts themselves live with the datasets' specs in gridata-spark ({@code
 * OrdersSpec.CONTRACT}, ...), whose tests check these columns against them. All of them live in the
 * domain {@value #DOMAIN}.
 */
public enum RawDataset {
  /** One row per order. */
  ORDERS(
      "orders",
      "order_id",
      List.of(
          Column.string("order_id"),
          Column.string("customer_id"),
          Column.string("order_timestamp"),
          Column.string("status"),
          Column.string("product_id"),
          Column.integer("quantity"),
          Column.decimal("unit_price"),
          Column.decimal("discount"),
          Column.decimal("tax"),
          Column.decimal("shipping_cost"),
          Column.string("currency"),
          Column.string("payment_method"),
          Column.string("channel"))),
  /** One row per customer. */
  CUSTOMERS(
      "customers",
      "customer_id",
      List.of(
          Column.string("customer_id"),
          Column.string("email"),
          Column.string("first_name"),
          Column.string("last_name"),
          Column.string("signup_ts"),
          Column.string("country"),
          Column.string("city"))),
  /** One row per web or app event. */
  CLICKSTREAM(
      "clickstream",
      "event_id",
      List.of(
          Column.string("event_id"),
          Column.string("customer_id"),
          Column.string("session_id"),
          Column.string("event_ts"),
          Column.string("event_type"),
          Column.string("page_url"),
          Column.string("product_id"),
          Column.string("device"),
          Column.string("referrer")));

  /** The domain every generated dataset belongs to: {@code raw/ecommerce/...}. */
  public static final String DOMAIN = "ecommerce";

  private final String dirName;
  private final String idColumn;
  private final List<Column> columns;

  RawDataset(String dirName, String idColumn, List<Column> columns) {
    this.dirName = dirName;
    this.idColumn = idColumn;
    this.columns = columns;
  }

  /** The dataset's directory name in the raw zone, e.g. {@code orders}. */
  public String dirName() {
    return dirName;
  }

  /** The column that identifies a row (order_id, customer_id, event_id). */
  public String idColumn() {
    return idColumn;
  }

  /** The column that holds the row's timestamp in one of the three accepted formats. */
  public String timestampColumn() {
    return switch (this) {
      case ORDERS -> "order_timestamp";
      case CUSTOMERS -> "signup_ts";
      case CLICKSTREAM -> "event_ts";
    };
  }

  /** The columns in file order. */
  public List<Column> columns() {
    return columns;
  }

  /** The column names in file order. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /**
   * A raw column and its physical type. In CSV and JSON every value is text or a JSON number; in
   * Parquet {@link ColumnType#INT} is int32, {@link ColumnType#DECIMAL} is decimal(12,2) and the
   * rest are strings.
   *
   * @param name column name
   * @param type physical type
   */
  public record Column(String name, ColumnType type) {
    static Column string(String name) {
      return new Column(name, ColumnType.STRING);
    }

    static Column integer(String name) {
      return new Column(name, ColumnType.INT);
    }

    static Column decimal(String name) {
      return new Column(name, ColumnType.DECIMAL);
    }
  }

  /** Physical column types of the raw files. */
  public enum ColumnType {
    /** Text. */
    STRING,
    /** 32-bit integer. */
    INT,
    /** Decimal with precision 12 and scale 2. */
    DECIMAL
  }
}
