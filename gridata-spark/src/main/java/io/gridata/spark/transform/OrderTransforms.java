package io.gridata.spark.transform;

import static io.gridata.spark.transform.IngestTransforms.reason;
import static io.gridata.spark.transform.OrderColumns.CHANNEL;
import static io.gridata.spark.transform.OrderColumns.CURRENCY;
import static io.gridata.spark.transform.OrderColumns.CUSTOMER_ID;
import static io.gridata.spark.transform.OrderColumns.DISCOUNT;
import static io.gridata.spark.transform.OrderColumns.ORDER_CATEGORY;
import static io.gridata.spark.transform.OrderColumns.ORDER_DATE;
import static io.gridata.spark.transform.OrderColumns.ORDER_ID;
import static io.gridata.spark.transform.OrderColumns.ORDER_TIMESTAMP;
import static io.gridata.spark.transform.OrderColumns.ORDER_TS;
import static io.gridata.spark.transform.OrderColumns.PAYMENT_METHOD;
import static io.gridata.spark.transform.OrderColumns.PRODUCT_ID;
import static io.gridata.spark.transform.OrderColumns.QUANTITY;
import static io.gridata.spark.transform.OrderColumns.RAW_COLUMNS;
import static io.gridata.spark.transform.OrderColumns.SHIPPING_COST;
import static io.gridata.spark.transform.OrderColumns.STATUS;
import static io.gridata.spark.transform.OrderColumns.SUBTOTAL;
import static io.gridata.spark.transform.OrderColumns.TAX;
import static io.gridata.spark.transform.OrderColumns.TOTAL_AMOUNT;
import static io.gridata.spark.transform.OrderColumns.UNIT_PRICE;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The order transforms, each a small {@link Transform} over raw orders whose contract columns are
 * strings (as {@link io.gridata.spark.read.RawReader} produces them). Compose them in the order of
 * {@link #cleanOrders}; each can also be applied alone in tests.
 *
 * <p>Null handling (documented defaults): {@code discount}, {@code tax}, {@code shipping_cost} null
 * or blank become 0; {@code currency} becomes {@code USD}; {@code payment_method} and {@code
 * channel} become {@code unknown}. A value that is present but unparseable is never defaulted: it
 * makes the row invalid.
 */
public final class OrderTransforms {
  /** Money columns: decimal(12,2), rounded half-up when the raw value has more digits. */
  public static final String MONEY = "decimal(12,2)";

  /** Derived amounts: two more integer digits than the inputs so sums never overflow. */
  public static final String AMOUNT = "decimal(14,2)";

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
   * defaults for absent optional values.
   */
  public static Transform castAndDefault() {
    return df ->
        df.withColumn(QUANTITY, col(QUANTITY).try_cast("int"))
            .withColumn(UNIT_PRICE, col(UNIT_PRICE).try_cast(MONEY))
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
   * invalid_quantity (absent, not an integer, or &lt; 1), invalid_unit_price (absent, not a number,
   * or negative), invalid_amounts (discount/tax/shipping present but not a non-negative number),
   * invalid_status, invalid_currency (not three letters).
   */
  public static Transform flagInvalid() {
    return IngestTransforms.flag(
        List.of(
            reason(col(ORDER_ID).isNull(), "missing_order_id"),
            reason(col(CUSTOMER_ID).isNull(), "missing_customer_id"),
            reason(col(ORDER_TS).isNull(), "invalid_order_timestamp"),
            reason(col(QUANTITY).isNull().or(col(QUANTITY).lt(1)), "invalid_quantity"),
            reason(col(UNIT_PRICE).isNull().or(col(UNIT_PRICE).lt(0)), "invalid_unit_price"),
            reason(
                invalidOptionalMoney(DISCOUNT)
                    .or(invalidOptionalMoney(TAX))
                    .or(invalidOptionalMoney(SHIPPING_COST)),
                "invalid_amounts"),
            reason(
                col(STATUS)
                    .isNull()
                    .or(col(STATUS).isin(OrderColumns.STATUSES.toArray()).unary_$bang()),
                "invalid_status"),
            reason(col(CURRENCY).rlike("^[A-Z]{3}$").unary_$bang(), "invalid_currency")));
  }

  /**
   * {@code subtotal = quantity * unit_price}; {@code total = subtotal - discount + tax + shipping}.
   */
  public static Transform calculateAmounts() {
    return df -> {
      Column subtotal = col(QUANTITY).cast(AMOUNT).multiply(col(UNIT_PRICE)).cast(AMOUNT);
      return df.withColumn(SUBTOTAL, subtotal)
          .withColumn(
              TOTAL_AMOUNT,
              col(SUBTOTAL)
                  .minus(col(DISCOUNT))
                  .plus(col(TAX))
                  .plus(col(SHIPPING_COST))
                  .cast(AMOUNT));
    };
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
   * by order_id. Needs the columns of {@link #TABLE_COLUMNS} (run it after {@link #categorize}).
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

  /** Valid rows to table rows: amounts, category, de-duplication. */
  public static Transform cleanOrders(OrderCategories categories) {
    return IngestTransforms.validOnly()
        .andThen(calculateAmounts())
        .andThen(categorize(categories))
        .andThen(deduplicate());
  }

  /** Column order of the orders table (without run metadata columns). */
  public static final List<String> TABLE_COLUMNS =
      List.of(
          ORDER_ID,
          CUSTOMER_ID,
          ORDER_TS,
          ORDER_DATE,
          STATUS,
          PRODUCT_ID,
          QUANTITY,
          UNIT_PRICE,
          DISCOUNT,
          TAX,
          SHIPPING_COST,
          CURRENCY,
          PAYMENT_METHOD,
          CHANNEL,
          SUBTOTAL,
          TOTAL_AMOUNT,
          ORDER_CATEGORY);

  private static Column moneyOrZero(String name) {
    return when(col(name).isNull(), lit(0).cast(MONEY)).otherwise(col(name).try_cast(MONEY));
  }

  private static Column invalidOptionalMoney(String name) {
    return col(name).isNull().or(col(name).lt(0));
  }
}
