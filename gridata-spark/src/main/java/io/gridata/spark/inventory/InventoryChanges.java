package io.gridata.spark.inventory;

import static io.gridata.spark.compat.TryCast.tryCast;
import static io.gridata.spark.transform.IngestTransforms.reason;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;

import io.gridata.core.contract.ColumnSpec;
import io.gridata.spark.transform.IngestTransforms;
import io.gridata.spark.transform.Transform;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The columns and transforms of raw inventory changes ({@code change_id}, {@code product_id},
 * {@code quantity_delta}, {@code change_ts}, {@code reason}, all strings as read).
 *
 * <p>Normalization: every value trimmed, blank becomes null; {@code reason} lower case. {@code
 * quantity_delta} becomes an int, {@code change_ts} is parsed in place and {@code change_date}
 * derived. Reasons a change is quarantined for: malformed_record, missing_change_id,
 * missing_product_id, invalid_quantity_delta (absent, not a whole number such as {@code 2.5} or
 * {@code ten}, or beyond an int), invalid_change_ts (absent or unparseable). A zero delta is valid;
 * a negative one is stock leaving.
 */
public final class InventoryChanges {
  public static final String CHANGE_ID = "change_id";
  public static final String PRODUCT_ID = "product_id";
  public static final String QUANTITY_DELTA = "quantity_delta";
  public static final String CHANGE_TS = "change_ts";
  public static final String REASON = "reason";
  public static final String CHANGE_DATE = "change_date";

  /** Columns of raw rows, in contract order: {@link InventoryChangesSpec#CONTRACT}'s. */
  public static final List<String> RAW_COLUMNS =
      InventoryChangesSpec.CONTRACT.columns().stream().map(ColumnSpec::name).toList();

  /** A whole number as text, sign allowed. */
  private static final String WHOLE_NUMBER = "^[+-]?[0-9]+$";

  private InventoryChanges() {}

  /** Keep raw, normalize, type {@code quantity_delta}, parse {@code change_ts}, flag. */
  public static Transform prepare() {
    return IngestTransforms.keepRaw(RAW_COLUMNS)
        .andThen(IngestTransforms.trimToNull(RAW_COLUMNS))
        .andThen(
            df ->
                df.withColumn(REASON, lower(col(REASON)))
                    .withColumn(QUANTITY_DELTA, wholeInt(col(QUANTITY_DELTA)))
                    .withColumn(CHANGE_TS, IngestTransforms.parseTimestamp(col(CHANGE_TS)))
                    .withColumn(CHANGE_DATE, IngestTransforms.utcDate(col(CHANGE_TS))))
        .andThen(
            IngestTransforms.flag(
                List.of(
                    reason(col(CHANGE_ID).isNull(), "missing_change_id"),
                    reason(col(PRODUCT_ID).isNull(), "missing_product_id"),
                    reason(col(QUANTITY_DELTA).isNull(), "invalid_quantity_delta"),
                    reason(col(CHANGE_TS).isNull(), "invalid_change_ts"))));
  }

  /** One row per {@code change_id}: the latest {@code change_ts}. */
  public static Transform deduplicate() {
    return IngestTransforms.keepOnePerKey(CHANGE_ID, List.of(col(CHANGE_TS).desc()));
  }

  /** {@code raw} as an int when it is a whole number an int holds, else null. */
  private static Column wholeInt(Column raw) {
    return when(raw.rlike(WHOLE_NUMBER), tryCast(raw, "int"));
  }
}
