package io.gridata.spark.customer360;

/**
 * Where every input row of a Customer 360 computation went: nothing is dropped silently. Orders and
 * events are those before the end of the as-of day; orders are counted once per order_id (its
 * latest version).
 *
 * <p>Invariants: {@code orders == sum(order_count) + orphanOrders} and {@code events == sum(events)
 * + orphanEvents + anonymousEvents}, the sums over the rows.
 *
 * @param customers current customers, one row each in the result
 * @param orders orders considered
 * @param orphanOrders orders whose customer_id is not a current customer: left out of the rows
 * @param events click events considered
 * @param orphanEvents events with a customer_id that is not a current customer: left out
 * @param anonymousEvents events without customer_id: attributed to no one
 * @param anonymousSessions distinct session_ids among the anonymous events
 * @param anonymousEventsWithoutSession anonymous events without a session_id (not sessionized:
 *     nothing ties them together)
 */
public record Customer360Counts(
    long customers,
    long orders,
    long orphanOrders,
    long events,
    long orphanEvents,
    long anonymousEvents,
    long anonymousSessions,
    long anonymousEventsWithoutSession) {

  /** Orders that went into a customer's row. */
  public long attributedOrders() {
    return orders - orphanOrders;
  }

  /** Events that went into a customer's row. */
  public long attributedEvents() {
    return events - orphanEvents - anonymousEvents;
  }
}
