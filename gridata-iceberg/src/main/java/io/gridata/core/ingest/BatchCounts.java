package io.gridata.core.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The row counts of one ingested batch (a day's files or a micro-batch), and their one set of
 * names: what the quality gate's {@code batch_ratio} rules, the downstream trigger's event and a
 * run's summary call them.
 *
 * @param rowsRead records read
 * @param rowsWritten rows written (or staged) into the target table
 * @param rowsQuarantined rows written into the quarantine table, each with reasons
 * @param duplicatesDropped valid rows dropped as duplicates of another row with the same key
 */
public record BatchCounts(
    long rowsRead, long rowsWritten, long rowsQuarantined, long duplicatesDropped) {
  /** Name of {@link #rowsRead()}. */
  public static final String ROWS_READ = "rows_read";

  /** Name of {@link #rowsWritten()}. */
  public static final String ROWS_WRITTEN = "rows_written";

  /** Name of {@link #rowsQuarantined()}. */
  public static final String ROWS_QUARANTINED = "rows_quarantined";

  /** Name of {@link #duplicatesDropped()}. */
  public static final String DUPLICATES_DROPPED = "duplicates_dropped";

  /** True when every row read is accounted for as written, quarantined or duplicate. */
  public boolean reconciles() {
    return rowsRead == rowsWritten + rowsQuarantined + duplicatesDropped;
  }

  /** The counts by name, in the order above. */
  public Map<String, Long> asMap() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(ROWS_READ, rowsRead);
    counts.put(ROWS_WRITTEN, rowsWritten);
    counts.put(ROWS_QUARANTINED, rowsQuarantined);
    counts.put(DUPLICATES_DROPPED, duplicatesDropped);
    return counts;
  }
}
