package io.gridata.spark.customers;

import static io.gridata.spark.transform.IngestTransforms.reason;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.upper;

import io.gridata.core.contract.ColumnSpec;
import io.gridata.spark.transform.IngestColumns;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.Transform;
import java.util.List;

/**
 * The transforms of raw customers ({@code customer_id}, {@code email}, {@code first_name}, {@code
 * last_name}, {@code signup_ts}, {@code country}, {@code city}, all strings as read).
 *
 * <p>Normalization: every value trimmed, blank becomes null; {@code email} lower case, {@code
 * country} upper case. {@code signup_ts} is parsed in place (the three accepted timestamp formats
 * of {@link IngestTransforms#parseTimestamp}). Reasons: malformed_record, missing_customer_id,
 * invalid_signup_ts (present but unparseable), invalid_email (present but not {@code
 * local@domain.tld}), invalid_country (present but not two letters, ISO 3166-1 alpha-2).
 */
public final class CustomerTransforms {
  public static final String CUSTOMER_ID = "customer_id";
  public static final String EMAIL = "email";
  public static final String FIRST_NAME = "first_name";
  public static final String LAST_NAME = "last_name";
  public static final String SIGNUP_TS = "signup_ts";
  public static final String COUNTRY = "country";
  public static final String CITY = "city";

  /** Columns of raw rows, in contract order: {@link CustomersSpec#CONTRACT}'s. */
  public static final List<String> COLUMNS =
      CustomersSpec.CONTRACT.columns().stream().map(ColumnSpec::name).toList();

  private static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

  private CustomerTransforms() {}

  /** Keep raw, normalize, parse {@code signup_ts}, flag. */
  public static Transform prepare() {
    return IngestTransforms.keepRaw(COLUMNS)
        .andThen(IngestTransforms.trimToNull(COLUMNS))
        .andThen(
            df ->
                df.withColumn(EMAIL, lower(col(EMAIL)))
                    .withColumn(COUNTRY, upper(col(COUNTRY)))
                    .withColumn(SIGNUP_TS, IngestTransforms.parseTimestamp(col(SIGNUP_TS))))
        .andThen(
            IngestTransforms.flag(
                List.of(
                    reason(col(CUSTOMER_ID).isNull(), "missing_customer_id"),
                    reason(
                        col(SIGNUP_TS).isNull().and(col(IngestColumns.raw(SIGNUP_TS)).isNotNull()),
                        "invalid_signup_ts"),
                    reason(col(EMAIL).rlike(EMAIL_PATTERN).unary_$bang(), "invalid_email"),
                    reason(col(COUNTRY).rlike("^[A-Z]{2}$").unary_$bang(), "invalid_country"))));
  }

  /**
   * One row per {@code customer_id} within a batch; between equal ids the later source file wins.
   * Across batches the table keeps every version; readers take the latest ({@code _ingested_at}).
   */
  public static Transform deduplicate() {
    return IngestTransforms.keepOnePerKey(CUSTOMER_ID, List.of());
  }
}
