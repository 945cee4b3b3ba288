package com.example.shop.payments;

import static io.gridata.core.contract.ColumnType.DECIMAL;
import static io.gridata.core.contract.ColumnType.STRING;
import static io.gridata.core.contract.ColumnType.TIMESTAMP;
import static io.gridata.spark.transform.IngestTransforms.reason;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.gridata.core.contract.DataContract;
import io.gridata.spark.ingest.DerivedColumn;
import io.gridata.spark.ingest.IngestSpec;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.Transform;
import io.gridata.spark.write.TableLayout;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The shop's own dataset: card payments exported once a day as CSV ({@code payment_id, order_id,
 * amount, currency, paid_at}) into {@code raw/shop/payments/YYYY-MM-DD/}, loaded into {@code
 * <catalog>.shop.payments}, partitioned by {@code days(paid_at)}. Gridata's ingestion job does the
 * rest as for its shipped datasets: file validation against {@link #contract()}, exactly-once
 * ingestion, quarantine with reasons, de-duplication, write-audit-publish.
 *
 * <p>Values are trimmed (blank is null), {@code currency} upper-cased, {@code amount} read as
 * {@code decimal(12,2)}, {@code paid_at} parsed as a UTC instant and {@code paid_date} derived from
 * it. A row goes to {@code <table>_quarantine} with every reason it breaks:
 *
 * <ul>
 *   <li>{@code missing_payment_id}, {@code missing_order_id};
 *   <li>{@code invalid_amount}: absent, or not a number with at most 10 digits before and 2 after
 *       the point ({@code ten}, {@code 1.005});
 *   <li>{@code negative_amount}: below zero (refunds come in another export);
 *   <li>{@code unknown_currency}: absent or not one of {@link #CURRENCIES};
 *   <li>{@code invalid_paid_at}: absent or not a timestamp Gridata parses (ISO-8601 with an offset,
 *       {@code yyyy-MM-dd HH:mm:ss} as UTC, epoch seconds or milliseconds);
 *   <li>{@code malformed_record} (Gridata's own): a line the CSV reader could not split.
 * </ul>
 *
 * One row per {@code payment_id} is kept per batch: the latest {@code paid_at}.
 */
public final class PaymentsSpec implements IngestSpec {
  public static final String DOMAIN = "shop";
  public static final String DATASET = "payments";

  public static final String PAYMENT_ID = "payment_id";
  public static final String ORDER_ID = "order_id";
  public static final String AMOUNT = "amount";
  public static final String CURRENCY = "currency";
  public static final String PAID_AT = "paid_at";
  public static final String PAID_DATE = "paid_date";

  /**
   * The raw export: every column must be in a file's header; other columns are tolerated (and
   * ignored).
   */
  public static final DataContract CONTRACT =
      DataContract.builder(DATASET)
          .required(PAYMENT_ID, STRING)
          .required(ORDER_ID, STRING)
          .required(AMOUNT, DECIMAL)
          .required(CURRENCY, STRING)
          .required(PAID_AT, TIMESTAMP)
          .build();

  /**
   * The table's columns (Gridata adds its run metadata columns), declared once: the DDL and the
   * column list come from it, and the job checks the transforms produce it before it runs.
   */
  public static final StructType TABLE_SCHEMA =
      StructType.fromDDL(
          "payment_id string NOT NULL, order_id string NOT NULL, amount decimal(12,2) NOT NULL,"
              + " currency string NOT NULL, paid_at timestamp NOT NULL, paid_date date NOT NULL");

  /** The currencies the shop takes. */
  public static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");

  /** One partition per day of payment, files sorted by time of payment, 128 MiB files. */
  public static final TableLayout LAYOUT =
      new TableLayout("days(paid_at)", PAID_AT, TableLayout.DEFAULT_TARGET_FILE_SIZE);

  /** Up to 10 digits before the point and 2 after it: what {@code decimal(12,2)} holds exactly. */
  private static final String AMOUNT_TEXT = "^[+-]?[0-9]{1,10}([.][0-9]{1,2})?$";

  @Override
  public String domain() {
    return DOMAIN;
  }

  @Override
  public String dataset() {
    return DATASET;
  }

  @Override
  public DataContract contract() {
    return CONTRACT;
  }

  @Override
  public StructType tableSchema() {
    return TABLE_SCHEMA;
  }

  @Override
  public TableLayout layout() {
    return LAYOUT;
  }

  /** Keep the raw values (for quarantine), normalize, type, flag. */
  @Override
  public Transform prepare() {
    return IngestTransforms.keepRaw(rawColumns())
        .andThen(IngestTransforms.trimToNull(rawColumns()))
        .andThen(
            df ->
                df.withColumn(CURRENCY, upper(col(CURRENCY)))
                    .withColumn(
                        AMOUNT,
                        when(
                            col(AMOUNT).rlike(AMOUNT_TEXT),
                            IngestTransforms.tryCast(col(AMOUNT), "decimal(12,2)")))
                    .withColumn(PAID_AT, IngestTransforms.parseTimestamp(col(PAID_AT))))
        .andThen(
            IngestTransforms.flag(
                List.of(
                    reason(col(PAYMENT_ID).isNull(), "missing_payment_id"),
                    reason(col(ORDER_ID).isNull(), "missing_order_id"),
                    reason(col(AMOUNT).isNull(), "invalid_amount"),
                    reason(col(AMOUNT).lt(0), "negative_amount"),
                    reason(
                        col(CURRENCY).isNull().or(not(col(CURRENCY).isin(CURRENCIES.toArray()))),
                        "unknown_currency"),
                    reason(col(PAID_AT).isNull(), "invalid_paid_at"))));
  }

  /** {@code paid_date}: the UTC day of the payment. */
  @Override
  public Transform enrich() {
    return df -> df.withColumn(PAID_DATE, IngestTransforms.utcDate(col(PAID_AT)));
  }

  /** For column-level lineage: {@code paid_date} is computed from the raw {@code paid_at}. */
  @Override
  public List<DerivedColumn> derivedColumns() {
    return List.of(DerivedColumn.of(PAID_DATE, "UTC date of parsed paid_at", PAID_AT));
  }

  /** One row per {@code payment_id}: the latest {@code paid_at}. */
  @Override
  public Transform deduplicate() {
    return IngestTransforms.keepOnePerKey(PAYMENT_ID, List.of(col(PAID_AT).desc()));
  }
}
