package io.gridata.spark.customer360;

import static java.util.Objects.requireNonNull;

import io.gridata.core.InvalidInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The tunable thresholds and weights of {@link Customer360}, immutable, validated when built.
 * Defaults (see {@link #defaults()}):
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>parameter</th><th>default</th><th>used by</th></tr>
 *   <tr><td>{@link #vipMinSpent()}</td><td>5000.00</td><td>segment VIP: total_spent &ge; it</td></tr>
 *   <tr><td>{@link #highValueMinSpent()}</td><td>1000.00</td><td>segment High Value</td></tr>
 *   <tr><td>{@link #mediumValueMinSpent()}</td><td>250.00</td><td>segment Medium Value</td></tr>
 *   <tr><td>{@link #activeMaxDays()}</td><td>30</td><td>Active: recency_days &le; 30</td></tr>
 *   <tr><td>{@link #atRiskMaxDays()}</td><td>90</td><td>At Risk: 30 &lt; recency_days &le; 90</td></tr>
 *   <tr><td>{@link #dormantMaxDays()}</td><td>180</td><td>Dormant: 90 &lt; r &le; 180; Churned
 *       above; also the recency at which the churn-risk recency component reaches 1</td></tr>
 *   <tr><td>{@link #sessionGap()}</td><td>30 minutes</td><td>sessionizing events without a
 *       session_id: a gap longer than it starts a new session</td></tr>
 *   <tr><td>{@link #expectedLifespanYears()}</td><td>3</td><td>projected_ltv</td></tr>
 *   <tr><td>{@link #minTenureDays()}</td><td>30</td><td>purchase frequency per year</td></tr>
 *   <tr><td>{@link #trendWindowDays()}</td><td>90</td><td>recent_orders vs
 *       prior_orders</td></tr>
 *   <tr><td>{@link #engagementWindowDays()}</td><td>30</td><td>recent_sessions</td></tr>
 *   <tr><td>{@link #engagementTargetSessions()}</td><td>4</td><td>sessions in the window at which
 *       the churn-risk engagement component reaches 0</td></tr>
 *   <tr><td>{@link #recencyWeight()}, {@link #trendWeight()}, {@link
 *       #engagementWeight()}</td><td>0.5, 0.3, 0.2</td><td>churn_risk; they sum to 1</td></tr>
 * </table>
 */
public final class Customer360Params {
  private static final Customer360Params DEFAULTS = builder().build();

  private final BigDecimal vipMinSpent;
  private final BigDecimal highValueMinSpent;
  private final BigDecimal mediumValueMinSpent;
  private final int activeMaxDays;
  private final int atRiskMaxDays;
  private final int dormantMaxDays;
  private final Duration sessionGap;
  private final BigDecimal expectedLifespanYears;
  private final int minTenureDays;
  private final int trendWindowDays;
  private final int engagementWindowDays;
  private final int engagementTargetSessions;
  private final double recencyWeight;
  private final double trendWeight;
  private final double engagementWeight;

  private Customer360Params(Builder b) {
    this.vipMinSpent = requireNonNull(b.vipMinSpent, "vipMinSpent is null");
    this.highValueMinSpent = requireNonNull(b.highValueMinSpent, "highValueMinSpent is null");
    this.mediumValueMinSpent = requireNonNull(b.mediumValueMinSpent, "mediumValueMinSpent is null");
    this.activeMaxDays = b.activeMaxDays;
    this.atRiskMaxDays = b.atRiskMaxDays;
    this.dormantMaxDays = b.dormantMaxDays;
    this.sessionGap = requireNonNull(b.sessionGap, "sessionGap is null");
    this.expectedLifespanYears =
        requireNonNull(b.expectedLifespanYears, "expectedLifespanYears is null");
    this.minTenureDays = b.minTenureDays;
    this.trendWindowDays = b.trendWindowDays;
    this.engagementWindowDays = b.engagementWindowDays;
    this.engagementTargetSessions = b.engagementTargetSessions;
    this.recencyWeight = b.recencyWeight;
    this.trendWeight = b.trendWeight;
    this.engagementWeight = b.engagementWeight;
    InvalidInputException.check(
        mediumValueMinSpent.signum() >= 0
            && highValueMinSpent.compareTo(mediumValueMinSpent) > 0
            && vipMinSpent.compareTo(highValueMinSpent) > 0,
        "Invalid Customer 360 segment thresholds: need 0 <= medium (%s) < high (%s) < vip (%s)",
        mediumValueMinSpent,
        highValueMinSpent,
        vipMinSpent);
    InvalidInputException.check(
        activeMaxDays >= 0 && atRiskMaxDays > activeMaxDays && dormantMaxDays > atRiskMaxDays,
        "Invalid Customer 360 activity thresholds: need 0 <= active (%s) < at risk (%s)"
            + " < dormant (%s) days",
        activeMaxDays,
        atRiskMaxDays,
        dormantMaxDays);
    InvalidInputException.check(
        !sessionGap.isNegative() && !sessionGap.isZero(),
        "Invalid Customer 360 session gap %s: it must be positive",
        sessionGap);
    InvalidInputException.check(
        expectedLifespanYears.signum() > 0,
        "Invalid Customer 360 expected lifespan %s years: it must be positive",
        expectedLifespanYears);
    InvalidInputException.check(
        minTenureDays >= 1,
        "Invalid Customer 360 minimum tenure %s days: use 1 or more",
        minTenureDays);
    InvalidInputException.check(
        trendWindowDays >= 1 && engagementWindowDays >= 1 && engagementTargetSessions >= 1,
        "Invalid Customer 360 windows: trend (%s days), engagement (%s days) and target sessions"
            + " (%s) must be 1 or more",
        trendWindowDays,
        engagementWindowDays,
        engagementTargetSessions);
    double sum = recencyWeight + trendWeight + engagementWeight;
    InvalidInputException.check(
        recencyWeight >= 0
            && trendWeight >= 0
            && engagementWeight >= 0
            && Math.abs(sum - 1.0) < 1e-9,
        "Invalid Customer 360 churn weights %s, %s, %s: each must be >= 0 and they must sum to 1",
        recencyWeight,
        trendWeight,
        engagementWeight);
  }

  /** The documented defaults. */
  public static Customer360Params defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.vipMinSpent = vipMinSpent;
    b.highValueMinSpent = highValueMinSpent;
    b.mediumValueMinSpent = mediumValueMinSpent;
    b.activeMaxDays = activeMaxDays;
    b.atRiskMaxDays = atRiskMaxDays;
    b.dormantMaxDays = dormantMaxDays;
    b.sessionGap = sessionGap;
    b.expectedLifespanYears = expectedLifespanYears;
    b.minTenureDays = minTenureDays;
    b.trendWindowDays = trendWindowDays;
    b.engagementWindowDays = engagementWindowDays;
    b.engagementTargetSessions = engagementTargetSessions;
    b.recencyWeight = recencyWeight;
    b.trendWeight = trendWeight;
    b.engagementWeight = engagementWeight;
    return b;
  }

  /** Lowest total_spent of segment VIP (inclusive). */
  public BigDecimal vipMinSpent() {
    return vipMinSpent;
  }

  /** Lowest total_spent of segment High Value (inclusive). */
  public BigDecimal highValueMinSpent() {
    return highValueMinSpent;
  }

  /** Lowest total_spent of segment Medium Value (inclusive); below it: Low Value. */
  public BigDecimal mediumValueMinSpent() {
    return mediumValueMinSpent;
  }

  /** Highest recency_days (inclusive) of activity status Active. */
  public int activeMaxDays() {
    return activeMaxDays;
  }

  /** Highest recency_days (inclusive) of activity status At Risk. */
  public int atRiskMaxDays() {
    return atRiskMaxDays;
  }

  /**
   * Highest recency_days (inclusive) of activity status Dormant; above it: Churned. Also the
   * recency at which the churn-risk recency component saturates at 1.
   */
  public int dormantMaxDays() {
    return dormantMaxDays;
  }

  /** Inactivity gap that ends a session of events without a session_id (a longer gap splits). */
  public Duration sessionGap() {
    return sessionGap;
  }

  /** Expected customer lifespan in years, a factor of projected_ltv. */
  public BigDecimal expectedLifespanYears() {
    return expectedLifespanYears;
  }

  /** Lower bound of the tenure used for the purchase frequency per year. */
  public int minTenureDays() {
    return minTenureDays;
  }

  /** Length of the two windows compared by the churn-risk trend component. */
  public int trendWindowDays() {
    return trendWindowDays;
  }

  /** Length of the engagement window: recent_sessions counts the sessions in it. */
  public int engagementWindowDays() {
    return engagementWindowDays;
  }

  /** Sessions in the engagement window at which the engagement component of churn risk is 0. */
  public int engagementTargetSessions() {
    return engagementTargetSessions;
  }

  /** Weight of the recency component of churn_risk. */
  public double recencyWeight() {
    return recencyWeight;
  }

  /** Weight of the order-trend component of churn_risk. */
  public double trendWeight() {
    return trendWeight;
  }

  /** Weight of the engagement component of churn_risk. */
  public double engagementWeight() {
    return engagementWeight;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Customer360Params p)) {
      return false;
    }
    return vipMinSpent.compareTo(p.vipMinSpent) == 0
        && highValueMinSpent.compareTo(p.highValueMinSpent) == 0
        && mediumValueMinSpent.compareTo(p.mediumValueMinSpent) == 0
        && activeMaxDays == p.activeMaxDays
        && atRiskMaxDays == p.atRiskMaxDays
        && dormantMaxDays == p.dormantMaxDays
        && sessionGap.equals(p.sessionGap)
        && expectedLifespanYears.compareTo(p.expectedLifespanYears) == 0
        && minTenureDays == p.minTenureDays
        && trendWindowDays == p.trendWindowDays
        && engagementWindowDays == p.engagementWindowDays
        && engagementTargetSessions == p.engagementTargetSessions
        && recencyWeight == p.recencyWeight
        && trendWeight == p.trendWeight
        && engagementWeight == p.engagementWeight;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        vipMinSpent.stripTrailingZeros(),
        highValueMinSpent.stripTrailingZeros(),
        mediumValueMinSpent.stripTrailingZeros(),
        activeMaxDays,
        atRiskMaxDays,
        dormantMaxDays,
        sessionGap,
        expectedLifespanYears.stripTrailingZeros(),
        minTenureDays,
        trendWindowDays,
        engagementWindowDays,
        engagementTargetSessions,
        recencyWeight,
        trendWeight,
        engagementWeight);
  }

  @Override
  public String toString() {
    return "Customer360Params{segments>=[medium "
        + mediumValueMinSpent
        + ", high "
        + highValueMinSpent
        + ", vip "
        + vipMinSpent
        + "], activity<=["
        + activeMaxDays
        + ", "
        + atRiskMaxDays
        + ", "
        + dormantMaxDays
        + "] days, sessionGap="
        + sessionGap
        + ", lifespan="
        + expectedLifespanYears
        + "y, minTenure="
        + minTenureDays
        + "d, trend="
        + trendWindowDays
        + "d, engagement="
        + engagementWindowDays
        + "d/"
        + engagementTargetSessions
        + " sessions, churnWeights=["
        + recencyWeight
        + ", "
        + trendWeight
        + ", "
        + engagementWeight
        + "]}";
  }

  /** Builds {@link Customer360Params}; every setter starts from the documented default. */
  public static final class Builder {
    private BigDecimal vipMinSpent = new BigDecimal("5000.00");
    private BigDecimal highValueMinSpent = new BigDecimal("1000.00");
    private BigDecimal mediumValueMinSpent = new BigDecimal("250.00");
    private int activeMaxDays = 30;
    private int atRiskMaxDays = 90;
    private int dormantMaxDays = 180;
    private Duration sessionGap = Duration.ofMinutes(30);
    private BigDecimal expectedLifespanYears = new BigDecimal("3");
    private int minTenureDays = 30;
    private int trendWindowDays = 90;
    private int engagementWindowDays = 30;
    private int engagementTargetSessions = 4;
    private double recencyWeight = 0.5;
    private double trendWeight = 0.3;
    private double engagementWeight = 0.2;

    private Builder() {}

    /** Value segment thresholds on total_spent, each a lower bound (inclusive). */
    public Builder segmentThresholds(BigDecimal medium, BigDecimal high, BigDecimal vip) {
      this.mediumValueMinSpent = requireNonNull(medium, "medium is null");
      this.highValueMinSpent = requireNonNull(high, "high is null");
      this.vipMinSpent = requireNonNull(vip, "vip is null");
      return this;
    }

    /** Activity thresholds on recency_days, each an upper bound (inclusive). */
    public Builder activityThresholds(int activeMaxDays, int atRiskMaxDays, int dormantMaxDays) {
      this.activeMaxDays = activeMaxDays;
      this.atRiskMaxDays = atRiskMaxDays;
      this.dormantMaxDays = dormantMaxDays;
      return this;
    }

    /** Inactivity gap splitting sessions of events without a session_id. */
    public Builder sessionGap(Duration value) {
      this.sessionGap = requireNonNull(value, "sessionGap is null");
      return this;
    }

    /** Expected lifespan in years for projected_ltv. */
    public Builder expectedLifespanYears(BigDecimal value) {
      this.expectedLifespanYears = requireNonNull(value, "expectedLifespanYears is null");
      return this;
    }

    /** Lower bound of the tenure in the purchase frequency per year. */
    public Builder minTenureDays(int value) {
      this.minTenureDays = value;
      return this;
    }

    /** Window lengths of the churn-risk trend and engagement components. */
    public Builder windows(int trendWindowDays, int engagementWindowDays, int targetSessions) {
      this.trendWindowDays = trendWindowDays;
      this.engagementWindowDays = engagementWindowDays;
      this.engagementTargetSessions = targetSessions;
      return this;
    }

    /** Churn-risk weights of recency, trend and engagement; they must sum to 1. */
    public Builder churnWeights(double recency, double trend, double engagement) {
      this.recencyWeight = recency;
      this.trendWeight = trend;
      this.engagementWeight = engagement;
      return this;
    }

    /** Validates and builds. */
    public Customer360Params build() {
      return new Customer360Params(this);
    }
  }
}
