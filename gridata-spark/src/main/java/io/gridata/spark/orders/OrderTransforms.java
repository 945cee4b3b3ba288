package io.gridata.spark.orders;

import static io.gridata.spark.compat.TryCast.tryCast;
import static io.gridata.spark.orders.OrderColumns.CHANNEL;
import static io.gridata.spark.orders.OrderColumns.CURRENCY;
import static io.gridata.spark.orders.OrderColumns.CUSTOMER_ID;
import static io.gridata.spark.orders.OrderColumns.DISCOUNT;
import static io.gridata.spark.orders.OrderColumns.ORDER_CATEGORY;
import static io.gridata.spark.orders.OrderColumns.ORDER_DATE;
import static io.gridata.spark.orders.OrderColumns.ORDER_ID;
import static io.gridata.spark.orders.OrderColumns.ORDER_TIMESTAMP;
import static io.gridata.spark.orders.OrderColumns.ORDER_TS;
import static io.gridata.spark.orders.OrderColumns.PAYMENT_METHOD;
import static io.gridata.spark.orders.OrderColumns.QUANTITY;
import static io.gridata.spark.orders.OrderColumns.RAW_COLUMNS;
import static io.gridata.spark.orders.OrderColumns.SHIPPING_COST;
import static io.gridata.spark.orders.OrderColumns.STATUS;
import static io.gridata.spark.orders.OrderColumns.SUBTOTAL;
import static io.gridata.spark.orders.OrderColumns.TAX;
import static io.gridata.spark.orders.OrderColumns.TOTAL_AMOUNT;
import static io.gridata.spark.orders.OrderColumns.UNIT_PRICE;
import static io.gridata.spark.transform.IngestTransforms.reason;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.Transform;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The order transforms, each a small {@link Transform} over raw orders whose contract columns are
 * strings (as {@link io.gridata.spark.read.RawReader} produces them), composed by {@link
 * OrdersSpec}: {@link #prepare} up to the valid/invalid split, then amounts and category on the
 * valid rows, then {@link #deduplicate}; each can also be applied alone in tests.
 *
 * <p>Null handling (documented defaults): {@code discount}, {@code tax}, {@code shipping_cost} null
 * or blank become 0; {@code currency} becomes {@code USD}; {@code payment_method} and {@code
 * channel} become {@code unknown}. A value that is present but unparseable is never defaulted: it
 * makes the row invalid.
 */
public final class OrderTransforms {
  /** Money columns: decimal(12,2), rounded half-up when the raw value has more digits. */
  public static final String MONEY = "decimal(12,2)";

  /**
   * Derived amounts: two more integer digits than the inputs; a quantity times a price can still
   * exceed it, which {@link #flagInvalid()} reports as {@code total_amount_overflow}.
   */
  public static final String AMOUNT = "decimal(14,2)";

  /** A whole number as text: what {@code quantity} must be. */
  private static final String INTEGER = "^[+-]?[0-9]+$";

  /** A decimal number as text, exponent allowed ({@code 1.5e3}); not NaN or Infinity. */
  private static final String NUMBER = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$";

  /**
   * Set by {@link #castAndDefault()}, read and dropped by {@link #flagInvalid()}: the {@code
   * <column>_overflow} reasons of the numbers too large for their column's type.
   */
  private static final String OVERFLOW = "_overflow";

  private OrderTransforms() {}

  /**
   * Trims identifiers and categorical values; blank becomes null; status and currency upper case.
   */
  public static Transform normalizeValues() {
    return df ->
        IngestTransforms.trimToNull(RAW_COLUMNS)
            .apply(df)
            .withColumn(STATUS, upper(col(STATUS)))
            .withColumn(CURRENCY, upper(col(CURRENCY)));
  }

  /**
   * Parses {@code order_timestamp} into {@code order_ts} (UTC) and {@code order_date}. Accepted:
   * ISO-8601 with offset ({@code 2026-11-01T10:15:30+02:00}, fraction optional, {@code Z} allowed),
   * {@code yyyy-MM-dd HH:mm:ss} taken as UTC, and epoch milliseconds. Anything else gives null,
   * which {@link #flagInvalid()} reports.
   */
  public static Transform parseTimestamp() {
    return df ->
        df.withColumn(ORDER_TS, IngestTransforms.parseTimestamp(col(ORDER_TIMESTAMP)))
            .withColumn(ORDER_DATE, IngestTransforms.utcDate(col(ORDER_TS)));
  }

  /**
   * Casts {@code quantity} to int and money columns to {@link #MONEY}; applies the documented
   * defaults for absent optional values. A number too large for its type (a quantity beyond 2^31 -
   * 1, money of 10^10 or more) becomes null and is remembered for {@link #flagInvalid()}'s {@code
   * <column>_overflow} reasons; the casts never fail the job.
   */
  public static Transform castAndDefault() {
    return df ->
        df.withColumn(
                OVERFLOW,
                filter(
                    array(
                        overflow(QUANTITY, INTEGER, "int"),
                        overflow(UNIT_PRICE, NUMBER, MONEY),
                        overflow(DISCOUNT, NUMBER, MONEY),
                        overflow(TAX, NUMBER, MONEY),
                        overflow(SHIPPING_COST, NUMBER, MONEY)),
                    Column::isNotNull))
            .withColumn(QUANTITY, tryCast(col(QUANTITY), "int"))
            .withColumn(UNIT_PRICE, tryCast(col(UNIT_PRICE), MONEY))
            .withColumn(DISCOUNT, moneyOrZero(DISCOUNT))
            .withColumn(TAX, moneyOrZero(TAX))
            .withColumn(SHIPPING_COST, moneyOrZero(SHIPPING_COST))
            .withColumn(CURRENCY, coalesce(col(CURRENCY), lit("USD")))
            .withColumn(PAYMENT_METHOD, coalesce(col(PAYMENT_METHOD), lit("unknown")))
            .withColumn(CHANNEL, coalesce(col(CHANNEL), lit("unknown")));
  }

  /**
   * Adds {@code _errors}: the names of every rule a row breaks (empty when valid). Reasons:
   * malformed_record, missing_order_id, missing_customer_id, invalid_order_timestamp,
   * invalid_quantity (absent, not an integer, or &lt; 1), quantity_overflow (an integer beyond 2^31
   * - 1), invalid_unit_price (absent, not a number, or negative), unit_price_overflow (a number of
   * 10^10 or more: {@link #MONEY} holds 10 integer digits), invalid_amounts (discount/tax/shipping
   * present but not a non-negative number), discount_overflow, tax_overflow, shipping_cost_overflow
   * (as unit_price), total_amount_overflow (subtotal or total of 10^12 or more: {@link #AMOUNT}
   * holds 12 integer digits), invalid_status, invalid_currency (not three letters).
   */
  public static Transform flagInvalid() {
    return df -> {
      Column overflows =
          List.of(df.columns()).contains(OVERFLOW) ? col(OVERFLOW) : array().cast("array<string>");
      return IngestTransforms.flag(
              List.of(
                  reason(col(ORDER_ID).isNull(), "missing_order_id"),
                  reason(col(CUSTOMER_ID).isNull(), "missing_customer_id"),
                  reason(col(ORDER_TS).isNull(), "invalid_order_timestamp"),
                  numberReason(
                      col(QUANTITY).isNull().or(col(QUANTITY).lt(1)),
                      overflows,
                      QUANTITY,
                      "invalid_quantity"),
                  numberReason(
                      col(UNIT_PRICE).isNull().or(col(UNIT_PRICE).lt(0)),
                      overflows,
                      UNIT_PRICE,
                      "invalid_unit_price"),
                  reason(
                      invalidOptionalMoney(DISCOUNT, overflows)
                          .or(invalidOptionalMoney(TAX, overflows))
                          .or(invalidOptionalMoney(SHIPPING_COST, overflows)),
                      "invalid_amounts"),
                  overflowReason(overflows, DISCOUNT),
                  overflowReason(overflows, TAX),
                  overflowReason(overflows, SHIPPING_COST),
                  reason(amountOverflow(), "total_amount_overflow"),
                  reason(
                      col(STATUS)
                          .isNull()
                          .or(col(STATUS).isin(OrderColumns.STATUSES.toArray()).unary_$bang()),
                      "invalid_status"),
                  reason(col(CURRENCY).rlike("^[A-Z]{3}$").unary_$bang(), "invalid_currency")))
          .apply(df)
          .drop(OVERFLOW);
    };
  }

  /**
   * {@code subtotal = quantity * unit_price}; {@code total = subtotal - discount + tax + shipping},
   * both {@link #AMOUNT}, rounded half-up. An amount too large for {@link #AMOUNT} is null (never a
   * failed job); {@link #flagInvalid()} sends its row to quarantine as {@code
   * total_amount_overflow} beforehand.
   */
  public static Transform calculateAmounts() {
    return df -> df.withColumn(SUBTOTAL, subtotal()).withColumn(TOTAL_AMOUNT, total());
  }

  /** {@code quantity * unit_price} as {@link #AMOUNT}, null when it does not fit. */
  private static Column subtotal() {
    return tryCast(col(QUANTITY).cast(AMOUNT).multiply(col(UNIT_PRICE)), AMOUNT);
  }

  /**
   * Whether the amounts of a row whose inputs are all known do not fit {@link #AMOUNT}: the
   * subtotal, or the total.
   */
  private static Column amountOverflow() {
    Column inputsKnown =
        col(QUANTITY)
            .isNotNull()
            .and(col(UNIT_PRICE).isNotNull())
            .and(col(DISCOUNT).isNotNull())
            .and(col(TAX).isNotNull())
            .and(col(SHIPPING_COST).isNotNull());
    return inputsKnown.and(subtotal().isNull().or(total().isNull()));
  }

  /** The total of {@link #subtotal()} as {@link #AMOUNT}, null when either does not fit. */
  private static Column total() {
    return tryCast(subtotal().minus(col(DISCOUNT)).plus(col(TAX)).plus(col(SHIPPING_COST)), AMOUNT);
  }

  /** Adds {@code order_category} from {@code total_amount} with {@code categories}. */
  public static Transform categorize(OrderCategories categories) {
    requireNonNull(categories, "categories is null");
    return df -> {
      List<String> labels = categories.labels();
      Column category = lit(labels.get(labels.size() - 1));
      for (int i = categories.upperBounds().size() - 1; i >= 0; i--) {
        category =
            when(col(TOTAL_AMOUNT).lt(lit(categories.upperBounds().get(i))), lit(labels.get(i)))
                .otherwise(category);
      }
      return df.withColumn(ORDER_CATEGORY, category);
    };
  }

  /**
   * Keeps one row per {@code order_id}: the latest {@code order_ts}; ties broken by source file
   * name, then by a hash of the table's columns, so the written row is always the same. One shuffle
   * by order_id. Needs the columns of {@link OrdersSpec#TABLE_SCHEMA} (run it after {@link
   * #categorize}).
   */
  public static Transform deduplicate() {
    return IngestTransforms.keepOnePerKey(ORDER_ID, List.of(col(ORDER_TS).desc()));
  }

  /**
   * Everything up to the valid/invalid split: keep raw, normalize, parse, cast and default, flag.
   */
  public static Transform prepare() {
    return IngestTransforms.keepRaw(RAW_COLUMNS)
        .andThen(normalizeValues())
        .andThen(parseTimestamp())
        .andThen(castAndDefault())
        .andThen(flagInvalid());
  }

  private static Column moneyOrZero(String name) {
    return when(col(name).isNull(), lit(0).cast(MONEY)).otherwise(tryCast(col(name), MONEY));
  }

  private static Column invalidOptionalMoney(String name, Column overflows) {
    return col(name)
        .isNull()
        .and(array_contains(overflows, name + "_overflow").unary_$bang())
        .or(col(name).lt(0));
  }

  /**
   * {@code <name>_overflow} when {@code raw} (the trimmed text of column {@code name}) has the
   * shape of a number ({@code pattern}) that {@code type} cannot hold, else null.
   */
  private static Column overflow(String name, String pattern, String type) {
    Column raw = col(name);
    return when(
        raw.rlike(pattern).and(tryCast(raw, type).isNull()).and(tryCast(raw, "double").isNotNull()),
        lit(name + "_overflow"));
  }

  /** {@code <name>_overflow} when {@link #castAndDefault()} found it, else null. */
  private static Column overflowReason(Column overflows, String name) {
    return reason(array_contains(overflows, name + "_overflow"), name + "_overflow");
  }

  /**
   * {@code name + "_overflow"} when the column's number was too large, else {@code invalid} when
   * {@code broken} holds, else null.
   */
  private static Column numberReason(Column broken, Column overflows, String name, String invalid) {
    String overflow = name + "_overflow";
    return when(array_contains(overflows, overflow), lit(overflow))
        .otherwise(IngestTransforms.reason(broken, invalid));
  }
}
