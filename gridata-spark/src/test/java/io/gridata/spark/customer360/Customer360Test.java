package io.gridata.spark.customer360;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.gridata.core.InvalidInputException;
import io.gridata.testkit.spark.SparkSessions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Customer360Test {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 30);

  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SparkSessions.shared();
  }

  @Test
  void activityStatusHasInclusiveUpperBoundsAt30And90And180Days() {
    Fixtures f = new Fixtures(spark, AS_OF);
    int[] days = {0, 29, 30, 31, 89, 90, 91, 179, 180, 181};
    for (int d : days) {
      f.customer("r" + d).order("r" + d, f.daysBefore(d), "10.00");
    }
    f.customer("none");

    Map<String, Row> rows = f.compute();

    Map<String, String> status = new TreeMap<>();
    for (int d : days) {
      assertThat(rows.get("r" + d).<Integer>getAs("recency_days")).as("r" + d).isEqualTo(d);
      status.put("r" + d, rows.get("r" + d).getAs("activity_status"));
    }
    assertThat(status)
        .containsOnly(
            entry("r0", "Active"),
            entry("r29", "Active"),
            entry("r30", "Active"),
            entry("r31", "At Risk"),
            entry("r89", "At Risk"),
            entry("r90", "At Risk"),
            entry("r91", "Dormant"),
            entry("r179", "Dormant"),
            entry("r180", "Dormant"),
            entry("r181", "Churned"));
    assertThat(rows.get("none").<Integer>getAs("recency_days")).isNull();
    assertThat(rows.get("none").<String>getAs("activity_status")).isEqualTo("Never Purchased");
  }

  @Test
  void segmentsHaveInclusiveLowerBoundsAndCustomersWithoutCountedOrdersHaveNoPurchases() {
    Fixtures f = new Fixtures(spark, AS_OF);
    Map<String, String> totals = new LinkedHashMap<>();
    totals.put("t4999.99", "4999.99");
    totals.put("t1000", "1000.00");
    totals.put("t999.99", "999.99");
    totals.put("t250", "250.00");
    totals.put("t249.99", "249.99");
    totals.put("t0", "0.00");
    totals.forEach((id, amount) -> f.customer(id).order(id, f.daysBefore(3), amount));
    f.customer("t5000")
        .order("t5000", f.daysBefore(3), "2500.00")
        .order("t5000", f.daysBefore(4), "2500.00");
    f.customer("cancelled").order("cancelled", f.daysBefore(3), "CANCELLED", "9999.00");
    f.customer("none");

    Map<String, Row> rows = f.compute();

    assertThat(segments(rows))
        .containsOnly(
            entry("t5000", "VIP"),
            entry("t4999.99", "High Value"),
            entry("t1000", "High Value"),
            entry("t999.99", "Medium Value"),
            entry("t250", "Medium Value"),
            entry("t249.99", "Low Value"),
            entry("t0", "Low Value"),
            entry("cancelled", "No Purchases"),
            entry("none", "No Purchases"));
    assertThat(rows.get("t5000").<BigDecimal>getAs("total_spent")).isEqualByComparingTo("5000");
    assertThat(rows.get("none").<BigDecimal>getAs("total_spent")).isEqualByComparingTo("0");

    Customer360Params custom =
        Customer360Params.builder()
            .segmentThresholds(
                new BigDecimal("100"), new BigDecimal("250.00"), new BigDecimal("1000"))
            .build();
    Map<String, String> customSegments = segments(f.compute(custom));
    assertThat(customSegments)
        .contains(
            entry("t1000", "VIP"),
            entry("t250", "High Value"),
            entry("t249.99", "Medium Value"),
            entry("t0", "Low Value"));
  }

  @Test
  void cancelledAndReturnedOrdersAreCountedButNeitherSpentNorRecent() {
    Fixtures f = new Fixtures(spark, AS_OF);
    f.customer("c")
        .order("c", f.daysBefore(40), "DELIVERED", "25.50")
        .order("c", f.daysBefore(20), "RETURNED", "30.00")
        .order("c", f.daysBefore(10), "PAID", "100.00")
        .order("c", f.daysBefore(5), "PENDING", "50.00")
        .order("c", f.daysBefore(2), "CANCELLED", "70.00");
    f.customer("only-cancelled").order("only-cancelled", f.daysBefore(1), "CANCELLED", "10.00");

    Map<String, Row> rows = f.compute();

    Row c = rows.get("c");
    assertThat(c.<Long>getAs("order_count")).isEqualTo(5);
    assertThat(c.<Long>getAs("cancelled_count")).isEqualTo(1);
    assertThat(c.<Long>getAs("returned_count")).isEqualTo(1);
    assertThat(c.<Long>getAs("frequency")).isEqualTo(3);
    assertThat(c.<BigDecimal>getAs("total_spent")).isEqualByComparingTo("175.50");
    assertThat(c.<BigDecimal>getAs("monetary")).isEqualByComparingTo("175.50");
    assertThat(c.<BigDecimal>getAs("historical_value")).isEqualByComparingTo("175.50");
    assertThat(c.<BigDecimal>getAs("avg_order_value")).isEqualByComparingTo("58.50");
    assertThat(c.<java.sql.Timestamp>getAs("first_order_ts").toInstant())
        .isEqualTo(f.daysBefore(40));
    assertThat(c.<java.sql.Timestamp>getAs("last_order_ts").toInstant())
        .as("every status counts for first and last order")
        .isEqualTo(f.daysBefore(2));
    assertThat(c.<Integer>getAs("recency_days")).as("the last counted order").isEqualTo(5);

    Row cancelled = rows.get("only-cancelled");
    assertThat(cancelled.<Long>getAs("order_count")).isEqualTo(1);
    assertThat(cancelled.<Long>getAs("frequency")).isZero();
    assertThat(cancelled.<BigDecimal>getAs("total_spent")).isEqualByComparingTo("0");
    for (String column :
        List.of(
            "avg_order_value",
            "recency_days",
            "r_score",
            "f_score",
            "m_score",
            "tenure_days",
            "purchase_frequency_per_year",
            "projected_ltv",
            "churn_risk")) {
      assertThat(cancelled.<Object>getAs(column)).as(column).isNull();
    }
    assertThat(cancelled.<String>getAs("rfm_segment")).isEqualTo("No Purchases");
    assertThat(cancelled.<String>getAs("activity_status")).isEqualTo("Never Purchased");
  }

  @Test
  void theLatestVersionOfAnOrderBeforeTheCutoffWins() {
    Fixtures f = new Fixtures(spark, AS_OF);
    Instant first = f.cutoff().minus(Duration.ofDays(20));
    Instant second = f.cutoff().minus(Duration.ofDays(2));
    f.customer("c").customer("d").customer("e");
    // same order_ts: the later ingestion cancels the order
    f.orderVersion("x", "c", f.daysBefore(3), "PAID", "100.00", first, "a.csv")
        .orderVersion("x", "c", f.daysBefore(3), "CANCELLED", "100.00", second, "b.csv");
    // the latest order_ts wins over the latest ingestion
    f.orderVersion("y", "d", f.daysBefore(5), "PAID", "40.00", second, "b.csv")
        .orderVersion("y", "d", f.daysBefore(4), "PAID", "60.00", first, "a.csv");
    // same order_ts and ingestion: the greatest source file wins
    f.orderVersion("z", "d", f.daysBefore(6), "PAID", "80.00", first, "a.csv")
        .orderVersion("z", "d", f.daysBefore(6), "PAID", "70.00", first, "b.csv");
    // a version moved after the as-of day does not hide the earlier one
    f.orderVersion("w", "e", f.daysBefore(1), "PAID", "10.00", first, "a.csv")
        .orderVersion("w", "e", f.cutoff().plusSeconds(3600), "PAID", "99.00", second, "b.csv");

    Customer360 computation = f.computation(Customer360Params.defaults());
    Map<String, Row> rows = byId(computation.rows());

    assertThat(rows.get("c").<Long>getAs("order_count")).isEqualTo(1);
    assertThat(rows.get("c").<Long>getAs("cancelled_count")).isEqualTo(1);
    assertThat(rows.get("c").<Long>getAs("frequency")).isZero();
    assertThat(rows.get("d").<Long>getAs("order_count")).isEqualTo(2);
    assertThat(rows.get("d").<BigDecimal>getAs("total_spent")).isEqualByComparingTo("130.00");
    assertThat(rows.get("e").<BigDecimal>getAs("total_spent")).isEqualByComparingTo("10.00");
    assertThat(computation.counts().orders()).isEqualTo(4);
  }

  @Test
  void ordersAndEventsOfUnknownCustomersAreLeftOutAndCountedAsOrphans() {
    Fixtures f = new Fixtures(spark, AS_OF);
    Instant early = f.cutoff().minus(Duration.ofDays(30));
    Instant late = f.cutoff().minus(Duration.ofDays(1));
    f.customer("c", "v1", f.daysBefore(100), early, "a.csv")
        .customer("c", "v2", f.daysBefore(100), late, "a.csv")
        .customer("t", "v1", null, early, "2026-11-02.csv")
        .customer("t", "v2", null, early, "2026-11-01.csv")
        .customer("signed-at-cutoff", "v1", f.cutoff(), early, "a.csv")
        .customer("signed-just-before", "v1", f.cutoff().minusNanos(1_000), early, "a.csv");
    f.order("c", f.daysBefore(1), "10.00")
        .order("ghost", f.daysBefore(1), "20.00")
        .order("ghost", f.daysBefore(2), "CANCELLED", "30.00")
        .order("signed-at-cutoff", f.daysBefore(1), "40.00");
    f.click("c", "s1", f.daysBefore(1), "page_view")
        .click("ghost", "g1", f.daysBefore(1), "page_view")
        .click("ghost", "g1", f.daysBefore(1).plusSeconds(5), "purchase");

    Customer360 computation = f.computation(Customer360Params.defaults());
    Map<String, Row> rows = byId(computation.rows());
    Customer360Counts counts = computation.counts();

    assertThat(rows).containsOnlyKeys("c", "t", "signed-just-before");
    assertThat(rows.get("c").<String>getAs("email")).isEqualTo("c-v2@example.com");
    assertThat(rows.get("t").<String>getAs("email"))
        .as("same ingestion time: the greatest source file")
        .isEqualTo("t-v1@example.com");
    assertThat(counts.customers()).isEqualTo(3);
    assertThat(counts.orders()).isEqualTo(4);
    assertThat(counts.orphanOrders()).isEqualTo(3);
    assertThat(counts.attributedOrders()).isEqualTo(sum(rows, "order_count"));
    assertThat(counts.events()).isEqualTo(3);
    assertThat(counts.orphanEvents()).isEqualTo(2);
    assertThat(counts.attributedEvents()).isEqualTo(sum(rows, "events")).isEqualTo(1);
  }

  @Test
  void onlyOrdersAndEventsBeforeTheEndOfTheAsOfDayCount() {
    Fixtures f = new Fixtures(spark, AS_OF);
    Instant lastMicro = f.cutoff().minusNanos(1_000);
    f.customer("c")
        .order("c", lastMicro, "10.00")
        .order("c", f.cutoff(), "20.00")
        .order("c", f.cutoff().plusSeconds(1), "40.00");
    f.click("c", "s1", lastMicro, "page_view")
        .click("c", "s2", f.cutoff(), "page_view")
        .click("c", null, f.cutoff().plusSeconds(1), "page_view")
        .click(null, "s3", f.cutoff().plusSeconds(1), "page_view");

    Customer360 computation = f.computation(Customer360Params.defaults());
    Row c = byId(computation.rows()).get("c");

    assertThat(c.<Long>getAs("order_count")).isEqualTo(1);
    assertThat(c.<BigDecimal>getAs("total_spent")).isEqualByComparingTo("10.00");
    assertThat(c.<Integer>getAs("recency_days")).isZero();
    assertThat(c.<Long>getAs("events")).isEqualTo(1);
    assertThat(c.<Long>getAs("sessions")).isEqualTo(1);
    assertThat(c.<java.sql.Date>getAs("as_of_date").toLocalDate()).isEqualTo(AS_OF);
    Customer360Counts counts = computation.counts();
    assertThat(counts.orders()).isEqualTo(1);
    assertThat(counts.events()).isEqualTo(1);
    assertThat(counts.anonymousEvents()).isZero();
  }

  @Test
  void quintileScoresGiveEqualValuesEqualScores() {
    Fixtures f = new Fixtures(spark, AS_OF);
    // id: frequency, monetary, recency
    f.customer("c1").order("c1", f.daysBefore(100), "10.00");
    f.customer("c2").order("c2", f.daysBefore(100), "10.00");
    f.customer("c3").order("c3", f.daysBefore(60), "10.00").order("c3", f.daysBefore(50), "10.00");
    f.customer("c4").order("c4", f.daysBefore(20), "15.00").order("c4", f.daysBefore(10), "15.00");
    f.customer("c5")
        .order("c5", f.daysBefore(30), "10.00")
        .order("c5", f.daysBefore(20), "10.00")
        .order("c5", f.daysBefore(10), "10.00");
    f.customer("c6");
    for (int i = 0; i < 5; i++) {
      f.order("c6", f.daysBefore(i * 10), "12.00");
    }
    f.customer("idle").order("idle", f.daysBefore(1), "RETURNED", "10.00");

    Map<String, Row> rows = f.compute();

    // n = 6 active; score = 1 + floor(5 * worse / 6)
    // F: 1,1,2,2,3,5 -> worse 0,0,2,2,4,5 -> 1,1,2,2,4,5
    // M: 10,10,20,30,30,60 -> worse 0,0,2,3,3,5 -> 1,1,2,3,3,5
    // R: 100,100,50,10,10,0 days -> worse 0,0,2,3,3,5 -> 1,1,2,3,3,5
    assertThat(scores(rows, "c1")).isEqualTo("1/1/1 Lost");
    assertThat(scores(rows, "c2")).isEqualTo("1/1/1 Lost");
    assertThat(scores(rows, "c3")).isEqualTo("2/2/2 Hibernating");
    assertThat(scores(rows, "c4")).isEqualTo("3/2/3 Potential Loyalist");
    assertThat(scores(rows, "c5")).isEqualTo("3/4/3 Loyal");
    assertThat(scores(rows, "c6")).isEqualTo("5/5/5 Champions");
    assertThat(scores(rows, "idle")).isEqualTo("null/null/null No Purchases");
  }

  @Test
  void theRfmSegmentFollowsTheMappingTableForEveryScoreCombination() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("5/5/5", "Champions");
    expected.put("4/4/4", "Champions");
    expected.put("4/4/3", "Loyal");
    expected.put("3/5/1", "Loyal");
    expected.put("5/1/5", "New");
    expected.put("4/1/1", "New");
    expected.put("3/1/1", "Potential Loyalist");
    expected.put("5/3/5", "Potential Loyalist");
    expected.put("4/2/1", "Potential Loyalist");
    expected.put("2/5/5", "Can't Lose");
    expected.put("1/4/4", "Can't Lose");
    expected.put("2/4/3", "At Risk");
    expected.put("1/3/1", "At Risk");
    expected.put("2/2/5", "Hibernating");
    expected.put("2/1/1", "Hibernating");
    expected.put("1/2/5", "Lost");
    expected.put("1/1/1", "Lost");
    StringBuilder values = new StringBuilder();
    for (int r = 1; r <= 5; r++) {
      for (int fs = 1; fs <= 5; fs++) {
        for (int m = 1; m <= 5; m++) {
          values
              .append(values.length() == 0 ? "" : ", ")
              .append("(1, " + r + ", " + fs + ", " + m + ")");
        }
      }
    }
    values.append(", (0, NULL, NULL, NULL)");
    Dataset<Row> scores =
        spark.sql(
            "SELECT CAST(frequency AS BIGINT) AS frequency, r_score, f_score, m_score FROM VALUES "
                + values
                + " AS t(frequency, r_score, f_score, m_score)");

    Map<String, String> actual = new TreeMap<>();
    for (Row row :
        scores
            .select(
                org.apache.spark.sql.functions.concat_ws(
                    "/",
                    org.apache.spark.sql.functions.col("r_score"),
                    org.apache.spark.sql.functions.col("f_score"),
                    org.apache.spark.sql.functions.col("m_score")),
                RfmScores.segment(org.apache.spark.sql.functions.col("frequency").gt(0)))
            .collectAsList()) {
      actual.put(row.getString(0), row.getString(1));
    }

    assertThat(actual).hasSize(126).containsAllEntriesOf(expected);
    assertThat(actual).containsEntry("", "No Purchases");
    assertThat(actual.values()).isSubsetOf(Customer360Labels.RFM_SEGMENTS);
  }

  @Test
  void sessionsComeFromSessionIdsOrFromGapsOfMoreThanTheSessionGap() {
    Fixtures f = new Fixtures(spark, AS_OF);
    Instant t0 = f.daysBefore(1);
    f.customer("a").customer("b");
    f.click("a", null, t0, "page_view")
        .click("a", "s1", t0.plusSeconds(600), "page_view")
        .click("a", null, t0.plusSeconds(1800), "add_to_cart") // exactly 30 min: same session
        .click("a", "s1", t0.plusSeconds(2400), "add_to_cart")
        .click("a", null, t0.plusSeconds(3601), "page_view") // 30 min 1 s: a new session
        .click("a", "s1", t0.plusSeconds(4200), "purchase")
        .sameClickAgain() // a re-sent copy counts once
        .click("b", "s1", t0, "product_view")
        .click(null, "s1", t0.plusSeconds(10), "purchase");

    Map<String, Row> rows = f.compute();

    Row a = rows.get("a");
    assertThat(a.<Long>getAs("events")).isEqualTo(6);
    assertThat(a.<Long>getAs("page_views")).isEqualTo(3);
    assertThat(a.<Long>getAs("sessions")).as("two by gaps, one given").isEqualTo(3);
    assertThat(a.<Long>getAs("recent_sessions")).isEqualTo(3);
    // durations 1800 s, 0 s, 3600 s
    assertThat(a.<Double>getAs("avg_session_duration_seconds")).isEqualTo(1800.0);
    assertThat(a.<Double>getAs("conversion_rate")).isEqualTo(0.3333);
    assertThat(a.<Double>getAs("cart_abandonment_rate")).isEqualTo(0.5);
    Row b = rows.get("b");
    assertThat(b.<Long>getAs("sessions")).as("another customer's s1 is its own").isEqualTo(1);
    assertThat(b.<Double>getAs("conversion_rate")).isEqualTo(0.0);
    assertThat(b.<Double>getAs("cart_abandonment_rate")).isNull();

    Row wider =
        f.compute(Customer360Params.builder().sessionGap(Duration.ofMinutes(31)).build()).get("a");
    assertThat(wider.<Long>getAs("sessions")).isEqualTo(2);
    assertThat(wider.<Double>getAs("avg_session_duration_seconds")).isEqualTo(3600.5);
  }

  @Test
  void anonymousEventsAreAttributedToNoOneAndCountedApart() {
    Fixtures f = new Fixtures(spark, AS_OF);
    Instant t0 = f.daysBefore(2);
    f.customer("a").customer("quiet");
    f.click("a", "s1", t0, "page_view")
        .click(null, "s1", t0.plusSeconds(5), "add_to_cart")
        .click(null, "s9", t0, "page_view")
        .click(null, "s9", t0.plusSeconds(60), "page_view")
        .click(null, "s10", t0, "page_view")
        .click(null, null, t0, "page_view");

    Customer360 computation = f.computation(Customer360Params.defaults());
    Map<String, Row> rows = byId(computation.rows());
    Customer360Counts counts = computation.counts();

    assertThat(rows.get("a").<Long>getAs("events")).isEqualTo(1);
    assertThat(rows.get("a").<Double>getAs("cart_abandonment_rate")).isNull();
    assertThat(rows.get("quiet").<Long>getAs("sessions")).isZero();
    assertThat(rows.get("quiet").<Double>getAs("conversion_rate")).isNull();
    assertThat(rows.get("quiet").<Double>getAs("avg_session_duration_seconds")).isNull();
    assertThat(counts.anonymousEvents()).isEqualTo(5);
    assertThat(counts.anonymousSessions()).isEqualTo(3);
    assertThat(counts.anonymousEventsWithoutSession()).isEqualTo(1);
    assertThat(counts.events()).isEqualTo(6);
    assertThat(counts.attributedEvents()).isEqualTo(1);
  }

  @Test
  void churnRiskWeighsRecencyOrderTrendAndEngagement() {
    Fixtures f = new Fixtures(spark, AS_OF);
    f.customer("mid")
        .order("mid", f.daysBefore(150), "10.00")
        .order("mid", f.daysBefore(120), "10.00")
        .order("mid", f.daysBefore(100), "10.00")
        .order("mid", f.daysBefore(45), "10.00")
        .click("mid", "m1", f.daysBefore(3), "page_view")
        .click("mid", "m2", f.daysBefore(10), "page_view")
        .click("mid", "m3", f.daysBefore(40), "page_view");
    f.customer("gone").order("gone", f.daysBefore(200), "10.00");
    f.customer("hot").order("hot", f.daysBefore(0), "10.00").order("hot", f.daysBefore(1), "10.00");
    for (int i = 0; i < 4; i++) {
      f.click("hot", "h" + i, f.daysBefore(i), "page_view");
    }
    f.customer("browser").click("browser", "x", f.daysBefore(1), "page_view");

    Map<String, Row> rows = f.compute();

    Row mid = rows.get("mid");
    assertThat(mid.<Long>getAs("recent_orders")).isEqualTo(1);
    assertThat(mid.<Long>getAs("prior_orders")).isEqualTo(3);
    assertThat(mid.<Long>getAs("recent_sessions")).isEqualTo(2);
    // 0.5 * 45/180 + 0.3 * 3/4 + 0.2 * (1 - 2/4)
    assertThat(mid.<Double>getAs("churn_risk")).isEqualTo(0.45);
    // 0.5 * 1 + 0.3 * 1 (no order in 180 days) + 0.2 * 1
    assertThat(rows.get("gone").<Double>getAs("churn_risk")).isEqualTo(1.0);
    assertThat(rows.get("hot").<Double>getAs("churn_risk")).isEqualTo(0.0);
    assertThat(rows.get("browser").<Double>getAs("churn_risk")).isNull();
  }

  @Test
  void lifetimeValueProjectsTheYearlyPurchaseRateOverTheExpectedLifespan() {
    Fixtures f = new Fixtures(spark, AS_OF);
    f.customer("loyal");
    for (int d : new int[] {364, 200, 100, 10}) {
      f.order("loyal", f.daysBefore(d), "100.00");
    }
    f.customer("fresh").order("fresh", f.daysBefore(0), "50.00");
    f.customer("late-start")
        .order("late-start", f.daysBefore(300), "CANCELLED", "500.00")
        .order("late-start", f.daysBefore(59), "60.00");

    Map<String, Row> rows = f.compute();

    assertLtv(rows.get("loyal"), 365, "100.00", 4.0, "1200.00");
    // minimum tenure: 30 days, not 1
    assertLtv(rows.get("fresh"), 30, "50.00", 12.1667, "1825.00");
    // tenure from the first counted order
    assertLtv(rows.get("late-start"), 60, "60.00", 6.0833, "1095.00");
    assertThat(rows.get("loyal").<BigDecimal>getAs("historical_value"))
        .isEqualByComparingTo("400.00");
  }

  @Test
  void theSameInputsAndDateGiveTheSameRowsWhateverTheRowOrder() {
    Fixtures f = new Fixtures(spark, AS_OF);
    for (int i = 0; i < 12; i++) {
      String id = "c" + i;
      f.customer(id);
      for (int j = 0; j <= i % 4; j++) {
        f.order(id, f.daysBefore(i * 7 + j), (i % 3 == 0 ? "CANCELLED" : "PAID"), (10 + i) + ".00");
        f.click(
            id, j % 2 == 0 ? null : "s" + i, f.daysBefore(j).plusSeconds(i * 100L), "page_view");
      }
    }
    f.order("ghost", f.daysBefore(1), "5.00").click(null, null, f.daysBefore(1), "page_view");
    Customer360Params params = Customer360Params.defaults();

    List<Row> first = sorted(f.computation(params).rows());
    List<Row> second = sorted(f.computation(params).rows());
    List<Row> shuffled =
        sorted(
            Customer360.compute(
                f.orders().repartition(3).orderBy(org.apache.spark.sql.functions.rand(7)),
                f.customers().repartition(3).orderBy(org.apache.spark.sql.functions.rand(8)),
                f.clicks().repartition(3).orderBy(org.apache.spark.sql.functions.rand(9)),
                AS_OF,
                params));

    assertThat(first).hasSize(12);
    assertThat(second).isEqualTo(first);
    assertThat(shuffled).isEqualTo(first);
  }

  @Test
  void aMissingInputColumnIsNamed() {
    Fixtures f = new Fixtures(spark, AS_OF);

    assertThatThrownBy(
            () ->
                Customer360.of(
                    f.orders().drop("_source_file"),
                    f.customers(),
                    f.clicks(),
                    AS_OF,
                    Customer360Params.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the orders input has no column _source_file");
  }

  @Test
  void aCustomerIdOfAnotherTypeIsRefusedUnlessBothTypesAreIntegral() {
    Fixtures f = new Fixtures(spark, AS_OF);
    f.customer("1").customer("2");
    f.order("1", f.daysBefore(3), "10.00").order("2", f.daysBefore(2), "20.00");
    // "01" and "1" are both customer 1 as bigints: joined as they are, customer 1 had two rows
    f.click("1", "s1", f.daysBefore(1), "page_view").click("01", "s2", f.daysBefore(1), "search");
    Dataset<Row> customers =
        f.customers().withColumn("customer_id", col("customer_id").cast("long"));
    Dataset<Row> orders = f.orders().withColumn("customer_id", col("customer_id").cast("int"));

    assertThatThrownBy(
            () ->
                Customer360.of(orders, customers, f.clicks(), AS_OF, Customer360Params.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "the clickstream input's customer_id is string but the customers' is bigint")
        .hasMessageContaining("cast the clickstream input's customer_id to bigint");
    assertThatThrownBy(
            () ->
                Customer360.compute(
                    f.orders(), customers, f.clicks(), AS_OF, Customer360Params.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the orders input's customer_id is string");

    // cast as the message says (int orders beside bigint customers are fine): one row each
    Dataset<Row> clicks = f.clicks().withColumn("customer_id", col("customer_id").cast("long"));
    List<Row> rows =
        Customer360.compute(orders, customers, clicks, AS_OF, Customer360Params.defaults())
            .select("customer_id", "events", "sessions", "m_score")
            .orderBy("customer_id")
            .collectAsList();
    assertThat(rows.toString()).isEqualTo("[[1,2,2,1], [2,0,0,3]]");
  }

  @Test
  void withBigintIdsAnAnonymousBucketEqualToACustomersIdIsCountedApartFromThatCustomer() {
    // anonymous events are shuffled under a bucket of their session_id in the type of customer_id;
    // make a real customer's id that very bucket
    long bucket =
        spark
            .range(1)
            .select(
                org.apache.spark.sql.functions.pmod(
                    org.apache.spark.sql.functions.xxhash64(
                        org.apache.spark.sql.functions.lit("sX")),
                    org.apache.spark.sql.functions.lit(30_011L)))
            .first()
            .getLong(0);
    String id = Long.toString(bucket);
    Fixtures f = new Fixtures(spark, AS_OF);
    f.customer(id).customer("7");
    f.order(id, f.daysBefore(3), "10.00").order("999999", f.daysBefore(2), "20.00");
    f.click(id, "s1", f.daysBefore(1), "page_view")
        .click(null, "sX", f.daysBefore(1), "page_view")
        .click(null, "sX", f.daysBefore(1), "search")
        .click(null, null, f.daysBefore(1), "page_view")
        .click("888888", "s9", f.daysBefore(1), "page_view");
    Dataset<Row> customers =
        f.customers().withColumn("customer_id", col("customer_id").cast("long"));
    Dataset<Row> orders = f.orders().withColumn("customer_id", col("customer_id").cast("long"));
    Dataset<Row> clicks = f.clicks().withColumn("customer_id", col("customer_id").cast("long"));

    Customer360 computation =
        Customer360.of(orders, customers, clicks, AS_OF, Customer360Params.defaults());
    assertThat(computation.counts()).isEqualTo(new Customer360Counts(2, 2, 1, 5, 1, 3, 1, 1));
    assertThat(
            computation
                .rows()
                .select("customer_id", "events", "sessions")
                .orderBy("customer_id")
                .collectAsList()
                .toString())
        .isEqualTo("[[7,0,0], [" + id + ",1,1]]");
  }

  @Test
  void clicksAreShuffledOnceAnonymousRowsIncludedOnlyWhenCountedAndNoJoinIsCartesian(
      @TempDir Path dir) {
    Fixtures f = new Fixtures(spark, AS_OF);
    f.customer("a")
        .order("a", f.daysBefore(1), "10.00")
        .click("a", null, f.daysBefore(1), "page_view");
    Customer360 computation = f.computation(Customer360Params.defaults());
    // from files, not in-memory rows, whose filters Spark would evaluate while planning
    String path = dir.resolve("clicks").toString();
    f.clicks().write().parquet(path);
    Dataset<Row> files = Inputs.clicksBefore(spark.read().parquet(path), f.cutoff());

    String attributedOnly =
        ClickMetrics.perCustomer(files, f.cutoff(), Customer360Params.defaults())
            .queryExecution()
            .executedPlan()
            .toString();
    Dataset<Row> aggregates =
        ClickMetrics.aggregates(files, f.cutoff(), Customer360Params.defaults());
    String withAnonymous = aggregates.queryExecution().executedPlan().toString();
    String anonymous = ClickMetrics.counted(aggregates).queryExecution().executedPlan().toString();
    String counts =
        Customer360.of(
                f.orders(),
                f.customers(),
                spark.read().parquet(path),
                AS_OF,
                Customer360Params.defaults())
            .countsQuery()
            .queryExecution()
            .executedPlan()
            .toString();
    String all = computation.rows().queryExecution().executedPlan().toString();

    assertThat(attributedOnly.split("Exchange hashpartitioning", -1)).hasSize(2);
    assertThat(attributedOnly.indexOf("isnotnull(customer_id"))
        .as("without counts, the anonymous rows are filtered below the shuffle")
        .isGreaterThan(attributedOnly.indexOf("Exchange hashpartitioning(__key"));
    assertThat(withAnonymous.split("Exchange hashpartitioning", -1)).hasSize(2);
    assertThat(anonymous.split("Exchange", -1))
        .as("the anonymous counts come from the same one shuffle")
        .hasSize(2);
    assertThat(counts.split("hashpartitioning\\(__key", -1))
        .as("the counts scan the click aggregates once (no second job on them when cached)")
        .hasSize(2);
    assertThat(withAnonymous + anonymous).doesNotContain("Expand");
    assertThat(all).doesNotContain("CartesianProduct");
    assertThat(all.split("BroadcastNestedLoopJoin", -1))
        .as("the one join without a key is with the one row of the RFM score thresholds")
        .hasSize(2);
  }

  @Test
  void countsMatchAnIndependentCountOfGeneratedInputsAndBothPlansGiveTheSameRows() {
    Fixtures f = new Fixtures(spark, AS_OF);
    java.util.Random random = new java.util.Random(19);
    java.util.Set<String> known = new java.util.TreeSet<>();
    for (int i = 0; i < 30; i++) {
      String id = "c" + i;
      boolean signedLater = i % 10 == 9;
      f.customer(id, "v1", signedLater ? f.cutoff() : f.daysBefore(400), f.cutoff(), "c.csv");
      if (!signedLater) {
        known.add(id);
      }
    }
    long orders = 0;
    long orphanOrders = 0;
    for (int i = 0; i < 120; i++) {
      String customer =
          random.nextInt(10) == 0 ? "ghost" + random.nextInt(3) : "c" + random.nextInt(30);
      boolean late = random.nextInt(12) == 0;
      f.order(
          customer, late ? f.cutoff().plusSeconds(60) : f.daysBefore(random.nextInt(500)), "5.00");
      if (!late) {
        orders++;
        orphanOrders += known.contains(customer) ? 0 : 1;
      }
    }
    long attributed = 0;
    long orphanEvents = 0;
    long anonymousEvents = 0;
    long anonymousWithoutSession = 0;
    java.util.Set<String> anonymousSessions = new java.util.HashSet<>();
    String[] types = {"page_view", "add_to_cart", "purchase", "search"};
    for (int i = 0; i < 600; i++) {
      int kind = random.nextInt(10);
      String customer =
          kind < 3 ? null : kind == 3 ? "ghost" + random.nextInt(3) : "c" + random.nextInt(30);
      String session = random.nextInt(6) == 0 ? null : "s" + random.nextInt(40);
      boolean late = random.nextInt(15) == 0;
      Instant ts =
          late
              ? f.cutoff().plusSeconds(random.nextInt(1000))
              : f.daysBefore(random.nextInt(60)).plusSeconds(random.nextInt(7200));
      f.click(customer, session, ts, types[random.nextInt(types.length)]);
      int copies = random.nextInt(20) == 0 ? 2 : 1;
      if (copies == 2) {
        f.sameClickAgain();
      }
      if (late) {
        continue;
      }
      if (customer == null) {
        anonymousEvents += copies;
        anonymousWithoutSession += session == null ? copies : 0;
        if (session != null) {
          anonymousSessions.add(session);
        }
      } else if (known.contains(customer)) {
        attributed++;
      } else {
        orphanEvents++;
      }
    }

    Customer360 computation = f.computation(Customer360Params.defaults());
    Customer360Counts expected =
        new Customer360Counts(
            known.size(),
            orders,
            orphanOrders,
            attributed + orphanEvents + anonymousEvents,
            orphanEvents,
            anonymousEvents,
            anonymousSessions.size(),
            anonymousWithoutSession);
    assertThat(anonymousEvents).isPositive();
    assertThat(anonymousWithoutSession).isPositive();
    assertThat(computation.counts()).isEqualTo(expected);
    Dataset<Row> rows = computation.rows();
    Dataset<Row> computed =
        Customer360.compute(
            f.orders(), f.customers(), f.clicks(), AS_OF, Customer360Params.defaults());
    assertThat(rows.exceptAll(computed).count()).isZero();
    assertThat(computed.exceptAll(rows).count()).isZero();
    assertThat(sum(byId(rows), "events")).isEqualTo(attributed);
    computation.persist();
    String coalesce = "spark.sql.adaptive.coalescePartitions.enabled";
    String coalesceBefore = spark.conf().get(coalesce);
    try {
      assertThat(computation.counts()).as("from the cached aggregates").isEqualTo(expected);
      assertThat(computation.rows().exceptAll(computed).count()).isZero();

      assertThat(computation.rowsInCustomerIdRanges(-1)).as("broadcast disabled").isEmpty();
      assertThat(computation.rowsInCustomerIdRanges(0)).as("larger than the limit").isEmpty();
      spark.conf().set(coalesce, "false"); // keep every range its own task, however small
      Dataset<Row> ranged = computation.rowsInCustomerIdRanges(10L << 20).orElseThrow();
      assertThat(ranged.exceptAll(computed).count()).isZero();
      assertThat(computed.exceptAll(ranged).count()).isZero();
      // the one shuffle by customer_id range is the cached customers', the joins are broadcast:
      // nothing reshuffles the joined rows; the score thresholds rank the customers' ids joined
      // to the order aggregates, not ranged, in one shuffle (their aggregation's)
      String plan = ranged.queryExecution().executedPlan().toString();
      int rangeExchanges = plan.split("Exchange rangepartitioning\\(customer_id", -1).length - 1;
      java.util.regex.Matcher overCustomers =
          java.util.regex.Pattern.compile(
                  "Exchange rangepartitioning\\(customer_id[^\\n]*REPARTITION_BY_COL[^\\n]*\\n"
                      + "[^\\n]*InMemoryTableScan \\[customer_id[^\\n]*\\n"
                      + "[^\\n]*InMemoryRelation \\[customer_id, email,")
              .matcher(plan.replaceAll("#\\d+", ""));
      int overCustomersCount = 0;
      while (overCustomers.find()) {
        overCustomersCount++;
      }
      assertThat(rangeExchanges).as("range exchanges in %s", plan).isEqualTo(1);
      assertThat(overCustomersCount)
          .as("each over the cached customers, in %s", plan)
          .isEqualTo(rangeExchanges);
      assertThat(plan)
          .doesNotContain("SortMergeJoin")
          .doesNotContain("Exchange SinglePartition")
          .contains("Coalesce 1")
          .doesNotContainPattern("Exchange hashpartitioning\\(__metric#\\d+, \\d+\\)")
          .containsPattern("(?s)BroadcastHashJoin.*BroadcastHashJoin");
      List<String> ranges =
          ranged
              .select(col("customer_id"))
              .as(Encoders.STRING())
              .mapPartitions(
                  (MapPartitionsFunction<String, String>)
                      ids -> {
                        java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
                        ids.forEachRemaining(sorted::add);
                        return sorted.isEmpty()
                            ? java.util.Collections.emptyIterator()
                            : List.of(sorted.first() + ".." + sorted.last()).iterator();
                      },
                  Encoders.STRING())
              .collectAsList();
      assertThat(ranges).as("non-empty tasks, each one range of ids").hasSizeGreaterThan(1);
      for (int i = 1; i < ranges.size(); i++) {
        String previousLast = ranges.get(i - 1).split("\\.\\.")[1];
        String first = ranges.get(i).split("\\.\\.")[0];
        assertThat(previousLast).as("ranges in task order: %s", ranges).isLessThan(first);
      }
    } finally {
      spark.conf().set(coalesce, coalesceBefore);
      computation.unpersist();
    }
  }

  private static void assertLtv(Row row, int tenure, String avg, double perYear, String projected) {
    assertThat(row.<Integer>getAs("tenure_days")).isEqualTo(tenure);
    assertThat(row.<BigDecimal>getAs("avg_order_value")).isEqualByComparingTo(avg);
    assertThat(row.<Double>getAs("purchase_frequency_per_year")).isEqualTo(perYear);
    assertThat(row.<BigDecimal>getAs("projected_ltv")).isEqualByComparingTo(projected);
  }

  private static String scores(Map<String, Row> rows, String id) {
    Row row = rows.get(id);
    return row.getAs("r_score")
        + "/"
        + row.getAs("f_score")
        + "/"
        + row.getAs("m_score")
        + " "
        + row.getAs("rfm_segment");
  }

  private static Map<String, String> segments(Map<String, Row> rows) {
    Map<String, String> segments = new TreeMap<>();
    rows.forEach((id, row) -> segments.put(id, row.getAs("segment")));
    return segments;
  }

  private static Map<String, Row> byId(Dataset<Row> rows) {
    Map<String, Row> byId = new TreeMap<>();
    rows.collectAsList().forEach(r -> byId.put(r.getAs("customer_id"), r));
    return byId;
  }

  private static long sum(Map<String, Row> rows, String column) {
    return rows.values().stream().mapToLong(r -> r.<Long>getAs(column)).sum();
  }

  private static List<Row> sorted(Dataset<Row> rows) {
    return rows.orderBy("customer_id").collectAsList();
  }
}
