package io.gridata.quality;

import java.time.Instant;
import java.util.List;

/**
 * Earlier quality results, read by the rules that compare a batch with past runs ({@link
 * Rule.RowCountChange}, {@link Rule.Anomaly}) and appended to after each evaluation. Only runs
 * whose suite passed count as history: a rejected batch never reached readers, so it is no
 * baseline.
 *
 * <p>{@link IcebergMetricHistory} keeps it in an Iceberg table; {@link #none()} has no past.
 */
public interface MetricHistory {
  /**
   * Row counts of the last {@code lastRuns} passed runs of {@code suite} on {@code dataset}, newest
   * first.
   */
  List<Long> rowCounts(String suite, String dataset, int lastRuns);

  /**
   * The observed values of rule {@code rule} in the last {@code lastRuns} passed runs of {@code
   * suite} on {@code dataset}, newest first (runs where it had no value left out; an anomaly rule
   * skipped for want of history still records its value, so the history fills up).
   */
  List<Double> observed(String suite, String rule, String dataset, int lastRuns);

  /** Appends {@code report} as run {@code runId} on {@code dataset}, evaluated at {@code at}. */
  void record(QualityReport report, String runId, String dataset, Instant at);

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
    public List<Double> observed(String suite, String rule, String dataset, int lastRuns) {
      return List.of();
    }

    @Override
    public void record(QualityReport report, String runId, String dataset, Instant at) {}
  }
}
