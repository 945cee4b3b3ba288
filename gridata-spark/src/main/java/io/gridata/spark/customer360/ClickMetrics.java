package io.gridata.spark.customer360;

import static io.gridata.spark.customer360.Customer360Columns.AVG_SESSION_DURATION_SECONDS;
import static io.gridata.spark.customer360.Customer360Columns.CART_ABANDONMENT_RATE;
import static io.gridata.spark.customer360.Customer360Columns.CONVERSION_RATE;
import static io.gridata.spark.customer360.Customer360Columns.EVENTS;
import static io.gridata.spark.customer360.Customer360Columns.PAGE_VIEWS;
import static io.gridata.spark.customer360.Customer360Columns.RECENT_SESSIONS;
import static io.gridata.spark.customer360.Customer360Columns.SESSIONS;
import static io.gridata.spark.customer360.Inputs.CUSTOMER_ID;
import static io.gridata.spark.customer360.Inputs.EVENT_ID;
import static io.gridata.spark.customer360.Inputs.EVENT_TS;
import static io.gridata.spark.customer360.Inputs.EVENT_TYPE;
import static io.gridata.spark.customer360.Inputs.SESSION_ID;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;

/**
 * Clickstream aggregates per customer_id, and the counts of the anonymous events (null
 * customer_id), from one shuffle of the clicks.
 *
 * <p>{@link #aggregates} keys every event by {@code __key}: its customer_id, or for an anonymous
 * event a bucket of its session_id (of its event_id when it has none), in the type of customer_id,
 * with {@code __anonymous} telling the two apart. The clicks are shuffled once by {@code __key}:
 * the anonymous events are spread over many tasks like the customers' (never one null-key task),
 * and every anonymous session lands in one group, so the anonymous events, their distinct
 * session_ids and those without session are counted from the same pass ({@link #counted}) instead
 * of a second scan. {@link #attributed} keeps the customers' rows, {@code __key} renamed
 * customer_id (so the partitioning is still by customer_id). {@link #perCustomer} drops the
 * anonymous events before the shuffle, for a computation that does not count them.
 *
 * <p>Sessions: an event with a session_id belongs to session (customer_id, session_id), however
 * long it lasts. Events without one are sessionized per customer among themselves, in (event_ts,
 * event_id) order: an event starts a new session when the previous session-less event of the same
 * customer is more than {@link Customer360Params#sessionGap()} earlier (a gap of exactly the
 * session gap stays in the session). Both kinds come from one window partitioned by the key, whose
 * partitioning the two following aggregations reuse: the clicks are shuffled once.
 *
 * <p>An event that arrived more than once (the same event_id in two files, e.g. an export sent
 * again under another name, which the ingestion ledger cannot tell from new data) counts once: of
 * its copies the one with the latest event_ts (then greatest event_type, then session_id) is kept.
 * The copies share their customer_id, so this happens within the same shuffle by customer_id.
 * Anonymous events are only counted, as they arrived (no copy dropped).
 */
final class ClickMetrics {
  static final String PAGE_VIEW = "page_view";
  static final String ADD_TO_CART = "add_to_cart";
  static final String PURCHASE = "purchase";

  private static final String AUTO_SESSION = "__auto_session";
  private static final String START = "__start";
  private static final String END = "__end";
  private static final String PURCHASED = "__purchased";
  private static final String CARTED = "__carted";
  private static final double MICROS_PER_SECOND = 1_000_000.0;

  /** The shuffle key: customer_id, or a bucket of an anonymous event's session_id or event_id. */
  static final String KEY = "__key";

  /** Whether a row of {@link #aggregates} holds anonymous events. */
  static final String ANONYMOUS = "__anonymous";

  private static final String ID_SESSIONS = "__id_sessions";
  private static final String EVENTS_WITHOUT_SESSION = "__events_without_session";

  /** Buckets of the anonymous events' keys (fits any integral customer_id type from short up). */
  private static final int ANONYMOUS_BUCKETS = 30_011;

  private ClickMetrics() {}

  /**
   * The aggregates of the events of {@code clicks} attributed to a customer (anonymous ones dropped
   * before the shuffle), one row per customer_id: what {@link #attributed} keeps of {@link
   * #aggregates}, without counting the anonymous events.
   */
  static Dataset<Row> perCustomer(Dataset<Row> clicks, Instant cutoff, Customer360Params p) {
    return attributed(aggregates(clicks.where(col(CUSTOMER_ID).isNotNull()), cutoff, p));
  }

  /**
   * One row per {@code __key} and {@code __anonymous} (see the class comment) of {@code clicks}
   * (see {@link Inputs#clicksBefore}): the customers' metrics, and for the anonymous groups what
   * {@link #counted} projects for the counts to sum. Read it through {@link #attributed} and {@link
   * #counted}.
   */
  static Dataset<Row> aggregates(Dataset<Row> clicks, Instant cutoff, Customer360Params p) {
    WindowSpec inOrder =
        Window.partitionBy(col(KEY), col(ANONYMOUS)).orderBy(col(EVENT_TS), col(EVENT_ID));
    Column sessionless = col(SESSION_ID).isNull();
    Column previousSessionless =
        last(when(sessionless, col(EVENT_TS)), true)
            .over(inOrder.rowsBetween(Window.unboundedPreceding(), -1));
    long gapMicros = p.sessionGap().toNanos() / 1_000;
    Column startsSession =
        sessionless.and(
            previousSessionless
                .isNull()
                .or(
                    unix_micros(col(EVENT_TS))
                        .minus(unix_micros(previousSessionless))
                        .gt(gapMicros)));
    DataType keyType = clicks.schema().apply(CUSTOMER_ID).dataType();
    Column anonymousKey =
        pmod(
                xxhash64(coalesce(col(SESSION_ID).cast("string"), col(EVENT_ID).cast("string"))),
                lit((long) ANONYMOUS_BUCKETS))
            .cast(keyType);
    // customer_id is the key of an attributed event; an anonymous event is only counted, so only
    // its key and session_id cross the shuffle. The explicit partitioning by the key satisfies
    // both windows (and the aggregations after them): one shuffle
    Column anonymous = col(CUSTOMER_ID).isNull();
    Dataset<Row> keyed =
        clicks
            .select(
                coalesce(col(CUSTOMER_ID), anonymousKey).as(KEY),
                anonymous.as(ANONYMOUS),
                col(SESSION_ID),
                when(not(anonymous), col(EVENT_ID)).as(EVENT_ID),
                when(not(anonymous), col(EVENT_TS)).as(EVENT_TS),
                when(not(anonymous), col(EVENT_TYPE)).as(EVENT_TYPE))
            .repartition(col(KEY));
    Dataset<Row> unique =
        keyed
            .withColumn(
                "__copy",
                row_number()
                    .over(
                        Window.partitionBy(col(KEY), col(ANONYMOUS), col(EVENT_ID))
                            .orderBy(
                                col(EVENT_TS).desc(),
                                col(EVENT_TYPE).desc(),
                                col(SESSION_ID).desc_nulls_last())))
            .where(col(ANONYMOUS).or(col("__copy").equalTo(1)))
            .drop("__copy");
    Dataset<Row> events =
        unique
            .withColumn("__starts", when(startsSession, 1).otherwise(0))
            .withColumn(
                AUTO_SESSION,
                when(
                    sessionless,
                    sum(col("__starts"))
                        .over(
                            inOrder.rowsBetween(
                                Window.unboundedPreceding(), Window.currentRow()))));
    Dataset<Row> sessions =
        events
            .groupBy(col(KEY), col(ANONYMOUS), col(SESSION_ID), col(AUTO_SESSION))
            .agg(
                min(col(EVENT_TS)).as(START),
                max(col(EVENT_TS)).as(END),
                count(lit(1)).as(EVENTS),
                count(when(col(EVENT_TYPE).equalTo(PAGE_VIEW), 1)).as(PAGE_VIEWS),
                max(when(col(EVENT_TYPE).equalTo(PURCHASE), 1).otherwise(0)).as(PURCHASED),
                max(when(col(EVENT_TYPE).equalTo(ADD_TO_CART), 1).otherwise(0)).as(CARTED));
    Instant recentStart = cutoff.minus(Duration.ofDays(p.engagementWindowDays()));
    Column purchased = col(PURCHASED).equalTo(1);
    Column carted = col(CARTED).equalTo(1);
    return sessions
        .groupBy(col(KEY), col(ANONYMOUS))
        .agg(
            sum(col(EVENTS)).as(EVENTS),
            sum(col(PAGE_VIEWS)).as(PAGE_VIEWS),
            count(lit(1)).as(SESSIONS),
            count(when(col(END).geq(lit(recentStart)), 1)).as(RECENT_SESSIONS),
            avg(unix_micros(col(END)).minus(unix_micros(col(START))).divide(MICROS_PER_SECOND))
                .as("__avg_duration"),
            count(when(purchased, 1)).as("__purchase_sessions"),
            count(when(carted, 1)).as("__cart_sessions"),
            count(when(carted.and(not(purchased)), 1)).as("__abandoned_sessions"),
            // the anonymous counts: distinct session_ids, events without one
            count(when(col(SESSION_ID).isNotNull(), 1)).as(ID_SESSIONS),
            coalesce(sum(when(col(SESSION_ID).isNull(), col(EVENTS))), lit(0L))
                .as(EVENTS_WITHOUT_SESSION));
  }

  /**
   * The customers' rows of {@code aggregates} (see {@link #aggregates}): one row per customer_id
   * with an attributed event, still partitioned by customer_id.
   */
  static Dataset<Row> attributed(Dataset<Row> aggregates) {
    return aggregates
        .where(not(col(ANONYMOUS)))
        .select(
            col(KEY).as(CUSTOMER_ID),
            col(EVENTS),
            col(PAGE_VIEWS),
            col(SESSIONS),
            col(RECENT_SESSIONS),
            round(col("__avg_duration"), 3).as(AVG_SESSION_DURATION_SECONDS),
            round(col("__purchase_sessions").divide(col(SESSIONS)), 4).as(CONVERSION_RATE),
            when(
                    col("__cart_sessions").gt(0),
                    round(col("__abandoned_sessions").divide(col("__cart_sessions")), 4))
                .as(CART_ABANDONMENT_RATE));
  }

  /**
   * Every row of {@code aggregates} with what the counts need, from one scan of it: {@code
   * customer_id} (null for an anonymous group) with its {@code events}, or, for an anonymous group,
   * {@code anonymous_events}, {@code anonymous_sessions} (its distinct session_ids: each lands in
   * one group) and {@code anonymous_events_without_session}; summed, the counts of all anonymous
   * events as they arrived. The other columns of a row are 0.
   */
  static Dataset<Row> counted(Dataset<Row> aggregates) {
    Column anonymous = col(ANONYMOUS);
    Column zero = lit(0L);
    return aggregates.select(
        when(not(anonymous), col(KEY)).as(CUSTOMER_ID),
        when(anonymous, zero).otherwise(col(EVENTS)).as(EVENTS),
        when(anonymous, col(EVENTS)).otherwise(zero).as("anonymous_events"),
        when(anonymous, col(ID_SESSIONS)).otherwise(zero).as("anonymous_sessions"),
        when(anonymous, col(EVENTS_WITHOUT_SESSION))
            .otherwise(zero)
            .as("anonymous_events_without_session"));
  }
}
