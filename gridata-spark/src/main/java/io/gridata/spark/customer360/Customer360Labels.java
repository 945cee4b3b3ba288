package io.gridata.spark.customer360;

import java.util.List;

/**
 * The values of the label columns {@code segment}, {@code activity_status} and {@code rfm_segment}.
 * A customer without a counted order (none at all, or only cancelled and returned ones) gets {@link
 * #NO_PURCHASES} as segment and RFM segment and {@link #NEVER_PURCHASED} as activity status.
 */
public final class Customer360Labels {
  public static final String VIP = "VIP";
  public static final String HIGH_VALUE = "High Value";
  public static final String MEDIUM_VALUE = "Medium Value";
  public static final String LOW_VALUE = "Low Value";
  public static final String NO_PURCHASES = "No Purchases";

  public static final String ACTIVE = "Active";
  public static final String AT_RISK = "At Risk";
  public static final String DORMANT = "Dormant";
  public static final String CHURNED = "Churned";
  public static final String NEVER_PURCHASED = "Never Purchased";

  public static final String CHAMPIONS = "Champions";
  public static final String LOYAL = "Loyal";
  public static final String NEW = "New";
  public static final String POTENTIAL_LOYALIST = "Potential Loyalist";
  public static final String CANT_LOSE = "Can't Lose";
  // AT_RISK doubles as the RFM segment "At Risk"
  public static final String HIBERNATING = "Hibernating";
  public static final String LOST = "Lost";

  /** Every value of {@code segment}. */
  public static final List<String> SEGMENTS =
      List.of(VIP, HIGH_VALUE, MEDIUM_VALUE, LOW_VALUE, NO_PURCHASES);

  /** Every value of {@code activity_status}. */
  public static final List<String> ACTIVITY_STATUSES =
      List.of(ACTIVE, AT_RISK, DORMANT, CHURNED, NEVER_PURCHASED);

  /** Every value of {@code rfm_segment}, in the order the mapping tries them. */
  public static final List<String> RFM_SEGMENTS =
      List.of(
          CHAMPIONS,
          LOYAL,
          NEW,
          POTENTIAL_LOYALIST,
          CANT_LOSE,
          AT_RISK,
          HIBERNATING,
          LOST,
          NO_PURCHASES);

  private Customer360Labels() {}
}
