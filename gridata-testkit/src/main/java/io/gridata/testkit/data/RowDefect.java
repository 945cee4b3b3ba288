package io.gridata.testkit.data;

import java.util.EnumSet;
import java.util.Set;

/**
 * Row-level defects the generators can inject. Each affected row carries exactly one defect, and
 * rows chosen for different defects are disjoint, so a correct pipeline quarantines (or drops, for
 * {@link #DUPLICATE_ORDER_ID}) exactly the injected counts.
 */
public enum RowDefect {
  /** The row's timestamp parses with none of the three accepted formats. */
  BAD_TIMESTAMP(EnumSet.allOf(RawDataset.class)),
  /** {@code quantity < 1} (zero or negative). */
  NEGATIVE_QUANTITY(EnumSet.of(RawDataset.ORDERS)),
  /** {@code unit_price < 0}. */
  NEGATIVE_PRICE(EnumSet.of(RawDataset.ORDERS)),
  /**
   * A required field is null: for orders alternately {@code customer_id} (even occurrences) and
   * {@code order_id} (odd occurrences); for customers {@code customer_id}; for clickstream {@code
   * event_id}.
   */
  NULL_REQUIRED_FIELD(EnumSet.allOf(RawDataset.class)),
  /**
   * An extra copy of a clean order with the same {@code order_id}, a LATER timestamp and the next
   * status in the order's life cycle. Deduplication keeps the latest copy, so exactly one row per
   * injected duplicate is dropped and none is quarantined.
   */
  DUPLICATE_ORDER_ID(EnumSet.of(RawDataset.ORDERS));

  private final Set<RawDataset> appliesTo;

  RowDefect(Set<RawDataset> appliesTo) {
    this.appliesTo = appliesTo;
  }

  /** Whether this defect can be injected into {@code dataset}. */
  public boolean appliesTo(RawDataset dataset) {
    return appliesTo.contains(dataset);
  }

  /** Whether a correct pipeline quarantines rows with this defect (all but duplicates). */
  public boolean quarantined() {
    return this != DUPLICATE_ORDER_ID;
  }
}
