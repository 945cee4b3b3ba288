package io.gridata.quality;

import java.time.Instant;
import java.util.List;

/**
 * Earlier quality results, read by the rules that compare a batch with past runs ({@link
 * Rule.RowCountChange}, {@link Rule.Anomaly}) and appended to once a run's outcome is known. Only
 * published runs count as history: a rejected batch, or one whose publish failed, never reached
 * readers, so it is no baseline. A run recorded twice (a retry under the same run id) counts once,
 * with its latest values.
 *
 * <p>{@link IcebergMetricHistory} keeps it in an Iceberg table; {@link #none()} has no past.
 */
public interface MetricHistory {
  /**
   * Row counts of the last {@code lastRuns} published runs of {@code suite} on {@code dataset},
   * newest first.
   */
  List<Long> rowCounts(String suite, String dataset, int lastRuns);

  /**
   * The observed values of rule {@code rule} of kind {@code kind} in the last {@code lastRuns}
   * published runs of {@code suite} on {@code dataset}, newest first (runs where it had no value
   * left out; an anomaly rule skipped for want of history still records its value, so the history
   * fills up). Give a rule a new name when its metric changes, or old values of the other metric
   * are its baseline.
   */
  List<Double> observed(String suite, String rule, String kind, String dataset, int lastRuns);

  /**
   * Appends {@code report} as run {@code runId} on {@code dataset}, evaluated at {@code at}.
   *
   * @param published whether the batch reached readers: only published runs are a baseline
   */
  void record(QualityReport report, String runId, String dataset, Instant at, boolean published);

  /** A history without past runs that records nothing: history rules are skipped. */
  static MetricHistory none() {
    return NoHistory.INSTANCE;
  }

  /** See {@link #none()}. */
  enum NoHistory implements MetricHistory {
    /** The only instance. */
    INSTANCE;

    @Override
    public List<Long> rowCounts(String suite, String dataset, int lastRuns) {
      return List.of();
    }

    @Override
    public List<Double> observed(
        String suite, String rule, String kind, String dataset, int lastRuns) {
      return List.of();
    }

    @Override
    public void record(
        QualityReport report, String runId, String dataset, Instant at, boolean published) {}
  }
}
