package io.gridata.spark.clickstream;

import static io.gridata.spark.transform.IngestTransforms.reason;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;

import io.gridata.core.contract.ColumnSpec;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.Transform;
import java.util.List;

/**
 * The transforms of raw clickstream events ({@code event_id}, {@code customer_id}, {@code
 * session_id}, {@code event_ts}, {@code event_type}, {@code page_url}, {@code product_id}, {@code
 * device}, {@code referrer}, all strings as read).
 *
 * <p>Normalization: every value trimmed, blank becomes null (a null {@code customer_id} is an
 * anonymous event and stays valid; a null {@code session_id} is sessionized downstream); {@code
 * event_type} and {@code device} lower case. {@code event_ts} is parsed in place and {@code
 * event_date} derived. Reasons: malformed_record, missing_event_id, invalid_event_ts (absent or
 * unparseable), invalid_event_type (absent or not one of {@link #EVENT_TYPES}).
 */
public final class ClickTransforms {
  public static final String EVENT_ID = "event_id";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String SESSION_ID = "session_id";
  public static final String EVENT_TS = "event_ts";
  public static final String EVENT_TYPE = "event_type";
  public static final String PAGE_URL = "page_url";
  public static final String PRODUCT_ID = "product_id";
  public static final String DEVICE = "device";
  public static final String REFERRER = "referrer";
  public static final String EVENT_DATE = "event_date";

  /** Columns of raw rows, in contract order: {@link ClickstreamSpec#CONTRACT}'s. */
  public static final List<String> RAW_COLUMNS =
      ClickstreamSpec.CONTRACT.columns().stream().map(ColumnSpec::name).toList();

  /** Allowed event types (matched case-insensitively, stored lower case). */
  public static final List<String> EVENT_TYPES =
      List.of("page_view", "product_view", "add_to_cart", "checkout", "purchase");

  private ClickTransforms() {}

  /** Keep raw, normalize, parse {@code event_ts}, flag. */
  public static Transform prepare() {
    return IngestTransforms.keepRaw(RAW_COLUMNS)
        .andThen(IngestTransforms.trimToNull(RAW_COLUMNS))
        .andThen(
            df ->
                df.withColumn(EVENT_TYPE, lower(col(EVENT_TYPE)))
                    .withColumn(DEVICE, lower(col(DEVICE)))
                    .withColumn(EVENT_TS, IngestTransforms.parseTimestamp(col(EVENT_TS)))
                    .withColumn(EVENT_DATE, IngestTransforms.utcDate(col(EVENT_TS))))
        .andThen(
            IngestTransforms.flag(
                List.of(
                    reason(col(EVENT_ID).isNull(), "missing_event_id"),
                    reason(col(EVENT_TS).isNull(), "invalid_event_ts"),
                    reason(
                        col(EVENT_TYPE)
                            .isNull()
                            .or(col(EVENT_TYPE).isin(EVENT_TYPES.toArray()).unary_$bang()),
                        "invalid_event_type"))));
  }

  /** One row per {@code event_id}: the latest {@code event_ts}. */
  public static Transform deduplicate() {
    return IngestTransforms.keepOnePerKey(EVENT_ID, List.of(col(EVENT_TS).desc()));
  }
}
