package io.gridata.spark.orders;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;

/**
 * How {@code order_category} is derived from {@code total_amount}: {@code labels.get(i)} for totals
 * below {@code upperBounds.get(i)}, and the last label for everything at or above the last bound.
 * Default: {@code small} &lt; 50, {@code medium} &lt; 250, {@code large} &lt; 1000, else {@code
 * premium}.
 *
 * @param upperBounds strictly increasing exclusive upper bounds
 * @param labels one more label than bounds
 */
public record OrderCategories(List<BigDecimal> upperBounds, List<String> labels) {

  /** Validates bounds and labels. */
  public OrderCategories {
    requireNonNull(upperBounds, "upperBounds is null");
    requireNonNull(labels, "labels is null");
    upperBounds = List.copyOf(upperBounds);
    labels = List.copyOf(labels);
    if (labels.size() != upperBounds.size() + 1) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid order categories: %d bounds need %d labels, got %d (%s)",
              upperBounds.size(), upperBounds.size() + 1, labels.size(), labels));
    }
    for (int i = 1; i < upperBounds.size(); i++) {
      if (upperBounds.get(i).compareTo(upperBounds.get(i - 1)) <= 0) {
        throw new IllegalArgumentException(
            "Invalid order categories: bounds must increase strictly (" + upperBounds + ")");
      }
    }
  }

  /** small &lt; 50 &le; medium &lt; 250 &le; large &lt; 1000 &le; premium. */
  public static OrderCategories defaults() {
    return new OrderCategories(
        List.of(new BigDecimal("50"), new BigDecimal("250"), new BigDecimal("1000")),
        List.of("small", "medium", "large", "premium"));
  }
}
