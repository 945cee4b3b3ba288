package io.gridata.samples.demo;

import io.gridata.spark.clickstream.ClickTransforms;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

/**
 * The demo's Kafka events, as JSON values: click events and stock changes stamped with the time
 * they are produced (so the time to a committed snapshot is the freshness a reader sees), with a
 * bad one now and then. Order status updates are built from the orders table (see the demo's
 * streaming part).
 */
public final class DemoEvents {
  private final Random random;

  public DemoEvents(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Click event {@code i} of customer {@code c<n>} (one in 100 without an event id: quarantined as
   * {@code missing_event_id}).
   */
  public String click(int i, int customers) {
    String id = random.nextInt(100) == 0 ? "null" : "\"evt-" + i + "\"";
    String type =
        ClickTransforms.EVENT_TYPES.get(random.nextInt(ClickTransforms.EVENT_TYPES.size()));
    return String.format(
        Locale.ROOT,
        "{\"event_id\":%s,\"customer_id\":\"c%d\",\"session_id\":\"live-%d\",\"event_ts\":\"%s\","
            + "\"event_type\":\"%s\",\"page_url\":\"/p/%d\",\"product_id\":\"p%d\","
            + "\"device\":\"%s\",\"referrer\":null}",
        id,
        random.nextInt(customers),
        i / 15,
        now(),
        type,
        random.nextInt(500),
        random.nextInt(50),
        random.nextBoolean() ? "web" : "mobile");
  }

  /**
   * Stock change {@code i} of one of {@link #PRODUCTS} products: mostly sales of 1 to 3 units, a
   * restock of 20 to 60 now and then; one in 100 has a fractional delta (quarantined as {@code
   * invalid_quantity_delta}).
   */
  public String stockChange(int i) {
    boolean restock = random.nextInt(10) == 0;
    String delta =
        random.nextInt(100) == 0
            ? "1.5"
            : Integer.toString(restock ? 20 + random.nextInt(41) : -(1 + random.nextInt(3)));
    return String.format(
        Locale.ROOT,
        "{\"change_id\":\"chg-%d\",\"product_id\":\"p%d\",\"quantity_delta\":%s,"
            + "\"change_ts\":\"%s\",\"reason\":\"%s\"}",
        i,
        random.nextInt(PRODUCTS),
        delta,
        now(),
        restock ? "restock" : "sale");
  }

  /** The opening count of product {@code p<n>}: 100 units, as a stock take would report it. */
  public String openingStock(int product) {
    return String.format(
        Locale.ROOT,
        "{\"change_id\":\"open-p%d\",\"product_id\":\"p%d\",\"quantity_delta\":100,"
            + "\"change_ts\":\"%s\",\"reason\":\"stock take\"}",
        product,
        product,
        now());
  }

  /** The number of products stock changes are about ({@code p0} to {@code p49}). */
  public static final int PRODUCTS = 50;

  /** True for about one event in {@code n}: the demo re-sends those (a producer retry). */
  public boolean oneIn(int n) {
    return random.nextInt(n) == 0;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
