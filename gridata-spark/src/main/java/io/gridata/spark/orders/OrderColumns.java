package io.gridata.spark.orders;

import io.gridata.core.contract.ColumnSpec;
import java.util.List;

/** Column names of raw and cleaned orders (the raw ones are {@link OrdersSpec#CONTRACT}'s). */
public final class OrderColumns {
  public static final String ORDER_ID = "order_id";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String ORDER_TIMESTAMP = "order_timestamp";
  public static final String STATUS = "status";
  public static final String PRODUCT_ID = "product_id";
  public static final String QUANTITY = "quantity";
  public static final String UNIT_PRICE = "unit_price";
  public static final String DISCOUNT = "discount";
  public static final String TAX = "tax";
  public static final String SHIPPING_COST = "shipping_cost";
  public static final String CURRENCY = "currency";
  public static final String PAYMENT_METHOD = "payment_method";
  public static final String CHANNEL = "channel";

  public static final String ORDER_TS = "order_ts";
  public static final String ORDER_DATE = "order_date";
  public static final String SUBTOTAL = "subtotal";
  public static final String TOTAL_AMOUNT = "total_amount";
  public static final String ORDER_CATEGORY = "order_category";

  /** Raw order columns in contract order: {@link OrdersSpec#CONTRACT}'s. */
  public static final List<String> RAW_COLUMNS =
      OrdersSpec.CONTRACT.columns().stream().map(ColumnSpec::name).toList();

  /** Allowed order statuses (matched case-insensitively, stored upper case). */
  public static final List<String> STATUSES =
      List.of("PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED");

  private OrderColumns() {}
}
