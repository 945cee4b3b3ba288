package io.gridata.spark.customer360;

import static io.gridata.spark.customer360.Customer360Columns.AS_OF_DATE;
import static io.gridata.spark.customer360.Customer360Columns.CANCELLED_COUNT;
import static io.gridata.spark.customer360.Customer360Columns.EVENTS;
import static io.gridata.spark.customer360.Customer360Columns.FREQUENCY;
import static io.gridata.spark.customer360.Customer360Columns.MONETARY;
import static io.gridata.spark.customer360.Customer360Columns.ORDER_COUNT;
import static io.gridata.spark.customer360.Customer360Columns.PAGE_VIEWS;
import static io.gridata.spark.customer360.Customer360Columns.PRIOR_ORDERS;
import static io.gridata.spark.customer360.Customer360Columns.RECENCY_DAYS;
import static io.gridata.spark.customer360.Customer360Columns.RECENT_ORDERS;
import static io.gridata.spark.customer360.Customer360Columns.RECENT_SESSIONS;
import static io.gridata.spark.customer360.Customer360Columns.RETURNED_COUNT;
import static io.gridata.spark.customer360.Customer360Columns.SESSIONS;
import static io.gridata.spark.customer360.Customer360Columns.TOTAL_SPENT;
import static io.gridata.spark.customer360.Inputs.CUSTOMER_ID;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;

/**
 * The Customer 360 computation: one row per current customer with order, RFM, lifetime-value and
 * clickstream metrics, segment, activity status and churn risk, as of the end of a UTC day. Pure:
 * the rows depend only on the three inputs, the as-of date and the {@link Customer360Params} (no
 * clock, no {@code current_date}), so the same inputs give the same rows.
 *
 * <pre>{@code
 * Dataset<Row> rows = Customer360.compute(
 *     spark.table("gridata.ecommerce.orders"), spark.table("gridata.ecommerce.customers"),
 *     spark.table("gridata.ecommerce.clickstream"), LocalDate.parse("2026-11-30"),
 *     Customer360Params.defaults());
 * }</pre>
 *
 * <h2>Inputs</h2>
 *
 * <ul>
 *   <li>orders: {@code order_id, customer_id, order_ts, status, total_amount, _ingested_at,
 *       _source_file}; only orders with {@code order_ts < cutoff} count, where {@code cutoff} is
 *       the start of the day after the as-of date in UTC ({@link #cutoff}). Of several versions of
 *       an order_id the one with the latest order_ts, then latest _ingested_at, then greatest
 *       _source_file wins.
 *   <li>customers: {@code customer_id, email, first_name, last_name, signup_ts, country, city,
 *       _ingested_at, _source_file}; the current version of a customer is the one with the greatest
 *       _ingested_at, ties by _source_file descending; it is a customer of the result when its
 *       signup_ts is before the cutoff or null.
 *   <li>clickstream: {@code event_id, customer_id, session_id, event_ts, event_type}; events with
 *       {@code event_ts < cutoff}.
 * </ul>
 *
 * Orders and events of customer_ids that are not current customers, and events without customer_id,
 * are left out of the rows and counted in {@link #counts()}.
 *
 * <h2>Metrics</h2>
 *
 * A <em>counted</em> order is one whose status is neither CANCELLED nor RETURNED (PENDING, PAID,
 * SHIPPED and DELIVERED count); an <em>active</em> customer has at least one counted order.
 *
 * <ul>
 *   <li>first_order_ts, last_order_ts, order_count: over all orders, every status; cancelled_count,
 *       returned_count.
 *   <li>total_spent = sum(total_amount) of counted orders (0.00 when none) = monetary =
 *       historical_value; frequency = number of counted orders; avg_order_value = total_spent /
 *       frequency rounded half-up to cents, null when frequency = 0.
 *   <li>recency_days = as-of date - UTC date of the last counted order (0 when it is the as-of
 *       day), null when not active.
 *   <li>r_score, f_score, m_score: {@code 1 + floor(5 * worse / n)} over the active customers,
 *       {@code worse} = active customers with a strictly worse value, {@code n} = active customers;
 *       equal values get equal scores; null when not active. rfm_segment from the scores, first
 *       match wins: Champions R&ge;4, F&ge;4, M&ge;4; Loyal R&ge;3, F&ge;4; New R&ge;4, F=1;
 *       Potential Loyalist R&ge;3; Can't Lose F&ge;4, M&ge;4; At Risk F&ge;3; Hibernating R=2; Lost
 *       otherwise; "No Purchases" when not active.
 *   <li>tenure_days = max(minTenureDays, as-of date - UTC date of the first counted order + 1);
 *       purchase_frequency_per_year = frequency * 365 / tenure_days (4 decimals); projected_ltv =
 *       avg_order_value * purchase_frequency_per_year * expectedLifespanYears, computed unrounded
 *       as total_spent * 365 * expectedLifespanYears / tenure_days and rounded to cents; all null
 *       when not active.
 *   <li>recent_orders / prior_orders: counted orders in [cutoff - trendWindowDays, cutoff) and in
 *       the window of the same length before it.
 *   <li>events, page_views (event_type page_view), sessions, recent_sessions (sessions whose last
 *       event is in [cutoff - engagementWindowDays, cutoff)), avg_session_duration_seconds (last
 *       minus first event of a session, averaged, 3 decimals; null without sessions),
 *       conversion_rate = sessions with a purchase / sessions, cart_abandonment_rate = sessions
 *       with an add_to_cart and no purchase / sessions with an add_to_cart (4 decimals, null when
 *       the denominator is 0). Sessions: an event with a session_id belongs to session
 *       (customer_id, session_id); events without one are sessionized per customer among themselves
 *       in (event_ts, event_id) order, a gap longer than sessionGap starting a new session (a gap
 *       of exactly sessionGap stays in it).
 *   <li>segment by total_spent, lower bounds inclusive: VIP &ge; vipMinSpent, High Value &ge;
 *       highValueMinSpent, Medium Value &ge; mediumValueMinSpent, Low Value below; "No Purchases"
 *       when not active.
 *   <li>activity_status by recency_days, upper bounds inclusive: Active &le; activeMaxDays, At Risk
 *       &le; atRiskMaxDays, Dormant &le; dormantMaxDays, Churned above; "Never Purchased" when not
 *       active.
 *   <li>churn_risk = round(wR * min(recency_days / dormantMaxDays, 1) + wT * trend + wE * (1 -
 *       min(recent_sessions / engagementTargetSessions, 1)), 4), trend = prior_orders /
 *       (recent_orders + prior_orders) and 1 when both are 0; the weights sum to 1, so it lies in
 *       [0, 1] and rises with recency, with a falling order trend and with fewer recent sessions.
 *       Null when not active: a customer who never bought cannot churn (segment and status say "No
 *       Purchases" / "Never Purchased").
 * </ul>
 *
 * <h2>Plan</h2>
 *
 * Every input is reduced to the columns above and filtered to the cutoff first (Iceberg prunes the
 * {@code months(order_ts)} and {@code days(event_ts)} partitions after the as-of day). Then:
 *
 * <ol>
 *   <li>orders: one shuffle by order_id (latest version), one by customer_id (aggregate);
 *   <li>clicks: one shuffle by customer_id (anonymous events by a bucket of their session_id, see
 *       {@link ClickMetrics}) for the sessionization window, whose partitioning the session and
 *       customer aggregations reuse; the anonymous events are counted from the same aggregates
 *       ({@link #compute} drops them before the shuffle instead);
 *   <li>customers: one shuffle by customer_id (current version);
 *   <li>the three per-customer results, each one row per customer_id, are left-joined on
 *       customer_id onto the customers (1:1, no Cartesian product, no null key);
 *   <li>derived metrics row by row; for the scores, the active customers' three values grouped by
 *       (metric, value) in one aggregation, the distinct values ranked in one task (it sees
 *       distinct values, not customers), and one row of thresholds (the least value of each score,
 *       see {@link RfmScores}) broadcast, so a score is a comparison, not a join back on the value.
 * </ol>
 *
 * For a table written in customer_id order, {@link #rowsInCustomerIdRanges} plans the same rows
 * with the customers range-partitioned before the joins and the two aggregates broadcast, when they
 * are small enough, and ranks the scores' values from the customers' ids and the order aggregates
 * alone.
 */
public final class Customer360 {
  private final LocalDate asOf;
  private final Customer360Params params;
  private final Instant cutoff;
  private final Dataset<Row> customers;
  private final Dataset<Row> orders;
  private final Dataset<Row> sessions;
  private final Dataset<Row> clickAggregates;
  private final List<Dataset<Row>> cacheable;

  private Customer360(
      Dataset<Row> orders,
      Dataset<Row> customers,
      Dataset<Row> clicks,
      LocalDate asOf,
      Customer360Params params,
      boolean countAnonymous) {
    requireNonNull(orders, "orders is null");
    requireNonNull(customers, "customers is null");
    requireNonNull(clicks, "clicks is null");
    this.asOf = requireNonNull(asOf, "asOf is null");
    this.params = requireNonNull(params, "params is null");
    this.cutoff = cutoff(asOf);
    this.customers = Inputs.currentCustomers(customers, cutoff);
    Dataset<Row> latest = Inputs.latestOrders(orders, cutoff);
    Dataset<Row> before = Inputs.clicksBefore(clicks, cutoff);
    DataType key = this.customers.schema().apply(CUSTOMER_ID).dataType();
    Inputs.checkCustomerIdType(latest, "orders", key);
    Inputs.checkCustomerIdType(before, "clickstream", key);
    this.orders = OrderMetrics.perCustomer(latest, cutoff, params);
    if (countAnonymous) {
      // the anonymous events go through the one shuffle of the clicks, spread over tasks, and
      // are counted from its aggregates: no second scan of the clickstream
      this.clickAggregates = ClickMetrics.aggregates(before, cutoff, params);
      this.sessions = ClickMetrics.attributed(clickAggregates);
      this.cacheable = List.of(this.customers, this.orders, this.clickAggregates);
    } else {
      this.clickAggregates = null;
      this.sessions = ClickMetrics.perCustomer(before, cutoff, params);
      this.cacheable = List.of(this.customers, this.orders, this.sessions);
    }
  }

  /**
   * A computation over {@code orders}, {@code customers} and {@code clicks} (their columns checked
   * now, nothing run yet) as of the end of {@code asOf} in UTC.
   *
   * @throws io.gridata.core.InvalidInputException if an input lacks a column it needs, or the
   *     orders' or clickstream's customer_id has another type than the customers' (two integral
   *     types excepted: any other pair could give a customer two rows)
   */
  public static Customer360 of(
      Dataset<Row> orders,
      Dataset<Row> customers,
      Dataset<Row> clicks,
      LocalDate asOf,
      Customer360Params params) {
    return new Customer360(orders, customers, clicks, asOf, params, true);
  }

  /**
   * {@code of(orders, customers, clicks, asOf, params).rows()}, the same rows, planned without the
   * counts: the anonymous events are dropped before the shuffle of the clicks.
   *
   * @throws io.gridata.core.InvalidInputException as {@link #of}
   */
  public static Dataset<Row> compute(
      Dataset<Row> orders,
      Dataset<Row> customers,
      Dataset<Row> clicks,
      LocalDate asOf,
      Customer360Params params) {
    return new Customer360(orders, customers, clicks, asOf, params, false).rows();
  }

  /** The first instant after {@code asOf}: midnight UTC starting the next day. */
  public static Instant cutoff(LocalDate asOf) {
    requireNonNull(asOf, "asOf is null");
    return asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The as-of date. */
  public LocalDate asOf() {
    return asOf;
  }

  /** The parameters. */
  public Customer360Params params() {
    return params;
  }

  /** The plan of the rows, columns {@link Customer360Columns#COMPUTED} in that order. */
  public Dataset<Row> rows() {
    return rows(customers, orders, sessions, Optional.empty());
  }

  /**
   * The same rows as {@link #rows()}, planned for a write in customer_id order, when the order and
   * click aggregates (one row per customer_id each) take at most {@code broadcastLimit} bytes each
   * as Spark estimates them (after {@link #counts()} has filled what {@link #persist()} kept, their
   * measured size): the current customers are range-partitioned by customer_id first (Spark samples
   * their ids only) and the two aggregates broadcast to them, so every task of the result holds one
   * contiguous range of ids, in ascending order from task to task, and the write needs no range
   * shuffle of the finished rows, whose sampling would evaluate the joins once more. Empty when an
   * aggregate is larger than {@code broadcastLimit}, or {@code broadcastLimit} is negative.
   */
  public Optional<Dataset<Row>> rowsInCustomerIdRanges(long broadcastLimit) {
    if (broadcastLimit < 0
        || estimatedBytes(orders) > broadcastLimit
        || estimatedBytes(sessions) > broadcastLimit) {
      return Optional.empty();
    }
    return Optional.of(
        rows(
            customers.repartitionByRange(col(CUSTOMER_ID).asc_nulls_first()),
            broadcast(orders),
            broadcast(sessions),
            Optional.of(rankedValues())));
  }

  /**
   * The recency, frequency and monetary values of the current customers with counted orders, for
   * the RFM ranking: the customers' ids joined to the order aggregates (broadcast), no click
   * aggregates, no range partitioning.
   */
  private Dataset<Row> rankedValues() {
    return customers
        .select(col(CUSTOMER_ID))
        .join(broadcast(orders.where(col(FREQUENCY).gt(0))), new String[] {CUSTOMER_ID})
        .select(
            DerivedMetrics.recencyDays(asOf).as(RECENCY_DAYS),
            col(FREQUENCY),
            col(TOTAL_SPENT).cast(OrderMetrics.MONEY).as(MONETARY));
  }

  private static long estimatedBytes(Dataset<Row> plan) {
    scala.math.BigInt bytes = plan.queryExecution().optimizedPlan().stats().sizeInBytes();
    return bytes.isValidLong() ? bytes.longValue() : Long.MAX_VALUE;
  }

  /**
   * The rows of {@code customers} joined to {@code orders} and {@code sessions}, scored among
   * {@code rankedValues} (the same values, planned apart) or among themselves.
   */
  private Dataset<Row> rows(
      Dataset<Row> customers,
      Dataset<Row> orders,
      Dataset<Row> sessions,
      Optional<Dataset<Row>> rankedValues) {
    String[] on = {CUSTOMER_ID};
    Dataset<Row> joined = customers.join(orders, on, "left").join(sessions, on, "left");
    for (String zero :
        List.of(
            ORDER_COUNT,
            CANCELLED_COUNT,
            RETURNED_COUNT,
            FREQUENCY,
            RECENT_ORDERS,
            PRIOR_ORDERS,
            EVENTS,
            PAGE_VIEWS,
            SESSIONS,
            RECENT_SESSIONS)) {
      joined = joined.withColumn(zero, coalesce(col(zero), lit(0L)));
    }
    joined =
        joined.withColumn(
            TOTAL_SPENT, coalesce(col(TOTAL_SPENT), lit(BigDecimal.ZERO)).cast(OrderMetrics.MONEY));
    Dataset<Row> derived = DerivedMetrics.add(joined, asOf, params);
    return RfmScores.add(derived, rankedValues.orElse(derived))
        .withColumn(AS_OF_DATE, lit(asOf))
        .select(Customer360Columns.COMPUTED.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Counts where every order and event went (see {@link Customer360Counts}): one Spark query over
   * the current customers and the per-customer order and click aggregates, each scanned once (the
   * anonymous events' counts are among the click aggregates), which materializes them when they are
   * persisted.
   */
  public Customer360Counts counts() {
    Row r = countsQuery().first();
    long anonymousEvents = r.getLong(5);
    return new Customer360Counts(
        r.getLong(0),
        r.getLong(1),
        r.getLong(2),
        r.getLong(3) + anonymousEvents,
        r.getLong(4),
        anonymousEvents,
        r.getLong(6),
        r.getLong(7));
  }

  /** The one-row query {@link #counts()} runs. */
  Dataset<Row> countsQuery() {
    if (clickAggregates == null) {
      throw new IllegalStateException("a computation planned without its counts has none");
    }
    DataType key = customers.schema().apply(CUSTOMER_ID).dataType();
    Column zero = lit(0L);
    Dataset<Row> known =
        customers.select(col(CUSTOMER_ID), lit(1L).as("c"), zero, zero, zero, zero, zero);
    Dataset<Row> ordered =
        orders.select(
            col(CUSTOMER_ID).cast(key), zero.as("c"), col(ORDER_COUNT), zero, zero, zero, zero);
    // the click aggregates scanned once: the customers' events, and the anonymous groups' counts
    // under a null customer_id
    Dataset<Row> clicked =
        ClickMetrics.counted(clickAggregates)
            .select(
                col(CUSTOMER_ID).cast(key),
                zero.as("c"),
                zero,
                col(EVENTS),
                col("anonymous_events"),
                col("anonymous_sessions"),
                col("anonymous_events_without_session"));
    Dataset<Row> perCustomer =
        known
            .toDF(COUNTED)
            .unionAll(ordered.toDF(COUNTED))
            .unionAll(clicked.toDF(COUNTED))
            .groupBy(col(CUSTOMER_ID))
            .agg(
                max(col("c")).as("c"),
                sum(col("o")).as("o"),
                sum(col("e")).as("e"),
                sum(col("ae")).as("ae"),
                sum(col("as")).as("as"),
                sum(col("aw")).as("aw"));
    Column orphan = col("c").equalTo(0);
    return perCustomer.agg(
        total(col("c")),
        total(col("o")),
        total(when(orphan, col("o"))),
        total(col("e")),
        total(when(orphan, col("e"))),
        total(col("ae")),
        total(col("as")),
        total(col("aw")));
  }

  private static final String[] COUNTED = {CUSTOMER_ID, "c", "o", "e", "ae", "as", "aw"};

  private static Column total(Column values) {
    return coalesce(sum(values), lit(0L));
  }

  /**
   * Keeps the current customers and the order and click aggregates (one row per customer_id each),
   * which both {@link #rows()} and {@link #counts()} read.
   */
  Customer360 persist() {
    cacheable.forEach(d -> d.persist(StorageLevel.MEMORY_AND_DISK()));
    return this;
  }

  /** Releases what {@link #persist()} kept. */
  void unpersist() {
    cacheable.forEach(Dataset::unpersist);
  }
}
