package io.gridata.quality;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What an evaluation knows besides the rows: which dataset the batch belongs to (the key of its
 * {@link MetricHistory}), the counts the job reports about the batch (for {@link Rule.BatchRatio}),
 * and the history (for {@link Rule.RowCountChange} and {@link Rule.Anomaly}).
 *
 * @param dataset the table or dataset the batch is for ({@code gridata.ecommerce.orders})
 * @param counts named counts of the batch ({@code rows_read}, {@code rows_quarantined}, ...)
 * @param history earlier results; {@link MetricHistory#none()} skips the history rules
 */
public record BatchContext(String dataset, Map<String, Long> counts, MetricHistory history) {
  /** Validates and copies. */
  public BatchContext {
    requireNonNull(dataset, "dataset is null");
    counts = Map.copyOf(requireNonNull(counts, "counts is null"));
    requireNonNull(history, "history is null");
  }

  /** A context for {@code dataset} with no counts and no history. */
  public static BatchContext of(String dataset) {
    return new BatchContext(dataset, Map.of(), MetricHistory.none());
  }

  /** This context with {@code value} as the batch's counts. */
  public BatchContext withCounts(Map<String, Long> value) {
    return new BatchContext(dataset, value, history);
  }

  /** This context with {@code value} as the history. */
  public BatchContext withHistory(MetricHistory value) {
    return new BatchContext(dataset, counts, value);
  }
}
