package io.gridata.core.contract;

import static io.gridata.core.contract.ColumnType.DECIMAL;
import static io.gridata.core.contract.ColumnType.INT;
import static io.gridata.core.contract.ColumnType.STRING;
import static io.gridata.core.contract.ColumnType.TIMESTAMP;

/**
 * The raw contracts of the e-commerce example that ships with the SDK (the tables in this module's
 * README). Timestamps are declared {@link ColumnType#TIMESTAMP}: the raw value may be ISO-8601
 * text, {@code yyyy-MM-dd HH:mm:ss} (UTC), or epoch seconds (up to 11 digits) or milliseconds (12
 * or 13 digits); the Spark reader parses it.
 */
public final class Contracts {
  private Contracts() {}

  /**
   * Raw orders, one row per order: {@code order_id}, {@code customer_id}, {@code order_timestamp}
   * required; {@code status}, {@code product_id}, {@code quantity}, {@code unit_price}, {@code
   * discount}, {@code tax}, {@code shipping_cost}, {@code currency}, {@code payment_method}, {@code
   * channel} optional.
   */
  public static DataContract orders() {
    return DataContract.builder("orders")
        .required("order_id", STRING)
        .required("customer_id", STRING)
        .required("order_timestamp", TIMESTAMP)
        .optional("status", STRING)
        .optional("product_id", STRING)
        .optional("quantity", INT)
        .optional("unit_price", DECIMAL)
        .optional("discount", DECIMAL)
        .optional("tax", DECIMAL)
        .optional("shipping_cost", DECIMAL)
        .optional("currency", STRING)
        .optional("payment_method", STRING)
        .optional("channel", STRING)
        .build();
  }

  /**
   * Raw customers: {@code customer_id} required; {@code email}, {@code first_name}, {@code
   * last_name}, {@code signup_ts}, {@code country}, {@code city} optional.
   */
  public static DataContract customers() {
    return DataContract.builder("customers")
        .required("customer_id", STRING)
        .optional("email", STRING)
        .optional("first_name", STRING)
        .optional("last_name", STRING)
        .optional("signup_ts", TIMESTAMP)
        .optional("country", STRING)
        .optional("city", STRING)
        .build();
  }

  /**
   * Raw clickstream: {@code event_id}, {@code event_ts}, {@code event_type} required; {@code
   * customer_id} (null for anonymous), {@code session_id} (null: sessionized by 30 minutes of
   * inactivity), {@code page_url}, {@code product_id}, {@code device}, {@code referrer} optional.
   */
  public static DataContract clickstream() {
    return DataContract.builder("clickstream")
        .required("event_id", STRING)
        .optional("customer_id", STRING)
        .optional("session_id", STRING)
        .required("event_ts", TIMESTAMP)
        .required("event_type", STRING)
        .optional("page_url", STRING)
        .optional("product_id", STRING)
        .optional("device", STRING)
        .optional("referrer", STRING)
        .build();
  }

  /**
   * Raw inventory changes, one row per change of a product's stock: {@code change_id}, {@code
   * product_id}, {@code quantity_delta} (a whole number, negative for stock leaving), {@code
   * change_ts} required; {@code reason} (e.g. restock, sale, return, adjustment) optional.
   */
  public static DataContract inventoryChanges() {
    return DataContract.builder("inventory_changes")
        .required("change_id", STRING)
        .required("product_id", STRING)
        .required("quantity_delta", INT)
        .required("change_ts", TIMESTAMP)
        .optional("reason", STRING)
        .build();
  }
}
