package io.gridata.core.rawzone;

import static io.gridata.core.contract.ColumnType.DECIMAL;
import static io.gridata.core.contract.ColumnType.INT;
import static io.gridata.core.contract.ColumnType.STRING;
import static io.gridata.core.contract.ColumnType.TIMESTAMP;

import io.gridata.core.contract.DataContract;

/**
 * A contract for the validation tests, shaped like the shipped orders dataset's (which lives with
 * its spec in gridata-spark, out of this module's reach).
 */
final class OrdersContract {
  private OrdersContract() {}

  static DataContract orders() {
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
}
