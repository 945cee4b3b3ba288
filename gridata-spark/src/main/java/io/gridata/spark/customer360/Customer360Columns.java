package io.gridata.spark.customer360;

import java.util.List;

/**
 * Column names of the Customer 360 table, in table order ({@link #COMPUTED} then {@link
 * #METADATA}). {@link Customer360Table} holds their types; {@link Customer360} their definitions.
 */
public final class Customer360Columns {
  public static final String CUSTOMER_ID = "customer_id";
  public static final String EMAIL = "email";
  public static final String FIRST_NAME = "first_name";
  public static final String LAST_NAME = "last_name";
  public static final String COUNTRY = "country";
  public static final String CITY = "city";
  public static final String SIGNUP_TS = "signup_ts";

  public static final String FIRST_ORDER_TS = "first_order_ts";
  public static final String LAST_ORDER_TS = "last_order_ts";
  public static final String ORDER_COUNT = "order_count";
  public static final String CANCELLED_COUNT = "cancelled_count";
  public static final String RETURNED_COUNT = "returned_count";
  public static final String TOTAL_SPENT = "total_spent";
  public static final String AVG_ORDER_VALUE = "avg_order_value";

  public static final String RECENCY_DAYS = "recency_days";
  public static final String FREQUENCY = "frequency";
  public static final String MONETARY = "monetary";
  public static final String R_SCORE = "r_score";
  public static final String F_SCORE = "f_score";
  public static final String M_SCORE = "m_score";
  public static final String RFM_SEGMENT = "rfm_segment";

  public static final String HISTORICAL_VALUE = "historical_value";
  public static final String TENURE_DAYS = "tenure_days";
  public static final String PURCHASE_FREQUENCY_PER_YEAR = "purchase_frequency_per_year";
  public static final String PROJECTED_LTV = "projected_ltv";

  public static final String RECENT_ORDERS = "recent_orders";
  public static final String PRIOR_ORDERS = "prior_orders";

  public static final String EVENTS = "events";
  public static final String PAGE_VIEWS = "page_views";
  public static final String SESSIONS = "sessions";
  public static final String RECENT_SESSIONS = "recent_sessions";
  public static final String AVG_SESSION_DURATION_SECONDS = "avg_session_duration_seconds";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String CART_ABANDONMENT_RATE = "cart_abandonment_rate";

  public static final String SEGMENT = "segment";
  public static final String ACTIVITY_STATUS = "activity_status";
  public static final String CHURN_RISK = "churn_risk";

  public static final String AS_OF_DATE = "as_of_date";
  public static final String RUN_ID = "_run_id";
  public static final String COMPUTED_AT = "_computed_at";

  /** What {@link Customer360#rows()} returns, in this order. */
  public static final List<String> COMPUTED =
      List.of(
          CUSTOMER_ID,
          EMAIL,
          FIRST_NAME,
          LAST_NAME,
          COUNTRY,
          CITY,
          SIGNUP_TS,
          FIRST_ORDER_TS,
          LAST_ORDER_TS,
          ORDER_COUNT,
          CANCELLED_COUNT,
          RETURNED_COUNT,
          TOTAL_SPENT,
          AVG_ORDER_VALUE,
          RECENCY_DAYS,
          FREQUENCY,
          MONETARY,
          R_SCORE,
          F_SCORE,
          M_SCORE,
          RFM_SEGMENT,
          HISTORICAL_VALUE,
          TENURE_DAYS,
          PURCHASE_FREQUENCY_PER_YEAR,
          PROJECTED_LTV,
          RECENT_ORDERS,
          PRIOR_ORDERS,
          EVENTS,
          PAGE_VIEWS,
          SESSIONS,
          RECENT_SESSIONS,
          AVG_SESSION_DURATION_SECONDS,
          CONVERSION_RATE,
          CART_ABANDONMENT_RATE,
          SEGMENT,
          ACTIVITY_STATUS,
          CHURN_RISK,
          AS_OF_DATE);

  /** Columns the job adds to every row: the run and when it computed the row. */
  public static final List<String> METADATA = List.of(RUN_ID, COMPUTED_AT);

  private Customer360Columns() {}
}
