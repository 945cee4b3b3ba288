package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of one file that carry one row-level defect.
 *
 * @param defect the defect
 * @param ids the id column value of each affected row as written in the file ({@code order_id},
 *     {@code customer_id} or {@code event_id}); an element is null when the defect nulled the id
 *     itself (NULL_REQUIRED_FIELD). For DUPLICATE_ORDER_ID, the duplicated order ids.
 * @param recordIndexes the 0-based position of each affected record in the file (data line after
 *     the CSV header, JSON line, Parquet row); for DUPLICATE_ORDER_ID, the position of the added
 *     (later) copy. Same order as {@code ids}.
 */
public record InjectedDefect(RowDefect defect, List<String> ids, List<Integer> recordIndexes) {

  /** Validates that ids and record indexes pair up. */
  public InjectedDefect {
    requireNonNull(defect, "defect is null");
    requireNonNull(ids, "ids is null");
    requireNonNull(recordIndexes, "recordIndexes is null");
    if (ids.size() != recordIndexes.size()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot describe defect %s: %d ids but %d record indexes",
              defect, ids.size(), recordIndexes.size()));
    }
    ids = Collections.unmodifiableList(new ArrayList<>(ids)); // may hold nulls
    recordIndexes = List.copyOf(recordIndexes);
  }

  /** Number of affected rows. */
  public int count() {
    return ids.size();
  }
}
