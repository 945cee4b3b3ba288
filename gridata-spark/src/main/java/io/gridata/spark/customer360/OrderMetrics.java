package io.gridata.spark.customer360;

import static io.gridata.spark.customer360.Customer360Columns.CANCELLED_COUNT;
import static io.gridata.spark.customer360.Customer360Columns.FIRST_ORDER_TS;
import static io.gridata.spark.customer360.Customer360Columns.FREQUENCY;
import static io.gridata.spark.customer360.Customer360Columns.LAST_ORDER_TS;
import static io.gridata.spark.customer360.Customer360Columns.ORDER_COUNT;
import static io.gridata.spark.customer360.Customer360Columns.PRIOR_ORDERS;
import static io.gridata.spark.customer360.Customer360Columns.RECENT_ORDERS;
import static io.gridata.spark.customer360.Customer360Columns.RETURNED_COUNT;
import static io.gridata.spark.customer360.Customer360Columns.TOTAL_SPENT;
import static io.gridata.spark.customer360.Inputs.CUSTOMER_ID;
import static io.gridata.spark.customer360.Inputs.ORDER_TS;
import static io.gridata.spark.customer360.Inputs.STATUS;
import static io.gridata.spark.customer360.Inputs.TOTAL_AMOUNT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Order aggregates per customer_id, one row per customer_id that has an order (known or not): the
 * only shape of the orders that is ever joined.
 */
final class OrderMetrics {
  /** Money columns of the result: room for sums of many decimal(14,2) totals. */
  static final String MONEY = "decimal(18,2)";

  /** Statuses whose orders do not count towards spending, frequency and recency. */
  static final List<String> NOT_COUNTED = List.of("CANCELLED", "RETURNED");

  static final String FIRST_COUNTED_TS = "__first_counted_ts";
  static final String LAST_COUNTED_TS = "__last_counted_ts";

  private OrderMetrics() {}

  /** A counted order: any status but CANCELLED and RETURNED (PENDING counts). */
  static Column counted() {
    return not(col(STATUS).isin(NOT_COUNTED.toArray()));
  }

  /** Aggregates {@code latest} (see {@link Inputs#latestOrders}) per customer_id. */
  static Dataset<Row> perCustomer(Dataset<Row> latest, Instant cutoff, Customer360Params p) {
    Instant recentStart = cutoff.minus(Duration.ofDays(p.trendWindowDays()));
    Instant priorStart = recentStart.minus(Duration.ofDays(p.trendWindowDays()));
    Column ts = col(ORDER_TS);
    Column counted = counted();
    return latest
        .groupBy(col(CUSTOMER_ID))
        .agg(
            min(ts).as(FIRST_ORDER_TS),
            max(ts).as(LAST_ORDER_TS),
            count(lit(1)).as(ORDER_COUNT),
            count(when(col(STATUS).equalTo("CANCELLED"), 1)).as(CANCELLED_COUNT),
            count(when(col(STATUS).equalTo("RETURNED"), 1)).as(RETURNED_COUNT),
            count(when(counted, 1)).as(FREQUENCY),
            coalesce(sum(when(counted, col(TOTAL_AMOUNT))), lit(BigDecimal.ZERO))
                .cast(MONEY)
                .as(TOTAL_SPENT),
            min(when(counted, ts)).as(FIRST_COUNTED_TS),
            max(when(counted, ts)).as(LAST_COUNTED_TS),
            count(when(counted.and(ts.geq(lit(recentStart))), 1)).as(RECENT_ORDERS),
            count(when(counted.and(ts.geq(lit(priorStart))).and(ts.lt(lit(recentStart))), 1))
                .as(PRIOR_ORDERS));
  }
}
